import GRDB

/// What became of an input file, as the ledger records it.
public enum FileStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// Its values are in the results.
    case active
    /// A later file for the same source and period replaced it (`supersededBy`).
    case superseded
    /// Dropped in the inbox with the same content as an earlier file (`duplicateOf`); counted once.
    case duplicate
    /// Could not be used at all (unreadable, or matching no source); moved to `quarantine/`.
    case quarantined
    /// The file at this path now has other content, recorded as a new entry (`supersededBy`).
    case changed
    /// No longer found where it was.
    case removed
}

/// How a file reached the pipeline.
public enum FileOrigin: String, Sendable, Codable, DatabaseValueConvertible {
    /// Matched by a source's `path:` globs.
    case source
    /// Dropped in the pipeline's inbox.
    case inbox
}

/// One input file (one version of its content) in the ledger.
public struct LedgerFile: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "file"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The pipeline file (its name) this record belongs to: one ledger can serve the
    /// pipelines of a folder, each seeing only its own files and runs.
    public var pipeline: String = ""
    /// The source id of the pipeline file.
    public var sourceId: String
    /// Where the file is now, relative to the pipeline file's folder (`inbox/processed/x.csv`
    /// for an inbox file; `archive.zip!entry.csv` for a zip entry).
    public var path: String
    /// For an inbox file: where it was dropped.
    public var arrivedAs: String?
    public var origin: FileOrigin
    public var sha256: String
    public var bytes: Int64
    /// Modification time (nanoseconds since 1970) when it was read: with `bytes`, how a later
    /// run knows the file is unchanged without reading it.
    public var modified: Int64
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rowsRejected: Int
    public var status: FileStatus
    public var supersededBy: Int64?
    public var duplicateOf: Int64?
    /// The countries and years its accepted rows cover (`KGZ:2023 KGZ:2024`).
    public var periods: String
    public var firstSeenRun: Int64
    public var firstSeenAt: String
    public var lastSeenRun: Int64
    /// Why it has its status, for people (`sdg4 status`).
    public var note: String
    /// The delivery this file is, which ranks it among the files of its source: the run that
    /// delivered it through the inbox (`0` for a file of a source's `path:`, which ranks before
    /// every delivery; `LedgerFile.thisRun` for one delivered by the run being committed).
    /// Fixed when the delivery first arrives: an edited or returning file keeps it.
    public var deliveryRun: Int64 = 0
    /// Ranks deliveries of one run: the name (path) the delivery had when it arrived.
    public var deliveryName: String = ""
    /// For a quarantined file: its problems (JSON), reported by every run while it is there.
    public var problems: String?

    /// `deliveryRun` of a file delivered by the run being committed (set to the run's id).
    public static let thisRun: Int64 = -1

    public init(
        sourceId: String, path: String, arrivedAs: String? = nil, origin: FileOrigin, sha256: String, bytes: Int64,
        modified: Int64, rowsRead: Int, rowsAccepted: Int, rowsRejected: Int, status: FileStatus,
        periods: String, firstSeenRun: Int64, firstSeenAt: String, note: String = ""
    ) {
        self.sourceId = sourceId
        self.path = path
        self.arrivedAs = arrivedAs
        self.origin = origin
        self.sha256 = sha256
        self.bytes = bytes
        self.modified = modified
        self.rowsRead = rowsRead
        self.rowsAccepted = rowsAccepted
        self.rowsRejected = rowsRejected
        self.status = status
        self.periods = periods
        self.firstSeenRun = firstSeenRun
        self.firstSeenAt = firstSeenAt
        self.lastSeenRun = firstSeenRun
        self.note = note
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One completed run.
public struct LedgerRun: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The pipeline file (its name) that ran.
    public var pipeline: String = ""
    public var startedAt: String
    public var finishedAt: String
    public var toolVersion: String
    public var pipelineSha256: String
    /// Hash of what shapes the results besides the inputs: tool version, pipeline file and
    /// `--country` filter. Changes are reported against the previous results of the same context.
    public var context: String
    public var filesRead: Int
    public var filesReused: Int
    public var values: Int
    public var errors: Int
    public var warnings: Int
    /// Whether this run changed anything (new results, an "edition"); a run that found nothing
    /// new repeats the previous edition's changes.
    public var isEdition: Bool
    /// The changes this edition brought (JSON, written by the pipeline).
    public var changes: String
    /// `indicators.csv` of this edition, to compare the next edition's values with (pruned to
    /// the last few editions).
    public var results: String?

    public init(
        startedAt: String, finishedAt: String, toolVersion: String, pipelineSha256: String, context: String,
        filesRead: Int, filesReused: Int, values: Int, errors: Int, warnings: Int, isEdition: Bool,
        changes: String, results: String?
    ) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.toolVersion = toolVersion
        self.pipelineSha256 = pipelineSha256
        self.context = context
        self.filesRead = filesRead
        self.filesReused = filesReused
        self.values = values
        self.errors = errors
        self.warnings = warnings
        self.isEdition = isEdition
        self.changes = changes
        self.results = results
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An inbox file to move once the ledger has recorded it (to `processed/` or `quarantine/`).
/// Kept in the ledger until done, so that a run killed between the commit and the move has the
/// next run finish it.
public struct PendingMove: Sendable, Hashable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "pending_move"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    /// The pipeline whose run recorded it (its paths are relative to that pipeline file's folder).
    public var pipeline: String = ""
    /// Relative to the pipeline file's folder.
    public var fromPath: String
    public var toPath: String
    /// For a quarantined file: the text of the `.error.txt` written beside it.
    public var errorText: String?

    public init(fromPath: String, toPath: String, errorText: String? = nil) {
        self.fromPath = fromPath
        self.toPath = toPath
        self.errorText = errorText
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
