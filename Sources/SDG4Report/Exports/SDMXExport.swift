import SDG4Aggregate
import SDG4Model

/// `sdmx/sdg4.csv`: every value of an indicator that has an SDG series, as SDMX-CSV 2.0 in
/// the dimension order of the SDG data structure (`IAEG-SDGs:SDG`): FREQ, REPORTING_TYPE,
/// SERIES, REF_AREA, SEX, AGE, URBANISATION, INCOME_WEALTH_QUANTILE, EDUCATION_LEV,
/// OCCUPATION, CUST_BREAKDOWN, COMPOSITE_BREAKDOWN, DISABILITY_STATUS, ACTIVITY, PRODUCT, then
/// TIME_PERIOD, OBS_VALUE and the attributes OBS_STATUS, UNIT_MULT, UNIT_MEASURE.
public enum SDMXExport {
    /// The structure the file says it follows.
    public static let structureId = "IAEG-SDGs:SDG(1.8)"

    public static let dimensions = [
        "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION", "INCOME_WEALTH_QUANTILE",
        "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN", "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY",
        "PRODUCT",
    ]
    public static let header =
        ["STRUCTURE", "STRUCTURE_ID", "ACTION"] + dimensions
        + ["TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE"]

    /// The M49 code of a country (`143` stays `143`).
    public static func m49(_ country: Country) -> String {
        if country.rawValue == "143" { return "143" }
        return CountryInfo.lookup(country)?.m49 ?? country.rawValue
    }

    /// The id under which an SDMX-CSV value of this series and breakdowns is kept as a published
    /// value (`SE_TOT_CPLR.ISCED11_1.F`: the series, then EDUCATION_LEV, SEX, AGE,
    /// URBANISATION, INCOME_WEALTH_QUANTILE, COMPOSITE_BREAKDOWN when not `_T`); `nil` for an
    /// indicator without a series.
    public static func key(_ v: IndicatorValue, map: SDMXSeriesMap = .builtIn) -> String? {
        guard let entry = map.entries[v.indicator] else { return nil }
        let dims = dimensions(v, entry)
        // EDUCATION_LEV, SEX, AGE, URBANISATION, INCOME_WEALTH_QUANTILE, COMPOSITE_BREAKDOWN.
        var key = entry.series
        for i in [8, 4, 5, 6, 7, 11] where dims[i] != "_T" { key += "." + dims[i] }
        return key
    }

    static func dimensions(_ v: IndicatorValue, _ entry: SDMXSeriesMap.Entry) -> [String] {
        // 4.1.1 is reported per subject: COMPOSITE_BREAKDOWN SKILL_READ, SKILL_MATH.
        let id = v.uisId.uppercased()
        let composite = id.contains("READ") ? "SKILL_READ" : id.contains("MATH") ? "SKILL_MATH" : "_T"
        return [
            "A", "N", entry.series, m49(v.country), v.sex.rawValue, "_T", v.location, v.wealth,
            SDMXSeriesMap.educationLevel(v.level), "_T", "_T", composite, "_T", "_T", "_T",
        ]
    }

    /// The CSV text and the ids of the indicators with values but no SDG series.
    public static func render(_ values: [IndicatorValue], map: SDMXSeriesMap = .builtIn) -> (
        text: String, unmapped: [String]
    ) {
        var csv = CSVText(header: header)
        var unmapped = Set<String>()
        var rows: [(key: [String], fields: [String])] = []
        for v in values {
            guard let entry = map.entries[v.indicator] else {
                unmapped.insert(v.indicator)
                continue
            }
            let dims = dimensions(v, entry)
            let status = v.flags.contains("estimate") ? "E" : "A"
            let fields =
                ["datastructure", structureId, "I"] + dims
                + [String(v.year), NumberFormat.exact(v.value), status, "0", entry.unitMeasure]
            rows.append((dims + [String(v.year)], fields))
        }
        // Sorted by the key, so that the file is deterministic; a key given twice (a stage
        // of 4.1.1 per subject, say) keeps its first value.
        var seen = Set<[String]>()
        for row in rows.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) where seen.insert(row.key).inserted {
            csv.append(row.fields)
        }
        return (csv.text, unmapped.sorted())
    }
}
