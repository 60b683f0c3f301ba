import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4PipelineFile
@testable import SDG4Report

/// Progress towards national benchmarks (issue 18; docs/methodology.md, "Progress towards
/// benchmarks"). Every expected ratio is computed by hand from the formulas:
/// g(v₁, v₀) = (v₁/v₀)^(1/(t₁−t₀)) − 1 and R = s·d·g(latest, base) / |g(target, base)|.
@Suite("Progress towards benchmarks")
struct BenchmarkProgressTests {
    typealias Point = (year: Int, value: Double, se: Double?)

    static func row(_ target: Double?, _ points: [Point], better: Better = .higher, year: Int = 2030) -> ProgressRow {
        BenchmarkProgress.row(
            Benchmark(country: Country(rawValue: "KGZ"), uisId: "X", year: year, value: target), points, better: better)
    }

    /// Base 50 in 2015, target 70 in 2030: the required growth (70/50)^(1/15) − 1 = 0.022688.
    @Test(arguments: [
        // latest 2020: (v/50)^(1/5) − 1 over 0.022688
        (60.0, 1.6370886050, ProgressStatus.substantialProgress),
        (55.0, 0.8483540014, .moderateProgress),
        (52.0, 0.3471457987, .limitedProgress),
        (48.0, -0.3584383996, .deterioration),
    ])
    func everyStatusOfTheGrowthRatio(latest: Double, ratio: Double, status: ProgressStatus) throws {
        let r = Self.row(70, [(2015, 50, nil), (2020, latest, nil)])
        #expect(abs(try #require(r.progress) - ratio) < 1e-9)
        #expect(r.status == status)
        #expect(r.baseYear == 2015 && r.latestYear == 2020 && r.significant == nil)
    }

    /// The target is checked first: reached, it is `target_achieved` whatever the ratio.
    @Test func targetAchievedFirst() {
        let up = Self.row(70, [(2015, 50, nil), (2020, 71, nil)])
        #expect(up.status == .targetAchieved && up.progress == nil)
        let down = Self.row(2, [(2015, 5, nil), (2021, 1.5, nil)], better: .lower)
        #expect(down.status == .targetAchieved)
        // Falling short of a falling target is not achieved: 2.5 > 2.
        #expect(Self.row(2, [(2015, 5, nil), (2021, 2.5, nil)], better: .lower).status != .targetAchieved)
    }

    /// Base year: 2015, or the first later year with a value (earlier years are not the base).
    @Test func theBaseYearRule() {
        let r = Self.row(70, [(2012, 40, nil), (2014, 45, nil), (2016, 50, nil), (2021, 60, nil)])
        #expect(r.baseYear == 2016 && r.baseValue == 50 && r.latestYear == 2021)
        // (60/50)^(1/5) − 1 over (70/50)^(1/14) − 1 = 0.037137 / 0.024328
        #expect(abs(r.progress! - (pow(1.2, 0.2) - 1) / (pow(1.4, 1.0 / 14) - 1)) < 1e-12)
    }

    /// At least two years between base and latest, else `not_available`; nothing from 2015 on,
    /// no base at all.
    @Test func theMinimumDataRule() {
        let close = Self.row(70, [(2015, 50, nil), (2016, 60, nil)])
        #expect(close.status == .notAvailable && close.progress == nil && close.baseYear == 2015)
        let old = Self.row(70, [(2010, 50, nil), (2014, 60, nil)])
        #expect(old.status == .notAvailable && old.baseYear == nil)
        #expect(Self.row(70, []).status == .notAvailable)
    }

    /// A target of 0 (out-of-school rate): the linear form, the observed change a year over the
    /// required one: ((7 − 10)/6) / ((0 − 10)/15) = 0.75.
    @Test func aZeroTarget() {
        let r = Self.row(0, [(2015, 10, nil), (2021, 7, nil)], better: .lower)
        #expect(abs(r.progress! - 0.75) < 1e-12 && r.status == .moderateProgress)
        // Rising instead: ((12 − 10)/6) / ((0 − 10)/15) = −0.5, deterioration.
        let worse = Self.row(0, [(2015, 10, nil), (2021, 12, nil)], better: .lower)
        #expect(abs(worse.progress! + 0.5) < 1e-12 && worse.status == .deterioration)
    }

    /// A parity index: the distance from 1, which should fall to the target's, or to the edge
    /// of the parity band 0.97-1.03 for parity. 0.90 → 0.95 by 2020, parity by 2030: the
    /// distance 0.10 → 0.05, to reach 0.03: −((0.05/0.10)^(1/5) − 1) / |(0.03/0.10)^(1/15) − 1|
    /// = 1.6783690594.
    @Test func aParityIndex() {
        let r = Self.row(1, [(2015, 0.90, nil), (2020, 0.95, nil)], better: .parity)
        #expect(abs(r.progress! - 1.6783690594333085) < 1e-12 && r.status == .substantialProgress)
        // A target inside the band counts as the band's edge: the same ratio.
        #expect(abs(Self.row(0.98, [(2015, 0.90, nil), (2020, 0.95, nil)], better: .parity).progress! - 1.6783690594333085) < 1e-12)
        #expect(Self.row(1, [(2015, 0.90, nil), (2020, 0.98, nil)], better: .parity).status == .targetAchieved)
        #expect(Self.row(1, [(2015, 1.10, nil), (2020, 1.02, nil)], better: .parity).status == .targetAchieved)
        // Moving away from parity (1.05 → 1.08): the gap grows, deterioration.
        #expect(Self.row(1, [(2015, 1.05, nil), (2020, 1.08, nil)], better: .parity).status == .deterioration)
    }

    /// A value that should fall, by the growth form: KAZ's sample out-of-school rate, 0.66292
    /// (2015) → 0.51432 (2024), target 0.3 by 2030: R = −1 · g(latest, base) / |g(0.3, base)|
    /// = 0.5400992672 (limited progress).
    @Test func aFallingValueByTheGrowthForm() {
        let r = Self.row(0.3, [(2015, 0.6629246379420951, nil), (2024, 0.5143214553986395, nil)], better: .lower)
        #expect(abs(r.progress! - 0.5400992671834538) < 1e-12 && r.status == .limitedProgress)
        // Rising instead: the same size, negative.
        let worse = Self.row(0.3, [(2015, 0.5, nil), (2024, 0.6, nil)], better: .lower)
        #expect(worse.progress! < 0 && worse.status == .deterioration)
    }

    /// A base of 0 that should stay low: rising from 0 to 1 by 2020 against a target of 0.5 is
    /// deterioration, −(1/5) / (0.5/15) = −6 (the linear form keeps the direction).
    @Test func aZeroBase() {
        let r = Self.row(0.5, [(2015, 0, nil), (2020, 1, nil)], better: .lower)
        #expect(abs(r.progress! + 6) < 1e-12 && r.status == .deterioration)
    }

    /// A change within sampling error is not significant: 2 points against
    /// 1.959964 √(3² + 3²) = 8.315; with standard errors of 0.5, 1.386: significant.
    @Test func aNonSignificantChange() {
        let noisy = Self.row(70, [(2015, 50, 3), (2020, 52, 3)])
        #expect(noisy.significant == false && noisy.status == .limitedProgress)
        #expect(Self.row(70, [(2015, 50, 0.5), (2020, 52, 0.5)]).significant == true)
        #expect(Self.row(70, [(2015, 50, 0.5), (2020, 52, nil)]).significant == nil)
    }

    /// Without a target: the growth against 1.5 %, 0.5 % and 0 a year, reduced near the
    /// natural limit: base 99 (of 100), C = 1 − 0.99^4.44 = 0.043643, so 0.1008 % a year
    /// ((99.5/99)^(1/5) − 1) is substantial progress, above 1.5 % × C = 0.0655 %.
    @Test func noTargetNearTheLimit() {
        let r = BenchmarkProgress.row(
            Benchmark(country: Country(rawValue: "KGZ"), uisId: "X", year: 2030, value: nil),
            [(2015, 99, nil), (2020, 99.5, nil)], better: .higher, limit: 100)
        #expect(abs(r.progress! - 0.001008066563882748) < 1e-12)
        #expect(r.status == .substantialProgress)
        #expect(abs(BenchmarkProgress.limitFactor(base: 99, limit: 100) - 0.04364250892314536) < 1e-12)
        // Without a limit (not a percentage) the thresholds stand: 0.1 % a year is limited.
        #expect(Self.row(nil, [(2015, 99, nil), (2020, 99.5, nil)]).status == .limitedProgress)
        // Falling as it should: 10 → 9 in 5 years, −((9/10)^(1/5) − 1) = 2.085 % a year, substantial.
        let down = Self.row(nil, [(2015, 10, nil), (2020, 9, nil)], better: .lower)
        #expect(abs(down.progress! - 0.0208516376390232) < 1e-12 && down.status == .substantialProgress)
    }

    /// The series of a benchmark: the values of its UIS id (sex included) for all areas and
    /// quintiles, of the indicator with more values where two give the id; the limit of a
    /// percentage.
    @Test func theSeriesOfABenchmark() throws {
        func v(_ indicator: String, _ id: String, _ year: Int, _ value: Double, location: Location = .total) -> IndicatorValue {
            IndicatorValue(
                indicator: indicator, uisId: id, country: Country(rawValue: "KGZ"), year: year, level: "1",
                location: location, value: value, numerator: 0, denominator: 0, unit: "percent")
        }
        let values = [
            v("rofst", "ROFST.1.CP", 2015, 4), v("rofst", "ROFST.1.CP", 2020, 3),
            v("rofst.nert", "ROFST.1.CP", 2015, 9), v("rofst.nert", "ROFST.1.CP", 2018, 9), v("rofst.nert", "ROFST.1.CP", 2020, 1),
            v("rofst", "ROFST.1.F.CP", 2015, 50), v("rofst", "ROFST.1.CP", 2021, 0.5, location: .rural),
        ]
        let catalogue = IndicatorCatalogue()
        let rows = BenchmarkProgress.rows(
            [Benchmark(country: Country(rawValue: "KGZ"), uisId: "rofst.1.cp", year: 2030, value: 0)], values: values
        ) { catalogue.definition(forUISId: $0) }
        let r = try #require(rows.first)
        // rofst.nert has more values; the rural 2021 value and the girls' are not the series.
        #expect(r.baseValue == 9 && r.latestValue == 1 && r.latestYear == 2020)
        // Linear (target 0): −((1 − 9)/5) / (9/15) = 2.666...
        #expect(abs(r.progress! - 8.0 / 5 / (9.0 / 15)) < 1e-12)
    }

    /// UIS ids are those sdg4 computes, whatever their case.
    @Test func uisIdsOfTheCatalogue() {
        let c = IndicatorCatalogue()
        for (id, indicator) in [
            ("TRTP.1", "trtp"), ("ROFST.1.CP", "rofst"), ("CR.3", "cr"), ("NERA.AGM1.CP", "prol"),
            ("MPL.L2.GLAST.READING", "mpl"), ("GER.1.GPIA", "ger.gpia"), ("XGDP.FSgov", "xgdp"), ("cr.3.gpia", "cr.gpia"),
        ] {
            #expect(c.definition(forUISId: id)?.id == indicator, "\(id)")
        }
        #expect(c.definition(forUISId: "GER.9") == nil && c.definition(forUISId: "FOO.1") == nil)
        #expect(c.definition(forUISId: "ROFST.1.CP")?.better == .lower)
        #expect(c.definition(forUISId: "GER.1.GPIA")?.better == .parity)
    }

    /// Every problem of a benchmarks file is a pipeline-file error with its line and column.
    @Test func benchmarkFileErrors() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            "# illustrative\ncountry,indicator,year,value\nKGZ,CR.3,2030,95\nXXX,CR.3,2030,1\nKGZ,FOO.1,2030,1\nKGZ,CR.3,20x0,1\nKGZ,TRTP.1,2030,abc\nKGZ,CR.3,2030,90\n"
                + "KGZ,ROFST.1.CP,2030,-5\nKGZ,FTP.1,2030,60\nKGZ,TRTP.1,2010,100\nKGZ,GER.1.GPIA,2030,7\n",
            to: folder, "b.csv")
        let yaml = "benchmarks: b.csv\nsources:\n  - id: s\n    path: d.csv\n    format: uis-bdds\n"
        #expect {
            try PipelineFileParser.load(TestSupport.write(yaml, to: folder, "p.yml"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("line 4, column 1: unknown country 'XXX'")
                && text.contains("line 5, column 2: 'FOO.1' is not a UIS id sdg4 computes")
                && text.contains("line 6, column 3: expected the target year")
                && text.contains("line 7, column 4: expected the target value")
                && text.contains("line 8, column 2: the benchmark is given twice (first on line 3)")
                && text.contains("line 9, column 4: a target of -5 is outside the values ROFST.1.CP can take (0-100)")
                && text.contains("line 10, column 2: 'FTP.1' has no better direction")
                && text.contains("line 11, column 3: expected the target year, 2016-2100")
                && text.contains("line 12, column 4: a target of 7 is outside the values GER.1.GPIA can take (0-2)")
        }
        TestSupport.write(
            "# illustrative values\n# ru: условные\ncountry,indicator,year,value\nKGZ,CR.3,2030,95\nKGZ,NERT.1.CP,2030,\n",
            to: folder, "b.csv")
        let definition = try PipelineFileParser.load(TestSupport.write(yaml, to: folder, "p.yml"))
        #expect(definition.benchmarks.map(\.value) == [95, nil])
        #expect(definition.benchmarksNotes == ["": "illustrative values", "ru": "условные"])
    }
}

/// Reports say each thing once (issue 18): repeated problems of one code and indicator on one
/// line, the years as ranges with the count.
@Suite("Repeated problems in reports")
struct RepeatedProblemTests {
    @Test func yearsAsRanges() {
        #expect(CountryReport.yearRanges([2015, 2016, 2017, 2019, 2021, 2022]) == "2015–2017, 2019, 2021–2022")
        #expect(CountryReport.yearRanges([2020]) == "2020")
    }

    @Test func oneLinePerCodeAndIndicator() {
        func p(_ message: String, _ code: ProblemCode = .plausibilityGpiaOutOfBand) -> Diagnostic {
            Diagnostic(code: code, message: message)
        }
        let lines = CountryReport.grouped([
            p("TRTP.1.GPIA KGZ 2015: 1.587 is outside 0.5-1.5."), p("TRTP.02.GPIA KGZ 2015: 1.591 is outside 0.5-1.5."),
            p("TRTP.1.GPIA KGZ 2016: 1.588 is outside 0.5-1.5."), p("TRTP.1.GPIA KGZ 2018: 1.6 is outside 0.5-1.5."),
            p("8 cell(s) of cr for KGZ 2018 have fewer than 30 respondents", .surveySuppressed),
        ])
        #expect(lines.map(\.message) == [
            "TRTP.1.GPIA KGZ 2015–2016, 2018 (3 values), first: 1.587 is outside 0.5-1.5.",
            "TRTP.02.GPIA KGZ 2015: 1.591 is outside 0.5-1.5.",
            "8 cell(s) of cr for KGZ 2018 have fewer than 30 respondents",
        ])
    }
}
