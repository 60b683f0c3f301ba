import Foundation

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Runs the small pipelines of the indicator audit (`../shared/audits/indicators-2026-12.md`):
/// each case's files are written verbatim into a temporary folder and run as the audit ran
/// them (no ledger, outputs in `out/`).
enum AuditCase {
    /// Writes `files` (name → text) and the pipeline `yaml` as `p.yml`, and runs it.
    static func run(_ yaml: String, _ files: [String: String]) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        for (name, text) in files { TestSupport.write(text, to: folder, name) }
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 2, outputDirectory: folder + "/out")
        ).run()
    }

    /// The audit's usual pipeline: an enrolment table `enr.csv` (`Country,Year,Level,` the
    /// columns given`,Value`) and a population table `pop.csv`, no regional aggregate;
    /// `before` is YAML for more sources, listed first.
    static func tableYAML(
        _ columns: String, population: String = "age: Age", indicators: String, before: String = ""
    ) -> String {
        let enrolment = columns.isEmpty ? "level: Level" : "level: Level, \(columns)"
        return """
            sources:
            \(before)  - id: enr
                path: enr.csv
                format: table
                measure: enrolment
                columns: {country: Country, year: Year, \(enrolment), value: Value}
              - id: pop
                path: pop.csv
                format: table
                measure: population
                columns: {country: Country, year: Year, \(population), value: Value}
            indicators: [\(indicators)]
            aggregation: {region: none}
            """
    }

    /// A population table `Country,Year[,Sex],Age,Value` with `value` at every age, year and sex.
    static func population(
        _ countries: String..., years: [Int], ages: ClosedRange<Int>, sexes: [String] = [], value: Int = 100
    ) -> String {
        var out = sexes.isEmpty ? "Country,Year,Age,Value\n" : "Country,Year,Sex,Age,Value\n"
        for country in countries.isEmpty ? ["KGZ"] : countries {
            for year in years {
                for age in ages {
                    for sex in sexes.isEmpty ? [nil] : sexes.map(Optional.some) {
                        out += "\(country),\(year),\(sex.map { "\($0)," } ?? "")\(age),\(value)\n"
                    }
                }
            }
        }
        return out
    }
}

extension RunResult {
    /// The value written for a UIS id, country and year (national values; `nil` when not written).
    func value(_ uisId: String, _ country: String = "KGZ", _ year: Int = 2019) -> IndicatorValue? {
        values.first {
            $0.uisId == uisId && $0.country.rawValue == country && $0.year == year && $0.location == .total
                && $0.wealth == .total
        }
    }

    /// The problems with this code.
    func problems(_ code: String) -> [Diagnostic] {
        quality.problems.filter { $0.code == code }
    }
}
