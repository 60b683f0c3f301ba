import Foundation

/// `run.json`: what a run read, wrote and how long each stage took (product.md §4).
public struct RunManifest: Sendable, Codable {
    /// One input file and what became of its rows.
    public struct Input: Sendable, Codable, Hashable {
        public var source: String
        /// Path relative to the pipeline file's folder (`archive.zip!entry.csv` for zip entries).
        public var path: String
        public var sha256: String
        public var bytes: Int
        /// `ok`; `partial` when a CSV error stopped reading part-way (the rows before it were
        /// used); `unreadable` when nothing from the file was used.
        public var status: String
        /// Data rows read (the header not counted).
        public var rowsRead: Int
        /// Rows whose value went to the indicator engine (or kept as a published value).
        public var rowsAccepted: Int
        public var rowsRejected: Int
        /// Rows whose value was a missing marker (`..`, empty).
        public var rowsMissing: Int
        /// Rows outside the `countries`/`years` filters.
        public var rowsFiltered: Int
        /// Rows not used by sdg4 (UIS ids or countries it does not cover).
        public var rowsIgnored: Int
        /// Rows dropped because an earlier row gave the same key and the same value.
        public var rowsDuplicate: Int = 0
        /// Rows whose values a newer delivery of the same source replaced (docs/inbox.md).
        /// `accepted + rejected + missing + filtered + ignored + duplicate + superseded = read`.
        public var rowsSuperseded: Int = 0
        /// The countries the file's values used in this run are for (ISO3), sorted.
        public var countries: [String]?
        /// The text encoding read (detected or set): `utf-8`, `utf-16le`, `windows-1251`, ...
        public var encoding: String = ""
        /// Field delimiter and decimal mark used.
        public var delimiter: String = ""
        public var decimal: String = ""

        public init(
            source: String, path: String, sha256: String, bytes: Int, status: String, rowsRead: Int,
            rowsAccepted: Int, rowsRejected: Int, rowsMissing: Int, rowsFiltered: Int, rowsIgnored: Int
        ) {
            self.source = source
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
            self.status = status
            self.rowsRead = rowsRead
            self.rowsAccepted = rowsAccepted
            self.rowsRejected = rowsRejected
            self.rowsMissing = rowsMissing
            self.rowsFiltered = rowsFiltered
            self.rowsIgnored = rowsIgnored
        }
    }

    public var tool: String
    public var version: String
    public var pipeline: String
    public var pipelineName: String
    public var pipelineSha256: String
    public var jobs: Int
    public var inputs: [Input]
    /// Output files written, relative to the output folder.
    public var outputs: [String]
    /// Number of indicator values written.
    public var values: Int
    /// The education structures used: built-in, or the pipeline's `structures:` file and hash.
    public var structures: String = "built-in"
    /// Problems by severity.
    public var problems: [String: Int]
    /// Seconds per stage (`ingest_clean`, `aggregate`, `report`); with `jobs` and `ledger`,
    /// the only parts that vary between identical runs.
    public var timings: [String: Double]
    /// The ledger used, and how many files were read or taken from it; absent without a ledger.
    public var ledger: LedgerUse?

    /// How a run used the ledger.
    public struct LedgerUse: Sendable, Codable, Hashable {
        /// Relative to the pipeline file's folder.
        public var path: String
        /// Input files read in this run.
        public var filesRead: Int
        /// Input files not read because the ledger had their contribution (unchanged size and time).
        public var filesReused: Int
        /// The inputs not read in this run (their size and modification time were as recorded):
        /// their `sha256` is the one computed when they were last read, not from today's bytes.
        public var notRead: [String] = []

        public init(path: String, filesRead: Int, filesReused: Int, notRead: [String] = []) {
            self.path = path
            self.filesRead = filesRead
            self.filesReused = filesReused
            self.notRead = notRead
        }
    }

    public init(
        tool: String = "sdg4", version: String, pipeline: String, pipelineName: String, pipelineSha256: String,
        jobs: Int, inputs: [Input], outputs: [String], values: Int, problems: [String: Int], timings: [String: Double]
    ) {
        self.tool = tool
        self.version = version
        self.pipeline = pipeline
        self.pipelineName = pipelineName
        self.pipelineSha256 = pipelineSha256
        self.jobs = jobs
        self.inputs = inputs
        self.outputs = outputs
        self.values = values
        self.problems = problems
        self.timings = timings
    }

    /// The manifest as JSON with sorted keys and snake_case names.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}
