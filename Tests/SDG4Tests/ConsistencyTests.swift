import Testing

@testable import SDG4Aggregate
@testable import SDG4Model

/// The checks of indicators.md §8 on hand-made results.
@Suite("Consistency checks")
struct ConsistencyTests {
    static let kgz = Country(rawValue: "KGZ")

    static func v(
        _ indicator: String, _ value: Double, year: Int = 2019, level: String = "1", unit: String = "percent",
        numerator: Double = 1
    ) -> IndicatorValue {
        IndicatorValue(
            indicator: indicator, uisId: indicator.uppercased(), country: kgz, year: year, level: level, value: value,
            numerator: numerator, denominator: 1, unit: unit)
    }

    static func codes(_ values: [IndicatorValue]) -> [String] {
        ConsistencyChecks.run(values.sorted(), structures: .centralAsia).map { "\($0.code)\($0.hard ? "!" : "")" }
    }

    /// Each indicator declares its valid range, and the check uses it: one above its upper
    /// bound is an impossible result for every bounded indicator (trained and qualified
    /// teachers have their own words for it), and one within it is not.
    @Test func everyDeclaredRangeIsChecked() {
        let catalogue = IndicatorCatalogue()
        let bounded = catalogue.definitions.filter { $0.validRange != nil && !["trtp", "qutp"].contains($0.id) }
        #expect(bounded.count > 30)
        for d in bounded {
            let range = d.validRange!
            let above = Self.codes([Self.v(d.id, range.upperBound + 1, unit: d.unit)])
            let code = d.id.hasSuffix("pia") ? "consistency.parity-out-of-range!" : "consistency.rate-out-of-range!"
            #expect(above.contains(code), "\(d.id): \(above)")
            let within = Self.codes([Self.v(d.id, range.upperBound / 2 + range.lowerBound / 2, unit: d.unit)])
            #expect(!within.contains(code), "\(d.id): \(within)")
        }
        // Unbounded ratios: GER may exceed 100 (over-age pupils) without an error.
        #expect(catalogue.definitions.first { $0.id == "ger" }?.validRange == nil)
    }

    @Test func netRatesMustBeOrdered() {
        // NER 96 > ANER 95 > TNER 94: two hard failures; NER 96 > GER 95: a third.
        #expect(
            Self.codes([Self.v("ner", 96), Self.v("nera", 95), Self.v("nert", 94), Self.v("ger", 95)]).sorted() == [
                "consistency.aner-above-tner!", "consistency.ner-above-aner!", "consistency.ner-above-ger!",
            ])
        // In order: nothing.
        #expect(Self.codes([Self.v("ner", 90), Self.v("nera", 92), Self.v("nert", 94), Self.v("ger", 101)]).isEmpty)
    }

    @Test func countsThatCannotExceedTheirTotal() {
        #expect(Self.codes([Self.v("trtp", 101)]) == ["consistency.trained-above-total!"])
        #expect(Self.codes([Self.v("qutp", 100.5)]) == ["consistency.qualified-above-total!"])
        #expect(Self.codes([Self.v("schools.internet", 102)]) == ["consistency.facility-above-schools!"])
        #expect(Self.codes([Self.v("gir.last", -3, numerator: -3)]) == ["consistency.repeaters-above-enrolment!"])
        #expect(Self.codes([Self.v("ftp", 110)]) == ["consistency.rate-out-of-range!"])
        #expect(Self.codes([Self.v("nert", 100.0000001)]).contains("consistency.tner-above-100!"))
    }

    @Test func softChecks() {
        #expect(Self.codes([Self.v("ger", 151)]) == ["plausibility.ger-above-150"])
        #expect(Self.codes([Self.v("ger", 150)]).isEmpty)
        #expect(Self.codes([Self.v("ger.gpia", 0.45, unit: "index")]) == ["plausibility.gpia-out-of-band"])
        #expect(Self.codes([Self.v("ger.gpia", 2.1, unit: "index")]) == ["consistency.parity-out-of-range!"])
        // Rates: 80 → 91 is 11 points (a jump); 80 → 90 is not. Ratios: 20 → 24.1 is 20.5 %.
        #expect(Self.codes([Self.v("ger", 80, year: 2018), Self.v("ger", 91)]) == ["plausibility.jump"])
        #expect(Self.codes([Self.v("ger", 80, year: 2018), Self.v("ger", 90)]).isEmpty)
        #expect(
            Self.codes([
                Self.v("ptr", 20, year: 2018, unit: "pupils per teacher"),
                Self.v("ptr", 24.1, unit: "pupils per teacher"),
            ])
                == ["plausibility.jump"])
        // Not consecutive years: no jump.
        #expect(Self.codes([Self.v("ger", 80, year: 2017), Self.v("ger", 95)]).isEmpty)
    }

    @Test func structureChangeBreaksTheSeries() {
        // Kazakhstan changes primary entry age in 2020 (indicators.md §1.4); Kyrgyzstan does not.
        let kaz = Country(rawValue: "KAZ")
        let values = [2019, 2020].flatMap { year in
            [kaz, Self.kgz].map {
                IndicatorValue(
                    indicator: "ger", uisId: "GER.1", country: $0, year: year, level: "1", value: 100, numerator: 1,
                    denominator: 1, unit: "percent")
            }
        }
        let findings = ConsistencyChecks.run(values.sorted(), structures: .centralAsia)
        #expect(findings.map(\.code) == [.plausibilityStructureBreak])
        #expect(findings.first?.country == kaz)
        #expect(findings.first?.year == 2020)
    }
}

extension ConsistencyTests {
    @Test func everyParityIndexAndSurveyShareIsRangeChecked() {
        #expect(Self.codes([Self.v("cr.lpia", 2.5, unit: "index")]) == ["consistency.parity-out-of-range!"])
        #expect(Self.codes([Self.v("mpl", 101)]) == ["consistency.rate-out-of-range!"])
        // Out-of-band applies to gender parity; location and wealth gaps are often wider.
        #expect(Self.codes([Self.v("cr.wpia", 0.4, unit: "index")]).isEmpty)
    }
}
