import SDG4Aggregate
import SDG4Model

/// `sdmx/sdg4.csv`: every value of an indicator that has an SDG series, as SDMX-CSV 2.0 in
/// the dimension order of the SDG data structure (`IAEG-SDGs:SDG`): FREQ, REPORTING_TYPE,
/// SERIES, REF_AREA, SEX, AGE, URBANISATION, INCOME_WEALTH_QUANTILE, EDUCATION_LEV,
/// OCCUPATION, CUST_BREAKDOWN, COMPOSITE_BREAKDOWN, DISABILITY_STATUS, ACTIVITY, PRODUCT, then
/// TIME_PERIOD, OBS_VALUE and the attributes OBS_STATUS, UNIT_MULT, UNIT_MEASURE, NATURE,
/// COMMENT_OBS, and LOWER_BOUND and UPPER_BOUND (the 95 % interval of a survey or assessment
/// value, empty for the others). A value's flags travel as OBS_STATUS, NATURE and COMMENT_OBS
/// (`status`, `nature`, `comment`; docs/outputs.md).
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
        + [
            "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE", "NATURE", "COMMENT_OBS",
            "LOWER_BOUND", "UPPER_BOUND",
        ]

    /// OBS_STATUS (SDMX CL_OBS_STATUS) from a value's flags, the first that applies: `E`
    /// estimated (`estimate`, `age-redistributed`), `U` low reliability (`low-reliability`,
    /// `imprecise`, `implausible`), `B` time series break (the value after a `SeriesBreaks`
    /// year), else `A` normal.
    public static func status(_ flags: [String], isBreak: Bool) -> String {
        if flags.contains(where: { ["estimate", "age-redistributed"].contains($0) }) { return "E" }
        if flags.contains(where: { ["low-reliability", "imprecise", "implausible"].contains($0) }) { return "U" }
        return isBreak ? "B" : "A"
    }

    /// NATURE (the SDG code list CL_NATURE): `C` country data, `CA` country adjusted (sdg4
    /// `capped`, `age-adjusted` or `age-redistributed` the country's data), `E` estimated (an
    /// input was an estimate); empty for the Central Asia aggregate, which is sdg4's own
    /// regional figure, not country data (the attribute is conditional).
    public static func nature(_ flags: [String], country: Country) -> String {
        if country.isRegion { return "" }
        if flags.contains("estimate") { return "E" }
        if flags.contains(where: { ["capped", "age-adjusted", "age-redistributed"].contains($0) }) { return "CA" }
        return "C"
    }

    /// COMMENT_OBS: the value's sdg4 flags (docs/outputs.md), and the series break, in words.
    public static func comment(_ flags: [String], isBreak: Bool) -> String {
        var parts = flags.isEmpty ? [] : ["sdg4 flags: " + flags.joined(separator: ", ")]
        if isBreak { parts.append("series break: the official age group differs from the year before") }
        return parts.joined(separator: "; ")
    }

    /// The M49 code of a country (`143` stays `143`).
    public static func m49(_ country: Country) -> String {
        if country.isRegion { return country.rawValue }
        return CountryInfo.lookup(country)?.m49 ?? country.rawValue
    }

    /// The id under which an SDMX-CSV value of this series and breakdowns is kept as a published
    /// value (`SE_TOT_CPLR.ISCED11_1.F`: the series, then EDUCATION_LEV, SEX, AGE,
    /// URBANISATION, INCOME_WEALTH_QUANTILE, COMPOSITE_BREAKDOWN when not `_T`); `nil` for an
    /// indicator without a series.
    public static func key(_ v: IndicatorValue, map: SDMXSeriesMap = .builtIn) -> String? {
        guard let entry = map.entries[v.indicator] else { return nil }
        let dims = dimensions(v, entry)
        // EDUCATION_LEV, SEX, AGE, URBANISATION, INCOME_WEALTH_QUANTILE, then the other breakdowns.
        var key = entry.series
        for i in [8, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14] where dims[i] != "_T" { key += "." + dims[i] }
        return key
    }

    static func dimensions(_ v: IndicatorValue, _ entry: SDMXSeriesMap.Entry) -> [String] {
        let id = v.uisId.uppercased()
        // 4.1.1 is reported per subject (COMPOSITE_BREAKDOWN) and per stage (EDUCATION_LEV:
        // grades 2-3, end of primary, end of lower secondary).
        let composite = id.contains("READ") ? "SKILL_READ" : id.contains("MATH") ? "SKILL_MATH" : "_T"
        var education = SDMXSeriesMap.educationLevel(v.level)
        if v.indicator.hasPrefix("mpl") {
            if id.contains(".G2T3") || id.contains(".G23") {
                education = "ISCED11A_0_G23"
            } else if id.contains(".L1.") || id.contains(".L1") && v.level == "1" {
                education = "ISCED11A_1"
            } else if id.contains(".L2.") {
                education = "ISCED11A_2"
            }
        }
        // Age groups written in the UIS id (PRYA.12MO.AG25T54): AGE Y25T54.
        var age = "_T"
        if let r = id.range(of: #"AG(\d+)T(\d+)"#, options: .regularExpression) {
            age = "Y" + id[r].dropFirst(2)
        }
        // Central Asia is sdg4's own regional aggregate (REPORTING_TYPE R); countries N.
        let reporting = v.country.isRegion ? "R" : "N"
        return [
            "A", reporting, entry.series, m49(v.country), v.sex.rawValue, age, v.location.rawValue, v.wealth.rawValue,
            education, "_T",
            "_T", composite, "_T", "_T", "_T",
        ]
    }

    /// What `render` gives.
    public struct Result: Sendable {
        /// The whole file.
        public var text: String
        /// One file per country (ISO3) and for Central Asia (`143`), for national platforms.
        public var byArea: [String: String]
        /// Indicators with values but no SDG series.
        public var unmapped: [String]
        /// Values left out because another value had the same SDMX key (a breakdown the
        /// structure cannot express): `indicator uis_id country year`.
        public var collisions: [String]
    }

    /// The CSV text, per area, and what could not be written.
    public static func render(_ values: [IndicatorValue], map: SDMXSeriesMap = .builtIn) -> Result {
        var unmapped = Set<String>()
        let breaks = SeriesBreaks(values)
        var rows: [(key: [String], fields: [String], area: String, what: String)] = []
        for v in values {
            guard let entry = map.entries[v.indicator] else {
                unmapped.insert(v.indicator)
                continue
            }
            let dims = dimensions(v, entry)
            let isBreak =
                v.location == .total && v.wealth == .total && breaks.years(v.uisId, v.country).contains(v.year)
            let fields =
                ["datastructure", structureId, "I"] + dims
                + [
                    String(v.year), NumberFormat.exact(v.value), status(v.flags, isBreak: isBreak), "0",
                    entry.unitMeasure, nature(v.flags, country: v.country), comment(v.flags, isBreak: isBreak),
                ]
                + [v.interval.map { NumberFormat.exact($0.lowerBound) } ?? "", v.interval.map { NumberFormat.exact($0.upperBound) } ?? ""]
            rows.append(
                (
                    dims + [String(v.year)], fields, v.country.rawValue,
                    "\(v.indicator) \(v.uisId) \(v.country.rawValue) \(v.year)"
                ))
        }
        // Sorted by the key, so that the file is deterministic.
        var csv = CSVText(header: header)
        var areas: [String: CSVText] = [:]
        var seen = Set<[String]>()
        var collisions: [String] = []
        for row in rows.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            guard seen.insert(row.key).inserted else {
                collisions.append(row.what)
                continue
            }
            csv.append(row.fields)
            areas[row.area, default: CSVText(header: header)].append(row.fields)
        }
        return Result(
            text: csv.text, byArea: areas.mapValues(\.text), unmapped: unmapped.sorted(), collisions: collisions)
    }
}
