import Testing

@testable import SDG4Aggregate
@testable import SDG4Model

/// Teachers (§5.2-§5.5), schools (§5.1) and finance (§6) on hand-computed counts.
@Suite("Teachers, schools, finance")
struct TeacherSchoolFinanceTests {
    static let kgz = Country(rawValue: "KGZ")

    static func compute(_ rows: [(Measure, Int, Level?, Sex, Double)], _ ids: Set<String>) -> EngineResult {
        var partial = PartialAggregate()
        for (i, r) in rows.enumerated() {
            partial.add(
                Observation(
                    key: ObservationKey(measure: r.0, country: kgz, year: r.1, level: r.2, sex: r.3), value: r.4,
                    provenance: Provenance(sourceIndex: 0, fileIndex: 0, line: i + 2)))
        }
        return IndicatorEngine(selected: ids).compute(cube: DataCube(merging: [partial]), sourceIds: ["s"])
    }

    static func value(_ r: EngineResult, _ uisId: String) -> IndicatorValue? { r.values.first { $0.uisId == uisId } }

    @Test func trainedAndQualifiedTeachers() throws {
        // Primary, 2016 (UIS Feb 2019, KGZ): 18770 teachers, 18046 women, 724 men. Suppose
        // 17800 trained women and 282 trained men: TRTP.1 = 100 × 18082/18770 = 96.334…;
        // TRTP.1.F = 100 × 17800/18046 = 98.636…; TRTP.1.M = 100 × 282/724 = 38.950…;
        // GPIA: F > M → 2 − 38.950/98.636 = 1.6051… (flagged implausible, outside 0.5-1.5).
        // 469852 pupils / 18082 trained teachers = 25.984… pupils per trained teacher.
        let rows: [(Measure, Int, Level?, Sex, Double)] = [
            (.teachers, 2016, .primary, .female, 18046), (.teachers, 2016, .primary, .male, 724),
            (.trainedTeachers, 2016, .primary, .female, 17800), (.trainedTeachers, 2016, .primary, .male, 282),
            (.qualifiedTeachers, 2016, .primary, .total, 19000), (.enrolment, 2016, .primary, .total, 469852),
        ]
        let r = Self.compute(rows, ["trtp", "trtp.gpia", "qutp", "ptr.trained"])
        #expect(abs(try #require(Self.value(r, "TRTP.1")).value - 100 * 18082 / 18770) < 1e-12)
        #expect(abs(try #require(Self.value(r, "TRTP.1.F")).value - 100 * 17800 / 18046) < 1e-12)
        let gpia = try #require(Self.value(r, "TRTP.1.GPIA"))
        #expect(abs(gpia.value - (2 - (282.0 / 724) / (17800.0 / 18046))) < 1e-12)
        #expect(gpia.flags == ["implausible"])
        #expect(gpia.sdgSeries == "SE_GPI_TCAQ")
        #expect(try #require(Self.value(r, "TRTP.1")).sdgSeries == "SE_TRA_GRDL")
        // More qualified teachers (19000) than teachers (18770): computed, flagged implausible.
        let qutp = try #require(Self.value(r, "QUTP.1"))
        #expect(abs(qutp.value - 100 * 19000 / 18770) < 1e-12)
        #expect(qutp.flags == ["implausible"])
        #expect(abs(try #require(Self.value(r, "PTRHC.1.TRAINED")).value - 469852.0 / 18082) < 1e-12)
    }

    @Test func attritionNeedsLastYearAndRejectsNegativeLeavers() throws {
        // 2018: 1000 teachers; 2019: 980 with 50 new → leavers 1000 − 980 + 50 = 70 → 7 %.
        // 2020: 1100 with 40 new → 980 − 1100 + 40 = −80 leavers: no value, noted.
        let rows: [(Measure, Int, Level?, Sex, Double)] = [
            (.teachers, 2018, .primary, .total, 1000), (.teachers, 2019, .primary, .total, 980),
            (.newTeachers, 2019, .primary, .total, 50), (.teachers, 2020, .primary, .total, 1100),
            (.newTeachers, 2020, .primary, .total, 40),
        ]
        let r = Self.compute(rows, ["tattrr"])
        #expect(r.values.map(\.year) == [2019])
        let t = try #require(r.values.first)
        #expect((t.value, t.numerator, t.denominator) == (7, 70, 1000))
        #expect(r.notes.map(\.code.id) == ["consistency.negative-leavers"])
        #expect(r.notes.first?.year == 2020)
    }

    @Test func schoolsWithBasicServices() throws {
        // 1407 primary schools, 943 with internet: 100 × 943/1407 = 67.022…; series SE_ACS_INTNT.
        let rows: [(Measure, Int, Level?, Sex, Double)] = [
            (.schools, 2019, .primary, .total, 1407),
            (Measure(rawValue: "schools_with_internet"), 2019, .primary, .total, 943),
        ]
        let r = Self.compute(rows, ["schools.internet", "schools.electricity"])
        #expect(r.values.count == 1)
        let v = try #require(r.values.first)
        #expect(abs(v.value - 100 * 943 / 1407) < 1e-12)
        #expect(v.sdgSeries == "SE_ACS_INTNT")
        #expect(v.uisId == "")
    }

    @Test func governmentExpenditure() throws {
        // Education 37611, total government spending 198000, GDP 606980 (millions):
        // 100 × 37611/606980 = 6.1964…% of GDP; 100 × 37611/198000 = 18.995…% of spending.
        let rows: [(Measure, Int, Level?, Sex, Double)] = [
            (.expenditureEducation, 2019, nil, .total, 37611), (.expenditureTotal, 2019, nil, .total, 198000),
            (.gdp, 2019, nil, .total, 606980),
        ]
        let r = Self.compute(rows, ["xgdp", "xgovexp"])
        #expect(abs(try #require(Self.value(r, "XGDP.FSgov")).value - 100 * 37611 / 606980) < 1e-12)
        let share = try #require(Self.value(r, "XGovExp.IMF"))
        #expect(abs(share.value - 100 * 37611 / 198000) < 1e-12)
        #expect(share.sdgSeries == "SD_XPD_ESED")
    }
}
