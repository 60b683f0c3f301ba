import Foundation

/// Which SDG series each of sdg4's indicators is reported under, read from the data file
/// `sdmx-series.csv` (shipped as a resource; a table, not code, so that it can follow the SDG
/// code lists as they change).
public struct SDMXSeriesMap: Sendable {
    public struct Entry: Sendable, Hashable {
        public var indicator: String
        public var series: String
        public var unitMeasure: String
        public var sdgIndicator: String
    }

    public let entries: [String: Entry]

    /// The map shipped with sdg4.
    public static let builtIn: SDMXSeriesMap = {
        guard let url = Bundle.module.url(forResource: "sdmx-series", withExtension: "csv", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return SDMXSeriesMap(entries: [:]) }
        return SDMXSeriesMap(csv: text)
    }()

    init(entries: [String: Entry]) { self.entries = entries }

    /// Reads `indicator,series,unit_measure,sdg_indicator,note`.
    public init(csv: String) {
        var out: [String: Entry] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = CSVText.fields(of: String(line))
            guard f.count >= 4, !f[0].isEmpty else { continue }
            out[f[0]] = Entry(indicator: f[0], series: f[1], unitMeasure: f[2], sdgIndicator: f[3])
        }
        entries = out
    }

    /// `EDUCATION_LEV` of an ISCED level as sdg4 writes it.
    public static func educationLevel(_ level: String) -> String {
        switch level {
        case "": "_T"
        case "02", "1", "2", "3", "4": "ISCED11_\(level)"
        case "2T3": "AGG_2_3"
        case "5T8": "AGG_5T8"
        case "1T3": "AGG_1T3"
        default: "_T"
        }
    }
}
