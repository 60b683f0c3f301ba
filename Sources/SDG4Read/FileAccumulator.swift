import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model

/// What reading one file gathers, record by record: its contribution, problems, rejected rows
/// and row counts, with the format's row cleaner (made from the header).
struct FileAccumulator {
    let processor: FileProcessor
    var partial = PartialAggregate()
    var problems = ProblemLog(limit: FileProcessor.problemsPerCode)
    var counts = RowCounts()
    var rejects = RejectLog(limit: FileProcessor.rejectsKept)
    var headerRead = false
    private var ignoredReasons: [String: (count: Int, severity: Severity)] = [:]
    /// Lines with text in their first cell only, since the last data row: notes if no data row
    /// follows (`input.table-notes`), else bad rows.
    private var notes: [(line: Int, text: String, raw: [UInt8], otherwise: CleanedRow)] = []
    /// Duplicates within wide rows, which count once per row (`applyWide`), not per value.
    private var wideDuplicates = (identical: 0, conflicting: 0)
    /// A wide row's values are being applied: a conflicting value is logged with its row, once.
    private var inWideRow = false
    private let subjects: [(name: String, cutScore: Double)]
    private let cutScores: [String: Double]
    /// The source's sampling design, as the cubes keep it.
    private let design: SampleDesign
    /// The format's row cleaner, made from the header. It is mutated in place (its code
    /// caches), never copied per row.
    private var cleaner: (any RowCleaner)?

    init(_ processor: FileProcessor) {
        self.processor = processor
        let given = processor.source.microdata?.subjects ?? []
        subjects = given.map { (name: $0.name, cutScore: $0.cutScore) }
        cutScores = Dictionary(uniqueKeysWithValues: given.map { ($0.name, $0.cutScore) })
        design = SampleDesign(processor.source.microdata?.design)
    }

    private var source: SourceSpec { processor.source }

    /// One record: the header (the first), or a row for the cleaner.
    mutating func take(_ record: CSVRecord, numbers: NumberStyle) throws {
        guard cleaner != nil else {
            // A table's title lines, above its `header_row:`.
            if source.format == .table, record.line < source.table.headerRow { return }
            headerRead = true
            let context = CleaningContext(
                source: source, file: processor.displayName, fileIndex: processor.fileIndex, filter: processor.filter,
                numbers: numbers, release: releaseNotes())
            cleaner = try source.cleaner.init(header: record, context: context)
            return
        }
        counts.read += 1
        let row = cleaner!.clean(record)
        for w in cleaner!.takeWarnings() { problems.add(w) }
        if case .note(let text, let otherwise) = row {
            notes.append((record.line, text, Array(record.raw), otherwise))
            return
        }
        // Empty lines below the notes do not end them.
        if case .ignored(TableRowCleaner.emptyRow, _) = row, !notes.isEmpty {
            apply(row, record)
            return
        }
        rejectNotes()
        apply(row, record)
    }

    /// Note-like lines followed by data: what they are as rows (filtered, or bad rows).
    private mutating func rejectNotes() {
        for note in notes {
            switch note.otherwise {
            case .rejected(let diagnostics):
                counts.rejected += 1
                for d in diagnostics { problems.add(d) }
                note.raw.withUnsafeBytes { rejects.add(line: note.line, codes: diagnostics.map(\.code), text: $0) }
            default:
                counts.filtered += 1
            }
        }
        notes.removeAll()
    }

    /// The footnotes and labels of the UIS release whose national data the file is (read once,
    /// with the header), with one note on the release; `nil` for any other file.
    private mutating func releaseNotes() -> UISReleaseNotes? {
        guard source.format == .uisBulk, let release = processor.file.release else { return nil }
        let file = processor.displayName
        var notes: UISReleaseNotes?
        var countries: [String: Country?] = [:]
        let filter = processor.filter
        do {
            // The footnotes of the values the run can use: ids sdg4 reads or compares, of the
            // pipeline's countries and years (not regions).
            notes = try UISReleaseNotes.load(archive: processor.file.path, release: release) { id, country, year in
                if case .unused = UISBulkId.classify(id) { return false }
                if countries[country] == nil { countries[country] = CodeLists.country(country) }
                guard let c = countries[country]!, let y = ReferenceYear.parse(year) else { return false }
                return filter.keeps(c, y) || filter.keepsAsYearBefore(c, y)
            }
        } catch {
            problems.add(
                Diagnostic(
                    code: .uisRelease, severity: .warning, source: source.id, file: file,
                    message: "The footnotes of release \(release.name) could not be read (\(error)); its values are read without them.",
                    hint: "Download the release again."))
        }
        let read = [release.metadata, release.labels, release.countries].compactMap { $0?.path }
        problems.add(
            Diagnostic(
                code: .uisRelease, source: source.id, file: file,
                message: "UIS release \(release.name): its national data read"
                    + (read.isEmpty ? "" : ", with \(read.joined(separator: ", "))")
                    + (notes.map {
                        " (\($0.footnotes.values.reduce(0) { $0 + $1.count }) footnotes of the pipeline's countries and years kept, of \($0.metadataRows))"
                    } ?? "")
                    + (release.skipped.isEmpty
                        ? "" : "; \(release.skipped.joined(separator: ", ")) skipped (regional values: sdg4 computes its own aggregate)")
                    + ".",
                hint: "Nothing to do."))
        return notes
    }

    /// A cleaned row into the contribution, the counts and the problems.
    private mutating func apply(_ row: CleanedRow, _ record: CSVRecord) {
        switch row {
        case .observation(let o):
            if partial.add(o) == .conflict, !inWideRow {
                rejects.add(line: record.line, codes: [ProblemCode.duplicateConflict.id], text: record.raw)
            }
            // A row of the year before the first is read only for the first year's values.
            if processor.filter.keeps(o.key.country, o.key.year) { counts.accepted += 1 } else { counts.filtered += 1 }
        case .surveyPerson(let p):
            partial.add(p, sourceIndex: source.index, design: design)
            counts.accepted += 1
        case .counted(let key, let provenance):
            partial.count(key, provenance: provenance)
            counts.accepted += 1
        case .countedWithScores(let key, let provenance, let weight, let scores):
            partial.count(key, provenance: provenance)
            partial.addPupilScores(
                key, weight: weight, scores: scores, subjects: subjects, sourceIndex: source.index)
            counts.accepted += 1
        case .assessedStudent(let s):
            partial.add(s, cutScores: cutScores, sourceIndex: source.index, design: design)
            counts.accepted += 1
        case .published(let p):
            partial.add(p)
            counts.accepted += 1
        case .missing: counts.missing += 1
        case .missingValue(let key, let provenance, let note):
            partial.markMissing(key, provenance: provenance)
            if let note { problems.add(note) }
            counts.missing += 1
        case .filtered: counts.filtered += 1
        case .ignored(let reason, let severity):
            counts.ignored += 1
            ignoredReasons[reason, default: (0, severity)].count += 1
        case .rejected(let diagnostics):
            counts.rejected += 1
            for d in diagnostics { problems.add(d) }
            rejects.add(line: record.line, codes: diagnostics.map(\.code), text: record.raw)
        case .several(let rows):
            applyWide(rows, record)
        case .note(_, let otherwise):  // handled in `take`
            apply(otherwise, record)
        }
    }

    /// A row of a wide table: each value as a row of its own, the row counted once (used when
    /// any value was; rejected, and kept in the rejected rows, only when none was and one was
    /// bad). The problems of its bad cells are reported either way.
    private mutating func applyWide(_ rows: [CleanedRow], _ record: CSVRecord) {
        let before = counts
        let duplicates = (identical: partial.identicalDuplicates, conflicting: partial.conflictingDuplicates)
        var bad: [Diagnostic] = []
        inWideRow = true
        for row in rows {
            if case .rejected(let diagnostics) = row {
                bad += diagnostics
            } else {
                apply(row, record)
            }
        }
        inWideRow = false
        // The row's duplicate values count once, with the row, not per value at `finish`.
        let identical = partial.identicalDuplicates - duplicates.identical
        let conflicting = partial.conflictingDuplicates - duplicates.conflicting
        wideDuplicates.identical += identical
        wideDuplicates.conflicting += conflicting
        let used = counts.accepted - before.accepted > identical + conflicting
        let missing = counts.missing > before.missing
        let filtered = counts.filtered > before.filtered
        counts = before
        for d in bad { problems.add(d) }
        if used {
            counts.accepted += 1
        } else if conflicting > 0 {
            counts.rejected += 1
            rejects.add(line: record.line, codes: [ProblemCode.duplicateConflict.id], text: record.raw)
        } else if identical > 0, bad.isEmpty {
            counts.duplicate += 1
        } else if !bad.isEmpty {
            counts.rejected += 1
            rejects.add(line: record.line, codes: bad.map(\.code), text: record.raw)
        } else if missing {
            counts.missing += 1
        } else if filtered {
            counts.filtered += 1
        } else {
            counts.ignored += 1
        }
    }

    /// Nothing from the file is used (its bytes could not be read).
    mutating func discard() {
        partial = PartialAggregate()
        counts.rejected += counts.accepted
        counts.accepted = 0
    }

    /// The end of the file: a census's regions, duplicates within the file, rows skipped.
    mutating func finish(whole: Bool) {
        let file = processor.displayName
        if !notes.isEmpty {
            counts.ignored += notes.count
            let texts = notes.map { "\"\($0.text)\"" }.joined(separator: "; ")
            problems.add(
                Diagnostic(
                    code: .inputTableNotes, severity: .info, source: source.id, file: file, line: notes[0].line,
                    message: "\(notes.count) note line(s) below the table, kept out of the data: \(texts).",
                    hint: "Nothing to do: values marked with a footnote are flagged footnote."))
            notes.removeAll()
        }
        if whole, let cleaner {
            for (key, region) in cleaner.regions { partial.noteRegion(region, of: key) }
        }
        // Duplicates of wide rows were counted with their rows (`applyWide`).
        let identical = partial.identicalDuplicates - wideDuplicates.identical
        let conflicting = partial.conflictingDuplicates - wideDuplicates.conflicting
        counts.accepted -= identical + conflicting
        counts.duplicate += identical
        counts.rejected += conflicting
        for dup in partial.duplicates { problems.add(processor.duplicateProblem(dup, otherFile: file)) }
        let unlisted: [(code: ProblemCode, all: Int)] = [
            (.duplicateIdentical, partial.identicalDuplicates), (.duplicateConflict, partial.conflictingDuplicates),
        ]
        for item in unlisted {
            let listed = partial.duplicates.filter {
                ($0.isIdentical ? .duplicateIdentical : .duplicateConflict) == item.code
            }
            .count
            if item.all > listed { problems.count(item.code, unlisted: item.all - listed) }
        }
        for (reason, item) in ignoredReasons.sorted(by: { $0.key < $1.key }) {
            let unknownInput = item.severity == .warning
            problems.add(
                Diagnostic(
                    code: unknownInput ? .uisUnknownInputId : .rowIgnored, severity: item.severity,
                    source: source.id, file: file, message: "\(item.count) row(s) skipped: \(reason).",
                    hint: unknownInput
                        ? "Correct the id in the file; see docs/pipeline-file.md for the ids sdg4 reads."
                        : "Nothing to do unless you expected sdg4 to use them."))
        }
    }

    /// The file's line of run.json.
    func summary(digest: InputDigest, status: InputSummary.Status) -> InputSummary {
        var input = InputSummary(
            source: source.id, path: processor.displayName, sha256: digest.sha256, bytes: digest.bytes, status: status,
            rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected,
            rowsMissing: counts.missing, rowsFiltered: counts.filtered, rowsIgnored: counts.ignored)
        input.rowsDuplicate = counts.duplicate
        input.release = processor.file.release?.name
        return input
    }

    /// What the file gave.
    mutating func result(_ input: InputSummary) -> FileResult {
        let file = processor.displayName
        if let truncated = rejects.truncation(source: source.id, file: file) { problems.add(truncated) }
        return FileResult(
            partial: partial, diagnostics: problems.all(source: source.id, file: file), input: input,
            rejects: rejects.rows)
    }
}

extension SampleDesign {
    /// The design the cubes keep for a source's `design:` (`.none` without one): BRR's scale
    /// from its replicate count and Fay's factor.
    init(_ design: SamplingDesign?) {
        switch design {
        case nil: self = .none
        case .taylor: self = .taylor
        case .jk2: self = .jk2
        case .brr(let weights, let fay):
            self = .replicate(
                count: weights.count, scale: SamplingVariance.brrScale(replicates: weights.count, fay: fay))
        case .replicate(let weights, let scale): self = .replicate(count: weights.count, scale: scale)
        }
    }
}
