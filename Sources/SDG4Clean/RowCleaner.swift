import SDG4CSV
import SDG4Ingest
import SDG4Model

/// What every format's row cleaner is: made from the file's header (which it maps to the
/// source's roles, or rejects with an `IngestError`), then given each data row, which it turns
/// into one `CleanedRow`. The shared parts (problem wording, field-count check, country and
/// year, missing markers) are in `RowCleaning` and `MissingMarkers`.
///
/// A new input format is one such type in its own file, a case of `InputFormat` and a line
/// in `SourceSpec.cleaner` (docs/architecture.md walks through it).
public protocol RowCleaner {
    /// The cleaner of a file whose header is `header`.
    init(header: CSVRecord, context: CleaningContext) throws
    /// One data row.
    mutating func clean(_ record: CSVRecord) -> CleanedRow
    /// Problems of rows that were used (a warning, not a rejection), since the last call.
    mutating func takeWarnings() -> [Diagnostic]
    /// The regions a student census's rows named, by key, in the order first met.
    var regions: [(key: ObservationKey, region: String)] { get }
}

extension RowCleaner {
    public mutating func takeWarnings() -> [Diagnostic] { [] }
    public var regions: [(key: ObservationKey, region: String)] { [] }
}

/// What a row cleaner knows of the file it reads.
public struct CleaningContext: Sendable {
    public var source: SourceSpec
    /// The file's name for messages.
    public var file: String
    /// The file's position among the run's files (provenance of each value).
    public var fileIndex: Int
    public var filter: RowFilter
    /// How the file writes numbers (decimal mark, thousands separators).
    public var numbers: NumberStyle
    /// For the national data of a UIS release: the footnotes of its values.
    public var release: UISReleaseNotes?

    public init(
        source: SourceSpec, file: String, fileIndex: Int, filter: RowFilter, numbers: NumberStyle,
        release: UISReleaseNotes? = nil
    ) {
        self.source = source
        self.file = file
        self.fileIndex = fileIndex
        self.filter = filter
        self.numbers = numbers
        self.release = release
    }
}

extension SourceSpec {
    /// The row cleaner of this source's format: the one place a format names its cleaner.
    public var cleaner: any RowCleaner.Type {
        switch format {
        case .table: TableRowCleaner.self
        case .uisBulk: UISBulkRowCleaner.self
        case .sdmxCSV: SDMXRowCleaner.self
        case .microdata:
            switch microdata?.kind {
            case .studentCensus: CensusRowCleaner.self
            case .assessment: AssessmentRowCleaner.self
            case .householdSurvey, nil: SurveyRowCleaner.self
            }
        }
    }
}

extension TableRowCleaner: RowCleaner {
    public init(header: CSVRecord, context c: CleaningContext) throws {
        let mapping = try HeaderMapping.table(
            header: header, columns: c.source.columns, layout: c.source.table, file: c.file)
        self.init(
            source: c.source, mapping: mapping, file: c.file, fileIndex: c.fileIndex, filter: c.filter,
            numbers: c.numbers)
    }

    public mutating func takeWarnings() -> [Diagnostic] {
        guard !warnings.isEmpty else { return [] }
        defer { warnings.removeAll() }
        return warnings
    }
}

extension UISBulkRowCleaner: RowCleaner {
    public init(header: CSVRecord, context c: CleaningContext) throws {
        let mapping = try HeaderMapping.uisBulk(header: header, file: c.file)
        self.init(source: c.source, mapping: mapping, file: c.file, fileIndex: c.fileIndex, filter: c.filter)
        footnotes = c.release?.footnotes ?? [:]
        labels = c.release?.labels ?? [:]
    }
}

extension SDMXRowCleaner: RowCleaner {
    public init(header: CSVRecord, context c: CleaningContext) throws {
        let mapping = try SDMXMapping.make(header: header, file: c.file)
        self.init(source: c.source, mapping: mapping, file: c.file, fileIndex: c.fileIndex, filter: c.filter)
    }
}

extension SurveyRowCleaner: RowCleaner {
    public init(header: CSVRecord, context c: CleaningContext) throws {
        let mapping = try MicrodataMapping.make(
            header: header, columns: c.source.microdata?.columns ?? [:], file: c.file)
        self.init(source: c.source, mapping: mapping, file: c.file, filter: c.filter, numbers: c.numbers)
    }
}

extension AssessmentRowCleaner: RowCleaner {
    public init(header: CSVRecord, context c: CleaningContext) throws {
        let mapping = try MicrodataMapping.make(
            header: header, columns: c.source.microdata?.columns ?? [:], file: c.file)
        self.init(source: c.source, mapping: mapping, file: c.file, filter: c.filter, numbers: c.numbers)
    }

    public mutating func clean(_ record: CSVRecord) -> CleanedRow { clean(record, stage: CodeLists.stage) }
}

extension CensusRowCleaner: RowCleaner {
    public init(header: CSVRecord, context c: CleaningContext) throws {
        let mapping = try MicrodataMapping.make(
            header: header, columns: c.source.microdata?.columns ?? [:], file: c.file)
        self.init(
            source: c.source, mapping: mapping, file: c.file, fileIndex: c.fileIndex, filter: c.filter,
            numbers: c.numbers)
    }
}
