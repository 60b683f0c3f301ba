import Testing

@testable import SDG4Aggregate
@testable import SDG4Model

/// The Central Asia aggregate (indicators.md §7): Σ numerators / Σ denominators, imputation for
/// the aggregate only, and the 33 % / 60 % coverage bands.
@Suite("Central Asia aggregate")
struct RegionalAggregateTests {
    static func ger(_ country: String, _ year: Int, _ numerator: Double, _ denominator: Double, sex: Sex = .total)
        -> IndicatorValue
    {
        IndicatorValue(
            indicator: "ger", uisId: "GER.1\(sex.uisSuffix)", country: Country(rawValue: country), year: year,
            level: "1", sex: sex, value: 100 * numerator / denominator, numerator: numerator, denominator: denominator,
            unit: "percent", sources: ["s"])
    }

    /// Weights (denominators): KAZ 40, KGZ 10, TJK 20, TKM 10, UZB 20 = 100.
    static let national: [IndicatorValue] = [
        // 2019 and 2021: every country.
        ger("KAZ", 2019, 40, 40), ger("KGZ", 2019, 9, 10), ger("TJK", 2019, 18, 20), ger("TKM", 2019, 10, 10),
        ger("UZB", 2019, 20, 20),
        ger("KAZ", 2021, 44, 40), ger("KGZ", 2021, 11, 10), ger("TJK", 2021, 22, 20), ger("TKM", 2021, 10, 10),
        ger("UZB", 2021, 22, 20),
        // 2020: Kazakhstan only (40 % of the weight).
        ger("KAZ", 2020, 42, 40),
        // 2022: Kyrgyzstan only (10 %).
        ger("KGZ", 2022, 12, 10),
        // 2023: Kazakhstan and Uzbekistan (60 %).
        ger("KAZ", 2023, 46, 40), ger("UZB", 2023, 24, 20),
        // 2024: Tajikistan and Turkmenistan (30 %).
        ger("TJK", 2024, 21, 20), ger("TKM", 2024, 11, 10),
    ]

    static func regional(_ values: [IndicatorValue]) -> [IndicatorValue] {
        RegionalAggregate().compute(values, catalogue: IndicatorCatalogue(), sourceIds: ["s"])
            .filter { $0.indicator == "ger" }
    }

    @Test func coverageBandsAndImputation() throws {
        let values = Self.regional(Self.national)
        // 2019: (40 + 9 + 18 + 10 + 20) / 100 = 97 %, all observed.
        // 2020: KAZ 42/40 observed; the others interpolated halfway between 2019 and 2021:
        //       KGZ 10/10, TJK 20/20, TKM 10/10, UZB 21/20 → 103/100 = 103 %, coverage 40 %:
        //       published, flagged estimate (33-60 %).
        // 2021: (44 + 11 + 22 + 10 + 22) / 100 = 109 %.
        // 2022: coverage 10 % < 33 %: not published.
        // 2023: KAZ 46/40, UZB 24/20 observed; KGZ 12/10 carried forward from 2022, TJK 22/20
        //       and TKM 10/10 from 2021 → 114/100 = 114 %, coverage exactly 60 %: not flagged.
        // 2024: coverage 30 %: not published.
        #expect(values.map(\.year) == [2019, 2020, 2021, 2023])
        #expect(values.map(\.value) == [97, 103, 109, 114])
        #expect(values.map(\.flags) == [[], ["estimate"], [], []])
        #expect(values.allSatisfy { $0.country.rawValue == "143" && $0.denominator == 100 })
    }

    @Test func aMemberWithoutAnyValueLeavesNoRegionalValue() {
        #expect(Self.regional(Self.national.filter { $0.country.rawValue != "TKM" }).isEmpty)
    }

    @Test func regionalParityComesFromRegionalFemaleAndMaleValues() throws {
        // Girls: 76/80 in each country, Σ 380/400 = 95 %; boys 84/80, Σ 420/400 = 105 %. F < M,
        // so the regional GPIA is 95/105 = 0.90476…, computed from the regional values.
        var values: [IndicatorValue] = []
        for c in Country.centralAsia.map(\.rawValue) {
            values.append(Self.ger(c, 2019, 76, 80, sex: .female))
            values.append(Self.ger(c, 2019, 84, 80, sex: .male))
        }
        let gpia = try #require(
            RegionalAggregate().compute(values, catalogue: IndicatorCatalogue(), sourceIds: ["s"])
                .first { $0.indicator == "ger.gpia" })
        #expect(abs(gpia.value - 95.0 / 105) < 1e-12)
        #expect(gpia.country.rawValue == "143")
    }

    /// An indicator that declares itself not aggregated has no Central Asia value, whatever its
    /// members give; every other is aggregated from the same five values (10 / 100 each).
    @Test func eachIndicatorSaysWhetherItIsAggregated() {
        for d in IndicatorCatalogue().base.map(\.definition) {
            let values = Country.centralAsia.map {
                IndicatorValue(
                    indicator: d.id, uisId: d.id, country: $0, year: 2019, level: "1", value: 10, numerator: 10,
                    denominator: 100, unit: d.unit)
            }
            let regional = RegionalAggregate().compute(values, catalogue: IndicatorCatalogue(), sourceIds: [])
                .filter { $0.indicator == d.id }
            #expect(regional.isEmpty == !d.regional.isAggregated, "\(d.id): \(regional.count) regional value(s)")
        }
    }

    @Test func expenditureSharesAreNotAggregated() {
        let values = Country.centralAsia.map {
            IndicatorValue(
                indicator: "xgdp", uisId: "XGDP.FSgov", country: $0, year: 2019, level: "", value: 5, numerator: 5,
                denominator: 100, unit: "percent")
        }
        #expect(RegionalAggregate().compute(values, catalogue: IndicatorCatalogue(), sourceIds: []).isEmpty)
    }
}

extension RegionalAggregateTests {
    @Test func parityIndicesAreNeverSummedAcrossCountries() {
        // National LPIA values (numerator rural rate, denominator urban rate) must not be added
        // up: the region gets no LPIA from them.
        let values = Country.centralAsia.map {
            IndicatorValue(
                indicator: "ger.lpia", uisId: "GER.1.LPIA", country: $0, year: 2019, level: "1", value: 0.9,
                numerator: 90, denominator: 100, unit: "index")
        }
        #expect(RegionalAggregate().compute(values, catalogue: IndicatorCatalogue(), sourceIds: []).isEmpty)
    }
}

extension RegionalAggregateTests {
    @Test func aMemberWithNoValueTakesTheOthersMeanAndItsOwnWeight() throws {
        // 2019: KAZ 40/40 (100 %), KGZ 9/10 (90 %), TJK 18/20 (90 %), TKM 10/10 (100 %); Uzbekistan
        // has no GER at all but its school-age population (20) is known: it is imputed at the
        // unweighted mean of the others, 95 %, i.e. 19 of 20 (§7.2 c-d). Region: (40 + 9 + 18 + 10
        // + 19) / 100 = 96 %, coverage 80 % (not flagged).
        let values = Self.national.filter { $0.year == 2019 && $0.country.rawValue != "UZB" }
        var regional = RegionalAggregate()
        regional.weight = { indicator, country, year, _, _ in
            indicator == "ger" && country.rawValue == "UZB" && year == 2019 ? 20 : nil
        }
        let ger = try #require(
            regional.compute(values, catalogue: IndicatorCatalogue(), sourceIds: ["s"]).first { $0.indicator == "ger" })
        #expect(abs(ger.value - 96) < 1e-12)
        #expect(ger.flags.isEmpty)
        #expect(ger.denominator == 100)
    }
}
