import SDG4Aggregate
import SDG4Model

/// What reports are rendered from: a run's results, read from the run itself or back from its
/// output files (`sdg4 report`).
public struct ReportData: Sendable {
    public var pipelineName: String
    public var values: [IndicatorValue]
    public var inputs: [RunManifest.Input]
    public var quality: QualityReport
    /// Changes since the previous results (with the ledger).
    public var changes: RunChanges?
    /// The values a publisher computed (`published.csv`), for the comparison in the reports.
    public var published: [Published] = []
    /// Progress towards the national benchmarks (`progress.csv`), the benchmarks (their targets
    /// on the trend charts) and the benchmarks file's own label.
    public var progress: [ProgressRow] = []
    public var benchmarks: [Benchmark] = []
    public var benchmarksNotes: [String: String] = [:]

    /// The benchmarks file's label in a language (its own, else the one for every language).
    func benchmarksNote(_ language: Language) -> String {
        [benchmarksNotes[language.rawValue], benchmarksNotes[""]].compactMap { $0 }.joined(separator: " ")
    }

    /// A publisher's value (UIS) as the reports show it beside sdg4's.
    public struct Published: Sendable, Hashable {
        public var uisId: String
        public var country: Country
        public var year: Int
        public var value: Double
        /// The publisher's footnotes (`TYPE: text`).
        public var footnotes: [String]
        /// The publisher's label of the indicator (a UIS release), or empty.
        public var label: String

        public init(uisId: String, country: Country, year: Int, value: Double, footnotes: [String], label: String = "") {
            (self.uisId, self.country, self.year, self.value, self.footnotes) = (uisId, country, year, value, footnotes)
            self.label = label
        }
    }

    /// Values by `uisId|country`, for both sexes and all areas and quintiles, sorted by year.
    private let totals: [String: [IndicatorValue]]
    /// All values by `uisId|country`.
    private let byId: [String: [IndicatorValue]]
    /// Where series are not comparable with the year before.
    let breaks: SeriesBreaks

    public init(
        pipelineName: String, values: [IndicatorValue], inputs: [RunManifest.Input], quality: QualityReport,
        changes: RunChanges?
    ) {
        self.pipelineName = pipelineName
        self.values = values
        self.inputs = inputs
        self.quality = quality
        self.changes = changes
        var all: [String: [IndicatorValue]] = [:]
        for v in values { all["\(v.uisId)|\(v.country.rawValue)", default: []].append(v) }
        // One indicator per UIS id and country: ROFST.1.CP, say, comes from out-of-school
        // counts (rofst) or from enrolment (rofst.nert); a series never mixes the two. The one
        // with more values is shown (then the first by id).
        all = all.mapValues { list in
            let ids = Dictionary(grouping: list, by: \.indicator)
            guard ids.count > 1 else { return list }
            let best = ids.max { a, b in (a.value.count, b.key) < (b.value.count, a.key) }!.key
            return list.filter { $0.indicator == best }
        }
        byId = all
        breaks = SeriesBreaks(all.values.flatMap { $0 })
        totals = all.mapValues {
            $0.filter { $0.location == .total && $0.wealth == .total }.sorted { $0.year < $1.year }
        }
    }

    /// The values the reports show: one indicator per UIS id and country (see `init`), so that
    /// a value two indicators give is counted once.
    func shown(_ country: Country) -> [IndicatorValue] {
        byId.filter { $0.key.hasSuffix("|" + country.rawValue) }.sorted { $0.key < $1.key }.flatMap(\.value)
    }

    /// Every value of a UIS id for a country (all areas and quintiles).
    func all(_ uisId: String, _ country: Country) -> [IndicatorValue] { byId["\(uisId)|\(country.rawValue)"] ?? [] }

    /// The countries with values, the Central Asia aggregate (`143`) left out (and any code
    /// that is not three capital letters, which could not name a file safely).
    public var countries: [Country] {
        Set(values.map(\.country)).filter { c in
            !c.isRegion && c.rawValue.count == 3 && c.rawValue.allSatisfy { $0 >= "A" && $0 <= "Z" }
        }.sorted()
    }

    /// The latest year with any value.
    var lastYear: Int { values.map(\.year).max() ?? CountryReport.firstYear }

    /// Values for both sexes and all areas and quintiles, by UIS id, country and year.
    func series(_ uisId: String, _ country: Country) -> [(year: Int, value: Double)] {
        (totals["\(uisId)|\(country.rawValue)"] ?? []).map { ($0.year, $0.value) }
    }

    /// The values of `series`, with their flags.
    func totals(_ uisId: String, _ country: Country) -> [IndicatorValue] {
        totals["\(uisId)|\(country.rawValue)"] ?? []
    }

    func latest(_ uisId: String, _ country: Country) -> IndicatorValue? {
        totals["\(uisId)|\(country.rawValue)"]?.last
    }

    func value(_ uisId: String, _ country: Country, _ year: Int) -> IndicatorValue? {
        totals["\(uisId)|\(country.rawValue)"]?.first { $0.year == year }
    }
}
