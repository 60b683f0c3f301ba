import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline

/// "A correct number or none" (issue 13), the cases about inputs that must agree: totals
/// against every breakdown (audit R9, R10), one population per level (R7), one unknown-age
/// decision per level (R6), the `years:` filter (R8), years without a structure (R11), grades
/// numbered within a level (R13). Files are the audit's, verbatim.
@Suite("Consistent inputs")
struct ConsistentInputsTests {
    // MARK: - 5. Totals that disagree (R9, R10)

    /// R9: KGZ's urban + rural (240 + 160 = 400) disagree with its total (300): reported like
    /// TJK's F + M (300 against 400), naming both.
    @Test func aLocationTotalIsCheckedAgainstUrbanPlusRural() throws {
        let enr = """
            Country,Year,Level,Sex,Area,Value
            KGZ,2019,1,_T,urban,240
            KGZ,2019,1,_T,rural,160
            KGZ,2019,1,_T,_T,300
            TJK,2019,1,F,_T,150
            TJK,2019,1,M,_T,150
            TJK,2019,1,_T,_T,400

            """
        let pop =
            AuditCase.population("KGZ", "TJK", years: [2019], ages: 7...10)
        let r = try AuditCase.run(
            AuditCase.tableYAML("sex: Sex, location: Area", indicators: "ger"), ["enr.csv": enr, "pop.csv": pop])
        let found = r.problems("consistency.total-vs-breakdown")
        #expect(found.count == 2)
        #expect(
            found.contains {
                $0.message.contains("KGZ") && $0.message.contains("U + R is 400") && $0.message.contains("300")
            })
        #expect(found.contains { $0.message.contains("TJK") && $0.message.contains("F + M is 300") })
    }

    /// Own case: wealth quintiles that add up to the total are not reported; ones that do not are.
    @Test func wealthQuintilesAreCheckedAgainstTheTotal() throws {
        var enr = "Country,Year,Level,Quintile,Value\nKGZ,2019,1,_T,400\n"
        for q in 1...5 { enr += "KGZ,2019,1,Q\(q),80\n" }
        enr += "TJK,2019,1,_T,400\n"
        for q in 1...5 { enr += "TJK,2019,1,Q\(q),70\n" }
        let pop =
            AuditCase.population("KGZ", "TJK", years: [2019], ages: 7...10)
        let r = try AuditCase.run(
            AuditCase.tableYAML("wealth: Quintile", indicators: "ger"), ["enr.csv": enr, "pop.csv": pop])
        let found = r.problems("consistency.total-vs-breakdown")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("TJK") == true)
        #expect(found.first?.message.contains("350") == true)
    }

    /// R10: girls (450) above the total (400) are impossible: reported, with both values.
    @Test func girlsAboveTheTotalAreReported() throws {
        let enr = "Country,Year,Level,Sex,Value\nKGZ,2019,1,_T,400\nKGZ,2019,1,F,450\n"
        let pop = AuditCase.population(years: [2019], ages: 7...10, sexes: ["F", "M"])
        let r = try AuditCase.run(
            AuditCase.tableYAML("sex: Sex", population: "sex: Sex, age: Age", indicators: "ger"),
            ["enr.csv": enr, "pop.csv": pop])
        let found = r.problems("consistency.total-vs-breakdown")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("450") == true)
        #expect(found.first?.message.contains("400") == true)
        #expect(found.first?.line == 3)
        // No male value is derived from the impossible difference.
        #expect(r.value("GER.1.M") == nil)
    }

    // MARK: - 6. Two populations (R7)

    /// R7: SAP.1 (380) and single ages 7-10 (400) both given. Every rate of level 1 uses the
    /// level's population (380), so GER = NER = 360/380 when every pupil is of official age, and
    /// the disagreement is reported with both numbers.
    @Test func oneSchoolAgePopulationPerLevel() throws {
        let uisSource = "  - id: uis\n    path: uis.csv\n    format: uis-bdds\n"
        let yaml = AuditCase.tableYAML(
            "age: Age", indicators: "ger, ner, nert, rofst, rofst.nert", before: uisSource)
        let uis =
            "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\nSAP.1,KGZ,2019,380,,\nOFST.1.CP,KGZ,2019,20,,\n"
        let enr = "Country,Year,Level,Age,Value\nKGZ,2019,1,7,90\nKGZ,2019,1,8,90\nKGZ,2019,1,9,90\nKGZ,2019,1,10,90\n"
        let r = try AuditCase.run(
            yaml, ["uis.csv": uis, "enr.csv": enr, "pop.csv": AuditCase.population(years: [2019], ages: 7...10)])
        let ger = try #require(r.value("GER.1"))
        #expect(ger.denominator == 380)
        #expect(r.value("NER.1.CP")?.denominator == 380)
        #expect(r.value("NER.1.CP")?.value == ger.value)
        // TNER.1 would need pre-primary and lower-secondary enrolment, which R7 does not give.
        #expect(r.value("NERT.1.CP") == nil)
        #expect(r.problems("indicator.missing-input").contains { $0.message.contains("NERT.1.CP") })
        let found = r.problems("consistency.population-mismatch")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("380") == true)
        #expect(found.first?.message.contains("400") == true)
    }

    // MARK: - 7. Unknown ages (R6)

    static let r6YAML = AuditCase.tableYAML(
        "sex: Sex, age: Age", population: "sex: Sex, age: Age", indicators: "ger, ner, nert, ner.gpia")

    /// R6: 30 girls of unknown age; 4.5 % of the level (30 / 670), so the level is not
    /// redistributed, for girls, boys and the total alike: NER.1 = 640/800 = 80, NER.1.F =
    /// 320/400 = 80, GPIA 1.
    @Test func oneUnknownAgeDecisionPerLevel() throws {
        let enr = """
            Country,Year,Level,Sex,Age,Value
            KGZ,2019,1,F,7,80
            KGZ,2019,1,F,8,80
            KGZ,2019,1,F,9,80
            KGZ,2019,1,F,10,80
            KGZ,2019,1,F,,30
            KGZ,2019,1,M,7,80
            KGZ,2019,1,M,8,80
            KGZ,2019,1,M,9,80
            KGZ,2019,1,M,10,80

            """
        let pop = AuditCase.population(years: [2019], ages: 7...10, sexes: ["F", "M"])
        let r = try AuditCase.run(Self.r6YAML, ["enr.csv": enr, "pop.csv": pop])
        #expect(r.value("NER.1.CP")?.value == 80)
        #expect(r.value("NER.1.F.CP")?.value == 80)
        #expect(r.value("NER.1.M.CP")?.value == 80)
        #expect(r.value("NER.1.GPIA.CP")?.value == 1)
        #expect(r.value("NER.1.F.CP")?.flags.contains("age-redistributed") == false)
    }

    /// Own case: 30 girls and 30 boys of unknown age, 60 / 700 = 8.6 % of the level: all three
    /// are redistributed, so NER.1.F = 320 × 350/320 / 400 = 87.5, the same for boys, and the
    /// total 87.5 = (350 + 350) / 800: the triple is consistent.
    @Test func aRedistributedLevelIsRedistributedForEverySex() throws {
        var enr = "Country,Year,Level,Sex,Age,Value\n"
        for sex in ["F", "M"] {
            for age in 7...10 { enr += "KGZ,2019,1,\(sex),\(age),80\n" }
            enr += "KGZ,2019,1,\(sex),,30\n"
        }
        let pop = AuditCase.population(years: [2019], ages: 7...10, sexes: ["F", "M"])
        let r = try AuditCase.run(Self.r6YAML, ["enr.csv": enr, "pop.csv": pop])
        #expect(r.value("NER.1.F.CP")?.value == 87.5)
        #expect(r.value("NER.1.M.CP")?.value == 87.5)
        #expect(r.value("NER.1.CP")?.value == 87.5)
        #expect(r.value("NER.1.CP")?.flags.contains("age-redistributed") == true)
    }

    // MARK: - 8. The years: filter (R8)

    /// R8: `years: 2019-2020`; TATTRR.1 2019 needs the 2018 teachers: (1000 − 980 + 50) / 1000
    /// = 7 % (ref §5.5). Nothing is written for 2018 itself.
    @Test func theYearsFilterReadsTheYearBefore() throws {
        let yaml = """
            name: r8
            years: {from: 2019, to: 2020}
            sources:
              - id: tch
                path: teachers.csv
                format: table
                columns: {country: Country, year: Year, level: Level, measure: Measure, value: Value}
            indicators: [tattrr, ptr]
            aggregation: {region: none}
            """
        let teachers = """
            Country,Year,Level,Measure,Value
            KGZ,2018,1,teachers,1000
            KGZ,2018,1,enrolment,20000
            KGZ,2019,1,teachers,980
            KGZ,2019,1,new_teachers,50
            KGZ,2020,1,teachers,990
            KGZ,2020,1,new_teachers,40

            """
        let r = try AuditCase.run(yaml, ["teachers.csv": teachers])
        let attrition = try #require(r.value("TATTRR.1", "KGZ", 2019))
        #expect(abs(attrition.value - 7) < 1e-12)
        #expect(r.value("TATTRR.1", "KGZ", 2020) != nil)
        #expect(!r.values.contains { $0.year == 2018 })
    }

    // MARK: - 9. Years without a structure (R11), grades numbered within a level (R13)

    /// R11: KGZ 1989 and 2031 lie outside the built-in structures (1990-2030): no GER, and a
    /// warning for each year that says why.
    @Test func aYearNoStructureCoversIsReported() throws {
        var enr = "Country,Year,Level,Value\n"
        var pop = "Country,Year,Age,Value\n"
        for year in [1989, 1990, 2030, 2031] {
            enr += "KGZ,\(year),1,400\n"
            for age in 7...10 { pop += "KGZ,\(year),\(age),100\n" }
        }
        let r = try AuditCase.run(
            AuditCase.tableYAML("", indicators: "ger"),
            ["enr.csv": enr, "pop.csv": pop])
        #expect(r.values.map(\.year) == [1990, 2030])
        let found = r.problems("indicator.no-structure")
        #expect(found.count == 2)
        #expect(found.contains { $0.message.contains("KGZ 1989") })
        #expect(found.contains { $0.message.contains("KGZ 2031") })
    }

    /// R13: lower-secondary grades numbered 1-2 within the level. KGZ's lower secondary is
    /// grades 5-9 (7 + 4 years of primary), so grade 1 at ISCED 2 is an error, and OAEP.2 is
    /// not written (it would be 100 %: 11-year-olds read as two years over the age of grade 1).
    @Test func gradesNumberedWithinTheLevelAreReported() throws {
        let enr =
            "Country,Year,Level,Grade,Age,Value\nKGZ,2019,2,1,11,90\nKGZ,2019,2,1,12,10\nKGZ,2019,2,2,12,90\nKGZ,2019,2,2,13,10\n"
        let yaml = AuditCase.tableYAML("grade: Grade, age: Age", indicators: "overage")
        let r = try AuditCase.run(yaml, ["enr.csv": enr, "pop.csv": AuditCase.population(years: [2019], ages: 7...15)])
        #expect(r.value("OAEP.2") == nil)
        let found = r.problems("consistency.grade-outside-level")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("5-9") == true)

        // Own case: the same pupils in grades 5 and 6. Intended ages 11 and 12; over-age is 13+
        // in grade 5 and 14+ in grade 6: none, so OAEP.2 = 0 of 200.
        let counted = enr.replacingOccurrences(of: "2,1,", with: "2,5,").replacingOccurrences(of: "2,2,", with: "2,6,")
        let r2 = try AuditCase.run(
            yaml, ["enr.csv": counted, "pop.csv": AuditCase.population(years: [2019], ages: 7...15)])
        #expect(r2.value("OAEP.2")?.value == 0)
        #expect(r2.value("OAEP.2")?.denominator == 200)
        #expect(r2.problems("consistency.grade-outside-level").isEmpty)
    }
}
