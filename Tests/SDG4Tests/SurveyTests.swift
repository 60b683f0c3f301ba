import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Household-survey microdata (indicators.md §3.1, §1.3, §4): completion rate with weights,
/// unknown answers left out, the age adjustment, suppression of small cells, and parity by sex,
/// location and wealth.
@Suite("Household survey")
struct SurveyTests {
    /// Kyrgyzstan 2019: primary entry 7, 4 years → last grade at 10, completion ages 13-15,
    /// completed primary = 4 or more years of schooling (indicators.md §1.4, §3.1).
    static func survey(month: Int) -> String {
        """
        Country,Year,Weight,Age,Sex,Area,Quintile,Month,Schooling,Literate
        KGZ,2019,2,13,F,urban,1,\(month),4,1
        KGZ,2019,1,14,F,rural,1,\(month),3,0
        KGZ,2019,3,15,M,urban,5,\(month),6,1
        KGZ,2019,1,15,M,rural,5,\(month),,1
        KGZ,2019,2,14,M,rural,5,\(month),4,1
        KGZ,2019,5,16,F,urban,1,\(month),2,1

        """
    }

    static let pipeline = """
        sources:
          - id: survey
            path: data/*.csv
            format: microdata
            kind: household-survey
            min_cases: 2
            school_year_start_month: 9
            columns: {country: Country, year: Year, weight: Weight, age: Age, sex: Sex, location: Area, wealth: Quintile, interview_month: Month, years_of_schooling: Schooling, literate: Literate}
        indicators: [cr, cr.gpia, cr.lpia, cr.wpia, lr]
        """

    static func run(month: Int) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(survey(month: month), to: folder, "data/survey.csv")
        let path = TestSupport.write(pipeline, to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
    }

    static func value(
        _ r: RunResult, _ indicator: String, sex: Sex = .total, location: Location = .total, wealth: Wealth = .total
    )
        -> IndicatorValue?
    {
        r.values.first {
            $0.indicator == indicator && $0.level == "1" && $0.sex == sex && $0.location == location
                && $0.wealth == wealth
        }
    }

    @Test func weightedCompletionWithUnknownSchoolingLeftOut() throws {
        // Interviews in October (1 month after the September start): no age adjustment.
        // Ages 13-15 with known schooling: weights 2 (4 yrs), 1 (3), 3 (6), 2 (4) = 8; completed
        // (≥ 4 years): 2 + 3 + 2 = 7 → 87.5 %. The 15-year-old of unknown schooling is left out;
        // the 16-year-old is outside the age group.
        let r = try Self.run(month: 10)
        let all = try #require(Self.value(r, "cr"))
        #expect((all.value, all.numerator, all.denominator) == (87.5, 7, 8))
        #expect(all.uisId == "CR.1")
        #expect(all.ageGroup == "13-15")
        #expect(all.flags.isEmpty)
        // Girls: 2 of 3 → 66.66…%; boys 5 of 5 → 100 %; GPIA = 0.666….
        #expect(abs(try #require(Self.value(r, "cr", sex: .female)).value - 200.0 / 3) < 1e-12)
        #expect(try #require(Self.value(r, "cr", sex: .male)).value == 100)
        let gpia = try #require(r.values.first { $0.indicator == "cr.gpia" && $0.level == "1" })
        #expect(abs(gpia.value - 2.0 / 3) < 1e-12)
        #expect(gpia.uisId == "CR.1.GPIA")
        // Rural 2 of 3, urban 5 of 5 → LPIA 0.666…; poorest 2 of 3, richest 5 of 5 → WPIA 0.666….
        let lpia = try #require(r.values.first { $0.indicator == "cr.lpia" && $0.level == "1" })
        #expect(abs(lpia.value - 2.0 / 3) < 1e-12)
        #expect(lpia.uisId == "CR.1.LPIA")
        let wpia = try #require(r.values.first { $0.indicator == "cr.wpia" && $0.level == "1" })
        #expect(abs(wpia.value - 2.0 / 3) < 1e-12)
    }

    @Test func cellsWithTooFewRespondentsAreSuppressed() throws {
        // With min_cases 2, girls in urban areas (1 respondent aged 13-15) are not published.
        let r = try Self.run(month: 10)
        #expect(Self.value(r, "cr", sex: .female, location: .urban) == nil)
        #expect(Self.value(r, "cr", location: .urban) != nil)  // 2 respondents
        let note = try #require(
            r.quality.problems.first { $0.code == "survey.suppressed" && $0.message.contains("cr for KGZ") })
        #expect(note.severity == .info)
        #expect(note.message.contains("CR.1.F U (1)"))
    }

    @Test func lateInterviewsShiftAgesByOne() throws {
        // Interviews in April: 7 months after the September start (≥ 6), so every age is reduced
        // by 1 (indicators.md §1.3): the 13-year-old falls out, the 16-year-old (now 15) comes in.
        // Known schooling: 1 (3 yrs), 3 (6), 2 (4), 5 (2) = 11; completed 3 + 2 = 5 → 45.45…%.
        let r = try Self.run(month: 4)
        let all = try #require(Self.value(r, "cr"))
        #expect((all.numerator, all.denominator) == (5, 11))
        #expect(abs(all.value - 500.0 / 11) < 1e-12)
        #expect(all.flags == ["age-adjusted"])
    }

    @Test func youthLiteracy() throws {
        // No one aged 15-24 is illiterate among the 15- and 16-year-olds (weights 3, 1, 5) → 100 %.
        let r = try Self.run(month: 10)
        let lr = try #require(
            r.values.first { $0.uisId == "LR.Ag15t24" && $0.location == .total && $0.wealth == .total })
        #expect((lr.value, lr.denominator) == (100, 9))
    }

    @Test func badAnswersAreRejectedNotReadAsNo() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            "Country,Year,Weight,Age,Sex,Area,Quintile,Month,Schooling,Literate\nKGZ,2019,1,13,F,urban,1,10,4,maybe\nKGZ,2019,0,13,F,urban,1,10,4,1\n",
            to: folder, "data/survey.csv")
        let path = TestSupport.write(Self.pipeline, to: folder, "p.yml")
        let r = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        #expect(
            r.quality.problems.filter { $0.severity == .error && $0.file != "" }.map {
                "\($0.code)@\($0.line):\($0.column)"
            } == [
                "row.bad-answer@2:10", "row.bad-weight@3:3",
            ])
    }
}

extension SurveyTests {
    /// Out-of-school rate, 4.2.2 and 4.3.1 from a survey, by hand. Kyrgyzstan 2019: primary
    /// ages 7-10, 4.2.2 at age 6; interviews in October (no age adjustment).
    @Test func attendanceAndParticipation() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            """
            Country,Year,Weight,Age,Month,Attending,Level,Trained
            KGZ,2019,2,6,10,1,02,
            KGZ,2019,1,6,10,0,,
            KGZ,2019,1,6,10,,,
            KGZ,2019,3,8,10,1,1,
            KGZ,2019,1,9,10,0,,
            KGZ,2019,2,20,10,,,1
            KGZ,2019,2,30,10,,,0
            KGZ,2019,1,40,10,,,1

            """, to: folder, "data/s.csv")
        let path = TestSupport.write(
            """
            sources:
              - id: s
                path: data/*.csv
                format: microdata
                min_cases: 1
                columns: {country: Country, year: Year, weight: Weight, age: Age, interview_month: Month, attending: Attending, attending_level: Level, participation: Trained}
            indicators: [rofst.survey, prol.survey, prya]
            """, to: folder, "p.yml")
        let r = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        func value(_ indicator: String, _ uisId: String) -> IndicatorValue? {
            r.values.first {
                $0.indicator == indicator && $0.uisId == uisId && $0.location == .total && $0.wealth == .total
                    && $0.sex == .total
            }
        }
        // Primary ages 7-10: weights 3 (attending) and 1 (not) → 1 of 4 out of school = 25 %.
        let oos = try #require(value("rofst.survey", "ROFST.H.1"))
        #expect((oos.value, oos.numerator, oos.denominator) == (25, 1, 4))
        // Age 6: 2 attending pre-primary, 1 not, 1 unknown (left out) → 2 of 3 = 66.66…%.
        let prol = try #require(value("prol.survey", ""))
        #expect(abs(prol.value - 200.0 / 3) < 1e-12)
        #expect(prol.ageGroup == "6")
        // 15-24: 2 of 2 → 100 %; 25-54: 1 of 3 (weights 2 no, 1 yes) → 33.33…%.
        #expect(try #require(value("prya", "PRYA.12MO.AG15T24")).value == 100)
        #expect(abs(try #require(value("prya", "PRYA.12MO.AG25T54")).value - 100.0 / 3) < 1e-12)
    }
}

extension SurveyTests {
    /// The default threshold: 29 respondents are suppressed, 30 are published (GEM: cells with
    /// fewer than 30 unweighted cases are not reported).
    @Test(arguments: [(29, false), (30, true)])
    func defaultThresholdIsThirtyRespondents(respondents: Int, published: Bool) throws {
        let folder = TestSupport.temporaryFolder()
        var csv = "Country,Year,Weight,Age,Literate\n"
        for _ in 0..<respondents { csv += "KGZ,2019,1.5,20,1\n" }
        TestSupport.write(csv, to: folder, "data/s.csv")
        let path = TestSupport.write(
            "sources:\n  - id: s\n    path: data/*.csv\n    format: microdata\n    columns: {country: Country, year: Year, weight: Weight, age: Age, literate: Literate}\nindicators: [lr]\n",
            to: folder, "p.yml")
        let r = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        let youth = r.values.first { $0.uisId == "LR.Ag15t24" && $0.location == .total && $0.wealth == .total }
        #expect((youth != nil) == published)
        #expect(
            r.quality.problems.contains { $0.code == "survey.suppressed" && $0.message.contains("LR.Ag15t24 (29)") }
                == !published)
    }
}

extension SurveyTests {
    /// A survey exported with ';' and decimal commas: weights such as "2,0" read as 2, so the
    /// completion rate is the same 87.5 % as from the plain file.
    @Test func weightsInTheFilesNumberStyle() throws {
        let folder = TestSupport.temporaryFolder()
        let semicolons = Self.survey(month: 10).replacingOccurrences(of: ",", with: ";")
            .replacingOccurrences(of: #"(?m)^(KGZ;2019;)(\d)"#, with: "$1$2,0", options: .regularExpression)
        TestSupport.write(semicolons, to: folder, "data/survey.csv")
        let path = TestSupport.write(Self.pipeline, to: folder, "p.yml")
        let r = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        #expect(semicolons.contains("KGZ;2019;2,0;13"))
        #expect(r.manifest.inputs[0].decimal == ",")
        #expect(r.manifest.inputs[0].rowsRejected == 0)
        let all = try #require(Self.value(r, "cr"))
        #expect((all.value, all.numerator, all.denominator) == (87.5, 7, 8))
    }
}
