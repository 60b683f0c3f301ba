import Foundation
import SDG4Aggregate
import SDG4Durable
import SDG4Ingest
import SDG4Ledger
import SDG4Model
import SDG4PipelineFile
import SDG4Read
import SDG4Report

/// A run's dealings with the ledger: the lock, what is known of each file, the inbox, and the
/// one commit at the end.
///
/// A run (1) finishes inbox moves a killed run left, (2) looks up every input file: one whose
/// size and modification time are those recorded, with a stored contribution for the current
/// fingerprint, is not read again, (3) classifies what was read (new, changed, duplicate,
/// quarantined) and what newer deliveries replace (`Supersession`), (4) after the outputs are
/// published, commits everything in one transaction, and only then (5) moves the inbox files.
final class LedgerSession {
    let ledger: Ledger
    private let lock: FileLock?
    /// A preview (`--country`) or `validate`: reads what the ledger knows, records nothing,
    /// moves nothing, takes no lock.
    let readOnly: Bool
    /// The pipeline file's name: the ledger keeps each pipeline's files and runs apart.
    let pipeline: String
    /// This pipeline's records, and the current one of each path (not `changed`, `removed`
    /// or `quarantined`).
    private(set) var records: [LedgerFile]
    private var byPath: [String: LedgerFile] = [:]
    private(set) var byId: [Int64: LedgerFile] = [:]
    let startedAt: String

    /// The pipeline file's folder: the ledger's relative paths start there.
    let base: String

    init(path: String, pipeline: String, base: String, lockTimeout: Double, readOnly: Bool = false)
        throws(LedgerError)
    {
        self.readOnly = readOnly
        self.base = base
        lock = readOnly ? nil : try LedgerLock.acquire(ledgerPath: path, timeout: lockTimeout)
        self.pipeline = pipeline
        do {
            ledger = try Ledger(path: path, busyTimeout: max(lockTimeout, 1), readOnly: readOnly)
            if !readOnly { try ledger.adopt(for: pipeline) }
            records = try ledger.files(pipeline: pipeline)
        } catch {
            lock?.release()
            throw error
        }
        for r in records where r.status != .changed && r.status != .removed && r.status != .quarantined {
            byPath[r.path] = r
        }
        for r in records { byId[r.id!] = r }
        startedAt = ISO8601DateFormatter().string(from: Date())
    }

    func close() { lock?.release() }

    /// The records of this run's inputs, whatever their status: a duplicate is not used while
    /// the file it duplicates is among them. Set by the runner once the inputs are known.
    private var present = Set<Int64>()

    func noteInputs(_ items: [WorkItem]) {
        present = Set(items.compactMap { $0.record?.id })
    }

    /// The pipeline file has no `inbox:`: the deliveries it had are known but not read.
    var inboxUnread = false

    /// The current record of a path.
    func record(at path: String) -> LedgerFile? { byPath[path] }

    /// The last record of a path, whatever its status (a file gone and back, say).
    func latest(at path: String) -> LedgerFile? { records.last { $0.path == path } }

    /// The file a duplicate duplicates, followed through edits (the new content of a file
    /// edited in place is the same delivery).
    func original(of duplicate: LedgerFile) -> LedgerFile? {
        var next = duplicate.duplicateOf
        var seen = Set<Int64>()
        while let id = next, seen.insert(id).inserted, let r = byId[id] {
            guard r.status == .changed, let edited = r.supersededBy else { return r }
            next = edited
        }
        return nil
    }

    /// The delivery a known file is: its own, fixed when it first arrived; for a duplicate,
    /// that of the file it duplicates, whose place it takes when that file is gone.
    func delivery(of r: LedgerFile) -> Supersession.Rank {
        let own = r.status == .duplicate ? original(of: r) ?? r : r
        return Supersession.Rank(run: own.deliveryRun, name: own.deliveryName)
    }

    /// Inbox files that are inputs again: those in use, superseded or duplicates (which come
    /// back when what replaced or what they duplicate goes), and those once found missing that
    /// are back on disk.
    var inboxRecords: [LedgerFile] {
        records.filter { r in
            r.origin == .inbox
                && (r.status == .active || r.status == .superseded || r.status == .duplicate || r.status == .removed)
        }
    }

    /// Does the inbox moves that a killed run recorded but did not do.
    func finishPendingMoves() throws(RunFailure) {
        let moves: [PendingMove]
        do { moves = try ledger.pendingMoves(pipeline: pipeline) } catch { throw .ledger(error) }
        for m in moves {
            do {
                try Inbox.move(
                    from: Self.absolute(m.fromPath, base), to: Self.absolute(m.toPath, base), errorText: m.errorText)
            } catch { throw .output(error) }
            CrashPoint.hit("inbox-moved-one")
            do { try ledger.completeMove(m.id!) } catch { throw .ledger(error) }
        }
    }

    /// A stored contribution that can stand for reading the file, if there is one.
    enum Lookup {
        /// Not read: the stored contribution (still to decode).
        case reuse(Data)
        /// Not read and not used: recorded as a duplicate, unchanged.
        case skip
        /// To be read.
        case read
    }

    func lookup(_ item: WorkItem, fingerprint: String, rehash: Bool = false) -> Lookup {
        guard let record = item.record, let stat = item.stat, record.bytes == stat.bytes,
            record.modified == stat.modified
        else { return .read }
        if rehash && record.status != .duplicate { return .read }
        switch record.status {
        case .duplicate:
            // Never used while the file it duplicates is known, superseded or not; read (and
            // used in its place) once that one is gone.
            if let original = original(of: record), present.contains(original.id!) { return .skip }
            return .read
        case .active, .superseded:
            guard let data = try? ledger.contribution(fileId: record.id!, fingerprint: fingerprint) else {
                return .read
            }
            return .reuse(data)
        default: return .read
        }
    }

    /// What the classification decided.
    struct Outcome {
        /// Whether each item's values go into the results (before supersession).
        var included: [Bool]
        /// The ledger record of each item (existing or new in this run).
        var refs: [FileRef?]
        var change: LedgerChange
        var events: [RunChanges.InputChange] = []
        /// Problems of the duplicates dropped in this run.
        var problems: [Diagnostic] = []
        /// Problems of every file in `quarantine/`: those quarantined earlier (still there) and
        /// in this run. Reported by every run while the file stays there (docs/inbox.md, rule 6).
        var quarantined: [Diagnostic] = []
        /// The inbox files this run quarantines (for `validate`: would quarantine), as dropped.
        var quarantinedArrivals: [String] = []
        var filesRead = 0
        var filesReused = 0
    }

    /// Decides what each input is (new, unchanged, changed, duplicate, quarantined), and what
    /// the ledger will record (`Classification`).
    func classify(
        items: [WorkItem], results: [FileResult?], wasRead: [Bool], fingerprints: [String],
        unmatched: [(path: String, name: String)], inbox: String?, sources: [PipelineDefinition.Source],
        replacedRecords: Set<Int64>, relative: @escaping (String) -> String
    ) -> Outcome {
        var c = Classification(
            session: self, items: items, results: results, fingerprints: fingerprints, inbox: inbox,
            replacedRecords: replacedRecords, relative: relative)
        for (i, item) in items.enumerated() {
            c.seenPaths.insert(item.display)
            guard let r = results[i] else {
                // Skipped: recorded as a duplicate and unchanged.
                if let id = item.record?.id { c.out.change.seen.append(id) }
                continue
            }
            if !wasRead[i] {
                c.unchanged(i)
            } else if item.arrivedAt == nil {
                c.out.filesRead += 1
                c.known(i, r)
            } else {
                c.out.filesRead += 1
                c.arrived(i, r)
            }
        }
        c.gone()
        c.moves()
        for u in unmatched { c.unmatched(u, sources: sources) }
        return c.out
    }

    /// Whether nothing in a file could be used: unreadable, or every row rejected.
    static func nothingUsed(_ r: FileResult) -> Bool {
        r.input.status == .unreadable
            || (r.input.rowsRead > 0 && r.input.rowsAccepted == 0 && r.input.rowsRejected == r.input.rowsRead)
    }

    static func sliceText(_ slices: Set<String>) -> String { slices.sorted().joined(separator: " ") }

    /// The file on disk of a ledger path (`x.zip!entry.csv` is in `x.zip`; a `!` elsewhere is
    /// part of the name).
    static func physical(_ path: String) -> String {
        guard let r = path.range(of: ".zip!", options: .caseInsensitive) else { return path }
        return String(path[..<path.index(r.lowerBound, offsetBy: 4)])
    }

    /// A path relative to `base` (the pipeline file's folder), made absolute.
    static func absolute(_ path: String, _ base: String) -> String {
        path.hasPrefix("/")
            ? path
            : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base + "/")).standardizedFileURL.path
    }
}

/// Why a run could not finish (exit code 3).
public enum RunFailure: Error, Sendable, CustomStringConvertible {
    case output(ReportError)
    case ledger(LedgerError)

    public var description: String {
        switch self {
        case .output(let e): e.description
        case .ledger(let e): e.description
        }
    }
}
