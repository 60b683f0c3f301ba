import SDG4Aggregate
import SDG4Model

/// The country × indicator comparison for the latest year each country has, built once and
/// rendered as Markdown (`summary.md`) and as the table printed at the end of a run.
public struct SummaryTable: Sendable {
    /// A headline column: which UIS id it shows and how many decimals.
    public struct Column: Sendable {
        public var uisId: String
        public var title: String
        public var decimals: Int
    }

    /// A cell: the latest value with its year and flags, or nothing.
    public struct Cell: Sendable {
        public var value: Double
        public var year: Int
        public var flags: [String]
    }

    /// The headline indicators, in column order.
    public static let headline: [Column] = [
        Column(uisId: "GER.02", title: "GER pre-primary", decimals: 1),
        Column(uisId: "GER.1", title: "GER primary", decimals: 1),
        Column(uisId: "GER.2T3", title: "GER secondary", decimals: 1),
        Column(uisId: "GER.5T8", title: "GER tertiary", decimals: 1),
        Column(uisId: "GER.1.GPIA", title: "GPIA GER primary", decimals: 3),
        Column(uisId: "PTRHC.1", title: "PTR primary", decimals: 1),
        Column(uisId: "FTP.1", title: "% female teachers primary", decimals: 1),
        Column(uisId: "ROFST.1.CP", title: "Out-of-school rate primary", decimals: 1),
    ]

    public let columns: [Column]
    public let countries: [Country]
    /// `cells[row][column]`.
    public let cells: [[Cell?]]

    /// Picks, for each country and headline indicator, the value of the latest year.
    public init(values: [IndicatorValue], columns: [Column] = SummaryTable.headline) {
        self.columns = columns
        var latest: [String: [Country: IndicatorValue]] = [:]
        for v in values where v.location == .total && v.wealth == .total {
            if let current = latest[v.uisId]?[v.country], current.year >= v.year { continue }
            latest[v.uisId, default: [:]][v.country] = v
        }
        // Countries by code, the Central Asia aggregate (M49 143) last.
        let all = Set(values.map(\.country)).sorted()
        countries = all.filter { !$0.isRegion } + all.filter(\.isRegion)
        cells = countries.map { country in
            columns.map { column in
                latest[column.uisId]?[country].map { Cell(value: $0.value, year: $0.year, flags: $0.flags) }
            }
        }
    }

    /// The cell's text: `106.4 (2018)`, with flags after a dagger, or `–`.
    public func text(_ row: Int, _ column: Int) -> String {
        guard let cell = cells[row][column] else { return "–" }
        var s = "\(NumberFormat.rounded(cell.value, decimals: columns[column].decimals)) (\(cell.year))"
        if !cell.flags.isEmpty { s += " †" + cell.flags.joined(separator: ",") }
        return s
    }

    /// Display name of a country row: `Kyrgyzstan (KGZ)`.
    public func countryName(_ row: Int) -> String {
        let c = countries[row]
        if c.isRegion { return "Central Asia (\(c.rawValue))" }
        return CountryInfo.lookup(c).map { "\($0.name) (\(c.rawValue))" } ?? c.rawValue
    }
}
