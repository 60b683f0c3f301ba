import Foundation
import SDG4Model

/// What changed since the previous results ("edition"): input files added, changed, removed,
/// superseded, dropped as duplicates or quarantined, and the indicator values that moved.
///
/// Written to `changes.json` and as a section of `summary.md`. A run that finds nothing new
/// repeats the changes of the edition it reproduces, so that its outputs are byte-identical.
public struct RunChanges: Sendable, Codable, Equatable {
    /// One input file's change.
    /// What happened to an input file, as `changes.json` and the changes table write it.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case added, changed, superseded
        case partlySuperseded = "partly superseded"
        case restored, duplicate, quarantined, removed
    }

    public struct InputChange: Sendable, Codable, Equatable {
        public var kind: Kind
        public var source: String
        public var path: String
        /// What happened, in words (`replaced by inbox/processed/x.csv`).
        public var detail: String

        public init(kind: Kind, source: String, path: String, detail: String) {
            self.kind = kind
            self.source = source
            self.path = path
            self.detail = detail
        }
    }

    /// One indicator value that is new, gone, or different.
    public struct ValueChange: Sendable, Codable, Equatable {
        /// `indicator,country,year,level,sex,location,wealth,age_group` as in `indicators.csv`.
        public var key: String
        public var old: String?
        public var new: String?
    }

    /// No earlier results in this ledger.
    public var first: Bool
    /// The pipeline file, its structures file or the sdg4 version differ from the previous results.
    public var settingsChanged: Bool
    public var inputs: [InputChange]
    public var valuesAdded: Int
    public var valuesRemoved: Int
    public var valuesChanged: Int
    /// The largest relative changes first, then new and removed values (at most `listed`).
    public var values: [ValueChange]
    /// Problems of this edition's inbox files (quarantined files), kept so that a repeat run
    /// reports them again.
    public var problems: [Diagnostic]
    /// For each country (ISO3, or 143), its value changes, largest first (at most `listed`),
    /// and how many there are: what a country report shows.
    public var byCountry: [String: CountryChanges]?

    /// One country's value changes.
    public struct CountryChanges: Sendable, Codable, Equatable {
        public var count: Int
        public var values: [ValueChange]
    }

    /// Value changes listed one by one.
    public static let listed = 25

    public init(first: Bool, settingsChanged: Bool, inputs: [InputChange], problems: [Diagnostic]) {
        self.first = first
        self.settingsChanged = settingsChanged
        self.inputs = inputs
        self.problems = problems
        valuesAdded = 0
        valuesRemoved = 0
        valuesChanged = 0
        values = []
    }

    /// Compares two `indicators.csv` texts value by value.
    public mutating func compareValues(previous: String?, current: String) {
        guard let previous else { return }
        let old = Self.values(of: previous)
        let new = Self.values(of: current)
        var changed: [(Double, ValueChange)] = []
        var added: [ValueChange] = []
        var removed: [ValueChange] = []
        for (key, value) in new {
            guard let before = old[key] else {
                added.append(ValueChange(key: key, old: nil, new: value))
                continue
            }
            guard before != value else { continue }
            let a = Double(before) ?? 0
            let b = Double(value) ?? 0
            changed.append((abs(b - a) / max(abs(a), 1e-9), ValueChange(key: key, old: before, new: value)))
        }
        for (key, value) in old where new[key] == nil { removed.append(ValueChange(key: key, old: value, new: nil)) }
        valuesAdded = added.count
        valuesRemoved = removed.count
        valuesChanged = changed.count
        let ranked =
            changed.sorted { ($0.0, $1.1.key) > ($1.0, $0.1.key) }.map(\.1)
            + added.sorted { $0.key < $1.key } + removed.sorted { $0.key < $1.key }
        values = Array(ranked.prefix(Self.listed))
        var perCountry: [String: [ValueChange]] = [:]
        for v in ranked {
            let country =
                v.key.split(separator: ",", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
            perCountry[country, default: []].append(v)
        }
        byCountry = perCountry.mapValues { CountryChanges(count: $0.count, values: Array($0.prefix(Self.listed))) }
    }

    /// `key → value` of an `indicators.csv` text (its first row is the header).
    static func values(of csv: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = CSVText.fields(of: String(line))
            guard f.count >= 11 else { continue }
            // indicator, country, year, level, sex, location, wealth, age_group (uis_id and
            // sdg_series follow from the indicator).
            let key = ([f[0]] + f[3...9]).joined(separator: ",")
            out[key] = f[10]
        }
        return out
    }

    /// `changes.json`: pretty-printed with sorted keys (deterministic).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads back `json()`.
    public static func decode(json: String) -> RunChanges? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(RunChanges.self, from: Data(json.utf8))
    }

    /// The section of `summary.md`.
    public func markdown() -> String {
        var s = "## Changes since the previous results\n\n"
        if first {
            s += "First results from this ledger: \(inputs.filter { $0.kind == .added }.count) input file(s) read.\n"
            let others = inputs.filter { $0.kind != .added }
            if !others.isEmpty { s += "\n" + table(others) }
            return s
        }
        if inputs.isEmpty && !settingsChanged {
            s += "No input changed.\n"
        }
        if settingsChanged {
            s += "The pipeline file, its structures file or the sdg4 version changed.\n\n"
        }
        if !inputs.isEmpty { s += table(inputs) + "\n" }
        s +=
            "Indicator values: \(valuesChanged) changed, \(valuesAdded) new, \(valuesRemoved) no longer computed.\n"
        if !values.isEmpty {
            s += "\n| value (indicator, country, year, level, sex, location, wealth, age group) | before | now |\n"
            s += "|---|---:|---:|\n"
            for v in values {
                s += "| \(escape(v.key)) | \(v.old ?? "–") | \(v.new ?? "–") |\n"
            }
            if valuesAdded + valuesRemoved + valuesChanged > values.count {
                s += "\nThe \(values.count) largest changes are listed; changes.json has the counts.\n"
            }
        }
        return s
    }

    private func table(_ rows: [InputChange]) -> String {
        var s = "| change | source | file | detail |\n|---|---|---|---|\n"
        for c in rows {
            s += "| \(c.kind.rawValue) | \(escape(c.source)) | \(escape(c.path)) | \(escape(c.detail)) |\n"
        }
        return s
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
