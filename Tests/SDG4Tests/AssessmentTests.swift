import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Minimum proficiency (4.1.1) from assessment microdata: weighted shares per plausible value,
/// averaged (indicators.md §3.2), missing plausible values left out, parity.
@Suite("Learning assessment")
struct AssessmentTests {
    static let pipeline = """
        sources:
          - id: pisa
            path: data/*.csv
            format: microdata
            kind: assessment
            stage: lower-secondary-end
            min_cases: 1
            columns: {country: CNT, year: Year, weight: W_FSTUWT, sex: Gender, location: Area, wealth: ESCSQ}
            subjects:
              - {name: reading, plausible_values: [PV1READ, PV2READ], cut_score: 407.47}
        indicators: [mpl, mpl.gpia]
        """

    static func run(_ csv: String) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(csv, to: folder, "data/pisa.csv")
        let path = TestSupport.write(pipeline, to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
    }

    static let students = """
        CNT,Year,W_FSTUWT,Gender,Area,ESCSQ,PV1READ,PV2READ
        KAZ,2022,1,F,urban,1,410,400
        KAZ,2022,2,F,rural,1,300,420
        KAZ,2022,1,M,urban,5,500,510
        KAZ,2022,3,M,rural,5,380,

        """

    @Test func averagedOverPlausibleValues() throws {
        // Cut score 407.47. PV1: assessed weight 1+2+1+3 = 7, at or above the cut 1 + 1 = 2 →
        // 28.571…%. PV2 (the fourth student has none): assessed 1+2+1 = 4, above 2 + 1 = 3 → 75 %.
        // Mean: (200/7 + 75) / 2 = 51.785714…; numerator (2+3)/2 = 2.5, denominator (7+4)/2 = 5.5.
        let r = try Self.run(Self.students)
        let all = try #require(
            r.values.first { $0.uisId == "MPL.L2.GLAST.READING" && $0.location == .total && $0.wealth == .total })
        #expect(abs(all.value - (200.0 / 7 + 75) / 2) < 1e-12)
        #expect((all.numerator, all.denominator) == (2.5, 5.5))
        #expect(all.level == "2")
        #expect(all.sdgSeries == "SE_TOT_PRFL")
        // Girls: PV1 1/3, PV2 2/3 → 50 %. Boys: PV1 1/4, PV2 1/1 → 62.5 %. GPIA = 50/62.5 = 0.8.
        let girls = try #require(
            r.values.first { $0.uisId == "MPL.L2.GLAST.READING.F" && $0.location == .total && $0.wealth == .total })
        #expect(abs(girls.value - 50) < 1e-12)
        let gpia = try #require(r.values.first { $0.indicator == "mpl.gpia" })
        #expect(abs(gpia.value - 0.8) < 1e-12)
        #expect(gpia.sdgSeries == "SE_TOT_GPI")
    }

    @Test func anUnreadableScoreRejectsTheRow() throws {
        let r = try Self.run(Self.students + "KAZ,2022,1,F,urban,1,4l0,400\n")
        #expect(
            r.quality.problems.filter { $0.severity == .error }.map { "\($0.code)@\($0.line):\($0.column)" } == [
                "row.bad-number@6:7"
            ])
        #expect(r.manifest.inputs[0].rowsAccepted == 4)
    }

    @Test func anAssessmentNeedsSubjectsAndAStage() {
        let yaml = """
            sources:
              - id: pisa
                path: data/*.csv
                format: microdata
                kind: assessment
                columns: {country: CNT, year: Year, weight: W}
            """
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("a\n", to: folder, "data/x.csv")
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        #expect {
            try PipelineFileParser.load(path)
        } throws: { error in
            let messages = (error as? PipelineFileError)?.problems.map(\.message) ?? []
            return messages.contains { $0.contains("needs 'stage:'") }
                && messages.contains { $0.contains("needs 'subjects:'") }
        }
    }
}
