import SDG4Aggregate
import SDG4Model

/// The years where a series is not comparable with the year before it that has a value: the
/// official age group of its level changed (a new education structure, such as Kazakhstan's
/// in 2020, pre-primary 3-6 → 3-5, or Turkmenistan's in 2014, primary gaining a grade).
///
/// A change seen in an age-based series (one with an `age_group`) breaks every series of the
/// same country and level, the ratios without an age group too (Turkmenistan's primary
/// pupil–teacher ratio counts a fourth grade from 2014). A regional aggregate breaks wherever
/// one of its countries does, since its denominator changes with theirs.
///
/// The reports do not draw a line across a break and say when a change spans one; the SDMX
/// export marks the value after a break `OBS_STATUS=B` (docs/reports.md, docs/outputs.md).
public struct SeriesBreaks: Sendable {
    /// Break years by `uisId|country`.
    private var years: [String: Set<Int>] = [:]

    /// From values of whole populations (location and wealth `_T`).
    public init(_ values: [IndicatorValue]) {
        let whole = values.filter { $0.location == .total && $0.wealth == .total }
        // Where the age group of a country's level changes between two years with values.
        var ages: [String: [Int: String]] = [:]
        for v in whole where !v.ageGroup.isEmpty && !v.country.isRegion {
            ages[Self.key(v.uisId, v.country), default: [:]][v.year] = v.ageGroup
        }
        var byLevel: [String: Set<Int>] = [:]
        for v in whole where !v.ageGroup.isEmpty && !v.country.isRegion {
            let series = ages[Self.key(v.uisId, v.country)]!
            guard let before = series.keys.filter({ $0 < v.year }).max(), series[before] != v.ageGroup else { continue }
            byLevel[v.country.rawValue + "|" + v.level, default: []].insert(v.year)
        }
        // Every series of that country and level breaks there (after its first value).
        var seriesYears: [String: Set<Int>] = [:]
        var levelOf: [String: String] = [:]
        for v in whole where !v.country.isRegion {
            seriesYears[Self.key(v.uisId, v.country), default: []].insert(v.year)
            levelOf[Self.key(v.uisId, v.country)] = v.country.rawValue + "|" + v.level
        }
        var byId: [String: Set<Int>] = [:]
        for (key, present) in seriesYears {
            guard let first = present.min(), let level = levelOf[key], let found = byLevel[level] else { continue }
            // The first value at or after the change is the one not comparable with the one before.
            let mine = Set(found.compactMap { y in present.filter { $0 >= y }.min() }.filter { $0 > first })
            guard !mine.isEmpty else { continue }
            years[key] = mine
            byId[String(key.split(separator: "|")[0]), default: []].formUnion(mine)
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
