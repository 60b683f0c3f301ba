import SDG4Aggregate
import SDG4Model

/// `progress.csv`: one row per country, indicator and benchmark year (docs/outputs.md).
public enum ProgressCSV {
    public static let columns = [
        "country", "uis_id", "base_year", "base_value", "latest_year", "latest_value", "target_year", "target",
        "progress", "status", "significant",
    ]

    public static func render(_ rows: [ProgressRow]) -> String {
        var csv = CSVText(header: columns)
        for r in rows {
            csv.append([
                r.country.rawValue, r.uisId, r.baseYear.map(String.init) ?? "",
                r.baseValue.map(NumberFormat.exact) ?? "", r.latestYear.map(String.init) ?? "",
                r.latestValue.map(NumberFormat.exact) ?? "", String(r.targetYear), r.target.map(NumberFormat.exact) ?? "",
                r.progress.map(NumberFormat.exact) ?? "", r.status.rawValue, r.significant.map { $0 ? "yes" : "no" } ?? "",
            ])
        }
        return csv.text
    }
}
