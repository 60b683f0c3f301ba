import SDG4Aggregate
import SDG4Model

/// The years where a series is not comparable with the year before: its official age group
/// changed between two consecutive years with values (a new education structure, such as
/// Kazakhstan's pre-primary 3-6 → 3-5 in 2020 or Turkmenistan's secondary 10-16 → 10-17 in
/// 2014). A regional aggregate breaks wherever one of its countries does, since its
/// denominator changes with theirs.
///
/// The reports do not draw a line across a break and say when a change spans one; the SDMX
/// export marks the value after a break `OBS_STATUS=B` (docs/reports.md, docs/outputs.md).
public struct SeriesBreaks: Sendable {
    /// Break years by `uisId|country`.
    private var years: [String: Set<Int>] = [:]

    /// From values of whole populations (location and wealth `_T`); the age group of a value
    /// without one is not compared.
    public init(_ values: [IndicatorValue]) {
        var ages: [String: [Int: String]] = [:]
        for v in values where v.location == .total && v.wealth == .total && !v.ageGroup.isEmpty {
            ages[Self.key(v.uisId, v.country), default: [:]][v.year] = v.ageGroup
        }
        var byId: [String: Set<Int>] = [:]
        for (key, byYear) in ages {
            let found = Set(byYear.keys.filter { y in byYear[y - 1].map { $0 != byYear[y] } ?? false })
            guard !found.isEmpty else { continue }
            years[key] = found
            byId[String(key.split(separator: "|")[0]), default: []].formUnion(found)
        }
        for (uisId, found) in byId { years[Self.key(uisId, Country.centralAsiaRegion), default: []].formUnion(found) }
    }

    static func key(_ uisId: String, _ country: Country) -> String { uisId + "|" + country.rawValue }

    /// The break years of a country's (or the region's) series of a UIS id.
    public func years(_ uisId: String, _ country: Country) -> Set<Int> { years[Self.key(uisId, country)] ?? [] }

    /// The first break after `base` up to `year`, if a change from `base` to `year` spans one.
    public func spanned(_ uisId: String, _ country: Country, from base: Int, to year: Int) -> Int? {
        years(uisId, country).filter { $0 > base && $0 <= year }.min()
    }
}
