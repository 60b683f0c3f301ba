import Foundation
import SDG4Aggregate
import SDG4Clean
import SDG4Durable
import SDG4Ingest
import SDG4Ledger
import SDG4Model
import SDG4Read
import SDG4Report

/// The stages of a run, each a function from the value the stage before gave to its own:
/// lock → resolve → read and clean → decide (deliveries) → aggregate → compare → render →
/// publish → commit. `PipelineRunner.run()` is their sequence.
extension PipelineRunner {
    /// The ledger session (locked for the whole run) and the output folder's lock.
    struct Locks {
        var session: LedgerSession?
        var output: FileLock?

        func release() {
            output?.release()
            session?.close()
        }
    }

    /// Stage 0: locks the ledger and the output folder, and finishes what a killed run left
    /// half-done (a committed publish, inbox moves).
    func lock() throws(RunFailure) -> Locks {
        var locks = Locks()
        // A `--country` run is a preview, and `validate` checks: both read what the ledger knows
        // (files delivered through the inbox, corrections) but record nothing and move nothing.
        let preview = !options.countries.isEmpty || !options.writeOutputs
        if let path = options.ledgerPath, !preview || FileManager.default.fileExists(atPath: path) {
            do {
                locks.session = try LedgerSession(
                    path: path, pipeline: URL(fileURLWithPath: definition.path).lastPathComponent,
                    base: definition.directory, lockTimeout: options.lockTimeout, readOnly: preview)
            } catch .olderSchema where preview {
                locks.session = nil  // an older ledger: read as if there were none
            } catch {
                throw .ledger(error)
            }
        }
        // The output folder is locked too: runs with other ledgers (or none) may write there.
        if options.writeOutputs {
            do {
                locks.output = try OutputPublisher.lock(outputDirectory, timeout: options.lockTimeout)
                try OutputPublisher.recover(in: outputDirectory)
            } catch {
                locks.release()
                throw .output(error)
            }
        }
        if locks.session?.readOnly == false {
            do { try locks.session?.finishPendingMoves() } catch {
                locks.release()
                throw error
            }
        }
        return locks
    }

    /// What a run reads: its inputs in the fixed file order, and what was found on the way.
    struct Resolved {
        var items: [WorkItem]
        var unmatched: [(path: String, name: String)]
        var filter: RowFilter
        var fingerprints: [String]
        var problems: [Diagnostic]
    }

    /// Stage 1: the sources' files, then (with the ledger) the inbox's.
    func resolve(_ session: LedgerSession?) -> Resolved {
        var (sources, problems) = resolveSources()
        let filter = RowFilter(countries: countryFilter(), years: definition.years)
        let (items, unmatched) = workItems(sources, session: session, problems: &problems)
        session?.noteInputs(items)
        session?.inboxUnread = definition.inbox == nil
        if session == nil || session!.readOnly {
            // Without the ledger (validate): files the inbox would quarantine are reported only.
            let patterns = definition.sources.compactMap(\.inboxPattern)
            for u in unmatched {
                problems.append(
                    Diagnostic(
                        code: .inboxUnmatched, file: relative(u.path),
                        message: "\(u.name) matches no source's inbox pattern ("
                            + (patterns.isEmpty ? "no source has one" : patterns.joined(separator: ", "))
                            + "); a run would move it to quarantine/.",
                        hint: "Rename it to match a pattern, or add an 'inbox:' pattern to its source."))
            }
        }
        // A source whose files all come through the inbox has no file at its path: not a problem then.
        let sourcesWithItems = Set(items.map(\.source.id))
        problems.removeAll { d in d.code == ProblemCode.sourceNoFiles.id && sourcesWithItems.contains(d.source) }
        let fingerprints = items.map {
            ContributionFingerprint.of(
                source: $0.source, display: $0.display, filter: filter, version: Self.version, release: $0.file.release)
        }
        return Resolved(
            items: items, unmatched: unmatched, filter: filter, fingerprints: fingerprints, problems: problems)
    }

    /// Each input's result (`nil`: a duplicate not read), and whether it was read in this run.
    struct Read {
        var slots: [FileResult?]
        var wasRead: [Bool]
    }

    /// Stage 2: ingest and clean, concurrently; files the ledger has unchanged are not read.
    func readAndClean(_ resolved: Resolved, _ session: LedgerSession?) -> Read {
        let items = resolved.items
        var read = Read(
            slots: [FileResult?](repeating: nil, count: items.count),
            wasRead: [Bool](repeating: false, count: items.count))
        var toRead: [Int] = []
        var stored: [(Int, Data)] = []
        for (i, item) in items.enumerated() {
            switch session?.lookup(item, fingerprint: resolved.fingerprints[i], rehash: options.rehash) ?? .read {
            case .reuse(let data): stored.append((i, data))
            case .skip: break
            case .read: toRead.append(i)
            }
        }
        // Stored contributions are decoded on the workers too; one that does not decode is read.
        for (i, result) in decodeConcurrently(stored, sourceIndex: items.map(\.source.index)) {
            if let result { read.slots[i] = result } else { toRead.append(i) }
        }
        toRead.sort()
        let fresh = processConcurrently(toRead.map { (items[$0], $0) }, filter: resolved.filter)
        for (i, r) in zip(toRead, fresh) {
            read.slots[i] = r
            read.wasRead[i] = true
        }
        return read
    }

    /// The files whose values count, renumbered in the run's file order, and what the ledger
    /// decided of every input.
    struct Deliveries {
        var work: [WorkItem] = []
        var workWasRead: [Bool] = []
        var results: [FileResult] = []
        var outcome: LedgerSession.Outcome?
        var problems: [Diagnostic] = []
        /// The ledger a recording run uses (`nil` for previews and without one).
        var ledgerPath: String?
    }

    /// Stage 2b: what each file is (new, unchanged, duplicate, quarantined), and what newer
    /// deliveries replace (docs/inbox.md).
    func decide(_ resolved: Resolved, _ read: Read, _ session: LedgerSession?) -> Deliveries {
        let items = resolved.items
        var slots = read.slots
        var out = Deliveries()
        out.ledgerPath = session?.readOnly == false ? session?.ledger.path : nil
        // Which files in use newer deliveries already replace (in part): a file dropped again
        // with their content is a new delivery, not a duplicate.
        var replacedRecords = Set<Int64>()
        if session != nil, items.contains(where: { $0.arrivedAt != nil }) {
            var dry = slots
            let known = items.indices.map { items[$0].arrivedAt == nil && slots[$0] != nil }
            for (i, o) in Supersession.apply(items: items, included: known, results: &dry).enumerated()
            where !(o?.replaced.isEmpty ?? true) {
                if let id = items[i].record?.id { replacedRecords.insert(id) }
            }
        }
        out.outcome = session?.classify(
            items: items, results: slots, wasRead: read.wasRead, fingerprints: resolved.fingerprints,
            unmatched: session!.readOnly ? [] : resolved.unmatched, inbox: definition.inbox,
            sources: definition.sources, replacedRecords: replacedRecords, relative: { (p: String) in self.relative(p) }
        )
        var included = out.outcome?.included ?? [Bool](repeating: true, count: items.count)
        // Newer deliveries replace older files' values, slice by slice; wholly replaced files are out.
        let replaced = Supersession.apply(items: items, included: included, results: &slots)
        for (i, o) in replaced.enumerated() where o?.whole == true { included[i] = false }
        if out.outcome != nil, session?.readOnly == false {
            session?.recordSupersession(items: items, outcomes: replaced, outcome: &out.outcome!)
        } else {
            out.problems += supersessionPreview(items, replaced)
            // `validate` reports what a run would quarantine, and the duplicates it would drop.
            out.problems += out.outcome?.problems ?? []
        }
        out.problems += lostCensusParts(items, replaced)
        // Files in quarantine/: an error in every run while they are there.
        out.problems += out.outcome?.quarantined ?? []
        for (i, item) in items.enumerated() where included[i] {
            guard var r = slots[i] else { continue }
            out.workWasRead.append(read.wasRead[i])
            if i != out.work.count { r.partial = r.partial.placed(atFileIndex: out.work.count) }
            r.input.countries = r.partial.countries.map(\.rawValue).sorted()
            out.work.append(item)
            out.results.append(r)
        }
        return out
    }

    /// The indicator values, the merged inputs and the problems found in them.
    struct Aggregated {
        var cube: DataCube
        var values: [IndicatorValue]
        var inputs: [RunManifest.Input]
        var sdmx: SDMXExport.Result
        var problems: [Diagnostic]
    }

    /// Stage 3: the files' contributions merged in file order, and every indicator computed.
    func aggregate(_ deliveries: inout Deliveries) -> Aggregated {
        let work = deliveries.work
        let cube = DataCube(merging: deliveries.results.map(\.partial))
        var inputs = deliveries.results.map(\.input)
        var problems = deliveries.results.flatMap(\.diagnostics)
        problems += crossFileDuplicates(cube, work: work, inputs: &inputs)
        // One survey setting for every survey and assessment (the pipeline file checks they agree).
        let survey = definition.sources.compactMap(\.microdata).first { $0.kind != .studentCensus }
        var engine = IndicatorEngine(
            selected: definition.indicators.map(Set.init), structures: definition.structures,
            regional: definition.regional, minimumCases: survey?.minimumCases ?? 30,
            schoolYearStartMonth: survey?.schoolYearStartMonth ?? 9)
        engine.years = definition.years
        engine.maximumCV = definition.maximumCV
        let computed = engine.compute(cube: cube, sourceIds: definition.sources.map(\.id))
        let values = computed.values
        problems += mismatchProblems(cube, work: work) + unknownAgeProblems(cube, work: work)
        problems += incompleteProblems(cube, work: work)
        problems += noteProblems(computed.notes) + designProblems()
        problems += ConsistencyChecks.run(values, structures: definition.structures, catalogue: engine.catalogue).map {
            f in
            Diagnostic(
                code: f.code, message: f.message,
                hint: f.code.severity == .error
                    ? "An impossible result: check the inputs it comes from (indicators.md §8)."
                    : "Unusual but possible: check the inputs, or explain it in the publication.")
        }
        if inputs.allSatisfy({ $0.rowsAccepted == 0 }) { problems.append(noUsableInput(inputs)) }
        // The SDMX export; values it cannot tell apart are said, not silently dropped.
        let sdmx = SDMXExport.render(values)
        for c in sdmx.collisions {
            problems.append(
                Diagnostic(
                    code: .sdmxKeyCollision,
                    message: "\(c) has the same SDMX key as another value and is not in sdmx/sdg4.csv.",
                    hint: "The SDG structure has no dimension for what tells them apart; see sdmx-series.csv."))
        }
        return Aggregated(cube: cube, values: values, inputs: inputs, sdmx: sdmx, problems: problems)
    }

    /// The changes since the previous results (with the ledger).
    struct Edition {
        var changes: RunChanges?
        var previous: LedgerRun?
        /// Whether these are new results (else they repeat the previous edition's).
        var isNew = false
        var context: String
        var indicatorsText: String
    }

    /// Stage 3b: a run that found nothing new repeats the changes of the results it reproduces.
    func compare(
        _ values: [IndicatorValue], _ outcome: LedgerSession.Outcome?, _ session: LedgerSession?
    ) throws(RunFailure) -> Edition {
        var edition = Edition(context: runContext(), indicatorsText: IndicatorsCSV.render(values))
        guard let session, let outcome, !session.readOnly else { return edition }
        do { edition.previous = try session.ledger.lastEdition(pipeline: session.pipeline) } catch {
            throw .ledger(error)
        }
        let settingsChanged = edition.previous.map { $0.context != edition.context } ?? false
        // Nothing new: no input event, and the very same values (a safeguard: any other
        // difference makes new results too).
        if let previous = edition.previous, !settingsChanged, outcome.events.isEmpty,
            previous.results == edition.indicatorsText, let repeated = RunChanges.decode(json: previous.changes)
        {
            edition.changes = repeated
        } else {
            edition.isNew = true
            edition.changes = RunChanges(
                first: edition.previous == nil, settingsChanged: settingsChanged, inputs: outcome.events,
                problems: outcome.problems)
        }
        return edition
    }

    /// Problems in file order, then line and column (ties keep the order they were found in);
    /// those about no file first, those found in the results last.
    static func ordered(_ problems: [Diagnostic], work: [WorkItem]) -> [Diagnostic] {
        let fileRank = Dictionary(work.enumerated().map { ($0.element.display, $0.offset) }, uniquingKeysWith: min)
        func rank(_ d: Diagnostic) -> Int {
            if let r = fileRank[d.file] { return r }
            // Problems found in the results (not in a file) come after every file's problems.
            return d.code.hasPrefix("indicator.") || d.code.hasPrefix("consistency.") || d.code.hasPrefix("sdmx.")
                || d.code.hasPrefix("plausibility.")
                || d.code == ProblemCode.inputNoneUsable.id ? Int.max : -1
        }
        // Within a file, what concerns the whole file (line 0: summaries, skipped rows) comes last.
        func line(_ d: Diagnostic) -> Int { d.line == 0 ? Int.max : d.line }
        return problems.enumerated().sorted {
            (rank($0.element), line($0.element), $0.element.column, $0.offset)
                < (rank($1.element), line($1.element), $1.element.column, $1.offset)
        }.map(\.element)
    }

    /// Stage 5: the outputs published as one set.
    func publish(_ rendered: Rendered) throws(RunFailure) {
        let all = (rendered.files + [("run.json", rendered.manifest.json())]).map { ($0.0, Array($0.1.utf8)) }
        do { try OutputPublisher.publish(all, removing: rendered.obsolete, in: outputDirectory) } catch {
            throw .output(error)
        }
    }

    /// Stage 6: the run recorded in the ledger in one transaction, then the inbox files moved.
    func commit(
        _ edition: Edition, _ outcome: LedgerSession.Outcome?, _ rendered: Rendered, _ session: LedgerSession?
    ) throws(RunFailure) {
        guard let session, let outcome, !session.readOnly else { return }
        var change = outcome.change
        change.run.finishedAt = ISO8601DateFormatter().string(from: Date())
        change.run.pipelineSha256 = definition.sha256
        change.run.context = edition.context
        change.run.filesRead = outcome.filesRead
        change.run.filesReused = outcome.filesReused
        change.run.values = rendered.manifest.values
        change.run.errors = rendered.quality.errors
        change.run.warnings = rendered.quality.warnings
        change.run.isEdition = edition.isNew
        change.run.changes = edition.changes!.json()
        change.run.results = edition.isNew ? edition.indicatorsText : nil
        CrashPoint.hit("before-ledger-commit")
        do { try session.ledger.commit(change) } catch { throw .ledger(error) }
        CrashPoint.hit("ledger-committed")
        // The moves just committed, read back with their ids and done one by one.
        try session.finishPendingMoves()
    }
}
