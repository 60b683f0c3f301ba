import Foundation

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline

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

    /// A population table `Country,Year[,Sex],Age,Value` with `value` at every age, year and sex.
    static func population(
        _ country: String = "KGZ", years: [Int], ages: ClosedRange<Int>, sexes: [String] = [], value: Int = 100
    ) -> String {
        var out = sexes.isEmpty ? "Country,Year,Age,Value\n" : "Country,Year,Sex,Age,Value\n"
        for year in years {
            for age in ages {
                if sexes.isEmpty {
                    out += "\(country),\(year),\(age),\(value)\n"
                } else {
                    for sex in sexes { out += "\(country),\(year),\(sex),\(age),\(value)\n" }
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
            $0.uisId == uisId && $0.country.rawValue == country && $0.year == year && $0.location == "_T"
                && $0.wealth == "_T"
        }
    }

    /// The problems with this code.
    func problems(_ code: String) -> [Diagnostic] {
        quality.problems.filter { $0.code == code }
    }
}
