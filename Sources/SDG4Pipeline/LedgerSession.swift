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
/// superseded, quarantined), (4) after the outputs are published, commits everything in one
/// transaction, and only then (5) moves the inbox files.
final class LedgerSession {
    let ledger: Ledger
    private let lock: LedgerLock
    /// Every record, and the current one of each path (not `changed` or `removed`).
    private(set) var records: [LedgerFile]
    private var byPath: [String: LedgerFile] = [:]
    let startedAt: String

    init(path: String, lockTimeout: Double) throws(LedgerError) {
        lock = try LedgerLock.acquire(ledgerPath: path, timeout: lockTimeout)
        do {
            ledger = try Ledger(path: path, busyTimeout: max(lockTimeout, 1))
            records = try ledger.files()
        } catch {
            lock.release()
            throw error
        }
        for r in records where r.status != .changed && r.status != .removed && r.status != .quarantined {
            byPath[r.path] = r
        }
        startedAt = ISO8601DateFormatter().string(from: Date())
    }

    func close() { lock.release() }

    /// The current record of a path.
    func record(at path: String) -> LedgerFile? { byPath[path] }

    /// Does the inbox moves that a killed run recorded but did not do.
    func finishPendingMoves(base: String) throws(RunFailure) {
        let moves: [PendingMove]
        do { moves = try ledger.pendingMoves() } catch { throw .ledger(error) }
        for m in moves { try doMove(m, base: base) }
    }

    func doMove(_ m: PendingMove, base: String) throws(RunFailure) {
        do {
            try Inbox.move(from: absolute(m.fromPath, base), to: absolute(m.toPath, base), errorText: m.errorText)
        } catch { throw .output(error) }
        CrashPoint.hit("inbox-moved-one")
        do { try ledger.completeMove(m.id!) } catch { throw .ledger(error) }
    }

    /// A stored contribution that can stand for reading the file, if there is one.
    enum Lookup {
        /// Not read: the stored contribution (still to decode).
        case reuse(Data)
        /// Not read and not used: the file is recorded as superseded or a duplicate, unchanged.
        case skip
        /// To be read.
        case read
    }

    /// Files superseded by a file that is gone: back in use, since what replaced them is no
    /// longer there (recorded as `restored` at the commit).
    private(set) var restored: [LedgerFile] = []

    /// Puts back in use the files superseded by active files missing from this run's inputs.
    /// Returns the items with their records brought up to date.
    func restoreSuperseded(items: [WorkItem]) -> [WorkItem] {
        let present = Set(items.map(\.display))
        let gone = Set(records.filter { $0.status == .active && !present.contains($0.path) }.compactMap(\.id))
        guard !gone.isEmpty else { return items }
        for k in records.indices {
            let r = records[k]
            guard r.status == .superseded, let by = r.supersededBy, gone.contains(by), present.contains(r.path) else {
                continue
            }
            records[k].status = .active
            records[k].supersededBy = nil
            byPath[r.path] = records[k]
            restored.append(records[k])
        }
        return items.map { item in
            var item = item
            item.record = byPath[item.display]
            return item
        }
    }

    func lookup(_ item: WorkItem, fingerprint: String) -> Lookup {
        guard let record = item.record, let stat = item.stat, record.bytes == stat.bytes,
            record.modified == stat.modified
        else { return .read }
        switch record.status {
        case .superseded, .duplicate: return .skip
        case .active:
            guard let data = try? ledger.contribution(fileId: record.id!, fingerprint: fingerprint) else {
                return .read
            }
            return .reuse(data)
        default: return .read
        }
    }

    /// What the classification decided.
    struct Outcome {
        /// Whether each item's values go into the results.
        var included: [Bool]
        var change: LedgerChange
        var events: [RunChanges.InputChange] = []
        /// Problems of files quarantined in this run.
        var problems: [Diagnostic] = []
        var filesRead = 0
        var filesReused = 0
    }

    /// Decides what each input is (new, unchanged, changed, duplicate, superseding, quarantined),
    /// and what the ledger will record.
    func classify(
        items: [WorkItem], results: [FileResult?], wasRead: [Bool], fingerprints: [String],
        unmatched: [(path: String, name: String)], inbox: String?, sources: [PipelineDefinition.Source],
        relative: (String) -> String, base: String
    ) -> Outcome {
        let now = startedAt
        var out = Outcome(
            included: Array(repeating: false, count: items.count),
            change: LedgerChange(
                run: LedgerRun(
                    startedAt: now, finishedAt: now, toolVersion: PipelineRunner.version, pipelineSha256: "",
                    context: "", filesRead: 0, filesReused: 0, values: 0, errors: 0, warnings: 0, isEdition: false,
                    changes: "", results: nil)))
        // Files whose values are in the results, by source: a new inbox file may supersede them.
        struct Active {
            var ref: FileRef
            var item: Int?
            var path: String
            var periods: Set<String>
        }
        var active: [String: [Active]] = [:]
        for r in records where r.status == .active {
            active[r.sourceId, default: []].append(
                Active(ref: .existing(r.id!), item: nil, path: r.path, periods: Self.periods(r.periods)))
        }
        var contentsBySource: [String: [String: FileRef]] = [:]
        for r in records where r.status != .quarantined && r.status != .removed {
            contentsBySource[r.sourceId, default: [:]][r.sha256] =
                contentsBySource[r.sourceId]?[r.sha256] ?? .existing(r.id!)
        }
        var seenPaths = Set<String>()
        var superseded = Set<FileRef>()
        // The item of each record in this run.
        var itemOfRecord: [Int64: Int] = [:]
        var quarantinePaths: [String: String] = [:]
        var taken = Set<String>()
        // Inbox arrivals by physical file: quarantined entries, and where the file goes.
        var arrivalQuarantined: [String: [Bool]] = [:]
        var arrivalText: [String: String] = [:]
        var arrivalDisplay: [String: String] = [:]

        func newRecord(_ item: WorkItem, _ r: FileResult, status: FileStatus, note: String) -> FileRef {
            let f = LedgerFile(
                sourceId: item.source.id, path: item.display,
                arrivedAs: item.arrivedAt.map(relative) ?? item.record?.arrivedAs, origin: item.origin,
                sha256: r.input.sha256, bytes: item.stat?.bytes ?? Int64(r.input.bytes),
                modified: item.stat?.modified ?? 0, rowsRead: r.input.rowsRead, rowsAccepted: r.input.rowsAccepted,
                rowsRejected: r.input.rowsRejected, status: status, periods: Self.periodText(r.partial.periods),
                firstSeenRun: 0, firstSeenAt: now, note: note)
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
            if let id = item.record?.id { itemOfRecord[id] = i }
            guard let r = results[i] else {
                // Skipped: recorded as superseded or duplicate and unchanged.
                if let id = item.record?.id { out.change.seen.append(id) }
                continue
            }
            if !wasRead[i] {
                out.filesReused += 1
                out.included[i] = true
                if let id = item.record?.id { out.change.seen.append(id) }
                continue
            }
            out.filesRead += 1
            if item.arrivedAt == nil {
                // A file the pipeline already knew the path of (a source's file, or a processed inbox file).
                if let rec = item.record {
                    if rec.sha256 == r.input.sha256 {
                        // Touched, or read again for new settings: same content.
                        out.change.updates.append(
                            .init(
                                file: .existing(rec.id!), status: rec.status, note: rec.note,
                                bytes: item.stat?.bytes, modified: item.stat?.modified))
                        out.included[i] = rec.status == .active
                        if rec.status == .active { store(.existing(rec.id!), r, fingerprints[i]) }
                        continue
                    }
                    let ref = newRecord(item, r, status: .active, note: "new content at the same path")
                    out.change.updates.append(
                        .init(
                            file: .existing(rec.id!), status: .changed, supersededBy: ref,
                            note: "replaced by new content at the same path"))
                    store(ref, r, fingerprints[i])
                    out.included[i] = true
                    active[rec.sourceId]?.removeAll { $0.ref == .existing(rec.id!) }
                    active[item.source.id, default: []].append(
                        Active(ref: ref, item: i, path: item.display, periods: Self.periodKeys(r.partial.periods)))
                    contentsBySource[item.source.id, default: [:]][r.input.sha256] = ref
                    out.events.append(
                        .init(
                            kind: "changed", source: item.source.id, path: item.display,
                            detail: "new content (sha256 \(rec.sha256.prefix(12))… → \(r.input.sha256.prefix(12))…)"))
                } else {
                    let ref = newRecord(item, r, status: .active, note: "")
                    store(ref, r, fingerprints[i])
                    out.included[i] = true
                    active[item.source.id, default: []].append(
                        Active(ref: ref, item: i, path: item.display, periods: Self.periodKeys(r.partial.periods)))
                    contentsBySource[item.source.id, default: [:]][r.input.sha256] =
                        contentsBySource[item.source.id]?[r.input.sha256] ?? ref
                    out.events.append(
                        .init(kind: "added", source: item.source.id, path: item.display, detail: "new file"))
                }
                continue
            }
            // A file new in the inbox.
            let arrival = item.arrivedAt!
            let name = relative(arrival)
            let nothingUsed =
                r.input.status == "unreadable"
                || (r.input.rowsRead > 0 && r.input.rowsAccepted == 0 && r.input.rowsRejected == r.input.rowsRead)
            if nothingUsed {
                let to =
                    quarantinePaths[arrival]
                    ?? Inbox.uniquePath(
                        in: Inbox.quarantine(inbox ?? ""), for: (arrival as NSString).lastPathComponent, taken: &taken)
                quarantinePaths[arrival] = to
                let ref = newRecord(item, r, status: .quarantined, note: "nothing in it could be used")
                if case .new(let n) = ref {
                    out.change.newFiles[n].path = relative(to) + (item.file.entry.map { "!\($0)" } ?? "")
                }
                arrivalQuarantined[arrival, default: []].append(true)
                let moved = r.diagnostics.map {
                    var d = $0
                    d.file = relative(to)
                    return d
                }
                arrivalText[arrival, default: ""] += Inbox.unreadableText(
                    name: (arrival as NSString).lastPathComponent, source: item.source.id, problems: moved)
                out.problems += moved
                out.events.append(
                    .init(
                        kind: "quarantined", source: item.source.id, path: relative(to),
                        detail:
                            "dropped in the inbox as \(name); nothing in it could be used (see \(relative(to)).error.txt)"
                    ))
                continue
            }
            arrivalQuarantined[arrival, default: []].append(false)
            arrivalDisplay[arrival] = item.display
            if let earlier = contentsBySource[item.source.id]?[r.input.sha256] {
                let ref = newRecord(item, r, status: .duplicate, note: "same content as an earlier file; counted once")
                out.change.newFileLinks[out.change.newFiles.count - 1] = earlier
                let earlierPath: String =
                    switch earlier {
                    case .existing(let id): records.first { $0.id == id }?.path ?? "an earlier file"
                    case .new(let n): out.change.newFiles[n].path
                    }
                _ = ref
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
            contentsBySource[item.source.id, default: [:]][r.input.sha256] = ref
            out.events.append(
                .init(
                    kind: "added", source: item.source.id, path: item.display, detail: "arrived in the inbox as \(name)"
                ))
            // Supersedes the active files of its source whose countries and years it covers.
            let periods = Self.periodKeys(r.partial.periods)
            if !periods.isEmpty {
                for other in active[item.source.id] ?? []
                where !other.periods.isEmpty && other.periods.isSubset(of: periods) {
                    superseded.insert(other.ref)
                    if let j = other.item { out.included[j] = false }
                    if case .existing(let id) = other.ref, let j = itemOfRecord[id] { out.included[j] = false }
                    out.change.updates.append(
                        .init(
                            file: other.ref, status: .superseded, supersededBy: ref,
                            note: "replaced by \(item.display), which covers the same countries and years"))
                    out.events.append(
                        .init(
                            kind: "superseded", source: item.source.id, path: other.path,
                            detail: "replaced by \(item.display) (same source, same countries and years: "
                                + other.periods.sorted().joined(separator: " ") + ")"))
                }
                active[item.source.id]?.removeAll { superseded.contains($0.ref) }
            }
            active[item.source.id, default: []].append(Active(ref: ref, item: i, path: item.display, periods: periods))
        }
        for r in restored {
            out.change.updates.append(
                .init(file: .existing(r.id!), status: .active, note: "back in use: the file that replaced it is gone"))
            out.events.append(
                .init(
                    kind: "restored", source: r.sourceId, path: r.path,
                    detail: "back in use: the file that replaced it is gone"))
        }
        // Active files no longer found.
        for r in records
        where r.status == .active && !seenPaths.contains(r.path) && !superseded.contains(.existing(r.id!)) {
            out.change.updates.append(.init(file: .existing(r.id!), status: .removed, note: "no longer found"))
            out.events.append(.init(kind: "removed", source: r.sourceId, path: r.path, detail: "no longer found"))
        }
        // Moves: a physical inbox file goes to quarantine when nothing in it was used.
        for (arrival, flags) in arrivalQuarantined.sorted(by: { $0.key < $1.key }) {
            if flags.allSatisfy({ $0 }), let to = quarantinePaths[arrival] {
                out.change.moves.append(
                    PendingMove(fromPath: relative(arrival), toPath: relative(to), errorText: arrivalText[arrival]))
            } else if let display = arrivalDisplay[arrival] {
                let physical = display.split(separator: "!").first.map(String.init) ?? display
                out.change.moves.append(PendingMove(fromPath: relative(arrival), toPath: physical))
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
            out.problems.append(
                Diagnostic(
                    code: "inbox.unmatched", severity: .error, file: relative(u.path),
                    message: "\(u.name) matches no source's inbox pattern ("
                        + (patterns.isEmpty ? "no source has one" : patterns.map(\.pattern).joined(separator: ", "))
                        + "); it was moved to \(relative(to)).",
                    hint: "Rename it to match a pattern and drop it again, or add an 'inbox:' pattern to its source."))
        }
        return out
    }

    /// `KGZ:2023` keys of a set of periods.
    static func periodKeys(_ periods: Set<CountryYear>) -> Set<String> {
        Set(periods.map { "\($0.country.rawValue):\($0.year)" })
    }

    static func periodText(_ periods: Set<CountryYear>) -> String {
        periodKeys(periods).sorted().joined(separator: " ")
    }

    static func periods(_ text: String) -> Set<String> {
        Set(text.split(separator: " ").map(String.init))
    }

    private func absolute(_ path: String, _ base: String) -> String {
        path.hasPrefix("/")
            ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: base + "/")).standardizedFileURL.path
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
