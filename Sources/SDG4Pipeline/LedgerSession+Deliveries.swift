import Foundation
import SDG4Ledger
import SDG4Model
import SDG4Read
import SDG4Report

/// What the ledger records of the deliveries' ranks: what newer files replace, files that come
/// back, and the quarantine's standing problems (docs/inbox.md, rules 2-6).
extension LedgerSession {
    /// The update that puts a file found again (recorded `removed`, now back with the same
    /// bytes) back in use under its old record, if that is what it is.
    func returned(_ item: WorkItem, _ r: FileResult) -> LedgerChange.Update? {
        guard item.record == nil, let old = latest(at: item.display), old.status == .removed,
            old.sha256 == r.input.sha256
        else { return nil }
        var u = LedgerChange.Update(
            file: .existing(old.id!), status: .active,
            note: old.arrivedAs.map { "arrived in the inbox as \($0)" } ?? "",
            bytes: item.stat?.bytes, modified: item.stat?.modified)
        u.rowsRead = r.input.rowsRead
        u.rowsAccepted = r.input.rowsAccepted
        u.rowsRejected = r.input.rowsRejected
        u.periods = Self.sliceText(r.partial.slices)
        return u
    }

    /// Records what the newer deliveries replaced: files now wholly replaced become
    /// `superseded`, files no longer wholly replaced are `active` again; each such change and
    /// each slice a new file replaces is reported.
    func recordSupersession(
        items: [WorkItem], outcomes: [Supersession.Outcome?], outcome: inout Outcome
    ) {
        func status(_ ref: FileRef) -> FileStatus {
            switch ref {
            case .existing(let id): byId[id]?.status ?? .active
            case .new(let n): outcome.change.newFiles[n].status
            }
        }
        for (i, o) in outcomes.enumerated() {
            guard let o, let ref = outcome.refs[i] else { continue }
            let before = status(ref)
            let byRef = o.by.flatMap { outcome.refs[$0] }
            let byName = o.by.map { items[$0].display } ?? ""
            if o.whole && before != .superseded {
                let note = "replaced by \(byName): " + Supersession.list(o.replaced.subtracting(o.forced))
                if case .new(let n) = ref {
                    outcome.change.newFiles[n].status = .superseded
                    outcome.change.newFiles[n].note = note
                    outcome.change.updates.append(
                        .init(file: ref, status: .superseded, supersededBy: byRef, note: note))
                } else {
                    outcome.change.updates.append(
                        .init(file: ref, status: .superseded, supersededBy: byRef, note: note))
                }
                // A file back in this run (a duplicate in its original's place) and replaced at once
                // is one change: superseded.
                if let k = outcome.events.firstIndex(where: { $0.kind == .restored && $0.path == items[i].display }) {
                    outcome.events[k] = .init(
                        kind: .superseded, source: items[i].source.id, path: items[i].display,
                        detail: outcome.events[k].detail + "; " + note)
                } else {
                    outcome.events.append(
                        .init(kind: .superseded, source: items[i].source.id, path: items[i].display, detail: note))
                }
            } else if o.whole, case .existing(let id) = ref, let byRef, byId[id]?.supersededBy != resolvedId(byRef) {
                // Still superseded, now by a newer file: the record names the one in use.
                let note = "replaced by \(byName): " + Supersession.list(o.replaced.subtracting(o.forced))
                outcome.change.updates.append(.init(file: ref, status: .superseded, supersededBy: byRef, note: note))
            } else if !o.whole && before == .superseded {
                outcome.change.updates.append(
                    .init(file: ref, status: .active, note: "back in use: what replaced it is gone"))
                outcome.events.append(
                    .init(
                        kind: .restored, source: items[i].source.id, path: items[i].display,
                        detail: (inboxUnread
                            ? "back in use: what replaced it came through the inbox, which the pipeline file no "
                                + "longer has" : "back in use: what replaced it is gone")
                            + (o.replaced.isEmpty ? "" : " (still replaced: " + Supersession.list(o.replaced) + ")")))
            } else if !o.whole, !o.replaced.isEmpty, let by = o.by, items[by].arrivedAt != nil {
                // A new delivery replaces part of this file.
                outcome.events.append(
                    .init(
                        kind: .partlySuperseded, source: items[i].source.id, path: items[i].display,
                        detail: "values replaced by \(byName): " + Supersession.list(o.replaced.subtracting(o.forced))))
            }
        }
    }

    /// The problems of the files quarantined by earlier runs and still in `quarantine/`, in
    /// the order they were quarantined.
    func standingQuarantine() -> [Diagnostic] {
        var out: [Diagnostic] = []
        for r in records where r.status == .quarantined {
            guard let text = r.problems,
                FileManager.default.fileExists(atPath: Self.absolute(Self.physical(r.path), base)),
                let problems = try? JSONDecoder().decode([Diagnostic].self, from: Data(text.utf8))
            else { continue }
            out += problems
        }
        return out
    }

    static func encode(_ problems: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(problems)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The id of a record already in the ledger (`nil` for one this run adds).
    func resolvedId(_ ref: FileRef) -> Int64? {
        if case .existing(let id) = ref { return id }
        return nil
    }

}
