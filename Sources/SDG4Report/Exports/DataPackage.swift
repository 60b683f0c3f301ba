import Foundation
import SDG4Aggregate
import SDG4Model

/// `datapackage.json`: a Frictionless Data Package describing each CSV output with a Table
/// Schema (field types, required fields, code lists as enums, primary keys), so that tools
/// such as `frictionless validate` can check the files and load them with the right types.
public enum DataPackage {
    struct Field {
        var name: String
        var type: String
        var description: String
        var required = false
        var values: [String]? = nil
        var pattern: String? = nil
    }

    static let sexes = [Sex.female, .male, .total].map(\.rawValue)
    static let locations = [Location.urban, .rural, .total].map(\.rawValue)
    static let quintiles = (Wealth.quintiles + [.total]).map(\.rawValue)

    static let indicators: [Field] = [
        Field(name: "indicator", type: "string", description: "sdg4 indicator id (sdg4 indicators)", required: true),
        Field(name: "uis_id", type: "string", description: "UIS indicator id, when there is one"),
        Field(name: "sdg_series", type: "string", description: "SDG series code, when there is one"),
        Field(
            name: "country", type: "string", description: "ISO3, or 143 for Central Asia", required: true,
            pattern: "([A-Z]{3}|143)"),
        Field(name: "year", type: "integer", description: "reference year", required: true),
        Field(name: "level", type: "string", description: "ISCED level"),
        Field(name: "sex", type: "string", description: "F, M or _T", required: true, values: sexes),
        Field(name: "location", type: "string", description: "U, R or _T", required: true, values: locations),
        Field(name: "wealth", type: "string", description: "Q1..Q5 or _T", required: true, values: quintiles),
        Field(name: "age_group", type: "string", description: "official age group of the population used"),
        Field(name: "value", type: "number", description: "the value, unrounded", required: true),
        Field(name: "numerator", type: "number", description: "what was divided", required: true),
        Field(name: "denominator", type: "number", description: "what it was divided by", required: true),
        Field(
            name: "unit", type: "string", description: "unit", required: true,
            values: ["percent", "index", "pupils per teacher", "score"]),
        Field(
            name: "flags", type: "string", description: "; separated flags (docs/outputs.md)", pattern: flagList),
        Field(name: "sources", type: "string", description: "; separated source ids", required: true),
        // Empty for administrative values; indicators.csv has no missing-value marker (an empty
        // uis_id is a value), so these are text constrained to a number or nothing.
        Field(
            name: "se", type: "string", description: "standard error (surveys and assessments with a design), or empty",
            pattern: optionalNumber),
        Field(
            name: "ci_lower", type: "string", description: "lower bound of the 95 % confidence interval, or empty",
            pattern: optionalNumber),
        Field(
            name: "ci_upper", type: "string", description: "upper bound of the 95 % confidence interval, or empty",
            pattern: optionalNumber),
        Field(
            name: "sample_size", type: "string",
            description: "unweighted persons or students behind a survey or assessment value, or empty",
            pattern: "([0-9]+)?"),
    ]

    /// Flag words of `IndicatorValue.flagWords` separated by `;`, or nothing (grouped, so that
    /// the anchors frictionless adds hold for all of it).
    static var flagList: String {
        let word = "(" + IndicatorValue.flagWords.joined(separator: "|") + ")"
        return "(\(word)(;\(word))*)?"
    }

    /// A number at or above 0 as `NumberFormat.exact` writes it, or nothing (one group, so
    /// that the anchors frictionless adds hold for all of it).
    static let optionalNumber = "([0-9]+(\\.[0-9]+)?(e[-+]?[0-9]+)?)?"

    static let published: [Field] = [
        Field(name: "uis_id", type: "string", description: "published indicator id", required: true),
        Field(name: "country", type: "string", description: "ISO3, or 143", required: true),
        Field(name: "year", type: "integer", description: "reference year", required: true),
        Field(name: "published", type: "number", description: "the published value", required: true),
        Field(name: "computed", type: "number", description: "sdg4's value for the same id"),
        Field(name: "difference", type: "number", description: "computed − published"),
        Field(name: "magnitude", type: "string", description: "UIS magnitude"),
        Field(name: "qualifier", type: "string", description: "UIS qualifier, or SDMX OBS_STATUS"),
        Field(name: "source", type: "string", description: "source id", required: true),
        Field(
            name: "footnotes", type: "string",
            description: "the publisher's footnotes on the value (a UIS release's metadata), TYPE: text joined with ' | '"),
    ]

    static let progress: [Field] = [
        Field(name: "country", type: "string", description: "ISO3", required: true),
        Field(name: "uis_id", type: "string", description: "UIS id of the benchmark's indicator", required: true),
        Field(name: "base_year", type: "integer", description: "2015, or the first later year with a value"),
        Field(name: "base_value", type: "number", description: "the value of the base year"),
        Field(name: "latest_year", type: "integer", description: "the latest year with a value"),
        Field(name: "latest_value", type: "number", description: "the latest value"),
        Field(name: "target_year", type: "integer", description: "the benchmark's year", required: true),
        Field(name: "target", type: "number", description: "the benchmark's value (empty: none)"),
        Field(name: "progress", type: "number", description: "progress ratio R (without a target, the growth)"),
        Field(
            name: "status", type: "string", description: "progress status", required: true,
            values: ProgressStatus.allCases.map(\.rawValue)),
        Field(
            name: "significant", type: "string", description: "change beyond sampling error (yes/no/empty)",
            values: ["yes", "no"]),
    ]

    static let structures: [Field] = [
        Field(name: "country", type: "string", description: "ISO3", required: true),
        Field(name: "from_year", type: "integer", description: "first year", required: true),
        Field(name: "to_year", type: "integer", description: "last year", required: true),
        Field(name: "primary_entry_age", type: "integer", description: "entrance age of primary", required: true),
        Field(name: "primary_duration", type: "integer", description: "years", required: true),
        Field(name: "lower_secondary_duration", type: "integer", description: "years", required: true),
        Field(name: "upper_secondary_duration", type: "integer", description: "years", required: true),
        Field(name: "pre_primary_entry_age", type: "integer", description: "entrance age of pre-primary"),
        Field(name: "source", type: "string", description: "where the structure comes from"),
    ]

    static let rejects: [Field] = [
        Field(name: "file", type: "string", description: "input file", required: true),
        Field(name: "line", type: "integer", description: "line of the row", required: true),
        Field(name: "codes", type: "string", description: "; separated problem codes", required: true),
        Field(name: "row", type: "string", description: "the row as it stood in the file"),
    ]

    static let noSeries: [Field] = [
        Field(name: "indicator", type: "string", description: "sdg4 indicator id", required: true),
        Field(name: "values", type: "integer", description: "values computed", required: true),
    ]

    static var sdmx: [Field] {
        SDMXExport.header.map { name -> Field in
            switch name {
            case "TIME_PERIOD", "UNIT_MULT": Field(name: name, type: "integer", description: name, required: true)
            case "OBS_VALUE": Field(name: name, type: "number", description: "the value", required: true)
            case "SEX": Field(name: name, type: "string", description: name, required: true, values: sexes)
            case "URBANISATION": Field(name: name, type: "string", description: name, required: true, values: locations)
            case "INCOME_WEALTH_QUANTILE":
                Field(name: name, type: "string", description: name, required: true, values: quintiles)
            case "UNIT_MEASURE":
                Field(
                    name: name, type: "string", description: name, required: true, values: ["PT", "IX", "NUMBER", "RO"])
            case "OBS_STATUS":
                Field(name: name, type: "string", description: name, required: true, values: ["A", "B", "E", "U"])
            case "NATURE":
                Field(
                    name: name, type: "string", description: "CL_NATURE; empty for the Central Asia aggregate",
                    required: true, values: ["C", "CA", "E", ""])
            case "REPORTING_TYPE":
                Field(name: name, type: "string", description: name, required: true, values: ["N", "R"])
            case "REF_AREA":
                Field(
                    name: name, type: "string", description: "M49", required: true,
                    values: [Country.centralAsiaRegion.rawValue] + Country.centralAsia.map(SDMXExport.m49))
            case "SERIES":
                Field(
                    name: name, type: "string", description: name, required: true,
                    values: Array(Set(SDMXSeriesMap.builtIn.entries.values.map(\.series))).sorted())
            default: Field(name: name, type: "string", description: name, required: true)
            }
        }
    }

    /// The package for the files a run writes (names relative to the output folder).
    public static func json(name: String, files: [String], sourceIds: [String]) -> String {
        var resources: [JSONText] = []
        func add(_ path: String, _ title: String, _ fields: [Field], key: [String], missing: [String]) {
            guard files.contains(path) else { return }
            let schema: [String: JSONText] = [
                "fields": .array(
                    fields.map { f in
                        var d: [String: JSONText] = [
                            "name": .string(f.name), "type": .string(f.type), "description": .string(f.description),
                        ]
                        var c: [String: JSONText] = [:]
                        if f.required { c["required"] = .bool(true) }
                        if let v = f.values { c["enum"] = .array(v.map(JSONText.string)) }
                        if let p = f.pattern { c["pattern"] = .string(p) }
                        if !c.isEmpty { d["constraints"] = .object(c) }
                        return .object(d)
                    }),
                "primaryKey": .array(key.map(JSONText.string)), "missingValues": .array(missing.map(JSONText.string)),
            ]
            let name = path.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".csv", with: "")
                .lowercased().replacingOccurrences(of: "_", with: "-")
            resources.append(
                .object([
                    "name": .string(name), "path": .string(path), "title": .string(title), "format": .string("csv"),
                    "mediatype": .string("text/csv"), "encoding": .string("utf-8"),
                    "profile": .string("tabular-data-resource"), "schema": .object(schema),
                ]))
        }
        // indicators.csv: empty text is a value (no uis_id, no age group), not a missing one.
        add(
            "indicators.csv", "Indicator values", indicators,
            key: ["indicator", "uis_id", "country", "year", "level", "sex", "location", "wealth", "age_group"],
            missing: [])
        add(
            "published.csv", "Published values beside sdg4's", published, key: ["uis_id", "country", "year", "source"],
            missing: [""])
        add("structures.csv", "Education structures used", structures, key: ["country", "from_year"], missing: [""])
        add(
            "progress.csv", "Progress towards national benchmarks", progress,
            key: ["country", "uis_id", "target_year"], missing: [""])
        add(
            "sdmx/sdg4.csv", "SDMX-CSV 2.0 (SDG data structure)", sdmx,
            key: SDMXExport.dimensions + ["TIME_PERIOD"], missing: [])
        add("sdmx/no-series.csv", "Indicators without an SDG series", noSeries, key: ["indicator"], missing: [])
        for area in ([Country.centralAsiaRegion] + Country.centralAsia).map(\.rawValue) {
            add(
                "sdmx/\(area).csv", "SDMX-CSV 2.0 for \(area)", sdmx, key: SDMXExport.dimensions + ["TIME_PERIOD"],
                missing: [])
        }
        for id in sourceIds {
            add("rejects/\(id).csv", "Rejected rows of source \(id)", rejects, key: ["file", "line"], missing: [""])
        }
        let package: JSONText = .object([
            "profile": .string("tabular-data-package"),
            "name": .string(name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()),
            "title": .string("sdg4 outputs: \(name)"), "resources": .array(resources),
        ])
        return package.written() + "\n"
    }
}
