import Foundation
import SDG4Model

/// `run.json`: what a run read, wrote and how long each stage took (product.md §4).
public struct RunManifest: Sendable, Codable {
    /// One input file and what became of its rows (`InputSummary`, filled by the read stage).
    public typealias Input = InputSummary

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
