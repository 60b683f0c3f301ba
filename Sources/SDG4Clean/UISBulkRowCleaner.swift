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
    private let mapping: UISBulkMapping
    let file: String
    private let fileIndex: Int
    private let filter: RowFilter

    private var ids = ByteInterner<UISBulkId>(capacity: 1024)
    private var countries = ByteInterner<Country?>()

    public init(source: SourceSpec, mapping: UISBulkMapping, file: String, fileIndex: Int, filter: RowFilter) {
        self.source = source
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
        guard let year = ByteNumber.int(record[mapping.year]), plausibleYears.contains(year) else {
            return .rejected([
                problem(
                    "row.bad-year", line, mapping.year + 1, record.string(mapping.year),
                    "Expected a reference year between \(plausibleYears.lowerBound) and \(plausibleYears.upperBound) in column YEAR.",
                    "UIS years are the calendar year in which the school year ends.")
            ])
        }
        guard filter.keeps(country, year) else { return .filtered }
        guard let value = ByteNumber.double(record[mapping.value]) else {
            let text = record.string(mapping.value)
            if CodeLists.isMissing(text) { return .missing }
            return .rejected([
                problem(
                    "row.bad-number", line, mapping.value + 1, text, "Expected a number in column VALUE.",
                    "UIS writes plain numbers with a dot for decimals; leave VALUE empty when there is none.")
            ])
        }
        let provenance = Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line)
        switch id {
        case .input(let measure, let level, let sex):
            if value < 0 {
                return .rejected([
                    problem(
                        "row.negative-count", line, mapping.value + 1, record.string(mapping.value),
                        "A \(measure.rawValue) count cannot be negative.", "Correct the value or leave it empty.")
                ])
            }
            if value > Measure.largestCount {
                return .rejected([
                    problem(
                        "row.value-too-large", line, mapping.value + 1, record.string(mapping.value),
                        "Not a plausible count of \(measure.rawValue): above the limit of 10 billion.",
                        "Check the value; UIS counts are whole persons.")
                ])
            }
            let flags: ValueFlags = mapping.qualifier.map { Self.marksEstimate(record[$0]) } == true ? .estimate : []
            let key = ObservationKey(measure: measure, country: country, year: year, level: level, sex: sex)
            return .observation(Observation(key: key, value: value, flags: flags, provenance: provenance))
        case .published(let uisId):
            let magnitude = mapping.magnitude.map { record.string($0) } ?? ""
            let qualifier = mapping.qualifier.map { record.string($0) } ?? ""
            return .published(
                PublishedValue(
                    uisId: uisId, country: country, year: year, value: value, magnitude: magnitude,
                    qualifier: qualifier, provenance: provenance))
        case .unused, .unrecognisedInput:
            return .ignored(reason: "indicator id not used by sdg4", severity: .info)
        }
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
