import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Standard errors of survey and assessment values through the whole run (issue 16): each
/// design by hand on a few rows, and a stratified cluster survey against R's `survey`.
@Suite("Standard errors")
struct StandardErrorTests {
    static func run(_ pipeline: String, _ files: [String: String]) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        for (name, text) in files { TestSupport.write(text, to: folder, name) }
        let path = TestSupport.write(pipeline, to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
    }

    static func assessment(design: String) -> String {
        """
        sources:
          - id: pisa
            path: data/*.csv
            format: microdata
            kind: assessment
            stage: lower-secondary-end
            min_cases: 1
            columns: {country: CNT, year: Year, weight: W, sex: Gender}
            design: \(design)
            subjects:
              - {name: reading, plausible_values: [PV1, PV2], cut_score: 400}
        indicators: [mpl, mpl.gpia]
        """
    }

    static func value(_ r: RunResult, _ uisId: String) throws -> IndicatorValue {
        try #require(r.values.first { $0.uisId == uisId && $0.location == .total && $0.wealth == .total })
    }

    /// Fay BRR with two replicates and k = 0.5: scale 1 / (2 × 0.25) = 2.
    @Test func brrWithPlausibleValuesByHand() throws {
        let csv = """
            CNT,Year,W,Gender,PV1,PV2,R1,R2
            KAZ,2022,1,F,410,390,1.5,0.5
            KAZ,2022,1,F,380,420,0.5,1.5
            KAZ,2022,2,M,450,460,3,1
            KAZ,2022,2,M,350,410,1,3

            """
        let r = try Self.run(
            Self.assessment(design: "{type: brr, replicate_weights: [R1, R2], fay: 0.5}"), ["data/a.csv": csv])
        let all = try Self.value(r, "MPL.L2.GLAST.READING")
        // PV1: at or above 400 weigh 1 + 2 = 3 of 6 → 50 %; replicate 1: (1.5 + 3) / 6 = 75 %,
        // replicate 2: (0.5 + 1) / 6 = 25 %; U1 = 2 × (25² + 25²) = 2500.
        // PV2: 1 + 2 + 2 = 5 of 6 → 83.33 %; replicate 1: (0.5 + 3 + 1) / 6 = 75 %, replicate 2:
        // (1.5 + 1 + 3) / 6 = 91.67 %; U2 = 2 × 2 × (25/3)² = 2500/9.
        // Rubin: θ = 200/3; Ū = (2500 + 2500/9) / 2 = 12500/9; B = 2 × (50/3)² = 5000/9;
        // V = Ū + 1.5 B = 20000/9.
        #expect(abs(all.value - 200.0 / 3) < 1e-12)
        let se = try #require(all.standardError)
        #expect(abs(se - (20000.0 / 9).squareRoot()) < 1e-9)
        #expect(all.sampleSize == 4)
        // ±1.959964 × 47.14 reaches past both ends: clipped to 0-100. se / value = 0.71 > 0.3.
        #expect(all.interval == 0...100)
        #expect(all.flags.contains("imprecise"))
        // Girls: PV1 1/2 (replicates 1.5/2, 0.5/2), PV2 1/2 (0.5/2, 1.5/2): 50 % each.
        // Boys: PV1 2/4 (3/4, 1/4), PV2 4/4 (4/4, 4/4). GPIA per PV: PV1 50/50 = 1, replicates
        // 75/75 = 1 and 25/25 = 1 → U1 = 0; PV2 50/100 = 0.5, replicates 25/100, 75/100 →
        // U2 = 2 × (0.25² + 0.25²) = 0.25. Rubin over the indices 1 and 0.5: mean 0.75,
        // Ū = 0.125, B = 2 × 0.25² = 0.125, V = 0.125 + 1.5 × 0.125 = 0.3125.
        let gpia = try #require(r.values.first { $0.indicator == "mpl.gpia" })
        #expect(abs(try #require(gpia.standardError) - 0.3125.squareRoot()) < 1e-12)
        #expect(gpia.sampleSize == 4)
        // The index itself is of the averaged values: 50 / 75 = 0.667; interval clipped to 0-2.
        #expect(abs(gpia.value - 50.0 / 75) < 1e-12)
        #expect(gpia.interval.map { $0.lowerBound == 0 && $0.upperBound < 2 } == true)
    }

    /// JK2: zone h's two replicates double one half and zero the other; scale ½.
    @Test func jk2ByHand() throws {
        let csv = """
            CNT,Year,W,Gender,PV1,PV2,Zone,Rep
            KAZ,2022,1,F,410,410,1,1
            KAZ,2022,1,F,380,380,1,0
            KAZ,2022,2,M,450,450,2,1
            KAZ,2022,2,M,350,350,2,0

            """
        let r = try Self.run(
            Self.assessment(design: "{type: jk2, zone: Zone, replicate: Rep}"), ["data/a.csv": csv])
        let all = try Self.value(r, "MPL.L2.GLAST.READING")
        // θ = 3/6 = 50 %. Zone 1+: weights 2, 0, 2, 2 → 4/6; 1−: 0, 2, 2, 2 → 2/6;
        // zone 2+: 1, 1, 4, 0 → 5/6; 2−: 1, 1, 0, 4 → 1/6. V = ½ × 100² × (2 × (1/6)² + 2 × (2/6)²)
        // = 10000 × 5/36 (both plausible values alike: no variance between them).
        #expect(abs(all.value - 50) < 1e-12)
        #expect(abs(try #require(all.standardError) - (10000.0 * 5 / 36).squareRoot()) < 1e-9)
    }

    /// A group that has no weight under some replicate (the only girl is in the half that
    /// replicate zeroes): its value stands, with no standard error, and a note says why.
    @Test func noVarianceIsExplained() throws {
        let csv = """
            CNT,Year,W,Gender,PV1,PV2,Zone,Rep
            KAZ,2022,1,F,410,410,1,1
            KAZ,2022,1,M,380,380,1,0
            KAZ,2022,2,M,450,450,2,1
            KAZ,2022,2,M,350,350,2,0

            """
        let r = try Self.run(
            Self.assessment(design: "{type: jk2, zone: JKZONE, replicate: JKREP}")
                .replacingOccurrences(of: "JKZONE", with: "Zone").replacingOccurrences(of: "JKREP", with: "Rep"),
            ["data/a.csv": csv])
        let girls = try Self.value(r, "MPL.L2.GLAST.READING.F")
        #expect(girls.value == 100 && girls.standardError == nil && girls.interval == nil)
        #expect(try Self.value(r, "MPL.L2.GLAST.READING").standardError != nil)
        let notes = r.quality.problems.filter { $0.code == ProblemCode.designNoVariance.id }
        #expect(notes.contains { $0.message.contains("MPL.L2.GLAST.READING.F") && $0.message.contains("KAZ 2022") })
    }

    /// A JK2 half other than 0 or 1, a missing cluster or replicate weight: the row is
    /// rejected with its line and column, never placed in the design by guess.
    @Test func aRowOutsideTheDesignIsRejected() throws {
        let csv = """
            CNT,Year,W,Gender,PV1,PV2,Zone,Rep
            KAZ,2022,1,F,410,410,1,1
            KAZ,2022,1,F,380,380,1,2
            KAZ,2022,2,M,450,450,,0

            """
        let r = try Self.run(
            Self.assessment(design: "{type: jk2, zone: Zone, replicate: Rep}"), ["data/a.csv": csv])
        let bad = r.quality.problems.filter { $0.code == ProblemCode.rowBadDesign.id }
        #expect(bad.map(\.line) == [3, 4])
        #expect(bad.map(\.column) == [8, 7])
        #expect(bad.first?.message.contains("0 or 1") == true)
        #expect(try Self.value(r, "MPL.L2.GLAST.READING").sampleSize == 1)
    }

    /// Without `design:`: no standard error, no interval, one note for the source; the sample
    /// size is still there.
    @Test func noDesignNoStandardError() throws {
        let pipeline = Self.assessment(design: "x").replacingOccurrences(of: "    design: x\n", with: "")
        let csv = "CNT,Year,W,Gender,PV1,PV2\nKAZ,2022,1,F,410,390\nKAZ,2022,1,M,380,420\n"
        let r = try Self.run(pipeline, ["data/a.csv": csv])
        let all = try Self.value(r, "MPL.L2.GLAST.READING")
        #expect(all.standardError == nil && all.interval == nil && all.sampleSize == 2)
        #expect(r.quality.problems.filter { $0.code == ProblemCode.designNone.id }.map(\.source) == ["pisa"])
        let text = try String(contentsOfFile: (r.outputDirectory ?? "") + "/indicators.csv", encoding: .utf8)
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("mpl,MPL.L2.GLAST.READING,") })
        #expect(row.hasSuffix(",,,,2"))
    }

    static func survey(_ extra: String = "") -> String {
        """
        sources:
          - id: lfs
            path: data/*.csv
            format: microdata
            kind: household-survey
            min_cases: 1
            columns: {country: Country, year: Year, weight: W, age: Age, sex: Sex, literate: Literate}
            design: {type: replicate, replicate_weights: [R1, R2], scale: 1}
        \(extra)indicators: [lr]
        """
    }

    /// A survey with replicate weights, where nobody in one cell meets the condition (no man is
    /// literate): that cell's replicate denominators still count.
    @Test func surveyReplicateWeightsByHand() throws {
        let csv = """
            Country,Year,W,Age,Sex,Literate,R1,R2
            KAZ,2018,1,20,F,1,2,0
            KAZ,2018,1,20,F,0,0,2
            KAZ,2018,2,20,M,0,1,3

            """
        let r = try Self.run(Self.survey(), ["data/s.csv": csv])
        let all = try Self.value(r, "LR.Ag15t24")
        // Literate weight 1 of 4 → 25 %. Replicate 1: 2 of 2 + 0 + 1 = 3 → 200/3 %; replicate 2:
        // 0 of 0 + 2 + 3 = 5 → 0 %. V = 1 × ((200/3 − 25)² + 25²) = 21250/9.
        #expect(abs(all.value - 25) < 1e-12)
        #expect(abs(try #require(all.standardError) - (21250.0 / 9).squareRoot()) < 1e-9)
        #expect(all.sampleSize == 3)
        // Men: nobody literate, 0 % in every replicate: se 0.
        #expect(try Self.value(r, "LR.Ag15t24.M").standardError == 0)
    }

    /// Two sources for one survey (country and year), even with the same design: their
    /// replicates are not one design, so no standard error, and a warning says why.
    @Test func twoSourcesOfOneSurveyHaveNoStandardError() throws {
        let a = "Country,Year,W,Age,Sex,Literate,R1,R2\nKAZ,2018,1,20,F,1,2,0\nKAZ,2018,1,20,F,0,0,2\n"
        let b = "Country,Year,W,Age,Sex,Literate,R1,R2\nKAZ,2018,2,20,M,0,1,3\n"
        let second = """
              - id: lfs2
                path: more/*.csv
                format: microdata
                kind: household-survey
                min_cases: 1
                columns: {country: Country, year: Year, weight: W, age: Age, sex: Sex, literate: Literate}
                design: {type: replicate, replicate_weights: [R1, R2], scale: 1}

            """
        let pipeline = Self.survey().replacingOccurrences(of: "indicators: [lr]", with: second + "indicators: [lr]")
        let r = try Self.run(pipeline, ["data/s.csv": a, "more/s.csv": b])
        let all = try Self.value(r, "LR.Ag15t24")
        #expect(abs(all.value - 25) < 1e-12)
        #expect(all.standardError == nil && all.interval == nil)
        #expect(r.quality.problems.contains { $0.code == ProblemCode.designMixed.id && $0.message.contains("KAZ 2018") })
    }

    static let literacyPipeline = """
        sources:
          - id: survey
            path: data/*.csv
            format: microdata
            kind: household-survey
            min_cases: 1
            columns: {country: Country, year: Year, weight: Weight, age: Age, sex: Sex, location: Area, wealth: Quintile, literate: Literate}
            design: {type: taylor, strata: Stratum, psu: Cluster}
        indicators: [lr, lr.gpia, lr.lpia]
        """

    /// A stratified cluster survey (seven strata, one with a single cluster) against R's
    /// `survey` (tools/checks/r/taylor-se.R): rates by sex, location and quintile as domains of
    /// the whole design, and the gender and location parity indices by the delta method.
    @Test func taylorAgreesWithRsSurveyPackage() throws {
        let file = TestSupport.fixture("sampling/literacy-survey.csv")
        let script = TestSupport.repositoryRoot + "/tools/checks/r/taylor-se.R"
        guard let reference = try RReference.run([script, file]) else { return }
        let r = try Self.run(
            Self.literacyPipeline, ["data/survey.csv": try String(contentsOfFile: file, encoding: .utf8)])
        #expect(r.quality.problems.contains { $0.code == ProblemCode.designLonelyPsu.id && $0.message.contains("7") })
        var compared = 0
        for row in reference {
            let (ages, group) = (row["ages"]!, row["group"]!)
            let stem = ages == "15-24" ? "LR.Ag15t24" : "LR.Ag15t99"
            let v = try #require(
                r.values.first { v in
                    switch group {
                    case "total": v.uisId == stem && v.location == .total && v.wealth == .total
                    case "F", "M": v.uisId == stem + "." + group && v.location == .total && v.wealth == .total
                    case "urban", "rural":
                        v.uisId == stem && v.location == (group == "urban" ? .urban : .rural) && v.wealth == .total
                    case "Q1", "Q5": v.uisId == stem && v.location == .total && v.wealth.rawValue == group
                    default: v.uisId == stem + "." + group
                    }
                }, "\(ages) \(group)")
            let (estimate, se) = (Double(row["estimate"]!)!, Double(row["se"]!)!)
            #expect(abs(v.value - estimate) <= 1e-9 * abs(estimate), "\(ages) \(group)")
            let sdg4 = try #require(v.standardError)
            #expect(abs(sdg4 - se) <= 1e-6 * se, "\(ages) \(group): sdg4 \(sdg4), R \(se)")
            #expect(v.sampleSize == Int(row["n"]!), "\(ages) \(group)")
            compared += 1
        }
        #expect(compared == 18)
    }
}

/// Runs one of the R reference scripts (tools/checks/r) and reads its CSV; `nil` (the test
/// then says it skipped) when R with `survey` and `mitools` is not installed.
enum RReference {
    static func run(_ arguments: [String]) throws -> [[String: String]]? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/Rscript") else {
            print("skipped: R with the survey package is not installed (make test installs r-cran-survey)")
            return nil
        }
        let out = try TestSupport.run("/usr/bin/Rscript", arguments)
        guard out.code == 0 else {
            if out.err.contains("there is no package called") {
                print("skipped: R's survey or mitools package is not installed")
                return nil
            }
            Issue.record("Rscript failed: \(out.err)")
            return []
        }
        let lines = out.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first?.map(String.init) else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.map(String.init))) }
    }
}
