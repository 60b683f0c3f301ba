import Foundation
import SDG4CSV

/// Which field of a record holds each role of a `table` source, found from the header row.
public struct HeaderMapping: Sendable, Hashable {
    /// The header names as found, for messages.
    public let headers: [String]
    /// 0-based field index of each mapped role (`nil` when the role is not mapped: it is then
    /// fixed on the source, or given by the headers of a wide table).
    public let country: Int?, year: Int?, value: Int?
    public let level: Int?, sex: Int?, age: Int?, grade: Int?, location: Int?, wealth: Int?, measure: Int?
    /// A wide table's value columns, with the value of the wide role each header gives.
    public let wide: [WideColumn]
    /// The fields `where:` looks at, with the values (folded) it keeps.
    public let keep: [KeptValues]

    /// A value column of a wide table.
    public struct WideColumn: Sendable, Hashable {
        public var field: Int
        /// The wide role's value, as the header (or `wide:`'s map) gives it.
        public var value: String
    }

    /// A field of `where:` and the values, folded, it keeps.
    public struct KeptValues: Sendable, Hashable {
        public var field: Int
        public var values: Set<String>
    }

    init(index: [FieldRole: Int], headers: [String], wide: [WideColumn] = [], keep: [KeptValues] = []) {
        self.headers = headers
        country = index[.country]
        year = index[.year]
        value = index[.value]
        level = index[.level]
        sex = index[.sex]
        age = index[.age]
        grade = index[.grade]
        location = index[.location]
        wealth = index[.wealth]
        measure = index[.measure]
        self.wide = wide
        self.keep = keep
    }

    /// Header of the given 0-based field, for messages.
    public func headerName(_ field: Int) -> String {
        field < headers.count ? headers[field] : "field \(field + 1)"
    }

    /// Other names a role's column goes by in English and Russian exports, tried when the name
    /// set in the pipeline file is not in the header.
    public static let aliases: [String: [String]] = [
        "country": ["country", "страна", "country_id", "cnt", "iso3", "государство"],
        "year": ["year", "год", "time_period", "time"],
        "sex": ["sex", "пол", "gender"],
        "age": ["age", "возраст"],
        "grade": ["grade", "класс"],
        "level": ["level", "isced", "уровень", "уровень образования"],
        "location": ["location", "area", "местность", "поселение"],
        "wealth": ["wealth", "quintile", "квинтиль"],
        "value": ["value", "значение", "obs_value"],
        "measure": ["measure", "показатель"],
        "weight": ["weight", "вес"],
    ]

    /// The fields whose header is `name`, else (if none) one of the role's aliases.
    static func matches(_ name: String, role: String, in normalised: [String]) -> [Int] {
        let key = normalise(name)  // once, not once per header cell (116 cells × 100 roles in PISA)
        let direct = normalised.indices.filter { normalised[$0] == key }
        if !direct.isEmpty { return direct }
        for alias in aliases[role] ?? [] {
            let found = normalised.indices.filter { normalised[$0] == alias }
            if !found.isEmpty { return found }
        }
        return []
    }

    /// Normalises a header cell for matching: trimmed, BOM and zero-width characters
    /// removed, lower-cased.
    public static func normalise(_ header: String) -> String {
        let dropped = header.unicodeScalars.filter {
            !["\u{FEFF}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}"].contains($0)
        }
        return String(String.UnicodeScalarView(dropped))
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

extension HeaderMapping {
    /// The fixed columns of the UIS bulk-download format, and the role each plays.
    public static let uisBulkColumns: [(name: String, role: UISBulkColumn)] = [
        ("INDICATOR_ID", .indicator), ("COUNTRY_ID", .country), ("YEAR", .year), ("VALUE", .value),
        ("MAGNITUDE", .magnitude), ("QUALIFIER", .qualifier),
    ]

    /// Maps a `table` header to the source's `columns:`, the value columns of a wide table and
    /// the fields of `where:`.
    public static func table(
        header: CSVRecord, columns: [FieldRole: String], layout: TableLayout = TableLayout(), file: String
    ) throws(IngestError) -> HeaderMapping {
        let found = header.strings
        let normalised = found.map(normalise)
        var index: [FieldRole: Int] = [:]
        var missing: [String] = []
        for (role, name) in columns.sorted(by: { $0.key < $1.key }) {
            let matches = Self.matches(name, role: role.rawValue, in: normalised)
            if matches.count > 1 {
                throw .ambiguousColumn(file: file, line: header.line, name: name, columns: matches.map { $0 + 1 })
            }
            if let i = matches.first {
                index[role] = i
            } else {
                missing.append("\(name) (for \(role.rawValue))")
            }
        }
        var wide: [WideColumn] = []
        if let w = layout.wide {
            let used = Set(index.values)
            for (i, name) in found.enumerated() where !used.contains(i) {
                if let value = w.value(forHeader: name) { wide.append(WideColumn(field: i, value: value)) }
            }
            if wide.isEmpty {
                let what = w.pattern.map { "\"\($0)\"" } ?? (w.map ?? [:]).keys.sorted().joined(separator: ", ")
                missing.append("a column whose header matches \(what) (for wide: \(w.role.rawValue))")
            }
        }
        var keep: [KeptValues] = []
        for condition in layout.keep {
            let matches = normalised.indices.filter { normalised[$0] == normalise(condition.header) }
            if matches.count > 1 {
                throw .ambiguousColumn(
                    file: file, line: header.line, name: condition.header, columns: matches.map { $0 + 1 })
            }
            if let i = matches.first {
                keep.append(KeptValues(field: i, values: Set(condition.values.map(normalise))))
            } else {
                missing.append("\(condition.header) (for where:)")
            }
        }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, line: header.line, missing: missing, found: found)
        }
        return HeaderMapping(index: index, headers: found, wide: wide, keep: keep)
    }

    /// Maps a UIS bulk-download header; `MAGNITUDE` and `QUALIFIER` may be absent.
    public static func uisBulk(header: CSVRecord, file: String) throws(IngestError) -> UISBulkMapping {
        let found = header.strings
        let normalised = found.map(normalise)
        var fields: [UISBulkColumn: Int] = [:]
        var missing: [String] = []
        for (name, role) in uisBulkColumns {
            let matches = normalised.indices.filter { normalised[$0] == name.lowercased() }
            if matches.count > 1 {
                throw .ambiguousColumn(file: file, line: header.line, name: name, columns: matches.map { $0 + 1 })
            }
            if let i = matches.first {
                fields[role] = i
            } else if role != .magnitude && role != .qualifier {
                missing.append(name)
            }
        }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, line: header.line, missing: missing, found: found)
        }
        return UISBulkMapping(fields: fields, headers: found)
    }
}

/// The columns of the UIS bulk-download format.
public enum UISBulkColumn: Sendable, Hashable {
    case indicator, country, year, value, magnitude, qualifier
}

/// Where each UIS bulk column is in a file.
public struct UISBulkMapping: Sendable, Hashable {
    public let indicator: Int
    public let country: Int
    public let year: Int
    public let value: Int
    public let magnitude: Int?
    public let qualifier: Int?
    public let headers: [String]

    init(fields: [UISBulkColumn: Int], headers: [String]) {
        indicator = fields[.indicator]!
        country = fields[.country]!
        year = fields[.year]!
        value = fields[.value]!
        magnitude = fields[.magnitude]
        qualifier = fields[.qualifier]
        self.headers = headers
    }
}

/// Where each role of a `microdata` source is in a file (0-based field indexes).
public struct MicrodataMapping: Sendable, Hashable {
    public let index: [String: Int]
    public let headers: [String]

    /// Maps a header to the source's `columns:`; every mapped column must be there, once.
    public static func make(header: CSVRecord, columns: [String: String], file: String) throws(IngestError)
        -> MicrodataMapping
    {
        let found = header.strings
        let normalised = found.map(HeaderMapping.normalise)
        var index: [String: Int] = [:]
        var missing: [String] = []
        for (role, name) in columns.sorted(by: { $0.key < $1.key }) {
            let matches = HeaderMapping.matches(name, role: role, in: normalised)
            if matches.count > 1 {
                throw .ambiguousColumn(file: file, line: header.line, name: name, columns: matches.map { $0 + 1 })
            }
            if let i = matches.first {
                index[role] = i
            } else {
                missing.append("\(name) (for \(role.hasPrefix("design:") ? "the sampling design" : role))")
            }
        }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, line: header.line, missing: missing, found: found)
        }
        return MicrodataMapping(index: index, headers: found)
    }

    /// Header of the given 0-based field, for messages.
    public func headerName(_ field: Int) -> String {
        field < headers.count ? headers[field] : "field \(field + 1)"
    }
}

/// Where the SDMX-CSV columns sdg4 reads are in a file.
public struct SDMXMapping: Sendable, Hashable {
    /// Column of each name read (`SERIES`, `REF_AREA`, `TIME_PERIOD`, `OBS_VALUE` and the
    /// breakdowns and `OBS_STATUS` when present).
    public let columns: [String: Int]
    public let headers: [String]

    public static let required = ["SERIES", "REF_AREA", "TIME_PERIOD", "OBS_VALUE"]
    /// The breakdowns that make a value's key, in this order, when not `_T`.
    public static let breakdowns = [
        "EDUCATION_LEV", "SEX", "AGE", "URBANISATION", "INCOME_WEALTH_QUANTILE", "OCCUPATION", "CUST_BREAKDOWN",
        "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT",
    ]

    /// Finds the columns (names as SDMX writes them, in any case).
    public static func make(header: CSVRecord, file: String) throws(IngestError) -> SDMXMapping {
        let found = header.strings
        var columns: [String: Int] = [:]
        for (i, name) in found.enumerated() {
            // "SERIES: Series" (SDMX-CSV with labels) is the column SERIES.
            let key = String(name.split(separator: ":", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
                .uppercased()
            if columns[key] != nil {
                throw .ambiguousColumn(
                    file: file, line: header.line, name: key,
                    columns: found.indices.filter { found[$0].uppercased() == key }.map { $0 + 1 })
            }
            columns[key] = i
        }
        let missing = required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw .missingColumns(file: file, line: header.line, missing: missing, found: found)
        }
        return SDMXMapping(columns: columns, headers: found)
    }
}
