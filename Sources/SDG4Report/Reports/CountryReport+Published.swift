import SDG4Aggregate
import SDG4Model

/// The values a publisher (UIS) computed for the country, beside sdg4's (issue 17): the latest
/// year of each id, with the publisher's footnotes (a UIS release's metadata). Every year is in
/// `published.csv`.
extension CountryReport {
    func publishedTable() -> [[String: Any]] {
        let mine = Dictionary(
            data.values.filter { $0.country == country && $0.location == .total && $0.wealth == .total }
                .map { ("\($0.uisId)|\($0.year)", $0) }, uniquingKeysWith: { first, _ in first })
        let byId = Dictionary(grouping: data.published.filter { $0.country == country }, by: \.uisId)
        return byId.keys.sorted().compactMap { id in
            guard let latest = byId[id]!.max(by: { $0.year < $1.year }) else { return nil }
            let d = decimals(id)
            let computed = mine["\(id)|\(latest.year)"]
            let headline = HeadlineIndicator.named(id)?.name(language)
            return [
                "id": id,
                // sdg4's name of a headline indicator, else the publisher's label (English).
                "name": (headline ?? (latest.label.isEmpty ? nil : latest.label)).map { " (\($0))" } ?? "",
                // The publisher's label and footnotes are English: marked so on other pages.
                "nameInEnglish": headline == nil && !latest.label.isEmpty && language != .en,
                "footnotesInEnglish": !latest.footnotes.isEmpty && language != .en,
                "year": String(latest.year),
                "published": language.number(latest.value, decimals: d),
                "computed": computed.map { language.flagged(language.number($0.value, decimals: d), $0.flags) } ?? "–",
                "difference": computed.map { language.number($0.value - latest.value, decimals: d) } ?? "–",
                "footnotes": latest.footnotes.joined(separator: "; "),
                "hasFootnotes": !latest.footnotes.isEmpty,
            ]
        }
    }
}
