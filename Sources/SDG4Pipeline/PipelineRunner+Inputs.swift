import Foundation
import SDG4Ingest
import SDG4Ledger
import SDG4Model
import SDG4Report

/// The run's inputs as deliveries (docs/inbox.md): which files are read, in which order, which
/// are left for later, and what the results leave out.
extension PipelineRunner {
    /// Census slices replaced whole although newer files give only some of their regions.
    func lostCensusParts(_ items: [WorkItem], _ outcomes: [Supersession.Outcome?]) -> [Diagnostic] {
        outcomes.enumerated().flatMap { i, o in
            (o?.lost ?? []).map { lost in
                Diagnostic(
                    code: .inboxCensusPartReplaced, source: items[i].source.id,
                    file: items[i].display,
                    message: "\(o?.by.map { items[$0].display } ?? "A newer delivery") gives only some regions of what "
                        + "this file counts, and a census slice's pupils cannot be split by region: \(lost) of this "
                        + "file are no longer counted.",
                    hint: "Deliver those regions again (one file per region, with the census's region column), or "
                        + "the whole country's census.")
            }
        }
    }

    /// Without the ledger (`validate`): which files the waiting inbox files would replace, in
    /// notes (the replacement itself is applied, as a run would).
    func supersessionPreview(_ items: [WorkItem], _ outcomes: [Supersession.Outcome?]) -> [Diagnostic] {
        outcomes.enumerated().compactMap { i, o in
            guard let o, let by = o.by else { return nil }
            return Diagnostic(
                code: .inboxSupersedes, source: items[by].source.id, file: items[by].display,
                message: "A run would use this file instead of "
                    + (o.whole ? items[i].display : "\(items[i].display) for " + Supersession.list(o.replaced)) + ".",
                hint: "Nothing to do if this file is the correction.")
        }
    }

    /// The run's inputs in the fixed file order: each source's files (path order), then its
    /// files delivered through the inbox (in `processed/`), oldest delivery first, then the new
    /// ones waiting in the inbox (in name order); and the inbox files that match no source.
    func workItems(_ sources: [SourceSpec], session: LedgerSession?, problems: inout [Diagnostic]) -> (
        [WorkItem], [(path: String, name: String)]
    ) {
        var known: [Int: [WorkItem]] = [:]
        var arrivals: [Int: [WorkItem]] = [:]
        var unmatched: [(path: String, name: String)] = []
        func source(for name: String) -> Int? {
            definition.sources.firstIndex { s in s.inboxPattern.map { Inbox.matches($0, name) } ?? false }
        }
        if session == nil || session!.readOnly, let inbox = definition.inbox, !options.writeOutputs || session != nil {
            // `validate`: the files waiting in the inbox are checked where they are, moved nowhere.
            for name in Inbox.waiting(in: inbox) {
                let path = inbox + "/" + name
                guard let index = source(for: name) else {
                    unmatched.append((path, name))
                    continue
                }
                for f in InputFile.expand(path: path) {
                    arrivals[index, default: []].append(
                        WorkItem(
                            source: sources[index], file: f, display: relative(f), origin: .inbox, arrivedAt: path))
                }
            }
        }
        if let session { problems += unusedDeliveries(session) }
        if let session, let inbox = definition.inbox {
            if !session.readOnly {
                try? FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            }
            var byPhysical: [String: [LedgerFile]] = [:]
            for r in session.inboxRecords { byPhysical[LedgerSession.physical(r.path), default: []].append(r) }
            for (physical, records) in byPhysical.sorted(by: { $0.key < $1.key }) {
                let path = absolute(physical)
                guard FileManager.default.fileExists(atPath: path) else { continue }
                guard let index = sources.firstIndex(where: { $0.id == records[0].sourceId }) else {
                    problems.append(
                        Diagnostic(
                            code: .inboxOrphaned, source: records[0].sourceId, file: physical,
                            message: "This file came through the inbox as source '\(records[0].sourceId)', "
                                + "which the pipeline file no longer has; its values are not used.",
                            hint: "Put the source back in the pipeline file, or move the file out of processed/."))
                    continue
                }
                for f in InputFile.expand(path: path) {
                    let display = relative(f)
                    guard let r = records.last(where: { $0.path == display }) else { continue }
                    var item = WorkItem(
                        source: sources[index], file: f, display: display, origin: .inbox, arrivedAs: r.arrivedAs,
                        stat: FileStat.of(path), record: session.record(at: display))
                    item.delivery = session.delivery(of: r)
                    known[index, default: []].append(item)
                }
            }
            var taken = Set(session.records.map { absolute(LedgerSession.physical($0.path)) })
            for name in Inbox.waiting(in: inbox) where !session.readOnly && options.inboxOnly?.contains(name) ?? true {
                let path = inbox + "/" + name
                if let settling = settlingProblem(path) {
                    problems.append(settling)
                    continue
                }
                guard let index = source(for: name) else {
                    unmatched.append((path, name))
                    continue
                }
                let destination = Inbox.uniquePath(in: Inbox.processed(inbox), for: name, taken: &taken)
                for f in InputFile.expand(path: path) {
                    arrivals[index, default: []].append(
                        WorkItem(
                            source: sources[index], file: f,
                            display: relative(destination) + (f.entry.map { "!\($0)" } ?? ""), origin: .inbox,
                            arrivedAt: path, stat: FileStat.of(path)))
                }
            }
        }
        var items: [WorkItem] = []
        for (index, source) in sources.enumerated() {
            var seen = Set<String>()
            var own = source.files.map { f in
                let display = relative(f)
                return WorkItem(
                    source: source, file: f, display: display, origin: .source, stat: FileStat.of(f.path),
                    record: session?.record(at: display))
            }
            // Inbox files in order of delivery (the run that first saw them), then name.
            own += (known[index] ?? []).sorted { Supersession.rank($0) < Supersession.rank($1) }
            own += (arrivals[index] ?? []).sorted { $0.display < $1.display }
            for item in own where seen.insert(item.display).inserted { items.append(item) }
        }
        return (items, unmatched)
    }

    /// Deliveries the results leave out, said loudly (errors): files the ledger knows came
    /// through the inbox while the pipeline file has no `inbox:` any more, and files in
    /// `processed/` this pipeline's ledger does not know (the pipeline file renamed, another
    /// ledger, `.sdg4/` deleted).
    func unusedDeliveries(_ session: LedgerSession) -> [Diagnostic] {
        guard let inbox = definition.inbox else {
            let inUse = session.inboxRecords.filter { r in
                (r.status == .active || r.status == .superseded)
                    && FileManager.default.fileExists(atPath: absolute(LedgerSession.physical(r.path)))
            }
            return inUse.map { r in
                Diagnostic(
                    code: .inboxNotRead, source: r.sourceId, file: r.path,
                    message:
                        "This file was delivered through the inbox (as \(r.arrivedAs ?? r.path)), but the pipeline "
                        + "file has no 'inbox:' any more, so its values are not used.",
                    hint: "Put 'inbox:' back in the pipeline file, or move the file out of processed/ if it is "
                        + "no longer wanted.")
            }
        }
        let known = Set(session.records.map { absolute(LedgerSession.physical($0.path)) })
        let folder = Inbox.processed(inbox)
        let broken = Inbox.brokenLinks(in: inbox).map { name in
            Diagnostic(
                code: .inboxBrokenLink, file: relative(inbox + "/" + name),
                message: "This is a symbolic link to \(Self.linkTarget(inbox + "/" + name)), which does not exist: "
                    + "there is nothing to read, and it is left in the inbox.",
                hint: "Point the link at the file, or put the file itself in the inbox.")
        }
        return broken
            + Inbox.waiting(in: folder).filter { !known.contains(folder + "/" + $0) }.map { name in
                Diagnostic(
                    code: .inboxUnknownProcessed, file: relative(folder + "/" + name),
                    message: "This file is in the inbox's processed/ folder, but the ledger "
                        + "\(relative(session.ledger.path)) has no record of it for \(session.pipeline), so its values "
                        + "are not used (the pipeline file renamed, another ledger, or .sdg4/ deleted?).",
                    hint:
                        "Use the pipeline file name and ledger that delivered it; or move it back into the inbox, where "
                        + "it counts as the newest delivery; or move it out of processed/ if it is not wanted.")
            }
    }

    static func linkTarget(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "a file"
    }

    /// For an inbox file modified in the last `settleSeconds`: why it is left for a later run.
    func settlingProblem(_ path: String) -> Diagnostic? {
        guard options.settleSeconds > 0, let stat = FileStat.of(path) else { return nil }
        let age = Date().timeIntervalSince1970 - Double(stat.modified) / 1e9
        guard age < options.settleSeconds else { return nil }
        // No age in the message: it would make each run's quality.json differ.
        return Diagnostic(
            code: .inboxSettling, file: relative(path),
            message: age < -1
                ? "Its modification time is in the future (a clock set differently where it was written?): left "
                    + "in the inbox until that time is \(NumberFormat.exact(options.settleSeconds)) s past."
                : "Modified in the last \(NumberFormat.exact(options.settleSeconds)) s, so it may still be being "
                    + "written: left in the inbox for a later run.",
            hint:
                "Run again in a few seconds. Copy files in under a hidden or .part name and rename them when complete.")
    }

    /// The files of the output folder's own subfolders (`countries/`, `sdmx/`, `rejects/`) that
    /// this run does not write.
    static func stale(in folder: String, written: Set<String>) -> [String] {
        var out: [String] = []
        for sub in ["countries", "sdmx", "rejects"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + sub)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") && !written.contains(sub + "/" + name) {
                let ext = (name as NSString).pathExtension
                if ["html", "md", "csv"].contains(ext) { out.append(sub + "/" + name) }
            }
        }
        return out
    }

}
