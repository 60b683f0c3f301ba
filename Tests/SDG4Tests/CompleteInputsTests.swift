import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline

/// "A correct number or none" (issue 13), the cases about complete inputs: every pupil of a
/// census counts once in every total (audit R1, R2); a suppressed cell is no zero (R4); a rate
/// needs every level it sums (R5); enrolment by location gives the net rates (R3).
/// Each case is the audit's (`../shared/audits/indicators-2026-12.md`), files verbatim.
@Suite("Complete inputs")
struct CompleteInputsTests {
    // MARK: - 1. Student census (R1, R2)

    static let censusYAML = """
        name: r1
        sources:
          - id: students
            path: students.csv
            format: microdata
            kind: student-census
            columns: {country: Country, year: Year, level: ISCED, grade: Grade, age: Age, sex: Sex, location: Area}
          - id: pop
            path: pop.csv
            format: table
            measure: population
            columns: {country: Country, year: Year, sex: Sex, age: Age, value: Value}
        indicators: [ger, ner]
        aggregation: {region: none}
        """

    /// R1: one pupil of 8 has no area. 8 pupils (4 F, 4 M), all aged 7-10 (KGZ primary), over a
    /// population of 8 (4 F, 4 M): GER and NER are 100 for T, F and M (ref §2.1, §2.2).
    @Test func aPupilWithNoAreaIsCountedInEveryTotal() throws {
        let students = """
            Country,Year,ISCED,Grade,Age,Sex,Area
            KGZ,2019,1,1,7,F,urban
            KGZ,2019,1,1,7,M,rural
            KGZ,2019,1,2,8,F,urban
            KGZ,2019,1,2,8,M,urban
            KGZ,2019,1,3,9,F,rural
            KGZ,2019,1,3,9,M,urban
            KGZ,2019,1,4,10,F,urban
            KGZ,2019,1,4,10,M,

            """
        let r = try AuditCase.run(
            Self.censusYAML,
            [
                "students.csv": students,
                "pop.csv": AuditCase.population(years: [2019], ages: 7...10, sexes: ["F", "M"], value: 1),
            ])
        for id in ["GER.1", "GER.1.F", "GER.1.M", "NER.1.CP", "NER.1.F.CP", "NER.1.M.CP"] {
            #expect(r.value(id)?.value == 100, "\(id)")
        }
        #expect(r.value("GER.1")?.numerator == 8)
        #expect(r.problems("consistency.total-vs-breakdown").isEmpty)
    }

    /// Own case (the audit's c31 at small scale): 10 pupils with an area and 2 without, over a
    /// population of 12 aged 7-10: GER.1 = 100 × 12 / 12 = 100, not 100 × 2 / 12.
    @Test func twoPupilsWithoutAreaDoNotReplaceTheOthers() throws {
        var students = "Country,Year,ISCED,Grade,Age,Sex,Area\n"
        for i in 0..<10 { students += "KGZ,2019,1,1,7,\(i % 2 == 0 ? "F" : "M"),\(i < 6 ? "U" : "R")\n" }
        students += "KGZ,2019,1,1,7,F,\nKGZ,2019,1,1,7,M,\n"
        var pop = "Country,Year,Sex,Age,Value\n"
        for age in 7...10 { pop += "KGZ,2019,F,\(age),1.5\nKGZ,2019,M,\(age),1.5\n" }
        let r = try AuditCase.run(Self.censusYAML, ["students.csv": students, "pop.csv": pop])
        #expect(r.value("GER.1")?.numerator == 12)
        #expect(r.value("GER.1")?.value == 100)
        // All 12 are of official age: NER.1 = 100 too (by age, the location total is everyone).
        #expect(r.value("NER.1.CP")?.value == 100)
        #expect(r.value("GER.1.F")?.numerator == 6)
    }

    /// R2: one pupil of 2019 has no sex, one of 2018 no grade. 2019: 8 pupils over 8 → GER.1
    /// 100; the 3 boys with a sex over 4 → GER.1.M 75. 2018: 8 pupils, 4 boys → GER.1 and
    /// GER.1.M 100. OAEP.1 2019 is over the 8 pupils of known grade and age; 2018 over the 7
    /// with a grade (the pupil with no grade is left out of the grade breakdown only).
    @Test func aPupilWithNoSexOrGradeIsCountedInTheTotal() throws {
        let students = """
            Country,Year,ISCED,Grade,Age,Sex
            KGZ,2019,1,1,7,F
            KGZ,2019,1,1,7,M
            KGZ,2019,1,2,8,F
            KGZ,2019,1,2,8,M
            KGZ,2019,1,3,9,F
            KGZ,2019,1,3,9,M
            KGZ,2019,1,4,10,F
            KGZ,2019,1,4,10,
            KGZ,2018,1,1,7,F
            KGZ,2018,1,1,7,M
            KGZ,2018,1,2,8,F
            KGZ,2018,1,2,8,M
            KGZ,2018,1,3,9,F
            KGZ,2018,1,3,9,M
            KGZ,2018,1,4,10,F
            KGZ,2018,1,,10,M

            """
        let yaml = Self.censusYAML.replacingOccurrences(of: ", location: Area", with: "")
            .replacingOccurrences(of: "[ger, ner]", with: "[ger, ner, overage]")
        let r = try AuditCase.run(
            yaml,
            [
                "students.csv": students,
                "pop.csv": AuditCase.population(years: [2018, 2019], ages: 7...10, sexes: ["F", "M"], value: 1),
            ])
        #expect(r.value("GER.1", "KGZ", 2019)?.value == 100)
        #expect(r.value("GER.1.F", "KGZ", 2019)?.value == 100)
        #expect(r.value("GER.1.M", "KGZ", 2019)?.value == 75)
        #expect(r.value("NER.1.CP", "KGZ", 2019)?.value == 100)
        #expect(r.value("GER.1", "KGZ", 2018)?.value == 100)
        #expect(r.value("GER.1.M", "KGZ", 2018)?.value == 100)
        #expect(r.value("OAEP.1", "KGZ", 2019)?.denominator == 8)
        #expect(r.value("OAEP.1", "KGZ", 2019)?.value == 0)
        #expect(r.value("OAEP.1", "KGZ", 2018)?.denominator == 7)
        #expect(r.problems("consistency.total-vs-breakdown").isEmpty)
    }

    /// Own case (audit c33b): every pupil has an area. The net rates are computed from the
    /// census's own total (2 of 4 girls of official age: NER.1.F = 50, GER.1.F = 75).
    @Test func aCensusWithACompleteAreaColumnGivesTheNetRates() throws {
        let students = """
            Country,Year,ISCED,Grade,Age,Sex,Area
            KGZ,2019,1,1,7,F,U
            KGZ,2019,1,1,7,F,R
            KGZ,2019,1,4,12,F,R

            """
        let r = try AuditCase.run(
            Self.censusYAML,
            [
                "students.csv": students,
                "pop.csv": AuditCase.population(years: [2019], ages: 7...10, sexes: ["F", "M"], value: 1),
            ])
        #expect(r.value("GER.1.F")?.value == 75)
        #expect(r.value("NER.1.F.CP")?.value == 50)
    }

    // MARK: - 2. Suppressed cells (R4)

    static let r4YAML = AuditCase.tableYAML("grade: Grade, age: Age", indicators: "ger, ner, nert, rofst.nert")

    /// R4: age 8 (2019) and grade 2 (2018) are `..`. The enrolment is unknown, so no GER, NER,
    /// TNER or out-of-school rate is written for either year, and a problem names the cell.
    @Test func aSuppressedCellIsNotSummedAsZero() throws {
        let enr = """
            Country,Year,Level,Grade,Age,Value
            KGZ,2019,1,,7,100
            KGZ,2019,1,,8,..
            KGZ,2019,1,,9,100
            KGZ,2019,1,,10,100
            KGZ,2018,1,1,_T,100
            KGZ,2018,1,2,_T,..
            KGZ,2018,1,3,_T,100
            KGZ,2018,1,4,_T,100
            KGZ,2017,1,,_T,400

            """
        var pop = AuditCase.population(years: [2018, 2019], ages: 7...10)
        pop += "KGZ,2017,7,100\nKGZ,2017,8,..\nKGZ,2017,9,100\nKGZ,2017,10,100\n"
        let r = try AuditCase.run(Self.r4YAML, ["enr.csv": enr, "pop.csv": pop])
        #expect(r.values.isEmpty, "\(r.values.map(\.uisId))")
        let incomplete = r.problems("input.incomplete-breakdown")
        #expect(incomplete.contains { $0.line == 3 && $0.message.contains("age 8") })
        #expect(incomplete.contains { $0.line == 7 && $0.message.contains("grade 2") })
    }

    /// Own case: the same `..` beside a total given for all ages. GER uses the total (400 / 400),
    /// and the age-specific rates, which need age 8, are not written.
    @Test func aSuppressedCellBesideATotalLeavesTheTotalInUse() throws {
        let enr = """
            Country,Year,Level,Grade,Age,Value
            KGZ,2019,1,,_T,400
            KGZ,2019,1,,7,100
            KGZ,2019,1,,8,..
            KGZ,2019,1,,9,100
            KGZ,2019,1,,10,100

            """
        let r = try AuditCase.run(
            Self.r4YAML, ["enr.csv": enr, "pop.csv": AuditCase.population(years: [2019], ages: 7...10)])
        #expect(r.value("GER.1")?.value == 100)
        #expect(r.value("NER.1.CP") == nil)
        #expect(r.value("ROFST.1.CP") == nil)
        #expect(r.problems("consistency.total-vs-breakdown").isEmpty)
        #expect(r.problems("input.incomplete-breakdown").count == 1)
    }

    // MARK: - 3. Missing levels (R5)

    /// R5: no pre-primary enrolment at all (4.2.2 needs ISCED 0 and 1 at age 6), and no primary
    /// or upper-secondary enrolment in 2017 (children of 11-15 may be in either): no value.
    @Test func aRateNeedsEveryLevelItSums() throws {
        let yaml = AuditCase.tableYAML("age: Age", indicators: "prol, nert, rofst.nert")
        let enr = """
            Country,Year,Level,Age,Value
            KGZ,2019,1,6,4
            KGZ,2019,1,7,95
            KGZ,2019,1,8,95
            KGZ,2019,1,9,95
            KGZ,2019,1,10,95
            KGZ,2018,1,7,95
            KGZ,2018,1,8,95
            KGZ,2018,1,9,95
            KGZ,2018,1,10,95
            KGZ,2017,2,11,90
            KGZ,2017,2,12,90
            KGZ,2017,2,13,90
            KGZ,2017,2,14,90
            KGZ,2017,2,15,90

            """
        let pop = AuditCase.population(years: [2017, 2018, 2019], ages: 6...15)
        let r = try AuditCase.run(yaml, ["enr.csv": enr, "pop.csv": pop])
        #expect(r.values.isEmpty, "\(r.values.map { "\($0.uisId) \($0.year)" })")
        let missing = r.problems("indicator.missing-input")
        #expect(
            missing.contains { $0.message.contains("NERA.AgM1.CP for KGZ 2019") && $0.message.contains("pre-primary") })
        #expect(missing.contains { $0.message.contains("NERT.2.CP for KGZ 2017") })

        // Own case: with pre-primary enrolment of 6-year-olds (50) 4.2.2 is (50 + 4) / 100 = 54 %.
        let withPrePrimary = enr + "KGZ,2019,02,6,50\nKGZ,2019,02,5,30\n"
        let r2 = try AuditCase.run(yaml, ["enr.csv": withPrePrimary, "pop.csv": pop])
        #expect(r2.value("NERA.AgM1.CP")?.value == 54)
    }

    // MARK: - 4. Enrolment by location (R3)

    /// R3: enrolment given only by urban/rural. The locations add up to the totals the net
    /// rates need: NER.1 = NERA.1 = NERT.1 = 360/400 = 90, ROFST.1 = 10, 4.2.2 = 80/100 = 80.
    @Test func enrolmentByLocationGivesTheNetRates() throws {
        let yaml = AuditCase.tableYAML("age: Age, location: Area", indicators: "ger, ner, nera, nert, rofst.nert, prol")
        let enr = """
            Country,Year,Level,Age,Area,Value
            KGZ,2019,02,6,urban,50
            KGZ,2019,02,6,rural,30
            KGZ,2019,1,7,urban,50
            KGZ,2019,1,7,rural,40
            KGZ,2019,1,8,urban,50
            KGZ,2019,1,8,rural,40
            KGZ,2019,1,9,urban,50
            KGZ,2019,1,9,rural,40
            KGZ,2019,1,10,urban,50
            KGZ,2019,1,10,rural,40

            """
        // Secondary is not given at all here, so TNER.1 (primary-age children may be in lower
        // secondary) needs it: the audit's control gives 90 with the same data summed, and so
        // must the location form. Lower and upper secondary of other ages are added (zero
        // pupils aged 7-10), as a real file has them.
        let secondary = "KGZ,2019,2,12,urban,10\nKGZ,2019,2,12,rural,10\nKGZ,2019,3,16,urban,5\nKGZ,2019,3,16,rural,5\n"
        let r = try AuditCase.run(
            yaml, ["enr.csv": enr + secondary, "pop.csv": AuditCase.population(years: [2019], ages: 3...10)])
        #expect(r.value("GER.1")?.value == 90)
        #expect(r.value("NER.1.CP")?.value == 90)
        #expect(r.value("NERA.1.CP")?.value == 90)
        #expect(r.value("NERT.1.CP")?.value == 90)
        #expect(r.value("ROFST.1.CP")?.value.rounded() == 10)
        #expect(r.value("NERA.AgM1.CP")?.value == 80)
    }

    /// Audit observation (case c08): a tertiary total without ages removed TNER.1 with no word,
    /// though no 7-10-year-old is in tertiary. Now it is left out of the sum; a pre-primary
    /// total without ages (6- and 7-year-olds are there) still makes TNER.1 unknown, and a note
    /// says which level. Enrolment by age: 95 at each primary age, 3 aged 10 in lower secondary,
    /// pre-primary 40 aged 6; population 100 a year: TNER.1 = (380 + 3) / 400 = 95.75.
    @Test func aLevelWithoutAgesMakesOnlyTheSumsItCanBelongToUnknown() throws {
        var enr = "Country,Year,Level,Grade,Age,Value\nKGZ,2019,02,,6,40\nKGZ,2019,2,,10,3\nKGZ,2019,3,,16,50\n"
        for age in 7...10 { enr += "KGZ,2019,1,,\(age),95\n" }
        let pop = AuditCase.population(years: [2019], ages: 6...17)
        let withTertiary = try AuditCase.run(
            Self.r4YAML, ["enr.csv": enr + "KGZ,2019,5T8,,_T,900\n", "pop.csv": pop])
        #expect(withTertiary.value("NERT.1.CP")?.value == 95.75)
        let withPrePrimaryTotal = try AuditCase.run(
            Self.r4YAML, ["enr.csv": enr.replacingOccurrences(of: "02,,6,40", with: "02,,_T,40"), "pop.csv": pop])
        #expect(withPrePrimaryTotal.value("NERT.1.CP") == nil)
        #expect(
            withPrePrimaryTotal.problems("indicator.missing-input").contains {
                $0.message.contains("NERT.1.CP") && $0.message.contains("pre-primary (ISCED 02) is given without ages")
            })
    }
}
