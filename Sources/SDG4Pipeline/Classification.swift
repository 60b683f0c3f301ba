import Foundation
import SDG4Ingest
import SDG4Ledger
import SDG4Model
import SDG4PipelineFile
import SDG4Read
import SDG4Report

/// One run's classification of its inputs (`LedgerSession.classify`): what each file is (new,
/// unchanged, changed, back, duplicate, quarantined) and what the ledger will record of it.
struct Classification {
    let session: LedgerSession
    let items: [WorkItem]
    let results: [FileResult?]
    let fingerprints: [String]
    let inbox: String?
    let relative: (String) -> String
    var out: LedgerSession.Outcome
    /// Contents in use, by source: the same bytes dropped again are a duplicate. The same bytes
    /// as a file superseded, even in part, or gone are not: dropping an older version again
    /// makes it the newest delivery.
    var inUse: [String: [String: FileRef]] = [:]
    var seenPaths = Set<String>()
    /// Where each inbox file that goes to quarantine goes, the text of its `.error.txt`, and
    /// where each other inbox file goes in `processed/`.
    var quarantinePaths: [String: String] = [:]
    var arrivalText: [String: String] = [:]
    var arrivalDisplay: [String: String] = [:]
    var taken = Set<String>()
    /// Inbox files (a zip, say) something in one of whose entries could be used: only the
    /// others go to quarantine.
    let usableArrivals: Set<String>

    init(
        session: LedgerSession, items: [WorkItem], results: [FileResult?], fingerprints: [String], inbox: String?,
        replacedRecords: Set<Int64>, relative: @escaping (String) -> String
    ) {
        self.session = session
        self.items = items
        self.results = results
        self.fingerprints = fingerprints
        self.inbox = inbox
        self.relative = relative
        let now = session.startedAt
        out = LedgerSession.Outcome(
            included: Array(repeating: false, count: items.count), refs: Array(repeating: nil, count: items.count),
            change: LedgerChange(
                run: LedgerRun(
                    startedAt: now, finishedAt: now, toolVersion: PipelineRunner.version, pipelineSha256: "",
                    context: "", filesRead: 0, filesReused: 0, values: 0, errors: 0, warnings: 0, isEdition: false,
                    changes: "", results: nil)))
        out.change.run.pipeline = session.pipeline
        for item in items {
            guard let r = item.record, r.status == .active, !replacedRecords.contains(r.id!) else { continue }
            inUse[item.source.id, default: [:]][r.sha256] = inUse[item.source.id]?[r.sha256] ?? .existing(r.id!)
        }
        out.quarantined = session.standingQuarantine()
        var usable = Set<String>()
        for (i, item) in items.enumerated() {
            if let a = item.arrivedAt, let r = results[i], !LedgerSession.nothingUsed(r) { usable.insert(a) }
        }
        usableArrivals = usable
    }

    // MARK: - Records

    private mutating func newRecord(_ item: WorkItem, _ r: FileResult, status: FileStatus, note: String) -> FileRef {
        var f = LedgerFile(
            sourceId: item.source.id, path: item.display,
            arrivedAs: item.arrivedAt.map(relative) ?? item.arrivedAs, origin: item.origin,
            sha256: r.input.sha256, bytes: item.stat?.bytes ?? Int64(r.input.bytes),
            modified: item.stat?.modified ?? 0, rowsRead: r.input.rowsRead, rowsAccepted: r.input.rowsAccepted,
            rowsRejected: r.input.rowsRejected, status: status, periods: LedgerSession.sliceText(r.partial.slices),
            firstSeenRun: 0, firstSeenAt: session.startedAt, note: note)
        // A new delivery is ranked by this run; a new version of a known file keeps the
        // delivery it was (rule 2).
        f.deliveryRun = item.arrivedAt != nil || item.delivery.run == .max ? LedgerFile.thisRun : item.delivery.run
        f.deliveryName = item.arrivedAt != nil ? item.display : item.delivery.name
        out.change.newFiles.append(f)
        out.change.newFileLinks.append(nil)
        return .new(out.change.newFiles.count - 1)
    }

    private mutating func store(_ ref: FileRef, _ r: FileResult, _ fingerprint: String) {
        if let data = FileResultCodec.encode(r) {
            out.change.contributions.append(.init(file: ref, fingerprint: fingerprint, data: data))
        }
    }

    private mutating func use(_ i: Int, _ ref: FileRef) {
        out.included[i] = true
        out.refs[i] = ref
    }

    private mutating func event(_ kind: RunChanges.Kind, _ source: String, _ path: String, _ detail: String) {
        out.events.append(.init(kind: kind, source: source, path: path, detail: detail))
    }

    // MARK: - Inputs

    /// A file not read: its stored contribution stands for it.
    mutating func unchanged(_ i: Int) {
        let record = items[i].record!
        out.filesReused += 1
        use(i, .existing(record.id!))
        out.change.seen.append(record.id!)
        if record.sourceId != items[i].source.id {
            // The source was renamed: the record follows, so that copies dropped for it are
            // known as duplicates.
            var u = LedgerChange.Update(
                file: .existing(record.id!), status: record.status,
                supersededBy: record.supersededBy.map { .existing($0) }, note: record.note)
            u.sourceId = items[i].source.id
            out.change.updates.append(u)
        }
    }

    /// A file whose path the pipeline knew (a source's file, or a processed inbox file), read.
    mutating func known(_ i: Int, _ r: FileResult) {
        let item = items[i]
        if let rec = item.record, rec.sha256 == r.input.sha256 {
            sameContent(i, r, rec)
            return
        }
        if item.origin == .inbox, let back = session.returned(item, r) {
            // Back in processed/ with the content it had: the same record, the same delivery.
            out.change.updates.append(back)
            use(i, back.file)
            store(back.file, r, fingerprints[i])
            event(
                .restored, item.source.id, item.display,
                "found again with the same content; it keeps its place among the deliveries")
            return
        }
        let ref = newRecord(item, r, status: .active, note: "")
        store(ref, r, fingerprints[i])
        use(i, ref)
        inUse[item.source.id, default: [:]][r.input.sha256] = inUse[item.source.id]?[r.input.sha256] ?? ref
        if let rec = item.record {
            out.change.updates.append(
                .init(
                    file: .existing(rec.id!), status: .changed, supersededBy: ref,
                    note: "replaced by new content at the same path"))
            event(
                .changed, item.source.id, item.display,
                "new content (sha256 \(rec.sha256.prefix(12))… → \(r.input.sha256.prefix(12))…)")
        } else {
            event(.added, item.source.id, item.display, item.origin == .inbox ? "back in processed/" : "new file")
        }
    }

    /// Touched, or read again for new settings: the same content, its counts and coverage as
    /// read now. A duplicate read again is one whose original is gone: it takes its place.
    private mutating func sameContent(_ i: Int, _ r: FileResult, _ rec: LedgerFile) {
        let item = items[i]
        let revived = rec.status == .duplicate
        if revived {
            event(
                .restored, item.source.id, item.display,
                "back in use in the place of the file it duplicated, which is gone")
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
        u.periods = LedgerSession.sliceText(r.partial.slices)
        out.change.updates.append(u)
        use(i, .existing(rec.id!))
        store(.existing(rec.id!), r, fingerprints[i])
    }

    /// A file new in the inbox: quarantined, a duplicate, or a new delivery.
    mutating func arrived(_ i: Int, _ r: FileResult) {
        let item = items[i]
        let arrival = item.arrivedAt!
        let name = relative(arrival)
        if !usableArrivals.contains(arrival) {
            quarantine(i, r)
            return
        }
        arrivalDisplay[arrival] = item.display
        if let earlier = inUse[item.source.id]?[r.input.sha256] {
            let ref = newRecord(item, r, status: .duplicate, note: "same content as a file in use; counted once")
            out.change.newFileLinks[out.change.newFiles.count - 1] = earlier
            out.refs[i] = ref
            let earlierPath: String =
                switch earlier {
                case .existing(let id): session.byId[id]?.path ?? "an earlier file"
                case .new(let n): out.change.newFiles[n].path
                }
            event(
                .duplicate, item.source.id, item.display,
                "dropped in the inbox as \(name) with the same content as \(earlierPath); counted once")
            out.problems.append(
                Diagnostic(
                    code: .inboxDuplicate, source: item.source.id, file: item.display,
                    message: "Same content (sha256) as \(earlierPath): counted once, not read again.",
                    hint: "Nothing to do; a corrected file must differ from the one it corrects."))
            return
        }
        let ref = newRecord(item, r, status: .active, note: "arrived in the inbox as \(name)")
        store(ref, r, fingerprints[i])
        use(i, ref)
        inUse[item.source.id, default: [:]][r.input.sha256] = ref
        event(.added, item.source.id, item.display, "arrived in the inbox as \(name)")
    }

    /// An inbox file nothing in which could be used: to quarantine, with its problems.
    private mutating func quarantine(_ i: Int, _ r: FileResult) {
        let item = items[i]
        let arrival = item.arrivedAt!
        let name = relative(arrival)
        let to =
            quarantinePaths[arrival]
            ?? Inbox.uniquePath(
                in: Inbox.quarantine(inbox ?? ""), for: (arrival as NSString).lastPathComponent, taken: &taken)
        quarantinePaths[arrival] = to
        let ref = newRecord(item, r, status: .quarantined, note: "nothing in it could be used")
        // `validate` names the file where it waits; a run, where it goes.
        let moved =
            session.readOnly
            ? r.diagnostics
            : r.diagnostics.map {
                var d = $0
                d.file = relative(to)
                return d
            }
        if case .new(let n) = ref {
            out.change.newFiles[n].path = relative(to) + (item.file.entry.map { "!\($0)" } ?? "")
            out.change.newFiles[n].problems = LedgerSession.encode(moved)
        }
        arrivalText[arrival, default: ""] += Inbox.unreadableText(
            name: (arrival as NSString).lastPathComponent, source: item.source.id, problems: moved)
        out.quarantined += moved
        if !out.quarantinedArrivals.contains(name) { out.quarantinedArrivals.append(name) }
        event(
            .quarantined, item.source.id, relative(to),
            "dropped in the inbox as \(name); nothing in it could be used (see \(relative(to)).error.txt)")
    }

    // MARK: - After the inputs

    /// Files in use no longer found (an inbox file still in processed/ stays known: its source
    /// may come back to the pipeline), and files no longer in quarantine/ (dealt with: their
    /// errors go with them).
    mutating func gone() {
        func onDisk(_ r: LedgerFile) -> Bool {
            FileManager.default.fileExists(atPath: LedgerSession.absolute(LedgerSession.physical(r.path), session.base))
        }
        for r in session.records where (r.status == .active || r.status == .superseded) && !seenPaths.contains(r.path) {
            if r.origin == .inbox, onDisk(r) { continue }
            out.change.updates.append(.init(file: .existing(r.id!), status: .removed, note: "no longer found"))
            event(
                .removed, r.sourceId, r.path,
                r.status == .active ? "no longer found" : "no longer found (it was superseded)")
        }
        for r in session.records where r.status == .quarantined && r.problems != nil && !onDisk(r) {
            var u = LedgerChange.Update(file: .existing(r.id!), status: .removed, note: "no longer in quarantine/")
            u.problems = ""
            out.change.updates.append(u)
            event(.removed, r.sourceId, r.path, "no longer in quarantine/")
        }
    }

    /// The inbox moves: to quarantine when nothing in a file could be used, else to processed/.
    mutating func moves() {
        for arrival in Set(items.compactMap(\.arrivedAt)).sorted() {
            if let to = quarantinePaths[arrival] {
                out.change.moves.append(
                    PendingMove(fromPath: relative(arrival), toPath: relative(to), errorText: arrivalText[arrival]))
            } else if let display = arrivalDisplay[arrival] {
                out.change.moves.append(
                    PendingMove(fromPath: relative(arrival), toPath: LedgerSession.physical(display)))
            }
        }
    }

    /// A file matching no source: to quarantine, with the patterns it could have matched.
    mutating func unmatched(_ u: (path: String, name: String), sources: [PipelineDefinition.Source]) {
        let to = Inbox.uniquePath(in: Inbox.quarantine(inbox!), for: u.name, taken: &taken)
        let digest =
            (try? InputFile(path: u.path).read(chunkSize: 1 << 20) { _ in }) ?? InputDigest(bytes: 0, sha256: "")
        let stat = FileStat.of(u.path)
        let patterns = sources.compactMap { s in s.inboxPattern.map { (source: s.id, pattern: $0) } }
        let problem = Diagnostic(
            code: .inboxUnmatched, file: relative(u.path),
            message: "\(u.name) matches no source's inbox pattern ("
                + (patterns.isEmpty ? "no source has one" : patterns.map(\.pattern).joined(separator: ", "))
                + "); it was moved to \(relative(to)).",
            hint: "Rename it to match a pattern and drop it again, or add an 'inbox:' pattern to its source; "
                + "this error stays while the file is in quarantine/.")
        var record = LedgerFile(
            sourceId: "", path: relative(to), arrivedAs: relative(u.path), origin: .inbox, sha256: digest.sha256,
            bytes: Int64(digest.bytes), modified: stat?.modified ?? 0, rowsRead: 0, rowsAccepted: 0,
            rowsRejected: 0, status: .quarantined, periods: "", firstSeenRun: 0, firstSeenAt: session.startedAt,
            note: "its name matches no source's inbox pattern")
        record.problems = LedgerSession.encode([problem])
        out.change.newFiles.append(record)
        out.change.newFileLinks.append(nil)
        out.change.moves.append(
            PendingMove(
                fromPath: relative(u.path), toPath: relative(to),
                errorText: Inbox.unmatchedText(name: u.name, patterns: patterns)))
        event(
            .quarantined, "", relative(to),
            "dropped in the inbox as \(relative(u.path)); its name matches no source's inbox pattern "
                + "(see \(relative(to)).error.txt)")
        out.quarantined.append(problem)
    }
}
