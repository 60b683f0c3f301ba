import SDG4Aggregate
import SDG4Model

/// The sampling error of survey and assessment values in a country report (issue 16): each
/// value with its 95 % interval, changes between surveys called significant only when larger
/// than sampling error explains (docs/methodology.md, "Sampling error").
extension CountryReport {
    /// `significant` or `not significant` for the change from `base` to `latest`
    /// (`|Δ| > 1.96 √(se₁² + se₂²)`), or `nil` unless both have a standard error.
    func significance(_ latest: IndicatorValue, since base: IndicatorValue) -> String? {
        latest.changeIsSignificant(since: base).map { language.t($0 ? .significant : .notSignificant) }
    }

    /// The 95 % intervals of a series (totals), by year, for error bars.
    func intervals(_ uisId: String, _ country: Country) -> [Int: ClosedRange<Double>] {
        var out: [Int: ClosedRange<Double>] = [:]
        for v in data.all(uisId, country) where v.location == .total && v.wealth == .total {
            if let ci = v.interval { out[v.year] = ci }
        }
        return out
    }

    /// One table per survey or assessment indicator (latest year): the total, girls and boys,
    /// areas and quintiles, each with its interval and sample size; and the change since the
    /// survey before, with whether it is significant.
    func surveyTables() -> [[String: Any]] {
        HeadlineIndicator.disaggregated.compactMap { id in
            let (base, suffix) = Self.split(id)
            let rows =
                data.all(id, country)
                + [".F", ".M"].flatMap { sex in data.all(base + sex + suffix, country) }.filter {
                    $0.location == .total && $0.wealth == .total
                }
            guard let year = rows.map(\.year).max() else { return nil }
            // The total, girls and boys, urban and rural, then the quintiles.
            let order = ["_T", "F", "M", "U", "R", "Q1", "Q2", "Q3", "Q4", "Q5"]
            func rank(_ v: IndicatorValue) -> Int { order.firstIndex(of: Self.group(v)) ?? order.count }
            let latest = rows.filter { $0.year == year }.sorted { rank($0) < rank($1) }
            let d = decimals(id)
            var table: [String: Any] = [
                "title": "\(name(id)), \(year)",
                "rows": latest.map { v in
                    [
                        "group": language.dimension(Self.group(v)),
                        "value": language.flagged(language.number(v.value, decimals: d), v.flags),
                        "ci": v.interval.map { language.interval($0, decimals: d) } ?? "–",
                        "n": v.sampleSize.map { language.number(Double($0), decimals: 0) } ?? "–",
                    ]
                },
            ]
            let totals = data.all(id, country).filter { $0.location == .total && $0.wealth == .total }
            if let now = totals.first(where: { $0.year == year }),
                let before = totals.filter({ $0.year < year }).max(by: { $0.year < $1.year }),
                let significant = significance(now, since: before)
            {
                let change = language.number(now.value - before.value, decimals: d)
                table["change"] = language.t(.changeSince).replacingOccurrences(of: "%1", with: String(before.year))
                    .replacingOccurrences(of: "%2", with: change.hasPrefix("−") ? change : "+" + change)
                    .replacingOccurrences(of: "%3", with: significant)
            }
            return table
        }
    }
}

extension CountryReport {
    /// The one breakdown a survey table's row is about: its sex, area or quintile code, or `_T`.
    static func group(_ v: IndicatorValue) -> String {
        v.sex != .total ? v.sex.rawValue : v.location != .total ? v.location.rawValue : v.wealth.rawValue
    }
}

extension Language {
    /// A 95 % interval: `78.0–82.2`, `78,0–82,2`.
    func interval(_ ci: ClosedRange<Double>, decimals: Int) -> String {
        number(ci.lowerBound, decimals: decimals) + "–" + number(ci.upperBound, decimals: decimals)
    }

    /// A value with its 95 % interval where it has one (a survey or assessment value):
    /// `80.1 (78.0–82.2)`, `80,1 (78,0–82,2)`.
    func withInterval(_ v: IndicatorValue, decimals: Int) -> String {
        let value = number(v.value, decimals: decimals)
        guard let ci = v.interval else { return value }
        return value + " (" + interval(ci, decimals: decimals) + ")"
    }

    /// A value as a table cell shows it: with its interval and its flags.
    func shown(_ v: IndicatorValue, decimals: Int) -> String { flagged(withInterval(v, decimals: decimals), v.flags) }
}
