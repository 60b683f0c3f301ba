import Foundation
import SDG4Aggregate
import SDG4Ingest
import SDG4Ledger
import SDG4Model
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

    /// The records in use (`active`) among this run's inputs: what a file dropped again can
    /// duplicate. Set by the runner once the inputs are known.
    var presentActive = Set<Int64>()
    /// The records of this run's inputs, whatever their status.
    private var present = Set<Int64>()

    func noteInputs(_ items: [WorkItem]) {
        presentActive = Set(items.compactMap { $0.record?.status == .active ? $0.record?.id : nil })
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
    /// the ledger will record.
    func classify(
        items: [WorkItem], results: [FileResult?], wasRead: [Bool], fingerprints: [String],
        unmatched: [(path: String, name: String)], inbox: String?, sources: [PipelineDefinition.Source],
        replacedRecords: Set<Int64>, relative: (String) -> String
    ) -> Outcome {
        let now = startedAt
        var out = Outcome(
            included: Array(repeating: false, count: items.count), refs: Array(repeating: nil, count: items.count),
            change: LedgerChange(
                run: LedgerRun(
                    startedAt: now, finishedAt: now, toolVersion: PipelineRunner.version, pipelineSha256: "",
                    context: "", filesRead: 0, filesReused: 0, values: 0, errors: 0, warnings: 0, isEdition: false,
                    changes: "", results: nil)))
        out.change.run.pipeline = pipeline
        // Contents in use, by source: the same bytes dropped again are a duplicate. The same
        // bytes as a file superseded, even in part, or gone are not: dropping an older version
        // again makes it the newest delivery.
        var inUse: [String: [String: FileRef]] = [:]
        for item in items {
            guard let r = item.record, r.status == .active, !replacedRecords.contains(r.id!) else { continue }
            inUse[item.source.id, default: [:]][r.sha256] = inUse[item.source.id]?[r.sha256] ?? .existing(r.id!)
        }
        out.quarantined = standingQuarantine()
        var seenPaths = Set<String>()
        var quarantinePaths: [String: String] = [:]
        var arrivalText: [String: String] = [:]
        var arrivalDisplay: [String: String] = [:]
        var taken = Set<String>()
        // An inbox file (a zip, say) goes to quarantine only when nothing in any of its entries
        // could be used.
        var usableArrivals = Set<String>()
        for (i, item) in items.enumerated() {
            if let a = item.arrivedAt, let r = results[i], !Self.nothingUsed(r) { usableArrivals.insert(a) }
        }

        func newRecord(_ item: WorkItem, _ r: FileResult, status: FileStatus, note: String) -> FileRef {
            var f = LedgerFile(
                sourceId: item.source.id, path: item.display,
                arrivedAs: item.arrivedAt.map(relative) ?? item.arrivedAs, origin: item.origin,
                sha256: r.input.sha256, bytes: item.stat?.bytes ?? Int64(r.input.bytes),
                modified: item.stat?.modified ?? 0, rowsRead: r.input.rowsRead, rowsAccepted: r.input.rowsAccepted,
                rowsRejected: r.input.rowsRejected, status: status, periods: Self.sliceText(r.partial.slices),
                firstSeenRun: 0, firstSeenAt: now, note: note)
            // A new delivery is ranked by this run; a new version of a known file keeps the
            // delivery it was (rule 2).
            f.deliveryRun =
                item.arrivedAt != nil || item.delivery.run == .max ? LedgerFile.thisRun : item.delivery.run
            f.deliveryName = item.arrivedAt != nil ? item.display : item.delivery.name
            out.change.newFiles.append(f)
            out.change.newFileLinks.append(nil)
            return .new(out.change.newFiles.count - 1)
        }
        func store(_ ref: FileRef, _ r: FileResult, _ fingerprint: String) {
            if let data = FileResultCodec.encode(r) {
                out.change.contributions.append(.init(file: ref, fingerprint: fingerprint, data: data))
            }
        }

        for (i, item) in items.enumerated() {
            seenPaths.insert(item.display)
            guard let r = results[i] else {
                // Skipped: recorded as a duplicate and unchanged.
                if let id = item.record?.id { out.change.seen.append(id) }
                continue
            }
            if !wasRead[i] {
                out.filesReused += 1
                out.included[i] = true
                out.refs[i] = .existing(item.record!.id!)
                out.change.seen.append(item.record!.id!)
                if item.record!.sourceId != item.source.id {
                    // The source was renamed: the record follows, so that copies dropped for it
                    // are known as duplicates.
                    var u = LedgerChange.Update(
                        file: .existing(item.record!.id!), status: item.record!.status,
                        supersededBy: item.record!.supersededBy.map { .existing($0) }, note: item.record!.note)
                    u.sourceId = item.source.id
                    out.change.updates.append(u)
                }
                continue
            }
            out.filesRead += 1
            if item.arrivedAt == nil {
                // A file whose path the pipeline knew (a source's file, or a processed inbox file).
                if let rec = item.record, rec.sha256 == r.input.sha256 {
                    // Touched, or read again for new settings: same content; counts and
                    // coverage as read now. A duplicate read again is one whose original is gone.
                    let revived = rec.status == .duplicate
                    if revived {
                        out.events.append(
                            .init(
                                kind: "restored", source: item.source.id, path: item.display,
                                detail: "back in use in the place of the file it duplicated, which is gone"))
                    }
                    var u = LedgerChange.Update(
                        file: .existing(rec.id!), status: revived ? .active : rec.status,
                        supersededBy: revived ? nil : rec.supersededBy.map { .existing($0) },
                        note: revived ? "in the place of the file it duplicated, which is gone" : rec.note,
                        bytes: item.stat?.bytes, modified: item.stat?.modified)
                    if revived { u.delivery = (item.delivery.run, item.delivery.name) }
                    u.sourceId = item.source.id
                    u.rowsRead = r.input.rowsRead
                    u.rowsAccepted = r.input.rowsAccepted
                    u.rowsRejected = r.input.rowsRejected
                    u.periods = Self.sliceText(r.partial.slices)
                    out.change.updates.append(u)
                    out.included[i] = true
                    out.refs[i] = .existing(rec.id!)
                    store(.existing(rec.id!), r, fingerprints[i])
                    continue
                }
                if item.origin == .inbox, let back = returned(item, r) {
                    // Back in processed/ with the content it had: the same record, the same delivery.
                    out.change.updates.append(back)
                    out.included[i] = true
                    out.refs[i] = back.file
                    store(back.file, r, fingerprints[i])
                    out.events.append(
                        .init(
                            kind: "restored", source: item.source.id, path: item.display,
                            detail: "found again with the same content; it keeps its place among the deliveries"))
                    continue
                }
                let ref = newRecord(item, r, status: .active, note: "")
                store(ref, r, fingerprints[i])
                out.included[i] = true
                out.refs[i] = ref
                inUse[item.source.id, default: [:]][r.input.sha256] = inUse[item.source.id]?[r.input.sha256] ?? ref
                if let rec = item.record {
                    out.change.updates.append(
                        .init(
                            file: .existing(rec.id!), status: .changed, supersededBy: ref,
                            note: "replaced by new content at the same path"))
                    out.events.append(
                        .init(
                            kind: "changed", source: item.source.id, path: item.display,
                            detail: "new content (sha256 \(rec.sha256.prefix(12))… → \(r.input.sha256.prefix(12))…)"))
                } else {
                    out.events.append(
                        .init(
                            kind: "added", source: item.source.id, path: item.display,
                            detail: item.origin == .inbox ? "back in processed/" : "new file"))
                }
                continue
            }
            // A file new in the inbox.
            let arrival = item.arrivedAt!
            let name = relative(arrival)
            if !usableArrivals.contains(arrival) {
                let to =
                    quarantinePaths[arrival]
                    ?? Inbox.uniquePath(
                        in: Inbox.quarantine(inbox ?? ""), for: (arrival as NSString).lastPathComponent, taken: &taken)
                quarantinePaths[arrival] = to
                let ref = newRecord(item, r, status: .quarantined, note: "nothing in it could be used")
                if case .new(let n) = ref {
                    out.change.newFiles[n].path = relative(to) + (item.file.entry.map { "!\($0)" } ?? "")
                }
                // `validate` names the file where it waits; a run, where it goes.
                let moved =
                    readOnly
                    ? r.diagnostics
                    : r.diagnostics.map {
                        var d = $0
                        d.file = relative(to)
                        return d
                    }
                arrivalText[arrival, default: ""] += Inbox.unreadableText(
                    name: (arrival as NSString).lastPathComponent, source: item.source.id, problems: moved)
                if case .new(let n) = ref { out.change.newFiles[n].problems = Self.encode(moved) }
                out.quarantined += moved
                if !out.quarantinedArrivals.contains(name) { out.quarantinedArrivals.append(name) }
                out.events.append(
                    .init(
                        kind: "quarantined", source: item.source.id, path: relative(to),
                        detail:
                            "dropped in the inbox as \(name); nothing in it could be used (see \(relative(to)).error.txt)"
                    ))
                continue
            }
            arrivalDisplay[arrival] = item.display
            if let earlier = inUse[item.source.id]?[r.input.sha256] {
                let ref = newRecord(item, r, status: .duplicate, note: "same content as a file in use; counted once")
                out.change.newFileLinks[out.change.newFiles.count - 1] = earlier
                out.refs[i] = ref
                let earlierPath: String =
                    switch earlier {
                    case .existing(let id): records.first { $0.id == id }?.path ?? "an earlier file"
                    case .new(let n): out.change.newFiles[n].path
                    }
                out.events.append(
                    .init(
                        kind: "duplicate", source: item.source.id, path: item.display,
                        detail: "dropped in the inbox as \(name) with the same content as \(earlierPath); counted once")
                )
                out.problems.append(
                    Diagnostic(
                        code: "inbox.duplicate", severity: .info, source: item.source.id, file: item.display,
                        message: "Same content (sha256) as \(earlierPath): counted once, not read again.",
                        hint: "Nothing to do; a corrected file must differ from the one it corrects."))
                continue
            }
            let ref = newRecord(item, r, status: .active, note: "arrived in the inbox as \(name)")
            store(ref, r, fingerprints[i])
            out.included[i] = true
            out.refs[i] = ref
            inUse[item.source.id, default: [:]][r.input.sha256] = ref
            out.events.append(
                .init(
                    kind: "added", source: item.source.id, path: item.display, detail: "arrived in the inbox as \(name)"
                ))
        }
        // Files in use no longer found (an inbox file still in processed/ stays known: its
        // source may come back to the pipeline).
        for r in records where (r.status == .active || r.status == .superseded) && !seenPaths.contains(r.path) {
            if r.origin == .inbox, FileManager.default.fileExists(atPath: Self.absolute(Self.physical(r.path), base)) {
                continue
            }
            out.change.updates.append(.init(file: .existing(r.id!), status: .removed, note: "no longer found"))
            out.events.append(
                .init(
                    kind: "removed", source: r.sourceId, path: r.path,
                    detail: r.status == .active ? "no longer found" : "no longer found (it was superseded)"))
        }
        // Files no longer in quarantine/ (dealt with): their errors go with them.
        for r in records where r.status == .quarantined && r.problems != nil {
            guard !FileManager.default.fileExists(atPath: Self.absolute(Self.physical(r.path), base)) else { continue }
            var u = LedgerChange.Update(file: .existing(r.id!), status: .removed, note: "no longer in quarantine/")
            u.problems = ""
            out.change.updates.append(u)
            out.events.append(
                .init(kind: "removed", source: r.sourceId, path: r.path, detail: "no longer in quarantine/"))
        }
        // Moves: a physical inbox file goes to quarantine when nothing in it could be used.
        for arrival in Set(items.compactMap(\.arrivedAt)).sorted() {
            if let to = quarantinePaths[arrival] {
                out.change.moves.append(
                    PendingMove(fromPath: relative(arrival), toPath: relative(to), errorText: arrivalText[arrival]))
            } else if let display = arrivalDisplay[arrival] {
                out.change.moves.append(PendingMove(fromPath: relative(arrival), toPath: Self.physical(display)))
            }
        }
        // Files matching no source.
        for u in unmatched {
            let to = Inbox.uniquePath(in: Inbox.quarantine(inbox!), for: u.name, taken: &taken)
            let digest =
                (try? InputFile(path: u.path).read(chunkSize: 1 << 20) { _ in }) ?? InputDigest(bytes: 0, sha256: "")
            let stat = FileStat.of(u.path)
            out.change.newFiles.append(
                LedgerFile(
                    sourceId: "", path: relative(to), arrivedAs: relative(u.path), origin: .inbox,
                    sha256: digest.sha256,
                    bytes: Int64(digest.bytes), modified: stat?.modified ?? 0, rowsRead: 0, rowsAccepted: 0,
                    rowsRejected: 0, status: .quarantined, periods: "", firstSeenRun: 0, firstSeenAt: now,
                    note: "its name matches no source's inbox pattern"))
            out.change.newFileLinks.append(nil)
            let patterns = sources.compactMap { s in s.inboxPattern.map { (source: s.id, pattern: $0) } }
            out.change.moves.append(
                PendingMove(
                    fromPath: relative(u.path), toPath: relative(to),
                    errorText: Inbox.unmatchedText(name: u.name, patterns: patterns)))
            out.events.append(
                .init(
                    kind: "quarantined", source: "", path: relative(to),
                    detail: "dropped in the inbox as \(relative(u.path)); its name matches no source's inbox pattern "
                        + "(see \(relative(to)).error.txt)"))
            let problem = Diagnostic(
                code: "inbox.unmatched", severity: .error, file: relative(u.path),
                message: "\(u.name) matches no source's inbox pattern ("
                    + (patterns.isEmpty ? "no source has one" : patterns.map(\.pattern).joined(separator: ", "))
                    + "); it was moved to \(relative(to)).",
                hint: "Rename it to match a pattern and drop it again, or add an 'inbox:' pattern to its source; "
                    + "this error stays while the file is in quarantine/.")
            out.change.newFiles[out.change.newFiles.count - 1].problems = Self.encode([problem])
            out.quarantined.append(problem)
        }
        return out
    }

    /// Whether nothing in a file could be used: unreadable, or every row rejected.
    static func nothingUsed(_ r: FileResult) -> Bool {
        r.input.status == "unreadable"
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
