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
    /// How much of a file's start settles its encoding and dialect.
    static let sniffedBytes = 1 << 20

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
        var acc = FileAccumulator(self)
        // Decoding and dialect are settled on the file's first MiB (whatever the chunk size):
        // encoding (byte-order mark, UTF-8 validity, Cyrillic code pages), delimiter and decimal
        // mark, unless the source sets them.
        var transcoder: Transcoder?
        var parser: CSVParser?
        var decoded: [UInt8] = []
        var dialect = Dialect()
        var offset = 0
        var digest = InputDigest(bytes: 0, sha256: "")
        func handle(_ record: CSVRecord) throws { try acc.take(record, numbers: dialect.numbers) }

        // A header or CSV problem stops the parsing but not the reading: the file is still
        // hashed to its end, so run.json records its real size and hash.
        var stopped: (any Error)?
        var readFailure: (any Error)?
        var sample: [UInt8] = []
        var bomBytes = 0
        func take(_ chunk: UnsafeRawBufferPointer) {
            guard stopped == nil else { return }
            if transcoder == nil {
                let (detected, bom) = TextEncoding.detect(
                    UnsafeRawBufferPointer(rebasing: chunk.prefix(Self.sniffedBytes)))
                let encoding = source.encoding ?? detected
                bomBytes = encoding == detected ? bom : 0
                transcoder = Transcoder(encoding: encoding, bom: bomBytes)
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
                // The same bytes as ChunkedCensusFile sniffs: the first MiB, less the byte-order mark.
                let head = decoded.prefix(Self.sniffedBytes - bomBytes)
                dialect = head.withUnsafeBytes { source.dialect(sniffing: $0) }
                parser = CSVParser(delimiter: dialect.delimiter)
            }
            do { try decoded.withUnsafeBytes { try parser!.feed($0, onRecord: handle) } } catch { stopped = error }
        }
        do {
            if let reason = file.unreadable { throw IngestError.unreadable(file: displayName, reason: reason) }
            digest = try file.read(chunkSize: chunkSize) { chunk in
                progress?(chunk.count)
                guard transcoder == nil else { return take(chunk) }
                sample += chunk
                guard sample.count >= Self.sniffedBytes else { return }
                sample.withUnsafeBytes(take)
                sample = []
            }
        } catch {
            readFailure = error
        }
        // The start of a file under 1 MiB is read even when the rest could not be (a damaged
        // zip entry): its rows are counted, though nothing from the file is used.
        if transcoder == nil, !sample.isEmpty { sample.withUnsafeBytes(take) }
        if readFailure == nil, stopped == nil, let parser {
            do { try parser.finish(onRecord: handle) } catch { stopped = error }
        }
        // A binary file found part-way is not a CSV table at all: nothing from it is used.
        if let error = stopped as? IngestError, case .binary = error {
            readFailure = error
            stopped = nil
        }
        let status = outcome(readFailure: readFailure, stopped: stopped, acc: &acc, digest: &digest)
        acc.finish(whole: readFailure == nil)
        var input = acc.summary(digest: digest, status: status)
        if let transcoder {
            input.encoding = transcoder.encoding.rawValue
            input.delimiter = dialect.delimiterName
            input.decimal = String(UnicodeScalar(dialect.numbers.decimal))
        }
        return acc.result(input)
    }

    /// The file's status (`ok`, `partial`, `unreadable`), with the problem that says why when
    /// it is not `ok`. A file whose bytes could not be read gives nothing.
    private func outcome(
        readFailure: (any Error)?, stopped: (any Error)?, acc: inout FileAccumulator, digest: inout InputDigest
    ) -> InputSummary.Status {
        if let readFailure {
            // The bytes could not be read (I/O error, damaged archive): nothing from the file
            // is used, whatever was parsed before the failure.
            acc.discard()
            if file.unreadable != nil, let whole = try? InputFile(path: file.path).read(chunkSize: chunkSize, { _ in })
            {
                digest = whole  // the damaged archive itself, as found on disk
            }
            if let error = readFailure as? IngestError {
                acc.problems.add(diagnostic(for: error))
            } else {
                acc.problems.add(
                    fileProblem(
                        .fileUnreadable, "The file could not be read: \(readFailure).",
                        "Check the file's permissions and that it is a CSV file; nothing from it was used."))
            }
            return .unreadable
        }
        if let error = stopped as? IngestError {
            acc.problems.add(diagnostic(for: error))
            return .unreadable
        }
        if let error = stopped as? CSVError {
            acc.problems.add(diagnostic(for: error, rowsRead: acc.counts.read))
            return acc.counts.read > 0 ? .partial : .unreadable
        }
        if !acc.headerRead {
            acc.problems.add(
                fileProblem(
                    .fileEmpty, "The file is empty: it has no header row.",
                    "Export the table again with its header row."))
            return .unreadable
        }
        if acc.counts.read == 0 {
            acc.problems.add(
                fileProblem(
                    .fileNoRows, "The file has a header but no data rows.", "Check that the export is complete.",
                    line: 1))
        }
        return .ok
    }

    /// At most 12 names of at most 40 characters each, for messages about a header.
    static func shortList(_ names: [String]) -> String {
        let shown = names.prefix(12).map { $0.count > 40 ? String($0.prefix(37)) + "..." : $0 }
        return shown.joined(separator: ", ") + (names.count > 12 ? ", ... (\(names.count) columns)" : "")
    }

    private func fileProblem(_ code: ProblemCode, _ message: String, _ hint: String, line: Int = 0) -> Diagnostic {
        Diagnostic(
            code: code, source: source.id, file: displayName, line: line, message: message, hint: hint
        )
    }

    private func diagnostic(for error: IngestError) -> Diagnostic {
        switch error {
        case .binary(_, let offset):
            return fileProblem(
                .fileBinary,
                offset > 0
                    ? "The file holds binary data (a NUL byte at byte \(offset) of its text), not a CSV table."
                    : "The file holds binary data (control characters), not a CSV table.",
                "Export the table as CSV (not .xlsx or .dbf); if it is UTF-16 without a byte-order mark, set 'encoding: utf-16le' on the source."
            )
        case .unreadable(_, let reason):
            return fileProblem(
                .fileUnreadable, "The file cannot be read: \(reason).",
                "Check that the file exists and is readable; nothing from it was used.")
        case .empty:
            return fileProblem(.fileEmpty, "The file is empty.", "Export the table again with its header row.")
        case .missingColumns(_, let line, let missing, let found):
            return fileProblem(
                .headerMissingColumn,
                "The header lacks \(missing.joined(separator: ", ")); it has: \(Self.shortList(found)).",
                "Rename the column in the file or change 'columns:' (or 'where:', 'wide:', 'header_row:') of source '\(source.id)' in the pipeline file; nothing from this file was used.",
                line: line)
        case .ambiguousColumn(_, let line, let name, let columns):
            return fileProblem(
                .headerAmbiguousColumn,
                "The header has \(columns.count) columns named \(name) (columns \(columns.map(String.init).joined(separator: ", "))).",
                "Rename all but one of them; nothing from this file was used.", line: line)
        }
    }

    private func diagnostic(for error: CSVError, rowsRead: Int) -> Diagnostic {
        let kept = rowsRead > 0 ? " The \(rowsRead) row(s) before it were read; the rest of the file was not." : ""
        switch error {
        case .unterminatedQuote(let line):
            return fileProblem(
                .csvUnterminatedQuote, "A quoted field opened on line \(line) is never closed.\(kept)",
                "Find the stray double quote (\") on that line and close or remove it.", line: line)
        case .recordTooLong(let line, let limit):
            return fileProblem(
                .csvRecordTooLong,
                "The record starting on line \(line) runs past \(limit) bytes without ending.\(kept)",
                "Usually a double quote (\") that is never closed on that line; or the file is not a CSV table.",
                line: line)
        case .parser(let line, let message):
            return fileProblem(
                .csvParse, "The CSV parser stopped: \(message).\(kept)", "Check the file around this line.",
                line: line)
        }
    }

    func duplicateProblem(_ dup: Duplicate, otherFile: String) -> Diagnostic {
        let k = dup.key
        let what = k.description
        if dup.isIdentical {
            return Diagnostic(
                code: .duplicateIdentical, source: source.id, file: otherFile,
                line: dup.other.provenance.line,
                message:
                    "Same key as line \(dup.kept.provenance.line) (\(what)) with the same value; the repeat was dropped.",
                hint: "Remove the repeated row.")
        }
        return Diagnostic(
            code: .duplicateConflict, source: source.id, file: otherFile,
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

    /// Adds another part's counts (a chunk of the same file).
    mutating func add(_ o: RowCounts) {
        read += o.read
        accepted += o.accepted
        rejected += o.rejected
        missing += o.missing
        filtered += o.filtered
        ignored += o.ignored
        duplicate += o.duplicate
    }
}

/// Collects a file's problems, keeping the first `limit` of each code in full and counting
/// the rest, so a file with a million bad rows cannot exhaust memory.
struct ProblemLog {
    let limit: Int
    private var kept: [Diagnostic] = []
    private var perCode: [String: Int] = [:]

    init(limit: Int) { self.limit = limit }

    mutating func add(_ d: Diagnostic) {
        perCode[d.code, default: 0] += 1
        if perCode[d.code]! <= limit { kept.append(d) }
    }

    /// Adds the problems of the next chunk of the same file, its lines moved down by `shift`
    /// (the line breaks of the chunks before it): kept in file order, up to `limit` per code.
    mutating func merge(_ other: ProblemLog, shiftingLinesBy shift: Int) {
        for var d in other.kept {
            if d.line > 0 { d.line += shift }
            add(d)
        }
        for (code, n) in other.perCode {
            let listed = other.kept.filter { $0.code == code }.count
            if n > listed { perCode[code, default: 0] += n - listed }
        }
    }

    /// Counts problems that were not kept in full upstream (they appear in the "more" line).
    mutating func count(_ code: ProblemCode, unlisted: Int) {
        perCode[code.id, default: 0] += unlisted
    }

    func all(source: String, file: String) -> [Diagnostic] {
        var out = kept
        for (code, n) in perCode.sorted(by: { $0.key < $1.key }) {
            let listed = kept.filter { $0.code == code }.count
            guard n > listed else { continue }
            // Every code of a Diagnostic made in this build is declared (ProblemCodeTests).
            var summary = Diagnostic(
                code: ProblemCode.named(code)!, severity: kept.first { $0.code == code }?.severity,
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
