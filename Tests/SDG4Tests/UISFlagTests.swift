import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline

/// UIS's MAGNITUDE and QUALIFIER as the release readme defines them (issue 13 item 10, audit
/// R12): `NA` is "not applicable" (its 0 is no count), `NIL` a true zero, `SUPP` and
/// `INCLUDED` missing, `LOWREL` low reliability; and 4.2.2 from redistributed ages is flagged
/// (audit c04).
@Suite("UIS flags")
struct UISFlagTests {
    static let yaml = """
        sources:
          - id: uis
            path: uis.csv
            format: uis-bdds
          - id: pop
            path: pop.csv
            format: table
            measure: population
            columns: {country: Country, year: Year, age: Age, value: Value}
        indicators: [ger, rofst]
        aggregation: {region: none}
        """

    static let header = "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\n"

    static func run(_ rows: String, years: [Int] = [2017, 2018, 2019]) throws -> RunResult {
        try AuditCase.run(
            yaml, ["uis.csv": header + rows, "pop.csv": AuditCase.population(years: years, ages: 7...17)])
    }

    /// `20082,KGZ,2017,0,NA,`: secondary is not applicable, so GER.2T3 is not 0; it is not
    /// written, and a note says why.
    @Test func notApplicableIsNoZero() throws {
        let r = try Self.run("20082,KGZ,2017,0,NA,\n20062,KGZ,2017,380,,\n")
        #expect(r.value("GER.2T3", "KGZ", 2017) == nil)
        #expect(r.value("GER.1", "KGZ", 2017)?.value == 95)
        let notes = r.problems("uis.not-applicable")
        #expect(notes.count == 1)
        #expect(notes.first?.line == 2)
    }

    /// `NIL` is a true zero, with or without a 0 in VALUE: ROFST.1 = 0 for 2018 and 2017.
    @Test func nilIsATrueZero() throws {
        let r = try Self.run("OFST.1.CP,KGZ,2018,,NIL,\nOFST.1.CP,KGZ,2017,0,NIL,\n")
        #expect(r.value("ROFST.1.CP", "KGZ", 2018)?.value == 0)
        #expect(r.value("ROFST.1.CP", "KGZ", 2017)?.value == 0)
    }

    /// `SUPP` (suppressed) and `INCLUDED` (counted elsewhere), with a value or without, are
    /// missing: no value, and a note.
    @Test func suppressedAndIncludedAreMissing() throws {
        let r = try Self.run("20062,KGZ,2019,380,SUPP,\n20062,KGZ,2018,,INCLUDED,\n")
        #expect(r.value("GER.1", "KGZ", 2019) == nil)
        #expect(r.value("GER.1", "KGZ", 2018) == nil)
        #expect(r.problems("uis.missing-magnitude").count == 2)
    }

    /// `LOWREL` in QUALIFIER or MAGNITUDE: every value computed from it is `low-reliability`.
    @Test func lowReliabilityIsFlagged() throws {
        let r = try Self.run("20062,KGZ,2019,380,,LOWREL\nOFST.1.CP,KGZ,2019,20,LOWREL,\n20062,KGZ,2018,380,,\n")
        #expect(r.value("GER.1", "KGZ", 2019)?.flags.contains("low-reliability") == true)
        #expect(r.value("ROFST.1.CP", "KGZ", 2019)?.flags.contains("low-reliability") == true)
        #expect(r.value("ROFST.1.CP", "KGZ", 2019)?.value == 5)
        #expect(r.value("GER.1", "KGZ", 2018)?.flags.contains("low-reliability") == false)
    }

    /// Audit c04: primary has 11 % unknown ages (10 of 90 aged 6-10 plus 10 unknown → 10/100 =
    /// 10 % > 5 %), redistributed; 4.2.2 then counts 10 × 100/90 six-year-olds in primary and
    /// carries `age-redistributed` as NER.1 does.
    @Test func earlyChildhoodParticipationFromRedistributedAgesIsFlagged() throws {
        let yaml = AuditCase.tableYAML("age: Age", indicators: "prol, ner")
        var enr = "Country,Year,Level,Age,Value\nKGZ,2019,1,6,10\nKGZ,2019,1,,10\nKGZ,2019,02,6,40\n"
        for age in 7...10 { enr += "KGZ,2019,1,\(age),20\n" }
        let r = try AuditCase.run(
            yaml, ["enr.csv": enr, "pop.csv": AuditCase.population(years: [2019], ages: 3...10)])
        let prol = try #require(r.value("NERA.AgM1.CP"))
        // (40 + 10 × 100/90) / 100: pre-primary has no unknown ages, primary 10 of 100.
        #expect(abs(prol.value - (40 + 10 * 100.0 / 90)) < 1e-9)
        #expect(prol.flags.contains("age-redistributed"))
        #expect(r.value("NER.1.CP")?.flags.contains("age-redistributed") == true)
    }
}
