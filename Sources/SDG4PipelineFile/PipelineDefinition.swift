import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Ingest
import SDG4Model

/// A pipeline file (product.md §3), checked and with its paths made absolute.
public struct PipelineDefinition: Sendable {
    /// One entry of `sources:`.
    public struct Source: Sendable, Hashable {
        public var id: String
        /// Absolute glob patterns (from `path:`, relative to the pipeline file).
        public var patterns: [String]
        public var format: InputFormat
        public var measure: Measure?
        public var columns: [FieldRole: String]
        /// File-name pattern for files dropped in the inbox (used by the inbox workflow).
        public var inboxPattern: String?
        /// Line of the source in the pipeline file, for messages.
        public var line: Int
        /// For `microdata`: kind, columns and settings.
        public var microdata: MicrodataSpec?
        /// Encoding, delimiter, number style and missing markers set in the pipeline file.
        public var reading = Reading()
        /// For `table`: fixed roles, a wide layout, titles, scale, year shift, `where:`.
        public var table = TableLayout()

        /// The source as the read stage takes it: its `index` in `sources:` and the files it matched.
        public func spec(index: Int, files: [InputFile]) -> SourceSpec {
            var spec = SourceSpec(
                id: id, index: index, format: format, measure: measure, columns: columns, files: files,
                microdata: microdata)
            spec.encoding = reading.encoding
            spec.delimiter = reading.delimiter
            spec.decimal = reading.decimal
            spec.thousands = reading.thousands
            spec.missingMarkers = reading.missing
            spec.recodes = reading.codes
            spec.table = table
            return spec
        }
    }

    /// How to read a source's files, where the pipeline file overrides detection.
    public struct Reading: Sendable, Hashable {
        public var encoding: TextEncoding?
        public var delimiter: UInt8?
        public var decimal: UInt8?
        public var thousands: [[UInt8]]?
        public var missing: [String] = []
        /// `codes:`, per breakdown: the file's value → an sdg4 spelling.
        public var codes: [String: [String: String]] = [:]
    }

    /// Absolute path of the pipeline file.
    public var path: String
    /// Folder of the pipeline file: relative paths start here.
    public var directory: String
    /// SHA-256 of the file's bytes, recorded in `run.json`.
    public var sha256: String
    public var name: String
    /// `countries:` filter; `nil` keeps every country.
    public var countries: [Country]?
    /// `years:` filter; `nil` keeps every year.
    public var years: ClosedRange<Int>?
    /// Absolute path of `inbox:`, if given.
    public var inbox: String?
    /// Absolute path of the ledger: `ledger:`, by default `.sdg4/ledger.sqlite` beside the pipeline file.
    public var ledger: String = ""
    public var sources: [Source]
    /// `indicators:` ids; `nil` for `all`.
    public var indicators: [String]?
    /// Absolute path of `outputs.dir` (default: `reports` beside the pipeline file).
    public var outputDirectory: String
    /// `outputs.languages` (default `[en]`).
    public var languages: [String]
    /// `outputs.templates`: a folder whose `*.mustache` files replace the built-in report templates.
    public var templates: String?
    /// The education structures in use: the built-in ones, with the countries of `structures:`
    /// taken from that file.
    public var structures: EducationStructures = .centralAsia
    /// The Central Asia aggregate and its coverage thresholds (`aggregation:`); `nil` when
    /// `aggregation: {region: none}`.
    public var regional: RegionalAggregate? = RegionalAggregate()
    /// `max_cv`: the largest coefficient of variation (se / value) of a value not flagged
    /// `imprecise`.
    public var maximumCV = 0.3
    /// `structures:` as given (absolute path) and its SHA-256, when the pipeline overrides.
    public var structuresFile: (path: String, sha256: String)?
    /// `benchmarks:`: national targets, for progress (`progress.csv`, the reports).
    public var benchmarks: [Benchmark] = []
    /// The benchmarks file's comments, shown with the progress: by language (`# en: ...`,
    /// `# ru: ...`), and under `""` those for every language.
    public var benchmarksNotes: [String: String] = [:]
}

extension PipelineDefinition {
    /// Why the inbox cannot be where it is, if it cannot: it may not be, or contain, the output
    /// folder, the pipeline file's own folder or a source's folder, whose files would be taken
    /// as deliveries and moved (docs/inbox.md).
    public func inboxOverlap(outputDirectory output: String) -> String? {
        guard let inbox else { return nil }
        func standard(_ p: String) -> String {
            URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path
        }
        let folder = standard(inbox)
        func within(_ other: String) -> Bool {
            let o = standard(other)
            return o == folder || o.hasPrefix(folder + "/")
        }
        if within(output) {
            return
                "the inbox \(inbox) is or contains the output folder \(output): outputs would be taken as deliveries. "
                + "Give the inbox a folder of its own."
        }
        if within(directory) {
            return "the inbox \(inbox) is or contains the pipeline file's folder \(directory): the pipeline file would "
                + "be moved as a delivery. Give the inbox a folder of its own."
        }
        for source in sources {
            for pattern in source.patterns {
                let dir = Glob.fixedFolder(of: pattern)
                if within(dir) {
                    return
                        "the inbox \(inbox) is or contains the folder \(dir) of source '\(source.id)': its files would "
                        + "be moved as deliveries. Give the inbox a folder of its own."
                }
            }
        }
        return nil
    }
}
