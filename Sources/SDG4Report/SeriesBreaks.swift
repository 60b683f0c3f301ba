import SDG4Aggregate
import SDG4Model

/// The years where a series is not comparable with its previous year with a value: its
/// official age group changed (a new education structure, such as Kazakhstan's in 2020,
/// pre-primary 3-6 → 3-5, or Turkmenistan's in 2014, secondary 10-16 → 10-17). Only series
/// computed over an age group (`age_group` of indicators.csv) can show it; ratios without one
/// (pupil–teacher ratio, shares of teachers or schools, expenditure) are not marked, even where
/// a level gains a grade (docs/reports.md, "Series breaks"). A regional aggregate breaks wherever
/// one of its countries does, since its denominator changes with theirs.
///
/// The reports do not draw a line across a break and say when a change spans one; the SDMX
/// export marks the value after a break `OBS_STATUS=B` (docs/reports.md, docs/outputs.md).
public struct SeriesBreaks: Sendable {
    /// Break years by `uisId|country`.
    private var years: [String: Set<Int>] = [:]

    /// From values of whole populations (location and wealth `_T`).
    public init(_ values: [IndicatorValue]) {
        var ages: [String: [Int: String]] = [:]
        for v in values where v.location == .total && v.wealth == .total && !v.ageGroup.isEmpty && !v.country.isRegion {
            ages[Self.key(v.uisId, v.country), default: [:]][v.year] = v.ageGroup
        }
        var byId: [String: Set<Int>] = [:]
        for (key, byYear) in ages {
            let sorted = byYear.keys.sorted()
            let found = Set(zip(sorted, sorted.dropFirst()).filter { byYear[$0.0] != byYear[$0.1] }.map(\.1))
            guard !found.isEmpty else { continue }
            years[key] = found
            byId[String(key.split(separator: "|")[0]), default: []].formUnion(found)
        }
        for (uisId, found) in byId { years[Self.key(uisId, Country.centralAsiaRegion)] = found }
    }

    static func key(_ uisId: String, _ country: Country) -> String { uisId + "|" + country.rawValue }

    /// The break years of a country's (or the region's) series of a UIS id.
    public func years(_ uisId: String, _ country: Country) -> Set<Int> { years[Self.key(uisId, country)] ?? [] }

    /// The first break after `base` up to `year`, if a change from `base` to `year` spans one.
    public func spanned(_ uisId: String, _ country: Country, from base: Int, to year: Int) -> Int? {
        years(uisId, country).filter { $0 > base && $0 <= year }.min()
    }
}
