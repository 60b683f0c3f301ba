import SDG4Aggregate
import SDG4Model

/// `summary.md`: the country × indicator table for the latest year, for people.
public enum SummaryMarkdown {
    /// The document's text.
    public static func render(_ table: SummaryTable, pipelineName: String) -> String {
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
        md += "\n– no value: an input is missing (see `quality.json`). † flags: `estimate` (an input was an estimate), "
        md += "`implausible` (outside the plausible range, see docs/methodology.md).\n"
        return md
    }
}
