import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model

/// Runs one file through ingest and clean into its own partial aggregate: the unit of work
/// that the orchestrator hands to a worker thread. Everything it creates (parser, caches,
/// accumulators) stays on that thread; only the `FileResult` value leaves.
public struct FileProcessor: Sendable {
    /// Detailed problems kept per code and file; the rest are counted in one summary problem.
    public static let problemsPerCode = 200
    /// Rejected rows copied verbatim per file (memory stays bounded on a file of bad rows).
    public static let rejectsKept = 100_000

    public let source: SourceSpec
    public let file: InputFile
    public let fileIndex: Int
    /// Name of the file in reports (relative to the pipeline file's folder).
    public let displayName: String
    public let filter: RowFilter
    public let chunkSize: Int
    /// Told the size of every chunk read (the run's progress line).
    public var progress: (@Sendable (Int) -> Void)?

    public init(
        source: SourceSpec, file: InputFile, fileIndex: Int, displayName: String, filter: RowFilter,
        chunkSize: Int = 1 << 20
    ) {
        self.source = source
        self.file = file
        self.fileIndex = fileIndex
        self.displayName = displayName
        self.filter = filter
        self.chunkSize = chunkSize
    }

    /// Reads, cleans and accumulates the whole file.
    public func process() -> FileResult {
        var partial = PartialAggregate()
        var problems = ProblemLog(limit: Self.problemsPerCode)
        var counts = RowCounts()
        var tableCleaner: TableRowCleaner?
        var bulkCleaner: UISBulkRowCleaner?
        var sdmxCleaner: SDMXRowCleaner?
        var surveyCleaner: SurveyRowCleaner?
        var assessmentCleaner: AssessmentRowCleaner?
        var censusCleaner: CensusRowCleaner?
        var headerRead = false
        var rejects = RejectLog(limit: Self.rejectsKept)
        let subjects = (source.microdata?.subjects ?? []).map { (name: $0.name, cutScore: $0.cutScore) }
        let cutScores = Dictionary(
            uniqueKeysWithValues: (source.microdata?.subjects ?? []).map { ($0.name, $0.cutScore) })
        var ignoredReasons: [String: (count: Int, severity: Severity)] = [:]
        // Decoding and dialect are settled on the first chunk: encoding (byte-order mark,
        // UTF-8 validity, Cyrillic code pages), delimiter and decimal mark, unless the source sets them.
        var transcoder: Transcoder?
        var parser: CSVParser?
        var decoded: [UInt8] = []
        var dialect = Dialect()
        var offset = 0
        var digest = InputDigest(bytes: 0, sha256: "")
        var status = "ok"

        func handle(_ record: CSVRecord) throws {
            // The cleaners are mutated in place (their code caches), never copied per row.
            if tableCleaner != nil {
                counts.read += 1
                apply(tableCleaner!.clean(record), record)
                for w in tableCleaner!.warnings { problems.add(w) }
                tableCleaner!.warnings.removeAll()
            } else if bulkCleaner != nil {
                counts.read += 1
                apply(bulkCleaner!.clean(record), record)
            } else if sdmxCleaner != nil {
                counts.read += 1
                apply(sdmxCleaner!.clean(record), record)
            } else if surveyCleaner != nil {
                counts.read += 1
                apply(surveyCleaner!.clean(record), record)
            } else if censusCleaner != nil {
                counts.read += 1
                apply(censusCleaner!.clean(record), record)
            } else if assessmentCleaner != nil {
                counts.read += 1
                apply(assessmentCleaner!.clean(record, stage: CodeLists.stage), record)
            } else {
                headerRead = true
                switch source.format {
                case .table:
                    let mapping = try HeaderMapping.table(header: record, columns: source.columns, file: displayName)
                    tableCleaner = TableRowCleaner(
                        source: source, mapping: mapping, file: displayName, fileIndex: fileIndex, filter: filter,
                        numbers: dialect.numbers)
                case .microdata:
                    let mapping = try MicrodataMapping.make(
                        header: record, columns: source.microdata?.columns ?? [:], file: displayName)
                    if source.microdata?.kind == .studentCensus {
                        censusCleaner = CensusRowCleaner(
                            source: source, mapping: mapping, file: displayName, fileIndex: fileIndex, filter: filter,
                            numbers: dialect.numbers)
                    } else if source.microdata?.kind == .assessment {
                        assessmentCleaner = AssessmentRowCleaner(
                            source: source, mapping: mapping, file: displayName, filter: filter,
                            numbers: dialect.numbers)
                    } else {
                        surveyCleaner = SurveyRowCleaner(
                            source: source, mapping: mapping, file: displayName, filter: filter,
                            numbers: dialect.numbers)
                    }
                case .sdmxCSV:
                    let mapping = try SDMXMapping.make(header: record, file: displayName)
                    sdmxCleaner = SDMXRowCleaner(
                        source: source, mapping: mapping, file: displayName, fileIndex: fileIndex, filter: filter)
                case .uisBulk:
                    let mapping = try HeaderMapping.uisBulk(header: record, file: displayName)
                    bulkCleaner = UISBulkRowCleaner(
                        source: source, mapping: mapping, file: displayName, fileIndex: fileIndex, filter: filter)
                }
            }
        }

        func apply(_ row: CleanedRow, _ record: CSVRecord) {
            switch row {
            case .observation(let o):
                if partial.add(o) == .conflict {
                    rejects.add(line: record.line, codes: ["duplicate.conflict"], text: record.raw)
                }
                // A row of the year before the first is read only for the first year's values.
                if filter.keeps(o.key.country, o.key.year) { counts.accepted += 1 } else { counts.filtered += 1 }
            case .surveyPerson(let p):
                partial.add(p, sourceIndex: source.index)
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
                partial.add(s, cutScores: cutScores, sourceIndex: source.index)
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
            }
        }

        // A header or CSV problem stops the parsing but not the reading: the file is still
        // hashed to its end, so run.json records its real size and hash.
        var stopped: (any Error)?
        var readFailure: (any Error)?
        do {
            if let reason = file.unreadable { throw IngestError.unreadable(file: displayName, reason: reason) }
            digest = try file.read(chunkSize: chunkSize) { chunk in
                progress?(chunk.count)
                guard stopped == nil else { return }
                if transcoder == nil {
                    let (detected, bom) = TextEncoding.detect(chunk)
                    let encoding = source.encoding ?? detected
                    transcoder = Transcoder(encoding: encoding, bom: encoding == detected ? bom : 0)
                }
                transcoder!.decode(chunk, into: &decoded)
                if let nul = decoded.firstIndex(of: 0) {
                    stopped = IngestError.binary(file: displayName, offset: offset + nul)
                    return
                }
                if offset == 0, decoded.withUnsafeBytes(TextEncoding.looksBinary) {
                    stopped = IngestError.binary(file: displayName, offset: 0)
                    return
                }
                offset += decoded.count
                if parser == nil {
                    dialect = decoded.withUnsafeBytes { source.dialect(sniffing: $0) }
                    parser = CSVParser(delimiter: dialect.delimiter)
                }
                do { try decoded.withUnsafeBytes { try parser!.feed($0, onRecord: handle) } } catch { stopped = error }
            }
            if stopped == nil, let parser {
                do { try parser.finish(onRecord: handle) } catch { stopped = error }
            }
        } catch {
            readFailure = error
        }
        // A binary file found part-way is not a CSV table at all: nothing from it is used.
        if let error = stopped as? IngestError, case .binary = error {
            readFailure = error
            stopped = nil
        }
        if let readFailure {
            // The bytes could not be read (I/O error, damaged archive): nothing from the file
            // is used, whatever was parsed before the failure.
            status = "unreadable"
            partial = PartialAggregate()
            counts.rejected += counts.accepted
            counts.accepted = 0
            if file.unreadable != nil, let whole = try? InputFile(path: file.path).read(chunkSize: chunkSize, { _ in })
            {
                digest = whole  // the damaged archive itself, as found on disk
            }
            if let error = readFailure as? IngestError {
                problems.add(diagnostic(for: error))
            } else {
                problems.add(
                    fileProblem(
                        "file.unreadable", "The file could not be read: \(readFailure).",
                        "Check the file's permissions and that it is a CSV file; nothing from it was used."))
            }
        } else if let error = stopped as? IngestError {
            status = "unreadable"
            problems.add(diagnostic(for: error))
        } else if let error = stopped as? CSVError {
            status = counts.read > 0 ? "partial" : "unreadable"
            problems.add(diagnostic(for: error, rowsRead: counts.read))
        } else if !headerRead {
            status = "unreadable"
            problems.add(
                fileProblem(
                    "file.empty", "The file is empty: it has no header row.",
                    "Export the table again with its header row."))
        } else if counts.read == 0 {
            var d = fileProblem(
                "file.no-rows", "The file has a header but no data rows.", "Check that the export is complete.",
                line: 1)
            d.severity = .warning
            problems.add(d)
        }

        if readFailure == nil, let censusCleaner {
            for (key, region) in censusCleaner.regions { partial.noteRegion(region, of: key) }
        }
        counts.accepted -= partial.identicalDuplicates + partial.conflictingDuplicates
        counts.duplicate += partial.identicalDuplicates
        counts.rejected += partial.conflictingDuplicates
        for dup in partial.duplicates { problems.add(duplicateProblem(dup, otherFile: displayName)) }
        let unlisted = [
            (code: "duplicate.identical", severity: Severity.warning, all: partial.identicalDuplicates),
            (code: "duplicate.conflict", severity: Severity.error, all: partial.conflictingDuplicates),
        ]
        for item in unlisted {
            let listed = partial.duplicates.filter {
                ($0.isIdentical ? "duplicate.identical" : "duplicate.conflict") == item.code
            }.count
            if item.all > listed {
                problems.count(code: item.code, severity: item.severity, unlisted: item.all - listed)
            }
        }
        for (reason, item) in ignoredReasons.sorted(by: { $0.key < $1.key }) {
            let unknownInput = item.severity == .warning
            problems.add(
                Diagnostic(
                    code: unknownInput ? "uis.unknown-input-id" : "row.ignored", severity: item.severity,
                    source: source.id, file: displayName, message: "\(item.count) row(s) skipped: \(reason).",
                    hint: unknownInput
                        ? "Correct the id in the file; see docs/pipeline-file.md for the ids sdg4 reads."
                        : "Nothing to do unless you expected sdg4 to use them."))
        }
        var input = InputSummary(
            source: source.id, path: displayName, sha256: digest.sha256, bytes: digest.bytes, status: status,
            rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected,
            rowsMissing: counts.missing, rowsFiltered: counts.filtered, rowsIgnored: counts.ignored)
        input.rowsDuplicate = counts.duplicate
        if let transcoder {
            input.encoding = transcoder.encoding.rawValue
            input.delimiter = dialect.delimiterName
            input.decimal = String(UnicodeScalar(dialect.numbers.decimal))
        }
        if let truncated = rejects.truncation(source: source.id, file: displayName) { problems.add(truncated) }
        return FileResult(
            partial: partial, diagnostics: problems.all(source: source.id, file: displayName), input: input,
            rejects: rejects.rows)
    }

    /// At most 12 names of at most 40 characters each, for messages about a header.
    static func shortList(_ names: [String]) -> String {
        let shown = names.prefix(12).map { $0.count > 40 ? String($0.prefix(37)) + "..." : $0 }
        return shown.joined(separator: ", ") + (names.count > 12 ? ", ... (\(names.count) columns)" : "")
    }

    private func fileProblem(_ code: String, _ message: String, _ hint: String, line: Int = 0) -> Diagnostic {
        Diagnostic(
            code: code, severity: .error, source: source.id, file: displayName, line: line, message: message, hint: hint
        )
    }

    private func diagnostic(for error: IngestError) -> Diagnostic {
        switch error {
        case .binary(_, let offset):
            return fileProblem(
                "file.binary",
                offset > 0
                    ? "The file holds binary data (a NUL byte at byte \(offset) of its text), not a CSV table."
                    : "The file holds binary data (control characters), not a CSV table.",
                "Export the table as CSV (not .xlsx or .dbf); if it is UTF-16 without a byte-order mark, set 'encoding: utf-16le' on the source."
            )
        case .unreadable(_, let reason):
            return fileProblem(
                "file.unreadable", "The file cannot be read: \(reason).",
                "Check that the file exists and is readable; nothing from it was used.")
        case .empty:
            return fileProblem("file.empty", "The file is empty.", "Export the table again with its header row.")
        case .missingColumns(_, let line, let missing, let found):
            return fileProblem(
                "header.missing-column",
                "The header lacks \(missing.joined(separator: ", ")); it has: \(Self.shortList(found)).",
                "Rename the column in the file or change 'columns:' of source '\(source.id)' in the pipeline file; nothing from this file was used.",
                line: line)
        case .ambiguousColumn(_, let line, let name, let columns):
            return fileProblem(
                "header.ambiguous-column",
                "The header has \(columns.count) columns named \(name) (columns \(columns.map(String.init).joined(separator: ", "))).",
                "Rename all but one of them; nothing from this file was used.", line: line)
        }
    }

    private func diagnostic(for error: CSVError, rowsRead: Int) -> Diagnostic {
        let kept = rowsRead > 0 ? " The \(rowsRead) row(s) before it were read; the rest of the file was not." : ""
        switch error {
        case .unterminatedQuote(let line):
            return fileProblem(
                "csv.unterminated-quote", "A quoted field opened on line \(line) is never closed.\(kept)",
                "Find the stray double quote (\") on that line and close or remove it.", line: line)
        case .recordTooLong(let line, let limit):
            return fileProblem(
                "csv.record-too-long",
                "The record starting on line \(line) runs past \(limit) bytes without ending.\(kept)",
                "Usually a double quote (\") that is never closed on that line; or the file is not a CSV table.",
                line: line)
        case .parser(let line, let message):
            return fileProblem(
                "csv.parse", "The CSV parser stopped: \(message).\(kept)", "Check the file around this line.",
                line: line)
        }
    }

    private func duplicateProblem(_ dup: Duplicate, otherFile: String) -> Diagnostic {
        let k = dup.key
        let what = k.description
        if dup.isIdentical {
            return Diagnostic(
                code: "duplicate.identical", severity: .warning, source: source.id, file: otherFile,
                line: dup.other.provenance.line,
                message:
                    "Same key as line \(dup.kept.provenance.line) (\(what)) with the same value; the repeat was dropped.",
                hint: "Remove the repeated row.")
        }
        return Diagnostic(
            code: "duplicate.conflict", severity: .error, source: source.id, file: otherFile,
            line: dup.other.provenance.line,
            value: NumberFormat.exact(dup.other.value),
            message:
                "Same key as line \(dup.kept.provenance.line) (\(what)) but a different value (\(NumberFormat.exact(dup.kept.value)) was kept); this row was rejected.",
            hint:
                "Keep one row per key; if the rows are for different regions or programmes, map that column or sum them first."
        )
    }
}

/// Row counts of one file.
struct RowCounts {
    var read = 0
    var accepted = 0
    var rejected = 0
    var missing = 0
    var filtered = 0
    var ignored = 0
    var duplicate = 0
}

/// Collects a file's problems, keeping the first `limit` of each code in full and counting
/// the rest, so a file with a million bad rows cannot exhaust memory.
struct ProblemLog {
    let limit: Int
    private var kept: [Diagnostic] = []
    private var perCode: [String: Int] = [:]
    private var severities: [String: Severity] = [:]

    init(limit: Int) { self.limit = limit }

    mutating func add(_ d: Diagnostic) {
        perCode[d.code, default: 0] += 1
        if perCode[d.code]! <= limit { kept.append(d) }
    }

    /// Counts problems that were not kept in full upstream (they appear in the "more" line).
    mutating func count(code: String, severity: Severity, unlisted: Int) {
        perCode[code, default: 0] += unlisted
        severities[code] = severity
    }

    func all(source: String, file: String) -> [Diagnostic] {
        var out = kept
        for (code, n) in perCode.sorted(by: { $0.key < $1.key }) {
            let listed = kept.filter { $0.code == code }.count
            guard n > listed else { continue }
            var summary = Diagnostic(
                code: code, severity: kept.first { $0.code == code }?.severity ?? severities[code] ?? .error,
                source: source, file: file,
                message:
                    "\(n - listed) more problem(s) of this kind in this file (\(n) in all); the first \(listed) are listed.",
                hint: "Fix the ones listed; the rest are usually the same mistake.")
            summary.occurrences = n - listed
            out.append(summary)
        }
        return out
    }
}
