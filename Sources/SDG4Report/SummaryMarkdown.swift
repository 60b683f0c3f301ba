import SDG4Aggregate
import SDG4Model

/// `summary.md`: the country × indicator table for the latest year, for people.
public enum SummaryMarkdown {
    /// The document's text.
    public static func render(_ table: SummaryTable, pipelineName: String, values: [IndicatorValue] = []) -> String {
        var md = "# SDG 4 summary: \(pipelineName)\n\n"
        md += "Latest year available for each country and indicator; the year is in brackets. "
        md += "Values are rounded here; `indicators.csv` holds them unrounded with numerators and denominators.\n\n"
        guard !table.countries.isEmpty else {
            return md + "No indicator could be computed from the inputs: see `quality.json`.\n"
        }
        md += "| Country | " + table.columns.map { "\($0.title) (`\($0.uisId)`)" }.joined(separator: " | ") + " |\n"
        md += "|---|" + table.columns.map { _ in "---:|" }.joined() + "\n"
        for row in table.countries.indices {
            let cells = table.columns.indices.map { table.text(row, $0) }
            md += "| \(table.countryName(row)) | " + cells.joined(separator: " | ") + " |\n"
        }
        md += "\n– no value: an input is missing (see `quality.json`). † flags: see the end of the file.\n"
        let every = everyIndicator(values, countries: table.countries)
        md += every.text
        // The legend names every flag the two tables show, each with what it means.
        let shown = every.flags.union(
            table.countries.indices.flatMap { r in table.columns.indices.flatMap { table.cells[r][$0]?.flags ?? [] } })
        if !shown.isEmpty {
            md += "\n† flags: " + IndicatorValue.flagWords.filter(shown.contains).map {
                "`\($0)` (\(Language.en.flagMeaning($0)))"
            }.joined(separator: "; ") + ".\n"
        }
        return md
    }

    /// The second table: every indicator computed (both sexes, all areas and quintiles), by
    /// country, latest year, so that nothing the run produced is missing from the summary.
    static func everyIndicator(_ values: [IndicatorValue], countries: [Country]) -> (text: String, flags: Set<String>) {
        let totals = values.filter { $0.sex == .total && $0.location == .total && $0.wealth == .total }
        guard !totals.isEmpty else { return ("", []) }
        var flags: Set<String> = []
        // One row per series: its UIS id, or the indicator, level and age group when it has none.
        func row(_ v: IndicatorValue) -> String {
            guard v.uisId.isEmpty else { return v.uisId }
            return ([v.indicator, v.level] + (v.ageGroup.isEmpty ? [] : ["(\(v.ageGroup))"])).filter { !$0.isEmpty }
                .joined(separator: " ")
        }
        var order: [String] = []
        var latest: [String: [Country: IndicatorValue]] = [:]
        for v in totals {
            let r = row(v)
            if latest[r] == nil { order.append(r) }
            if let current = latest[r]?[v.country], current.year >= v.year { continue }
            latest[r, default: [:]][v.country] = v
        }
        var md = "\n## Every indicator\n\nBoth sexes, all areas and quintiles; latest year in brackets. "
        md += "Indicator ids and formulas: docs/indicators.md.\n\n"
        md +=
            "| Indicator | "
            + countries.map { $0.isRegion ? "Central Asia" : $0.rawValue }.joined(separator: " | ") + " |\n"
        md += "|---|" + countries.map { _ in "---:|" }.joined() + "\n"
        for r in order {
            let cells = countries.map { c -> String in
                guard let v = latest[r]?[c] else { return "–" }
                let decimals = v.unit == "index" ? 3 : 1
                var text = "\(NumberFormat.rounded(v.value, decimals: decimals)) (\(v.year))"
                if !v.flags.isEmpty { text += " †" + v.flags.joined(separator: ",") }
                flags.formUnion(v.flags)
                return text
            }
            md += "| `\(r)` | " + cells.joined(separator: " | ") + " |\n"
        }
        return (md, flags)
    }
}
