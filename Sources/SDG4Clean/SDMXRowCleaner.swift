import Foundation
import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Turns the rows of an SDMX-CSV file into published values, kept for comparison (never used
/// as inputs). A value's id is its series and its breakdowns other than `_T`, joined by dots:
/// `SE_TOT_CPLR.ISCED11_1.F` (EDUCATION_LEV, SEX, AGE, URBANISATION, INCOME_WEALTH_QUANTILE,
/// COMPOSITE_BREAKDOWN, in that order), which `published.csv` matches with sdg4's own values.
public struct SDMXRowCleaner: RowCleaning {
    let source: SourceSpec
    /// The texts that mean "no value" (the standard ones and the source's `missing:`).
    private let missing: MissingMarkers
    private let mapping: SDMXMapping
    let file: String
    private let fileIndex: Int
    private let filter: RowFilter

    public init(source: SourceSpec, mapping: SDMXMapping, file: String, fileIndex: Int, filter: RowFilter) {
        self.source = source
        missing = MissingMarkers(source)
        self.mapping = mapping
        self.file = file
        self.fileIndex = fileIndex
        self.filter = filter
    }

    public mutating func clean(_ record: CSVRecord) -> CleanedRow {
        let line = record.line
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        func text(_ name: String) -> String? { mapping.columns[name].map { record.string($0) } }
        let series = text("SERIES") ?? ""
        guard !series.isEmpty else {
            return .rejected([
                problem(
                    .rowUnknownMeasure, line, mapping.columns["SERIES"]! + 1, series, "The SERIES column is empty.",
                    "Give the SDG series code (SE_TOT_CPLR, ...).")
            ])
        }
        let area = text("REF_AREA") ?? ""
        let country: Country
        if area == Country.centralAsiaRegion.rawValue {
            country = .centralAsiaRegion
        } else if let c = CodeLists.country(area) {
            country = c
        } else {
            return .ignored(reason: "area not covered by sdg4", severity: .info)
        }
        if let action = text("ACTION"), action.uppercased() == "D" {
            return .ignored(reason: "rows with ACTION D (delete) are not values", severity: .info)
        }
        if let freq = text("FREQ"), !freq.isEmpty, freq != "A" {
            return .ignored(reason: "only annual data (FREQ A) are read", severity: .warning)
        }
        let period = (text("TIME_PERIOD") ?? "").trimmingCharacters(in: .whitespaces)
        guard period.count == 4, let year = Int(period), (1950...2100).contains(year) else {
            return .rejected([
                problem(
                    .rowBadYear, line, mapping.columns["TIME_PERIOD"]! + 1, period,
                    "Expected a year (2023) in column TIME_PERIOD.",
                    "SDG data are annual: one year per row (not a range such as 2018-2019, nor a quarter).")
            ])
        }
        if !country.isRegion && !filter.keeps(country, year) { return .filtered }
        if country.isRegion, let years = filter.years, !years.contains(year) { return .filtered }
        let raw = (text("OBS_VALUE") ?? "").trimmingCharacters(in: .whitespaces)
        guard var value = Double(raw), value.isFinite else {
            if missing.contains(raw) || raw.lowercased() == "nan" { return .missing }
            return .rejected([
                problem(
                    .rowBadNumber, line, mapping.columns["OBS_VALUE"]! + 1, raw,
                    "Expected a number in column OBS_VALUE.",
                    "SDMX-CSV writes plain numbers with a dot for decimals.")
            ])
        }
        // UNIT_MULT: the value is OBS_VALUE × 10^UNIT_MULT.
        if let m = text("UNIT_MULT").flatMap({ Int($0) }), m != 0 {
            value *= pow(10, Double(m))
        }
        var key = series
        for name in SDMXMapping.breakdowns {
            if let v = text(name), !v.isEmpty, v != "_T" { key += "." + v }
        }
        return .published(
            PublishedValue(
                uisId: key, country: country, year: year, value: value, magnitude: "",
                qualifier: text("OBS_STATUS") ?? "",
                provenance: Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line)))
    }
}
