import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Turns the rows of a UIS bulk-download file into observations (input counts) and
/// published values (indicators UIS computed), which are kept apart.
///
/// Bulk files cover every country in the world: rows for countries sdg4 does not know are
/// ignored, not rejected.
public struct UISBulkRowCleaner: RowCleaning {
    let source: SourceSpec
    /// The texts that mean "no value" (the standard ones and the source's `missing:`).
    private let missingMarkers: MissingMarkers
    private let mapping: UISBulkMapping
    let file: String
    private let fileIndex: Int
    private let filter: RowFilter

    private var ids = ByteInterner<UISBulkId>(capacity: 1024)
    private var countries = ByteInterner<Country?>()
    /// `MAGNITUDE` and `QUALIFIER` codes, each spelling decoded once per file.
    private var magnitudes = ByteInterner<Magnitude>(capacity: 64)
    /// A release's footnotes by `INDICATOR_ID|COUNTRY_ID|YEAR` (`UISReleaseNotes`), else empty.
    var footnotes: [String: [String]] = [:]
    /// A release's indicator labels (`*_LABEL.csv`), else empty.
    var labels: [String: String] = [:]

    public init(source: SourceSpec, mapping: UISBulkMapping, file: String, fileIndex: Int, filter: RowFilter) {
        self.source = source
        missingMarkers = MissingMarkers(source)
        self.mapping = mapping
        self.file = file
        self.fileIndex = fileIndex
        self.filter = filter
    }

    /// Cleans one data row.
    public mutating func clean(_ record: CSVRecord) -> CleanedRow {
        let line = record.line
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        let id = ids.value(for: record[mapping.indicator]) { UISBulkId.classify($0) }
        switch id {
        case .unused: return .ignored(reason: "indicator id not used by sdg4", severity: .info)
        case .unrecognisedInput(let raw):
            return .ignored(
                reason:
                    "UIS id \(raw) looks like an input (SAP.<level>[.F|.M] or OFST.<level>[.F|.M].CP) but is not one sdg4 reads; check its spelling",
                severity: .warning)
        default: break
        }
        guard let country = countries.value(for: record[mapping.country], compute: { CodeLists.country($0) }) else {
            return .ignored(reason: "country not covered by sdg4", severity: .info)
        }
        guard let year = ReferenceYear.parse(record[mapping.year]), plausibleYears.contains(year) else {
            return .rejected([
                problem(
                    .rowBadYear, line, mapping.year + 1, record.string(mapping.year),
                    "Expected a reference year between \(plausibleYears.lowerBound) and \(plausibleYears.upperBound) in column YEAR.",
                    "UIS years are the calendar year in which the school year ends.")
            ])
        }
        guard filter.keeps(country, year) || filter.keepsAsYearBefore(country, year) else { return .filtered }
        let provenance = Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line)
        let magnitude = mapping.magnitude.map { magnitudes.value(for: record[$0], compute: Magnitude.init) } ?? .none
        var value = ByteNumber.double(record[mapping.value])
        let missing = value == nil && missingMarkers.contains(record.string(mapping.value))
        if magnitude == .nil, missing { value = 0 }
        if case .input(let measure, let level, let sex) = id {
            let key = ObservationKey(measure: measure, country: country, year: year, level: level, sex: sex)
            if let note = magnitudeNote(magnitude, record) { return .missingValue(key, provenance, note: note) }
            if value == nil, missing { return .missingValue(key, provenance, note: nil) }
        }
        guard let value else {
            if missing { return .missing }
            let text = record.string(mapping.value)
            return .rejected([
                problem(
                    .rowBadNumber, line, mapping.value + 1, text, "Expected a number in column VALUE.",
                    "UIS writes plain numbers with a dot for decimals; leave VALUE empty when there is none.")
            ])
        }
        switch id {
        case .input(let measure, let level, let sex):
            if value < 0 {
                return .rejected([
                    problem(
                        .rowNegativeCount, line, mapping.value + 1, record.string(mapping.value),
                        "A \(measure.rawValue) count cannot be negative.", "Correct the value or leave it empty.")
                ])
            }
            if value > Measure.largestCount {
                return .rejected([
                    problem(
                        .rowValueTooLarge, line, mapping.value + 1, record.string(mapping.value),
                        "Not a plausible count of \(measure.rawValue): above the limit of 10 billion.",
                        "Check the value; UIS counts are whole persons.")
                ])
            }
            var flags: ValueFlags = mapping.qualifier.map { Self.marksEstimate(record[$0]) } == true ? .estimate : []
            let qualifier = mapping.qualifier.map { magnitudes.value(for: record[$0], compute: Magnitude.init) }
            if magnitude == .lowReliability || qualifier == .lowReliability {
                flags.insert(.lowReliability)
            }
            let key = ObservationKey(measure: measure, country: country, year: year, level: level, sex: sex)
            return .observation(Observation(key: key, value: value, flags: flags, provenance: provenance))
        case .published(let uisId):
            let magnitude = mapping.magnitude.map { record.string($0) } ?? ""
            let qualifier = mapping.qualifier.map { record.string($0) } ?? ""
            let notes =
                footnotes.isEmpty
                ? []
                : footnotes[
                    UISReleaseNotes.key(
                        record.string(mapping.indicator), record.string(mapping.country), record.string(mapping.year))
                ] ?? []
            return .published(
                PublishedValue(
                    uisId: uisId, country: country, year: year, value: value, magnitude: magnitude,
                    qualifier: qualifier, provenance: provenance, footnotes: notes,
                    label: labels.isEmpty ? "" : labels[record.string(mapping.indicator)] ?? ""))
        case .unused, .unrecognisedInput:
            return .ignored(reason: "indicator id not used by sdg4", severity: .info)
        }
    }

    /// What a UIS `MAGNITUDE` (or `QUALIFIER`) says of a value, as the UIS release readme
    /// defines the codes.
    enum Magnitude: Equatable {
        /// Empty, or a code that says nothing of the value's existence.
        case none
        /// `NA`: not applicable (the level does not exist); its `VALUE` 0 is no count.
        case notApplicable
        /// `NIL`: a true zero (with a 0 or an empty `VALUE`).
        case `nil`
        /// `SUPP` (suppressed) or `INCLUDED` (counted in another category): no value.
        case withheld(String)
        /// `LOWREL`: the value is of low reliability.
        case lowReliability

        init(_ text: String) {
            switch text.uppercased() {
            case "NA": self = .notApplicable
            case "NIL": self = .nil
            case "SUPP": self = .withheld("SUPP")
            case "INCLUDED": self = .withheld("INCLUDED")
            case "LOWREL": self = .lowReliability
            default: self = .none
            }
        }
    }

    /// The note for an input row whose magnitude makes it no value, or `nil` for a value.
    private func magnitudeNote(_ magnitude: Magnitude, _ record: CSVRecord) -> Diagnostic? {
        let id = record.string(mapping.indicator)
        var note: Diagnostic
        switch magnitude {
        case .notApplicable:
            note = problem(
                .uisNotApplicable, record.line, (mapping.magnitude ?? 0) + 1, "NA",
                "\(id) is marked NA (not applicable): read as no value, not as \(record.string(mapping.value)).",
                "Nothing to do: rates that need this count are not computed for this country and year.")
        case .withheld(let code):
            note = problem(
                .uisMissingMagnitude, record.line, (mapping.magnitude ?? 0) + 1, code,
                "\(id) is marked \(code) (\(code == "SUPP" ? "suppressed" : "included in another category")): read as no value.",
                "Nothing to do unless another source gives the count.")
        case .none, .nil, .lowReliability:
            return nil
        }
        return note
    }

    /// Whether a UIS qualifier marks an estimate (`UIS_EST`, `NAT_EST`, ...): it contains
    /// `EST` in any case. Read from the bytes: no `String` per row.
    static func marksEstimate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 3 else { return false }
        for i in 0...(bytes.count - 3) {
            if bytes[i] | 0x20 == 0x65, bytes[i + 1] | 0x20 == 0x73, bytes[i + 2] | 0x20 == 0x74 { return true }
        }
        return false
    }

}
