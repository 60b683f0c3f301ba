import SDG4Aggregate
import SDG4Model

/// `indicators.csv` (product.md §4): one row per computed value, columns in fixed order.
public enum IndicatorsCSV {
    /// The columns, in order.
    public static let columns = [
        "indicator", "uis_id", "sdg_series", "country", "year", "level", "sex", "location", "wealth", "age_group",
        "value", "numerator", "denominator", "unit", "flags", "sources", "se", "ci_lower", "ci_upper", "sample_size",
    ]

    /// The file's text for `values` (which the engine has already sorted). `sdg_series` is the
    /// series the SDMX export writes the value under (`map`), empty for a value it does not
    /// export, so that the two files always agree.
    public static func render(_ values: [IndicatorValue], map: SDMXSeriesMap = .builtIn) -> String {
        var csv = CSVText(header: columns)
        for v in values {
            csv.append([
                v.indicator, v.uisId, map.entries[v.indicator]?.series ?? "", v.country.rawValue, String(v.year), v.level, v.sex.rawValue,
                v.location.rawValue, v.wealth.rawValue, v.ageGroup, NumberFormat.exact(v.value),
                NumberFormat.exact(v.numerator),
                NumberFormat.exact(v.denominator), v.unit, v.flags.joined(separator: ";"),
                v.sources.joined(separator: ";"), v.standardError.map(NumberFormat.exact) ?? "",
                v.interval.map { NumberFormat.exact($0.lowerBound) } ?? "",
                v.interval.map { NumberFormat.exact($0.upperBound) } ?? "", v.sampleSize.map(String.init) ?? "",
            ])
        }
        return csv.text
    }
}
