import Testing

@testable import SDG4Aggregate
@testable import SDG4Model

/// Each indicator on small hand-computed inputs (formulas: indicators.md §2.1, §2.9, §5.4).
@Suite("Indicators")
struct IndicatorTests {
    static let kgz = Country(rawValue: "KGZ")
    static let kaz = Country(rawValue: "KAZ")

    /// A cube from (measure, country, year, level, sex, age, value, source index) tuples.
    static func cube(_ rows: [(Measure, Country, Int, Level?, Sex, Age, Double, Int)]) -> DataCube {
        var partial = PartialAggregate()
        for (i, r) in rows.enumerated() {
            partial.add(
                Observation(
                    key: ObservationKey(measure: r.0, country: r.1, year: r.2, level: r.3, sex: r.4, age: r.5),
                    value: r.6, provenance: Provenance(sourceIndex: r.7, fileIndex: 0, line: i + 2)))
        }
        return DataCube(merging: [partial])
    }

    static func compute(_ cube: DataCube, _ ids: Set<String>? = nil) -> [IndicatorValue] {
        IndicatorEngine(selected: ids).compute(cube: cube, sourceIds: ["uis", "emis", "pop"]).values
    }

    static func value(_ values: [IndicatorValue], _ uisId: String) -> IndicatorValue? {
        values.first { $0.uisId == uisId }
    }

    @Test func grossEnrolmentRatioFromSchoolAgePopulationGivenByLevel() throws {
        // UIS-style inputs: enrolment 20062 = 469852 and SAP.1 = 441603 (KGZ 2016, UIS Feb 2019
        // release); 100 × 469852 / 441603 = 106.396922...; UIS published GER.1 = 106.39692.
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2016, .primary, .total, .all, 469852, 0),
            (.population, Self.kgz, 2016, .primary, .total, .all, 441603, 0),
        ])
        let ger = try #require(Self.value(Self.compute(cube, ["ger"]), "GER.1"))
        #expect(abs(ger.value - 106.39692) < 5e-6)
        #expect(ger.numerator == 469852)
        #expect(ger.denominator == 441603)
        // The population was given for the level: its age group is UIS's, so none is claimed.
        #expect(ger.ageGroup == "")
        #expect(ger.sources == ["uis"])
        #expect(ger.unit == "percent")
    }

    @Test func grossEnrolmentRatioSumsSingleAgesOverTheOfficialAgeGroup() throws {
        // KAZ 2019: primary ages 7-10; from 2020: 6-9 (indicators.md §1.4). Population 100 at
        // every age 5-11, enrolment 410 → 2019: 100 × 410 / 400 = 102.5, same in 2020 but over
        // ages 6-9.
        var rows: [(Measure, Country, Int, Level?, Sex, Age, Double, Int)] = []
        for year in [2019, 2020] {
            for age in 5...11 { rows.append((.population, Self.kaz, year, nil, .total, .years(age), 100, 2)) }
            rows.append((.enrolment, Self.kaz, year, .primary, .total, .all, 410, 1))
        }
        let values = Self.compute(Self.cube(rows), ["ger"]).filter { $0.uisId == "GER.1" }
        #expect(values.map(\.year) == [2019, 2020])
        #expect(values.map(\.value) == [102.5, 102.5])
        #expect(values.map(\.ageGroup) == ["7-10", "6-9"])
        #expect(values[0].sources == ["emis", "pop"])
    }

    @Test func aGapInTheAgeGroupGivesNoValueRatherThanASmallerDenominator() {
        var rows: [(Measure, Country, Int, Level?, Sex, Age, Double, Int)] = [
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 400, 1)
        ]
        for age in [7, 8, 10] { rows.append((.population, Self.kgz, 2019, nil, .total, .years(age), 100, 2)) }
        #expect(Self.compute(Self.cube(rows), ["ger"]).isEmpty)
    }

    @Test func zeroDenominatorGivesNoValueNeverZeroOrInfinity() {
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 500, 0),
            (.population, Self.kgz, 2019, .primary, .total, .all, 0, 0),
            (.teachers, Self.kgz, 2019, .primary, .total, .all, 0, 0),
            (.teachers, Self.kgz, 2019, .primary, .female, .all, 0, 0),
        ])
        let values = Self.compute(cube)
        #expect(values.isEmpty, "\(values.map(\.uisId))")
    }

    @Test func pupilTeacherRatioAndFemaleTeachers() throws {
        // KGZ 2016 (UIS Feb 2019): enrolment 469852, teachers 18770 of whom 18046 female.
        // PTR = 469852 / 18770 = 25.03207...; FTP = 100 × 18046 / 18770 = 96.14278...
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2016, .primary, .total, .all, 469852, 0),
            (.teachers, Self.kgz, 2016, .primary, .total, .all, 18770, 0),
            (.teachers, Self.kgz, 2016, .primary, .female, .all, 18046, 0),
        ])
        let values = Self.compute(cube)
        let ptr = try #require(Self.value(values, "PTRHC.1"))
        let ftp = try #require(Self.value(values, "FTP.1"))
        #expect(abs(ptr.value - 25.03207) < 5e-6)
        #expect(abs(ftp.value - 96.14278) < 5e-6)
        #expect(ptr.unit == "pupils per teacher")
        #expect((ftp.numerator, ftp.denominator) == (18046, 18770))
    }

    @Test func outOfSchoolRateFromCounts() throws {
        // KGZ 2016 (UIS Feb 2019): OFST.1.CP = 6756, SAP.1 = 441603 → 1.529880...; published 1.52984
        // (UIS divides unrounded counts, hence agreement to 4 decimals, not 5).
        let cube = Self.cube([
            (.outOfSchool, Self.kgz, 2016, .primary, .total, .all, 6756, 0),
            (.population, Self.kgz, 2016, .primary, .total, .all, 441603, 0),
        ])
        let rofst = try #require(Self.value(Self.compute(cube), "ROFST.1.CP"))
        #expect(abs(rofst.value - 1.52984) < 5e-5)
        #expect(rofst.indicator == "rofst")
    }

    @Test func totalsDerivedFromSexesAndLevelsFromParts() throws {
        // Only F and M given for lower and upper secondary: _T = F + M, 2T3 = 2 + 3.
        // Enrolment 2: F 40, M 60; 3: F 10, M 30 → 2T3 _T = 140. Population 2T3 given: 200 → 70.
        // Male from total − female: primary enrolment T 90, F 40 → M 50; male primary
        // population 100 → GER.1.M = 100 × 50 / 100 = 50.
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2019, .lowerSecondary, .female, .all, 40, 1),
            (.enrolment, Self.kgz, 2019, .lowerSecondary, .male, .all, 60, 1),
            (.enrolment, Self.kgz, 2019, .upperSecondary, .female, .all, 10, 1),
            (.enrolment, Self.kgz, 2019, .upperSecondary, .male, .all, 30, 1),
            (.population, Self.kgz, 2019, .secondary, .total, .all, 200, 0),
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 90, 0),
            (.enrolment, Self.kgz, 2019, .primary, .female, .all, 40, 0),
            (.population, Self.kgz, 2019, .primary, .male, .all, 100, 0),
        ])
        let values = Self.compute(cube, ["ger"])
        #expect(Self.value(values, "GER.2T3")?.value == 70)
        #expect(Self.value(values, "GER.2T3")?.numerator == 140)
        #expect(Self.value(values, "GER.1.M")?.value == 50)
        #expect(Self.value(values, "GER.1.M")?.numerator == 50)
    }

    @Test func implausibleGrossEnrolmentIsFlagged() throws {
        // 100 × 140 / 100 = 140 > 130, the primary plausibility bound [PIPE] (indicators.md §2.1).
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 140, 0),
            (.population, Self.kgz, 2019, .primary, .total, .all, 100, 0),
            (.enrolment, Self.kgz, 2019, .secondary, .total, .all, 140, 0),
            (.population, Self.kgz, 2019, .secondary, .total, .all, 100, 0),
        ])
        let values = Self.compute(cube, ["ger"])
        #expect(Self.value(values, "GER.1")?.flags == ["implausible"])
        #expect(Self.value(values, "GER.2T3")?.flags == [])
    }

    @Test func structuresChangeInTheRightYears() {
        let s = EducationStructures.centralAsia
        #expect(s.structure(Self.kaz, 2019)?.ageGroup(.primary) == 7...10)
        #expect(s.structure(Self.kaz, 2020)?.ageGroup(.primary) == 6...9)
        let tkm = Country(rawValue: "TKM")
        #expect(s.structure(tkm, 2013)?.ageGroup(.primary) == 7...9)
        #expect(s.structure(tkm, 2014)?.ageGroup(.lowerSecondary) == 10...15)
        #expect(s.structure(tkm, 2014)?.ageGroup(.tertiary) == 18...22)
        #expect(s.structure(Country(rawValue: "UZB"), 2019)?.ageGroup(.upperSecondary) == 16...18)
        #expect(s.structure(Country(rawValue: "UZB"), 2019)?.ageGroup(.tertiary) == 19...23)
    }

    @Test func preprimaryAndTertiaryFromSingleAgePopulation() throws {
        // UZB 2019: primary entry 7, durations 4/5/3 → pre-primary 3-6 [PIPE], tertiary 19-23
        // (indicators.md §1.2, §1.4). Population 10 per single age 0-29; pre-primary enrolment
        // 12 → 100 × 12 / 40 = 30; tertiary enrolment 15 → 100 × 15 / 50 = 30.
        let uzb = Country(rawValue: "UZB")
        var rows: [(Measure, Country, Int, Level?, Sex, Age, Double, Int)] = [
            (.enrolment, uzb, 2019, .prePrimary, .total, .all, 12, 1),
            (.enrolment, uzb, 2019, .tertiary, .total, .all, 15, 1),
        ]
        for age in 0...29 { rows.append((.population, uzb, 2019, nil, .total, .years(age), 10, 2)) }
        let values = Self.compute(Self.cube(rows), ["ger"])
        let pre = try #require(Self.value(values, "GER.02"))
        let tertiary = try #require(Self.value(values, "GER.5T8"))
        #expect((pre.value, pre.denominator, pre.ageGroup) == (30, 40, "3-6"))
        #expect((tertiary.value, tertiary.denominator, tertiary.ageGroup) == (30, 50, "19-23"))
    }

    @Test func tertiaryNeedsBachelorMasterAndDoctoral() {
        // Only ISCED 6 given: a partial tertiary total would understate GER.5T8, so none.
        var rows: [(Measure, Country, Int, Level?, Sex, Age, Double, Int)] = [
            (.enrolment, Self.kgz, 2019, .bachelor, .total, .all, 100, 1),
            (.population, Self.kgz, 2019, .tertiary, .total, .all, 1000, 0),
        ]
        #expect(Self.compute(Self.cube(rows), ["ger"]).isEmpty)
        // With 6, 7 and 8 (and no 5): 100 + 20 + 5 = 125 → 12.5.
        rows += [
            (.enrolment, Self.kgz, 2019, .master, .total, .all, 20, 1),
            (.enrolment, Self.kgz, 2019, .doctoral, .total, .all, 5, 1),
        ]
        #expect(Self.value(Self.compute(Self.cube(rows), ["ger"]), "GER.5T8")?.value == 12.5)
    }

    @Test func zeroDenominatorIsNoted() throws {
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 87, 1),
            (.teachers, Self.kgz, 2019, .primary, .total, .all, 0, 0),
        ])
        let result = IndicatorEngine(selected: ["ptr"]).compute(cube: cube, sourceIds: ["uis", "emis"])
        #expect(result.values.isEmpty)
        let note = try #require(result.notes.first)
        #expect(note.code == .indicatorZeroDenominator)
        #expect(note.uisId == "PTRHC.1")
        #expect(note.sources == ["uis", "emis"])
    }

    @Test func nonFiniteResultsAreNeverWritten() {
        // 1e308 pupils over 0.001 children overflows to infinity: no value.
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 1e308, 1),
            (.population, Self.kgz, 2019, .primary, .total, .all, 0.001, 0),
        ])
        #expect(Self.compute(cube, ["ger"]).isEmpty)
    }

    @Test func femaleTeachersAboveTotalAreFlagged() throws {
        let cube = Self.cube([
            (.teachers, Self.kgz, 2019, .primary, .total, .all, 10, 0),
            (.teachers, Self.kgz, 2019, .primary, .female, .all, 11, 0),
        ])
        let ftp = try #require(Self.value(Self.compute(cube, ["ftp"]), "FTP.1"))
        #expect(ftp.value == 110)
        #expect(ftp.flags == ["implausible"])
    }

    @Test func aTotalAndABreakdownThatDisagreeAreReported() throws {
        // 1000 for all ages (source 0) but single ages summing to 400 (source 1): the total is
        // used and the disagreement reported.
        let cube = Self.cube([
            (.enrolment, Self.kgz, 2019, .primary, .total, .all, 1000, 0),
            (.enrolment, Self.kgz, 2019, .primary, .total, .years(7), 150, 1),
            (.enrolment, Self.kgz, 2019, .primary, .total, .years(8), 250, 1),
        ])
        #expect(cube.total(.enrolment, Self.kgz, 2019, level: .primary, sex: .total)?.value == 1000)
        let mismatch = try #require(cube.mismatches.first)
        #expect(cube.mismatches.count == 1)
        #expect((mismatch.used, mismatch.other) == (1000, 400))
        #expect(mismatch.description == "enrolment KGZ 2019 level 1 sex _T")
    }

    @Test func enrolmentGivenOnlyByLocationIsAddedUp() throws {
        // Urban 60 + rural 40 = 100 pupils over 80 children → 125.
        var partial = PartialAggregate()
        let rows: [(Location, Double)] = [(.urban, 60), (.rural, 40)]
        for (i, r) in rows.enumerated() {
            partial.add(
                Observation(
                    key: ObservationKey(
                        measure: .enrolment, country: Self.kgz, year: 2019, level: .primary, location: r.0),
                    value: r.1, provenance: Provenance(sourceIndex: 0, fileIndex: 0, line: i + 2)))
        }
        partial.add(
            Observation(
                key: ObservationKey(measure: .population, country: Self.kgz, year: 2019, level: .primary), value: 80,
                provenance: Provenance(sourceIndex: 0, fileIndex: 0, line: 9)))
        let values = IndicatorEngine(selected: ["ger"]).compute(cube: DataCube(merging: [partial]), sourceIds: ["s"])
        #expect(Self.value(values.values, "GER.1")?.value == 125)
    }
}
