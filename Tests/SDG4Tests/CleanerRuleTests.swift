import Foundation
import SDG4Clean
import SDG4Model
import Testing

/// One rule of each format's row cleaner, at the cleaner's boundary: CSV text in, cleaned rows
/// out (`TestSupport.clean`), no file read and no run.
@Suite("Row cleaner rules")
struct CleanerRuleTests {
    @Test func aTableSpellsSexAndLevelItsOwnWay() throws {
        let source =
            "    format: table\n    measure: enrolment\n    columns: {country: C, year: Y, level: L, sex: S, value: V}\n"
        let rows = try TestSupport.clean(source, "C,Y,L,S,V\nКыргызстан,2019,ISCED 1,girls,1 234\n")
        guard case .observation(let o) = try #require(rows.first) else { Issue.record("\(rows)"); return }
        #expect(o.key.country.rawValue == "KGZ")
        #expect((o.key.level, o.key.sex, o.key.year) == (.primary, .female, 2019))
        #expect(o.value == 1234)  // a space between groups of three digits is a thousands separator
    }

    @Test func aUISValueMarkedNotApplicableIsMissingWithANote() throws {
        let rows = try TestSupport.clean(
            "    format: uis-bdds\n", "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\n20062,KGZ,2019,0,NA,\n")
        guard case .missingValue(let key, _, let note) = try #require(rows.first) else {
            Issue.record("\(rows)")
            return
        }
        #expect((key.measure, key.level, key.country.rawValue) == (.enrolment, .primary, "KGZ"))
        #expect(note?.code == "uis.not-applicable")
        #expect(note?.severity == .info)
    }

    @Test func anSDMXDeleteRowIsNotAValue() throws {
        let rows = try TestSupport.clean(
            "    format: sdmx-csv\n",
            "DATAFLOW,ACTION,SERIES,REF_AREA,TIME_PERIOD,OBS_VALUE,SEX\nIAEG-SDGs:DF_SDG_GLH(1.0),D,SE_TOT_CPLR,417,2019,99.1,F\n"
        )
        guard case .ignored(let reason, let severity) = try #require(rows.first) else {
            Issue.record("\(rows)")
            return
        }
        #expect(reason.contains("ACTION D"))
        #expect(severity == .info)
    }

    @Test func aSurveyAnswerThatIsNeitherYesNorNoRejectsTheRow() throws {
        let source =
            "    format: microdata\n    kind: household-survey\n    columns: {country: C, year: Y, weight: W, age: A, literate: L}\n"
        let rows = try TestSupport.clean(source, "C,Y,W,A,L\nKGZ,2019,1.5,20,да\nKGZ,2019,1.5,21,maybe\n")
        guard case .surveyPerson(let p) = rows[0], case .rejected(let problems) = rows[1] else {
            Issue.record("\(rows)")
            return
        }
        #expect((p.weight, p.age, p.literate) == (1.5, 20, true))
        #expect(problems.map(\.code) == ["row.bad-answer"])
        #expect((problems[0].line, problems[0].column, problems[0].value) == (3, 5, "maybe"))
    }

    @Test func anAssessmentStudentKeepsAMissingPlausibleValueAsMissing() throws {
        let source =
            "    format: microdata\n    kind: assessment\n    stage: lower-secondary-end\n    columns: {country: C, year: Y, weight: W}\n"
            + "    subjects:\n      - {name: reading, plausible_values: [PV1, PV2], cut_score: 400}\n"
        let rows = try TestSupport.clean(source, "C,Y,W,PV1,PV2\nKAZ,2018,12.5,410.5,\n")
        guard case .assessedStudent(let s) = try #require(rows.first) else { Issue.record("\(rows)"); return }
        #expect((s.country.rawValue, s.year, s.weight) == ("KAZ", 2018, 12.5))
        #expect(s.scores["reading"] == [410.5, nil])
    }

    @Test func aCensusPupilWithoutAScoreIsCountedWithNoScore() throws {
        let source =
            "    format: microdata\n    kind: student-census\n    columns: {country: C, year: Y, level: L, age: A, sex: S}\n"
            + "    subjects: [{name: exam, score: E, cut_score: 50}]\n"
        let rows = try TestSupport.clean(source, "C,Y,L,A,S,E\nKGZ,2024,1,7,F,\nKGZ,2024,1,7,F,61.5\n")
        guard case .countedWithScores(let key, _, let w1, let s1) = rows[0],
            case .countedWithScores(let k2, _, let w2, let s2) = rows[1]
        else {
            Issue.record("\(rows)")
            return
        }
        #expect(key == k2)
        #expect((key.age, key.sex, key.level) == (.years(7), .female, .primary))
        // Without a weight column every pupil weighs 1; the empty score is no score, not 0.
        #expect((w1, w2) == (1, 1))
        #expect(s1 == [nil] && s2 == [61.5])
    }

    /// A sex, location or wealth code that is none is worded the same in every format
    /// (`BreakdownCodes`), with the file's own header in the message.
    @Test func anUnknownBreakdownCodeIsWordedTheSameInEveryFormat() throws {
        let cases: [(source: String, csv: String)] = [
            (
                "    format: table\n    measure: enrolment\n    columns: {country: C, year: Y, level: L, sex: Gender, value: V}\n",
                "C,Y,L,Gender,V\nKGZ,2019,1,X,5\n"
            ),
            (
                "    format: microdata\n    kind: household-survey\n    columns: {country: C, year: Y, weight: W, age: A, sex: Gender}\n",
                "C,Y,W,A,Gender\nKGZ,2019,1,20,X\n"
            ),
            (
                "    format: microdata\n    kind: assessment\n    stage: lower-secondary-end\n    columns: {country: C, year: Y, weight: W, sex: Gender}\n"
                    + "    subjects:\n      - {name: reading, plausible_values: [PV1], cut_score: 400}\n",
                "C,Y,W,Gender,PV1\nKGZ,2019,1,X,410\n"
            ),
            (
                "    format: microdata\n    kind: student-census\n    columns: {country: C, year: Y, level: L, sex: Gender}\n",
                "C,Y,L,Gender\nKGZ,2019,1,X\n"
            ),
        ]
        for c in cases {
            guard case .rejected(let problems) = try TestSupport.clean(c.source, c.csv).first else {
                Issue.record("not rejected: \(c.csv)")
                continue
            }
            #expect(problems.map(\.code) == ["row.unknown-sex"], "\(c.csv)")
            #expect(problems.first?.message == "Unknown sex code in column Gender.", "\(c.csv)")
            #expect(problems.first?.hint == "Use F, M or _T (or Female, Male, Total, ж, м).", "\(c.csv)")
            #expect((problems.first?.line, problems.first?.value) == (2, "X"), "\(c.csv)")
        }
    }
}

extension CleanerRuleTests {
    /// `year:` on an assessment or survey source (issue 16): a file without a year column
    /// (TIMSS and PISA files have none) gives every row that year.
    @Test func aFileWithoutAYearColumnTakesTheSourcesYear() throws {
        let assessment =
            "    format: microdata\n    kind: assessment\n    stage: primary-end\n    year: 2019\n"
            + "    columns: {country: IDCNTRY, weight: TOTWGT}\n"
            + "    subjects:\n      - {name: math, plausible_values: [ASMMAT01, ASMMAT02], cut_score: 475}\n"
        let rows = try TestSupport.clean(assessment, "IDCNTRY,TOTWGT,ASMMAT01,ASMMAT02\nKAZ,12.5,480.5,470\n")
        guard case .assessedStudent(let s) = try #require(rows.first) else { Issue.record("\(rows)"); return }
        #expect((s.country.rawValue, s.year, s.weight) == ("KAZ", 2019, 12.5))
        let survey =
            "    format: microdata\n    kind: household-survey\n    year: 2018\n"
            + "    columns: {country: C, weight: W, age: A, literate: L}\n"
        guard case .surveyPerson(let p) = try #require(try TestSupport.clean(survey, "C,W,A,L\nKGZ,2,30,1\n").first)
        else {
            Issue.record("not a person")
            return
        }
        #expect((p.year, p.age, p.literate) == (2018, 30, true))
    }
}

extension CleanerRuleTests {
    /// `codes:` (issue 16): PISA writes sex as 1 (female) and 2 (male), and MICS location as 1
    /// (urban) and 2 (rural); the source says so and every format reads them.
    @Test func aSourcesCodesRecodeItsValues() throws {
        let source =
            "    format: microdata\n    kind: household-survey\n    year: 2018\n"
            + "    columns: {country: C, weight: W, age: A, sex: S, location: L}\n"
            + "    codes: {sex: {\"1\": F, \"2\": M}, location: {\"1\": U, \"2\": R}}\n"
        let rows = try TestSupport.clean(source, "C,W,A,S,L\nKGZ,1,9,1,2\nKGZ,1,9,2,1\nKGZ,1,9,3,1\n")
        guard case .surveyPerson(let girl) = rows[0], case .surveyPerson(let boy) = rows[1],
            case .rejected(let problems) = rows[2]
        else {
            Issue.record("\(rows)")
            return
        }
        #expect((girl.sex, girl.location) == (.female, .rural))
        #expect((boy.sex, boy.location) == (.male, .urban))
        // A value the codes do not list is read as it stands: 3 is no sex code.
        #expect(problems.map(\.code) == ["row.unknown-sex"])
        // A table too.
        let table =
            "    format: table\n    measure: enrolment\n    columns: {country: C, year: Y, level: L, sex: S, value: V}\n"
            + "    codes: {sex: {\"1\": F}}\n"
        guard case .observation(let o) = try #require(try TestSupport.clean(table, "C,Y,L,S,V\nKGZ,2019,1,1,5\n").first)
        else {
            Issue.record("not a value")
            return
        }
        #expect(o.key.sex == .female)
    }
}
