import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Turkey's real TIMSS 2019 and PISA 2009-2018 student files (`../shared/reference/assessments`,
/// read its README), read as they come: a country as an M49 code (`792`), no year column
/// (`year:`), sex coded 1/2 (`codes:`), JK2 zones or 80 Fay BRR replicate weights, five or ten
/// plausible values. The values must be the SDG 4.1.1 figures UIS published from the same files
/// (to 1e-9; the README's exceptions: UIS rounded some older female and male values to two
/// decimals, and its PISA 2015 total is not the mix of its own female and male values), and
/// the standard errors those of R's `survey` + `mitools` (`tools/checks/r/assessment-se.R`,
/// to 1e-6 relative). Skipped, with a message, without `../shared` (users' clones) or R.
@Suite(
    "Real assessment files",
    .enabled(
        if: FileManager.default.fileExists(atPath: TestSupport.assessmentsFolder),
        "../shared/reference/assessments is absent (only the project's own machines have it)"))
struct AssessmentReferenceTests {
    static let folder = TestSupport.assessmentsFolder

    /// One student file and what UIS published from it.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var year: Int
        /// UIS's series (`uis-published-4.1.1.csv`) and sdg4's UIS id.
        var series: String
        var uisId: String
        var stage: String
        var country: String
        var weight: String
        var sex: String
        var cut: Double
        var plausibleValues: [String]
        /// `design:` in the pipeline file, and the same for the R script.
        var design: String
        var rDesign: String
        /// Whether UIS's total is expected to match (PISA 2015: it is not; the README says why).
        var totalMatches = true
        /// How close UIS's total is expected: 1e-9, but PISA 2009's differs by 7.0e-8 (R's
        /// `survey` gives 75.494179248326, as sdg4 does to 1e-12; no plausible value lies near
        /// the cut score, so it is not a rounding of the file: UIS computed it from another copy).
        var totalTolerance = 1e-9

        var testDescription: String { file }
    }

    static func timss(grade: Int) -> Case {
        let p = grade == 4 ? "AS" : "BS"
        return Case(
            file: "timss2019-g\(grade)-TUR.csv", year: 2019, series: grade == 4 ? "math_primary" : "math_lowersec",
            uisId: grade == 4 ? "MPL.L1.GLAST.MATH" : "MPL.L2.GLAST.MATH",
            stage: grade == 4 ? "primary-end" : "lower-secondary-end", country: "IDCNTRY", weight: "TOTWGT",
            sex: "\(p)BG01", cut: 475, plausibleValues: (1...5).map { "\(p)MMAT0\($0)" },
            design: "{type: jk2, zone: JKZONE, replicate: JKREP}", rDesign: "jk2:JKZONE:JKREP")
    }

    static func pisa(_ year: Int) -> Case {
        let recent = year >= 2015
        let prefix = recent ? "W_FSTURWT" : "W_FSTR"
        return Case(
            file: "pisa\(year)-TUR.csv", year: year, series: "read_lowersec", uisId: "MPL.L2.GLAST.READING",
            stage: "lower-secondary-end", country: "CNT", weight: "W_FSTUWT", sex: recent ? "ST004D01T" : "ST04Q01",
            cut: 407.47, plausibleValues: (1...(recent ? 10 : 5)).map { "PV\($0)READ" },
            design: "{type: brr, replicate_weights: {prefix: \(prefix), from: 1, to: 80}, fay: 0.5}",
            rDesign: "brr:\(prefix):80:0.5", totalMatches: year != 2015, totalTolerance: year == 2009 ? 1e-7 : 1e-9)
    }

    static let cases: [Case] = [timss(grade: 4), timss(grade: 8), pisa(2009), pisa(2012), pisa(2015), pisa(2018)]

    static func run(_ c: Case) throws -> RunResult {
        let work = TestSupport.temporaryFolder()
        let pipeline = """
            sources:
              - id: assessment
                path: \(folder)/\(c.file)
                format: microdata
                kind: assessment
                stage: \(c.stage)
                year: \(c.year)
                min_cases: 30
                columns: {country: \(c.country), weight: \(c.weight), sex: \(c.sex)}
                codes: {sex: {"1": F, "2": M}}
                design: \(c.design)
                subjects:
                  - {name: \(c.uisId.hasSuffix("MATH") ? "math" : "reading"), plausible_values: [\(c.plausibleValues.joined(separator: ", "))], cut_score: \(c.cut)}
            indicators: [mpl, mpl.gpia]
            """
        let path = TestSupport.write(pipeline, to: work, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 2, outputDirectory: work + "/out")
        ).run()
    }

    /// UIS's published values: `series,country,year` → the value as written.
    static func published() throws -> [String: String] {
        var out: [String: String] = [:]
        for line in try String(contentsOfFile: folder + "/uis-published-4.1.1.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst()
        {
            let f = line.split(separator: ",").map(String.init)
            out["\(f[0]),\(f[1]),\(f[2])"] = f[3]
        }
        return out
    }

    static func value(_ r: RunResult, _ uisId: String) throws -> IndicatorValue {
        try #require(r.values.first { $0.uisId == uisId && $0.location == .total && $0.wealth == .total }, "\(uisId)")
    }

    @Test(arguments: cases) func reproducesUISPublishedValues(_ c: Case) throws {
        let r = try Self.run(c)
        #expect(r.values.allSatisfy { $0.country.rawValue == "TUR" && $0.year == c.year })
        let published = try Self.published()
        for (suffix, sex) in [("", ""), ("_f", ".F"), ("_m", ".M")] {
            if suffix.isEmpty && !c.totalMatches { continue }
            let text = try #require(published["\(c.series)\(suffix),TUR,\(c.year)"])
            let uis = try #require(Double(text))
            // UIS rounded some older female and male values to two decimals (README).
            let decimals = text.split(separator: ".").last.map(\.count) ?? 0
            let tolerance = decimals <= 2 ? 0.005 + 1e-9 : suffix.isEmpty ? c.totalTolerance : 1e-9
            let v = try Self.value(r, c.uisId + sex)
            #expect(abs(v.value - uis) <= tolerance, "\(c.file) \(c.uisId)\(sex): sdg4 \(v.value), UIS \(uis)")
        }
    }

    @Test(arguments: cases) func standardErrorsAgreeWithRsSurveyPackage(_ c: Case) throws {
        let script = TestSupport.repositoryRoot + "/tools/checks/r/assessment-se.R"
        guard
            let reference = try RReference.run([
                script, Self.folder + "/" + c.file, c.rDesign, c.weight, c.sex, "1", "2", String(c.cut),
                c.plausibleValues.joined(separator: ","),
            ])
        else { return }
        let r = try Self.run(c)
        #expect(reference.count == 4)
        for row in reference {
            let group = row["group"]!
            let v =
                group == "GPIA"
                ? try #require(r.values.first { $0.indicator == "mpl.gpia" })
                : try Self.value(r, c.uisId + (group == "total" ? "" : "." + group))
            let (estimate, se) = (Double(row["estimate"]!)!, Double(row["se"]!)!)
            if group != "GPIA" {
                #expect(abs(v.value - estimate) <= 1e-9 * estimate, "\(c.file) \(group)")
            }
            let sdg4 = try #require(v.standardError, "\(c.file) \(group)")
            #expect(abs(sdg4 - se) <= 1e-6 * se, "\(c.file) \(group): sdg4 se \(sdg4), R \(se)")
            #expect(v.sampleSize == Int(row["n"]!), "\(c.file) \(group)")
        }
    }
}
