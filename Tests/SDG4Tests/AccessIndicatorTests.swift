import Testing

@testable import SDG4Aggregate
@testable import SDG4Model

/// The age-specific access indicators on hand-computed inputs: net rates and capping (§2.2-§2.6),
/// out-of-school rate from enrolment (§2.9), 4.2.2 (§2.5), gross intake to the last grade (§2.7),
/// over-age (§2.8), and the unknown-age rule (§1.3).
@Suite("Access indicators")
struct AccessIndicatorTests {
    static let kgz = Country(rawValue: "KGZ")
    static let kaz = Country(rawValue: "KAZ")

    struct Row {
        var measure: Measure
        var country = AccessIndicatorTests.kgz
        var year = 2019
        var level: Level?
        var sex: Sex
        var age: Age = .all
        var grade: Int?
        var value: Double
    }

    static func compute(_ rows: [Row], _ ids: Set<String>) -> EngineResult {
        var partial = PartialAggregate()
        for (i, r) in rows.enumerated() {
            partial.add(
                Observation(
                    key: ObservationKey(
                        measure: r.measure, country: r.country, year: r.year, level: r.level, sex: r.sex, age: r.age,
                        grade: r.grade),
                    value: r.value, provenance: Provenance(sourceIndex: 0, fileIndex: 0, line: i + 2)))
        }
        return IndicatorEngine(selected: ids).compute(cube: DataCube(merging: [partial]), sourceIds: ["s"])
    }

    static func value(_ r: EngineResult, _ uisId: String) -> IndicatorValue? {
        r.values.first { $0.uisId == uisId }
    }

    /// Population 100 at each age 5-17 for both sexes.
    static func population(_ country: Country = kgz, year: Int = 2019) -> [Row] {
        (5...17).flatMap { age in
            [Sex.female, Sex.male].map {
                Row(measure: .population, country: country, year: year, sex: $0, age: .years(age), value: 100)
            }
        }
    }

    /// Girls: 95 at each primary age 7-10, 3 aged 10 already in lower secondary, 2 aged 7 still
    /// in pre-primary. Boys: `boys` at each primary age, 4 aged 10 in lower secondary, 6 aged 7
    /// in pre-primary.
    static func primaryAgeEnrolment(boys: Double) -> [Row] {
        var rows: [Row] = []
        for age in 7...10 {
            rows.append(Row(measure: .enrolment, level: .primary, sex: .female, age: .years(age), value: 95))
            rows.append(Row(measure: .enrolment, level: .primary, sex: .male, age: .years(age), value: boys))
        }
        rows += [
            Row(measure: .enrolment, level: .lowerSecondary, sex: .female, age: .years(10), value: 3),
            Row(measure: .enrolment, level: .lowerSecondary, sex: .male, age: .years(10), value: 4),
            Row(measure: .enrolment, level: .prePrimary, sex: .female, age: .years(7), value: 2),
            Row(measure: .enrolment, level: .prePrimary, sex: .male, age: .years(7), value: 6),
        ]
        return rows
    }

    @Test func netRatesWithoutCapping() throws {
        // Population of ages 7-10: 400 girls, 400 boys. Girls: NER 380/400 = 95, ANER (with
        // lower secondary) 383/400 = 95.75, TNER (with pre-primary) 385/400 = 96.25. Boys (90 a
        // year): 360 → 90, 364 → 91, 370 → 92.5. Both sexes: 740/800 = 92.5, 747/800 = 93.375,
        // 755/800 = 94.375. Out of school = 100 − TNER: 3.75, 7.5, 5.625. Largest ratio 0.9625
        // ≤ 1: no capping.
        let r = Self.compute(
            Self.population() + Self.primaryAgeEnrolment(boys: 90), ["ner", "nera", "nert", "rofst.nert"])
        let expected: [(String, Double)] = [
            ("NER.1.F.CP", 95), ("NER.1.M.CP", 90), ("NER.1.CP", 92.5), ("NERA.1.F.CP", 95.75), ("NERA.1.M.CP", 91),
            ("NERA.1.CP", 93.375), ("NERT.1.F.CP", 96.25), ("NERT.1.M.CP", 92.5), ("NERT.1.CP", 94.375),
        ]
        for (id, v) in expected {
            let value = try #require(Self.value(r, id), "\(id)")
            #expect(abs(value.value - v) < 1e-12, "\(id): \(value.value)")
            #expect(value.flags.isEmpty, "\(id)")
        }
        let oos = r.values.filter { $0.indicator == "rofst.nert" && $0.level == "1" }
        #expect(oos.map(\.sex) == [.total, .female, .male])
        #expect(zip(oos.map(\.value), [5.625, 3.75, 7.5]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func cappingDividesEveryRateByTheLargerRatioAndKeepsParity() throws {
        // Boys 110 a year: any-level enrolment of boys aged 7-10 = 440 + 4 + 6 = 450 over 400 →
        // 1.125, the capping factor (girls 385/400 = 0.9625). Boys' TNER becomes exactly 100;
        // girls' 96.25 / 1.125 = 85.5555…; NER boys 440/400 = 110 → 97.777…; out of school for
        // boys 0. The adjusted GPIA of TNER is 0.9625/1.125 = 0.8555… before and after capping.
        let r = Self.compute(
            Self.population() + Self.primaryAgeEnrolment(boys: 110), ["ner", "nert", "rofst.nert", "nert.gpia"])
        let boys = try #require(Self.value(r, "NERT.1.M.CP"))
        #expect(boys.value == 100)
        #expect(boys.flags == ["capped", "implausible"])  // uncapped 112.5 > 105
        let girls = try #require(Self.value(r, "NERT.1.F.CP"))
        #expect(abs(girls.value - 96.25 / 1.125) < 1e-12)
        #expect(girls.flags == ["capped"])
        #expect(abs(try #require(Self.value(r, "NER.1.M.CP")).value - 110 / 1.125) < 1e-12)
        #expect(try #require(Self.value(r, "ROFST.1.M.CP")).value == 0)
        let gpia = try #require(Self.value(r, "NERT.1.GPIA.CP"))
        #expect(abs(gpia.value - 0.9625 / 1.125) < 1e-12)
    }

    @Test func unknownAgesAreSpreadOnlyAboveFivePercent() throws {
        // Girls in primary: 90 at each age 7-10 (360) plus 40 of unknown age: 40/400 = 10 % > 5 %,
        // so the known ages are scaled by 400/360 → NER = 100 × 400/400 = 100, flagged.
        // With 10 of unknown age (10/370 = 2.7 %), nothing moves: NER = 360/400 = 90.
        for (unknown, expected, flagged) in [(40.0, 100.0, true), (10.0, 90.0, false)] {
            var rows = Self.population()
            for age in 7...10 {
                rows.append(Row(measure: .enrolment, level: .primary, sex: .female, age: .years(age), value: 90))
            }
            rows.append(Row(measure: .enrolment, level: .primary, sex: .female, age: .unknown, value: unknown))
            let ner = try #require(Self.value(Self.compute(rows, ["ner"]), "NER.1.F.CP"))
            #expect(abs(ner.value - expected) < 1e-12)
            #expect(ner.flags.contains("age-redistributed") == flagged)
        }
    }

    @Test func participationOneYearBeforePrimaryFollowsTheStructureChange() throws {
        // Kazakhstan: primary entry at 7 until 2019, at 6 from 2020 (indicators.md §1.4), so the
        // reference age is 6 in 2019 and 5 in 2020. Girls: 40 aged 5 and 70 aged 6 in pre-primary,
        // 10 aged 6 in primary; population 100 a year of age.
        var rows: [Row] = []
        for year in [2019, 2020] {
            rows += Self.population(Self.kaz, year: year)
            rows += [
                Row(
                    measure: .enrolment, country: Self.kaz, year: year, level: .prePrimary, sex: .female,
                    age: .years(5), value: 40),
                Row(
                    measure: .enrolment, country: Self.kaz, year: year, level: .prePrimary, sex: .female,
                    age: .years(6), value: 70),
                Row(
                    measure: .enrolment, country: Self.kaz, year: year, level: .primary, sex: .female, age: .years(6),
                    value: 10),
            ]
        }
        let values = Self.compute(rows, ["prol"]).values.filter { $0.sex == .female }
        // 2019: (70 + 10) / 100 = 80 % at age 6; 2020: 40 / 100 = 40 % at age 5.
        #expect(values.map(\.year) == [2019, 2020])
        #expect(values.map(\.value) == [80, 40])
        #expect(values.map(\.ageGroup) == ["6", "5"])
    }

    @Test func grossIntakeToTheLastGradeNeedsRepeaters() throws {
        // Kyrgyzstan: last grade of primary is grade 4, intended age 10 (7 + 4 − 1). Girls: 105 in
        // grade 4, of whom 8 repeaters: (105 − 8) / 100 = 97 %.
        let base = Self.population() + [Row(measure: .enrolment, level: .primary, sex: .female, grade: 4, value: 105)]
        let withRepeaters = base + [Row(measure: .repeaters, level: .primary, sex: .female, grade: 4, value: 8)]
        let gir = try #require(Self.value(Self.compute(withRepeaters, ["gir.last"]), "AIR.1.F.GLAST"))
        #expect(gir.value == 97)
        #expect((gir.numerator, gir.denominator, gir.ageGroup) == (97, 100, "10"))
        // Without repeaters: no value (total enrolment would overstate it) and a note.
        let without = Self.compute(
            base + [Row(measure: .enrolment, level: .primary, sex: .male, grade: 4, value: 99)], ["gir.last"])
        #expect(without.values.isEmpty)
        #expect(without.notes.map(\.code.id) == ["indicator.missing-input"])
    }

    @Test func overAgeCountsPupilsTwoYearsOlderThanTheirGrade() throws {
        // Entry age 7: grade 1 is for age 7, so 9 and over is over-age; grade 2, 10 and over.
        // Grade 1: 90 aged 7, 5 aged 8, 3 aged 9; grade 2: 80 aged 8, 2 aged 10; 5 of unknown age
        // (left out). Over-age 3 + 2 = 5 of 180 → 2.777…%.
        let rows = [
            Row(measure: .enrolment, level: .primary, sex: .female, age: .years(7), grade: 1, value: 90),
            Row(measure: .enrolment, level: .primary, sex: .female, age: .years(8), grade: 1, value: 5),
            Row(measure: .enrolment, level: .primary, sex: .female, age: .years(9), grade: 1, value: 3),
            Row(measure: .enrolment, level: .primary, sex: .female, age: .years(8), grade: 2, value: 80),
            Row(measure: .enrolment, level: .primary, sex: .female, age: .years(10), grade: 2, value: 2),
            Row(measure: .enrolment, level: .primary, sex: .female, age: .unknown, grade: 2, value: 5),
        ]
        let over = try #require(Self.value(Self.compute(rows, ["overage"]), "OAEP.1.F"))
        #expect((over.numerator, over.denominator) == (5, 180))
        #expect(abs(over.value - 100 * 5 / 180) < 1e-12)
    }
}

extension AccessIndicatorTests {
    @Test func enrolmentWithoutSexesIsCappedByItsTotal() throws {
        // Enrolment for both sexes only: 110 at each age 7-10 over 200 children a year (100 girls
        // + 100 boys) → ratio 440/800 = 0.55: no capping. With 220 a year: 880/800 = 1.1 → the
        // total's ratio is the factor and NER.1 = 100, not 110.
        var rows = Self.population()
        for age in 7...10 {
            rows.append(Row(measure: .enrolment, level: .primary, sex: .total, age: .years(age), value: 220))
        }
        // TNER needs the levels next to primary; their pupils here are of other ages (5, 12).
        rows.append(Row(measure: .enrolment, level: .prePrimary, sex: .total, age: .years(5), value: 150))
        rows.append(Row(measure: .enrolment, level: .lowerSecondary, sex: .total, age: .years(12), value: 190))
        let r = Self.compute(rows, ["ner", "nert", "rofst.nert"])
        let ner = try #require(Self.value(r, "NER.1.CP"))
        #expect(abs(ner.value - 100) < 1e-12)
        #expect(ner.flags == ["capped", "implausible"])
        #expect(try #require(Self.value(r, "ROFST.1.CP")).value == 0)
    }

    @Test func aLevelWithoutItsOwnEnrolmentHasNoNetRate() {
        // Primary enrolment by age only: upper secondary (ages 16-17) has none of its own, so
        // its TNER and out-of-school rate are unknown, not 0 and 100.
        let r = Self.compute(Self.population() + Self.primaryAgeEnrolment(boys: 90), ["nert", "rofst.nert"])
        #expect(!r.values.contains { $0.level == "3" })
        #expect(r.values.contains { $0.uisId == "NERT.1.CP" })
    }
}
