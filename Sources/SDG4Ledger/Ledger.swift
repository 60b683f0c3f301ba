import Foundation
import GRDB

/// The pipeline's memory between runs: an embedded SQLite database (default
/// `.sdg4/ledger.sqlite` beside the pipeline file) recording every input file, every run, the
/// partial aggregate each file contributed, and inbox moves still to do.
///
/// Every change a run makes is one transaction ([`commit`](x-source-tag://commit)): a run killed
/// at any moment leaves the ledger as it was before the run, or with the whole run recorded.
/// SQLite's write-ahead log with `synchronous = FULL` makes the commit durable before any inbox
/// file is moved.
public final class Ledger: Sendable {
    /// Absolute path of the database file.
    public let path: String
    private let db: DatabaseQueue

    /// Opens (creating when needed) the ledger at `path` and brings its schema up to date.
    /// `busyTimeout` bounds how long a read waits for another process's commit.
    public init(path: String, busyTimeout: Double = 30) throws(LedgerError) {
        self.path = path
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            db = try DatabaseQueue(path: path, configuration: config)
            let known = Set(LedgerSchema.versions)
            let applied = try db.read { try LedgerSchema.migrator.appliedIdentifiers($0) }
            if !applied.isSubset(of: known) {
                throw LedgerError.newerSchema(path: path, versions: applied.subtracting(known).sorted())
            }
            try LedgerSchema.migrator.migrate(db)
        } catch let e as LedgerError {
            throw e
        } catch {
            throw .database(path: path, reason: Self.reason(error))
        }
    }

    /// The schema version (the last migration applied).
    public var schemaVersion: String {
        (try? db.read { try LedgerSchema.migrator.appliedMigrations($0).last }) ?? nil ?? "none"
    }

    // MARK: - Reading

    /// Every file record, oldest first.
    public func files() throws(LedgerError) -> [LedgerFile] {
        try read { try LedgerFile.order(Column("id")).fetchAll($0) }
    }

    /// The runs, newest first (at most `limit`).
    public func runs(limit: Int = 20) throws(LedgerError) -> [LedgerRun] {
        try read {
            try LedgerRun.fetchAll(
                $0,
                sql: """
                    SELECT id, started_at, finished_at, tool_version, pipeline_sha256, context, files_read,
                    files_reused, "values", errors, warnings, is_edition, changes, NULL AS results
                    FROM run ORDER BY id DESC LIMIT ?
                    """, arguments: [limit])
        }
    }

    /// The latest run that changed the results (an edition), with its `results`.
    public func lastEdition() throws(LedgerError) -> LedgerRun? {
        try read { try LedgerRun.fetchOne($0, sql: "SELECT * FROM run WHERE is_edition ORDER BY id DESC LIMIT 1") }
    }

    /// The stored partial aggregate of a file for a processing fingerprint.
    public func contribution(fileId: Int64, fingerprint: String) throws(LedgerError) -> Data? {
        try read {
            try Data.fetchOne(
                $0, sql: "SELECT data FROM contribution WHERE file_id = ? AND fingerprint = ?",
                arguments: [fileId, fingerprint])
        }
    }

    /// Inbox moves recorded but not yet done.
    public func pendingMoves() throws(LedgerError) -> [PendingMove] {
        try read { try PendingMove.order(Column("id")).fetchAll($0) }
    }

    /// How many files have each status.
    public func statusCounts() throws(LedgerError) -> [FileStatus: Int] {
        var out: [FileStatus: Int] = [:]
        for f in try files() { out[f.status, default: 0] += 1 }
        return out
    }

    /// SQLite's own check of the database file: `["ok"]` when sound.
    public func integrityCheck() throws(LedgerError) -> [String] {
        try read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    // MARK: - Writing

    /// Records a whole run in one transaction (- Tag: commit): new and updated files, their
    /// contributions, the run, and the inbox moves to do. Returns the run's id.
    @discardableResult
    public func commit(_ change: LedgerChange) throws(LedgerError) -> Int64 {
        try write { db in
            var run = change.run
            try run.insert(db)
            let runId = run.id!
            // New records first, so that updates can point at them (superseded_by, duplicate_of).
            var newIds: [Int64] = []
            for var f in change.newFiles {
                f.firstSeenRun = runId
                f.lastSeenRun = runId
                f.supersededBy = nil
                f.duplicateOf = f.duplicateOf
                try f.insert(db)
                newIds.append(f.id!)
            }
            func resolve(_ ref: FileRef?) -> Int64? {
                switch ref {
                case .none: nil
                case .existing(let id): id
                case .new(let index): newIds[index]
                }
            }
            for (i, link) in change.newFileLinks.enumerated() {
                guard let dup = resolve(link) else { continue }
                try db.execute(sql: "UPDATE file SET duplicate_of = ? WHERE id = ?", arguments: [dup, newIds[i]])
            }
            for u in change.updates {
                guard let id = resolve(u.file) else { continue }
                try db.execute(
                    sql: """
                        UPDATE file SET status = ?, superseded_by = COALESCE(?, superseded_by), note = ?,
                        bytes = COALESCE(?, bytes), modified = COALESCE(?, modified), last_seen_run = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        u.status.rawValue, resolve(u.supersededBy), u.note, u.bytes, u.modified, runId, id,
                    ])
            }
            for c in change.contributions {
                guard let id = resolve(c.file) else { continue }
                try db.execute(sql: "DELETE FROM contribution WHERE file_id = ?", arguments: [id])
                try db.execute(
                    sql: "INSERT INTO contribution (file_id, fingerprint, data) VALUES (?, ?, ?)",
                    arguments: [id, c.fingerprint, c.data])
            }
            if !change.seen.isEmpty {
                for id in change.seen {
                    try db.execute(sql: "UPDATE file SET last_seen_run = ? WHERE id = ?", arguments: [runId, id])
                }
            }
            for var m in change.moves { try m.insert(db) }
            // Contributions are kept for files in use, and for superseded files (which come
            // back in use when what replaced them goes).
            try db.execute(
                sql: """
                    DELETE FROM contribution WHERE file_id IN
                    (SELECT id FROM file WHERE status NOT IN ('active', 'superseded'))
                    """)
            // Keep the results of the last few editions only.
            try db.execute(
                sql: """
                    UPDATE run SET results = NULL WHERE results IS NOT NULL AND id NOT IN
                    (SELECT id FROM run WHERE results IS NOT NULL ORDER BY id DESC LIMIT ?)
                    """, arguments: [Self.editionsKept])
            return runId
        }
    }

    /// Editions whose `indicators.csv` is kept for comparison.
    public static let editionsKept = 3

    /// Marks an inbox move done.
    public func completeMove(_ id: Int64) throws(LedgerError) {
        try write { try $0.execute(sql: "DELETE FROM pending_move WHERE id = ?", arguments: [id]) }
    }

    // MARK: - Plumbing

    private func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do { return try db.read(body) } catch { throw .database(path: path, reason: Self.reason(error)) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do { return try db.write(body) } catch { throw .database(path: path, reason: Self.reason(error)) }
    }

    private static func reason(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "\(e.resultCode)" }
        return "\(error)"
    }
}

/// Points at a file record: one already in the ledger, or one this commit inserts.
public enum FileRef: Sendable, Hashable {
    case existing(Int64)
    /// Index into `LedgerChange.newFiles`.
    case new(Int)
}

/// Everything a run records, committed at once.
public struct LedgerChange: Sendable {
    public var run: LedgerRun
    public var newFiles: [LedgerFile] = []
    /// For each new file, the file it duplicates (if any).
    public var newFileLinks: [FileRef?] = []
    public var updates: [Update] = []
    public var contributions: [Contribution] = []
    /// Existing records seen unchanged in this run.
    public var seen: [Int64] = []
    public var moves: [PendingMove] = []

    public init(run: LedgerRun) { self.run = run }

    /// A status change of a file record.
    public struct Update: Sendable {
        public var file: FileRef
        public var status: FileStatus
        public var supersededBy: FileRef?
        public var note: String
        public var bytes: Int64?
        public var modified: Int64?

        public init(
            file: FileRef, status: FileStatus, supersededBy: FileRef? = nil, note: String, bytes: Int64? = nil,
            modified: Int64? = nil
        ) {
            self.file = file
            self.status = status
            self.supersededBy = supersededBy
            self.note = note
            self.bytes = bytes
            self.modified = modified
        }
    }

    /// A file's partial aggregate for a processing fingerprint.
    public struct Contribution: Sendable {
        public var file: FileRef
        public var fingerprint: String
        public var data: Data

        public init(file: FileRef, fingerprint: String, data: Data) {
            self.file = file
            self.fingerprint = fingerprint
            self.data = data
        }
    }
}
