import SDG4Aggregate
import SDG4Model

/// `published.csv`: the indicator values a publisher computed (UIS ids found in a bulk
/// file, or SDG series read from SDMX-CSV), each beside the value sdg4 computed for the same
/// id, country and year.
///
/// Published values are never mixed into `indicators.csv`; this file is where they are seen.
public enum PublishedComparison {
    public static let columns = [
        "uis_id", "country", "year", "published", "computed", "difference", "magnitude", "qualifier", "source",
        "footnotes",
    ]

    /// The file's text. Rows sorted by UIS id, country, year; the first published value of a key
    /// in file order is kept.
    public static func render(
        published: [PublishedValue], computed: [IndicatorValue], sourceIds: [String]
    ) -> String {
        struct Key: Hashable, Comparable {
            var id: String
            var country: Country
            var year: Int
            static func < (a: Key, b: Key) -> Bool { (a.id, a.country, a.year) < (b.id, b.country, b.year) }
        }
        var computedByKey: [Key: Double] = [:]
        // Two indicators can share a UIS id (the out-of-school rate from counts and from
        // enrolment): the first in indicators.csv order is compared.
        for v in computed where !v.uisId.isEmpty && v.location == .total && v.wealth == .total {
            let key = Key(id: v.uisId, country: v.country, year: v.year)
            if computedByKey[key] == nil { computedByKey[key] = v.value }
        }
        // Values read from SDMX-CSV are keyed by series and breakdowns (SDMXRowCleaner): the
        // same key is made for sdg4's values of indicators with an SDG series.
        for v in computed {
            guard let id = SDMXExport.key(v) else { continue }
            let key = Key(id: id, country: v.country, year: v.year)
            if computedByKey[key] == nil { computedByKey[key] = v.value }
        }
        var seen: [Key: PublishedValue] = [:]
        for p in published {
            let key = Key(id: p.uisId, country: p.country, year: p.year)
            if seen[key] == nil { seen[key] = p }
        }
        var csv = CSVText(header: columns)
        for key in seen.keys.sorted() {
            let p = seen[key]!
            let mine = computedByKey[key]
            csv.append([
                p.uisId, p.country.rawValue, String(p.year), NumberFormat.exact(p.value),
                mine.map(NumberFormat.exact) ?? "", mine.map { NumberFormat.exact($0 - p.value) } ?? "",
                p.magnitude, p.qualifier, sourceIds[p.provenance.sourceIndex], p.footnotes.joined(separator: " | "),
            ])
        }
        return csv.text
    }
}
