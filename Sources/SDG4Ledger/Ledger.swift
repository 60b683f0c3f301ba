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
    /// For a ledger the user can only read: the folder of the copy read instead.
    private let snapshot: String?

    /// Opens (creating when needed) the ledger at `path` and brings its schema up to date.
    /// `busyTimeout` bounds how long a read waits for another process's commit.
    /// `readOnly` (for `sdg4 status`) opens without creating, migrating or writing anything.
    /// A ledger the user can read but not write (SQLite needs to write beside a database in
    /// write-ahead-log mode even to read it) is read as it is on disk (SQLite's `immutable`),
    /// or, when its log holds data or its schema is older, from a private copy made at opening.
    public init(path: String, busyTimeout: Double = 30, readOnly: Bool = false) throws(LedgerError) {
        self.path = path
        let (opened, copy) = try Self.location(path, readOnly: readOnly)
        snapshot = copy
        // A private copy is brought up to date like a ledger a run opens; the ledger itself is not.
        let writes = !readOnly || copy != nil
        var config = Configuration()
        config.readonly = !writes
        if writes { config.journalMode = .wal }
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        if writes { config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") } }
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            db = try DatabaseQueue(path: opened, configuration: config)
            let known = Set(LedgerSchema.versions)
            let applied = try db.read { try LedgerSchema.migrator.appliedIdentifiers($0) }
            if !applied.isSubset(of: known) {
                throw LedgerError.newerSchema(path: path, versions: applied.subtracting(known).sorted())
            }
            if !writes {
                // Read-only cannot bring an older ledger up to date: the caller decides.
                if applied != known { throw LedgerError.olderSchema(path: path) }
            } else {
                try LedgerSchema.migrator.migrate(db)
            }
        } catch let e as LedgerError {
            if let snapshot { try? FileManager.default.removeItem(atPath: snapshot) }
            throw e
        } catch {
            if let snapshot { try? FileManager.default.removeItem(atPath: snapshot) }
            throw .database(path: path, reason: Self.reason(error))
        }
    }

    deinit {
        if let snapshot { try? FileManager.default.removeItem(atPath: snapshot) }
    }

    /// Where to open a ledger: itself, as an immutable URI, or a private copy (with its folder).
    private static func location(_ path: String, readOnly: Bool) throws(LedgerError) -> (String, String?) {
        let folder = (path as NSString).deletingLastPathComponent
        guard readOnly, FileManager.default.fileExists(atPath: path),
            access(folder, W_OK) != 0 || access(path, W_OK) != 0
        else { return (path, nil) }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        let immutable = URL(fileURLWithPath: path).absoluteString + "?immutable=1"
        if wal == 0, schema(of: immutable) == LedgerSchema.versions { return (immutable, nil) }
        let copy = try Self.copy(path)
        return (copy + "/ledger.sqlite", copy)
    }

    /// The migrations applied to the database at `location` (a path or URI), read-only.
    private static func schema(of location: String) -> [String]? {
        var config = Configuration()
        config.readonly = true
        guard let db = try? DatabaseQueue(path: location, configuration: config) else { return nil }
        return try? db.read { try LedgerSchema.migrator.appliedIdentifiers($0) }.sorted()
    }

    /// Copies a ledger (and its write-ahead log) to a new folder in the first writable
    /// temporary folder; returns the folder.
    private static func copy(_ path: String) throws(LedgerError) -> String {
        let candidates: [String] = [NSTemporaryDirectory(), "/tmp", "/var/tmp", "/dev/shm"]
        let temporary = candidates.first { access($0, W_OK) == 0 } ?? "/tmp"
        let folder = temporary + "/sdg4-ledger-\(getpid())-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: path, toPath: folder + "/ledger.sqlite")
            if FileManager.default.isReadableFile(atPath: path + "-wal") {
                try FileManager.default.copyItem(atPath: path + "-wal", toPath: folder + "/ledger.sqlite-wal")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw .database(path: path, reason: "it can only be read, and no copy could be made to read: \(error)")
        }
        return folder
    }

    /// The schema version (the last migration applied).
    public var schemaVersion: String {
        (try? db.read { try LedgerSchema.migrator.appliedMigrations($0).last }) ?? nil ?? "none"
    }

    // MARK: - Reading

    /// Gives a ledger's rows from before pipelines were told apart (schema v1) to `pipeline`.
    public func adopt(for pipeline: String) throws(LedgerError) {
        try write { db in
            try db.execute(sql: "UPDATE file SET pipeline = ? WHERE pipeline = ''", arguments: [pipeline])
            try db.execute(sql: "UPDATE run SET pipeline = ? WHERE pipeline = ''", arguments: [pipeline])
            try db.execute(sql: "UPDATE pending_move SET pipeline = ? WHERE pipeline = ''", arguments: [pipeline])
        }
    }

    /// The file records of a pipeline, oldest first.
    public func files(pipeline: String) throws(LedgerError) -> [LedgerFile] {
        try read { try LedgerFile.filter(Column("pipeline") == pipeline).order(Column("id")).fetchAll($0) }
    }

    /// The runs of a pipeline, newest first (at most `limit`), without their stored results.
    public func runs(pipeline: String, limit: Int = 20) throws(LedgerError) -> [LedgerRun] {
        try read {
            try LedgerRun.fetchAll(
                $0,
                sql: """
                    SELECT id, pipeline, started_at, finished_at, tool_version, pipeline_sha256, context, files_read,
                    files_reused, "values", errors, warnings, is_edition, changes, NULL AS results
                    FROM run WHERE pipeline = ? ORDER BY id DESC LIMIT ?
                    """, arguments: [pipeline, limit])
        }
    }

    /// The pipelines this ledger has runs of.
    public func pipelines() throws(LedgerError) -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT DISTINCT pipeline FROM run ORDER BY pipeline") }
    }

    /// A pipeline's latest run that changed the results (an edition), with its `results`.
    public func lastEdition(pipeline: String) throws(LedgerError) -> LedgerRun? {
        try read {
            try LedgerRun.fetchOne(
                $0, sql: "SELECT * FROM run WHERE is_edition AND pipeline = ? ORDER BY id DESC LIMIT 1",
                arguments: [pipeline])
        }
    }

    /// The stored partial aggregate of a file for a processing fingerprint.
    public func contribution(fileId: Int64, fingerprint: String) throws(LedgerError) -> Data? {
        try read {
            try Data.fetchOne(
                $0, sql: "SELECT data FROM contribution WHERE file_id = ? AND fingerprint = ?",
                arguments: [fileId, fingerprint])
        }
    }

    /// A pipeline's inbox moves recorded but not yet done.
    public func pendingMoves(pipeline: String) throws(LedgerError) -> [PendingMove] {
        try read { try PendingMove.filter(Column("pipeline") == pipeline).order(Column("id")).fetchAll($0) }
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
                f.pipeline = change.run.pipeline
                f.firstSeenRun = runId
                f.lastSeenRun = runId
                f.supersededBy = nil
                if f.deliveryRun == LedgerFile.thisRun { f.deliveryRun = runId }
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
                        UPDATE file SET status = ?, superseded_by = ?, note = ?, bytes = COALESCE(?, bytes),
                        modified = COALESCE(?, modified), rows_read = COALESCE(?, rows_read),
                        rows_accepted = COALESCE(?, rows_accepted), rows_rejected = COALESCE(?, rows_rejected),
                        periods = COALESCE(?, periods), delivery_run = COALESCE(?, delivery_run),
                        delivery_name = COALESCE(?, delivery_name), source_id = COALESCE(?, source_id),
                        problems = CASE WHEN ? IS NULL THEN problems WHEN ? = '' THEN NULL ELSE ? END,
                        last_seen_run = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        u.status.rawValue, resolve(u.supersededBy), u.note, u.bytes, u.modified, u.rowsRead,
                        u.rowsAccepted, u.rowsRejected, u.periods, u.delivery?.run, u.delivery?.name, u.sourceId,
                        u.problems, u.problems, u.problems, runId, id,
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
            for var m in change.moves {
                m.pipeline = change.run.pipeline
                try m.insert(db)
            }
            // Contributions are kept for files in use, and for superseded files (which come
            // back in use when what replaced them goes).
            try db.execute(
                sql: """
                    DELETE FROM contribution WHERE file_id IN
                    (SELECT id FROM file WHERE status NOT IN ('active', 'superseded'))
                    """)
            // Keep the results of each pipeline's last few editions only (another pipeline's
            // runs never erase this one's "before" values).
            try db.execute(
                sql: """
                    UPDATE run SET results = NULL WHERE results IS NOT NULL AND pipeline = ? AND id NOT IN
                    (SELECT id FROM run WHERE results IS NOT NULL AND pipeline = ? ORDER BY id DESC LIMIT ?)
                    """, arguments: [change.run.pipeline, change.run.pipeline, Self.editionsKept])
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
        /// When the file was read again: its counts and coverage now.
        public var rowsRead: Int?
        public var rowsAccepted: Int?
        public var rowsRejected: Int?
        public var periods: String?
        /// A file that takes another's place (a duplicate whose original is gone): that
        /// file's delivery.
        public var delivery: (run: Int64, name: String)?
        /// The file's source, when the pipeline file renamed it.
        public var sourceId: String?
        /// New problems of a quarantined file (JSON); `""` clears them.
        public var problems: String?

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
