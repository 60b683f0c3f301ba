import SDG4Model

/// The Central Asia aggregate (M49 `143`) of every indicator that can be added up across
/// countries (indicators.md §7).
///
/// For each series (indicator, UIS id, level, sex, location, wealth) and year:
/// 1. every country's numerator and denominator are taken as computed, or, where a country has
///    no value that year, imputed for the aggregate only (never published), in the order of
///    §7.2: (a) linear interpolation between its nearest earlier and later values; (b) the
///    nearest value carried forward or backward; (c)-(d) for a country with no value in any
///    year: the unweighted mean of the other countries' values that year, weighted by the
///    country's own denominator taken from its inputs (its school-age population, teachers,
///    enrolment or schools: the linked variable). Without that denominator, no regional value.
/// 2. the regional value is Σ numerators / Σ denominators (× 100 for rates), the weighted mean
///    with the denominators as weights (§7.1);
/// 3. coverage is the share of the summed denominator that comes from computed (not imputed)
///    values: below `suppressBelow` (33 %) no value is written; below `flagBelow` (60 %) it is
///    flagged `estimate` (§7.3).
///
/// Parity indices of the region are computed from the regional female and male values (§7.5),
/// not by averaging national indices. Not aggregated: expenditure shares (national
/// currencies) and the household-survey indicators (sample weights, not populations).
public struct RegionalAggregate: Sendable {
    /// The region's code in outputs.
    public static let code = Country.centralAsiaRegion

    /// Coverage below which no regional value is published (percent of the weight).
    public var suppressBelow: Double
    /// Coverage below which the regional value is flagged `estimate`.
    public var flagBelow: Double
    /// Member countries.
    public var members: [Country]
    /// The weight (denominator) of a member that has no value in a series, from its own inputs:
    /// `(indicator, country, year, level, sex) → denominator`, for §7.2 (c)-(d). Set by the engine.
    public var weight: (@Sendable (String, Country, Int, String, Sex) -> Double?)?

    public init(suppressBelow: Double = 33, flagBelow: Double = 60, members: [Country] = Country.centralAsia) {
        self.suppressBelow = suppressBelow
        self.flagBelow = flagBelow
        self.members = members
    }

    /// Regional values for `values` (national values, any order), sorted as in `indicators.csv`.
    public func compute(_ values: [IndicatorValue], catalogue: IndicatorCatalogue, sourceIds: [String])
        -> [IndicatorValue]
    {
        struct Series: Hashable {
            var indicator: String
            var uisId: String
            var level: String
            var sex: Sex
            var location: Location
            var wealth: Wealth
        }
        let memberSet = Set(members)
        // Indicators never aggregated say so themselves (`IndicatorDefinition.regional`).
        let aggregated = Set(catalogue.definitions.filter(\.regional.isAggregated).map(\.id))
        var bySeries: [Series: [Country: [Int: IndicatorValue]]] = [:]
        for v in values
        where memberSet.contains(v.country) && !v.indicator.hasSuffix("pia")
            && aggregated.contains(v.indicator)
        {
            let s = Series(
                indicator: v.indicator, uisId: v.uisId, level: v.level, sex: v.sex, location: v.location,
                wealth: v.wealth)
            bySeries[s, default: [:]][v.country, default: [:]][v.year] = v
        }
        var out: [IndicatorValue] = []
        for (series, byCountry) in bySeries {
            let years = Set(byCountry.values.flatMap(\.keys)).sorted()
            for year in years {
                // Members with no value in any year (§7.2 c-d): their value is the unweighted mean
                // of the others' (observed or imputed a-b), their weight their own denominator
                // (population, teachers, schools, ...) from their inputs; without it, no value.
                var others: [Double] = []
                for country in members {
                    guard let known = byCountry[country] else { continue }
                    if let v = known[year] {
                        others.append(v.value)
                    } else if let (n, d) = Self.impute(known, year), d > 0 {
                        others.append(Self.scale(of: byCountry.values.first!.values.first!.unit) * n / d)
                    }
                }
                var unknownMembers: [(numerator: Double, denominator: Double)] = []
                var complete = true
                for country in members where byCountry[country] == nil {
                    guard !others.isEmpty,
                        let weight = weight?(series.indicator, country, year, series.level, series.sex),
                        weight > 0
                    else {
                        complete = false
                        break
                    }
                    let mean = others.reduce(0, +) / Double(others.count)
                    let unit = byCountry.values.first!.values.first!.unit
                    unknownMembers.append((mean / Self.scale(of: unit) * weight, weight))
                }
                guard complete else { continue }
                var numerator = 0.0
                var denominator = 0.0
                var observedWeight = 0.0
                var sources = Set<String>()
                var flags = Set<String>()
                var template: IndicatorValue?
                for country in members {
                    guard let known = byCountry[country] else { continue }
                    if let v = known[year] {
                        numerator += v.numerator
                        denominator += v.denominator
                        observedWeight += v.denominator
                        sources.formUnion(v.sources)
                        flags.formUnion(v.flags.filter(ValueFlags.inheritedWords.contains))
                        template = template ?? v
                    } else if let (n, d) = Self.impute(known, year) {
                        numerator += n
                        denominator += d
                    }
                }
                for imputed in unknownMembers {
                    numerator += imputed.numerator
                    denominator += imputed.denominator
                }
                guard let template, denominator > 0 else { continue }
                let coverage = 100 * observedWeight / denominator
                guard coverage >= suppressBelow else { continue }
                if coverage < flagBelow { flags.insert("estimate") }
                let value = Self.scale(of: template.unit) * numerator / denominator
                guard value.isFinite else { continue }
                out.append(
                    IndicatorValue(
                        indicator: series.indicator, uisId: series.uisId, sdgSeries: template.sdgSeries,
                        country: Self.code, year: year, level: series.level, sex: series.sex, location: series.location,
                        wealth: series.wealth, ageGroup: "", value: value, numerator: numerator,
                        denominator: denominator,
                        unit: template.unit, flags: flags.sorted(), sources: sourceIds.filter(sources.contains)))
            }
        }
        // Parity of the region from its female and male values.
        for parity in catalogue.parity where parity.base.definition.regional.isAggregated {
            out += parity.compute(from: out, sourceIds: sourceIds)
        }
        return out.sorted()
    }

    /// 100 for percentages, 1 for ratios: every indicator's value is this × numerator /
    /// denominator (capped net rates keep their capped numerators).
    static func scale(of unit: String) -> Double { unit == "percent" ? 100 : 1 }

    /// A country's numerator and denominator for a year it has no value: interpolated between
    /// the nearest years around it, else the nearest year's (§7.2 a, b).
    static func impute(_ known: [Int: IndicatorValue], _ year: Int) -> (Double, Double)? {
        let before = known.keys.filter { $0 < year }.max()
        let after = known.keys.filter { $0 > year }.min()
        switch (before, after) {
        case (let b?, let a?):
            let t = Double(year - b) / Double(a - b)
            let vb = known[b]!, va = known[a]!
            return (
                vb.numerator + t * (va.numerator - vb.numerator), vb.denominator + t * (va.denominator - vb.denominator)
            )
        case (let b?, nil): return (known[b]!.numerator, known[b]!.denominator)
        case (nil, let a?): return (known[a]!.numerator, known[a]!.denominator)
        case (nil, nil): return nil
        }
    }
}
