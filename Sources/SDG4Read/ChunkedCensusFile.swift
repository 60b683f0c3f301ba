import Dispatch
import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model
import Synchronization

/// Reads one large student-census file on every worker thread (docs/performance.md):
///
/// 1. the header is read and mapped as `FileProcessor` does;
/// 2. the rest is cut into record-aligned chunks (`RecordChunks`); the workers take the file's
///    SHA-256 and the chunks one at a time, each chunk through `CensusChunkReader`;
/// 3. the chunks are put together in file order: counts added, line numbers worked out, and the
///    rows the fast reader deferred replayed through `CensusRowCleaner`, which counts them or
///    reports them with their line and column exactly as a whole-file read would.
///
/// The result is the `FileResult` that `FileProcessor.process()` gives for the same file (the
/// same counts, problems, rejected rows and line numbers; score sums are added chunk by chunk,
/// so they can differ from a whole-file read in the last bits). `nil` when the file is not one
/// this reader takes (a zip entry, not UTF-8, a quoted line break at a chunk boundary, a NUL
/// byte, an unterminated quote ...): `FileProcessor` then reads it whole, as before.
public struct ChunkedCensusFile: Sendable {
    let processor: FileProcessor
    /// Nominal chunk size (a property of the run, not of `jobs`: the same chunks for any `jobs`).
    let chunkBytes: Int
    let jobs: Int

    public init(processor: FileProcessor, chunkBytes: Int, jobs: Int) {
        self.processor = processor
        self.chunkBytes = chunkBytes
        self.jobs = jobs
    }

    /// Whether a file of this source could be read in chunks (before looking at it).
    public static func candidate(_ source: SourceSpec, _ file: InputFile) -> Bool {
        // The fast reader decodes the standard spellings only: a source's `codes:` go through
        // the whole-file cleaner.
        source.format == .microdata && source.microdata?.kind == .studentCensus && file.entry == nil
            && file.unreadable == nil && source.recodes.isEmpty
    }

    struct Chunk: Sendable {
        var result: CensusChunkReader.Result
        var endsWithLineBreak: Bool
        var hasNUL: Bool
    }

    public func process() -> FileResult? {
        let source = processor.source
        let fd = open(processor.file.path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let prelude = ChunkedPrelude(processor: processor, fd: fd, chunkBytes: chunkBytes) else { return nil }
        let (dialect, mapping) = (prelude.dialect, prelude.mapping)
        let subjects = (source.microdata?.subjects ?? []).map { (name: $0.name, cutScore: $0.cutScore) }
        guard
            let layout = CensusChunkReader.Layout(
                mapping: mapping, subjects: subjects, delimiter: dialect.delimiter, numbers: dialect.numbers,
                filter: processor.filter, missing: source.missingMarkers)
        else { return nil }

        // Each chunk is put together with those before it as soon as they are all read, so at
        // most a few chunk results are held at a time.
        let reader = CensusChunkReader(layout: layout)
        let ranges = prelude.ranges
        let assembly = Mutex(
            Assembly(
                processor: processor, fd: fd, ranges: ranges, mapping: mapping, dialect: dialect, subjects: subjects,
                firstLine: prelude.firstLine))
        let digest = prelude.readChunks(fd: fd, jobs: jobs, processor: processor) { k, bytes in
            let hasNUL = memchr(bytes.baseAddress!, 0, bytes.count) != nil
            let last = bytes[bytes.count - 1]
            let chunk = Chunk(
                result: hasNUL ? CensusChunkReader.Result() : reader.read(bytes, last: k + 1 == ranges.count),
                endsWithLineBreak: last == 0x0A || last == 0x0D, hasNUL: hasNUL)
            return assembly.withLock { $0.offer(k, chunk) }
        }
        guard let digest else { return nil }
        return assembly.withLock { $0.result(digest: digest) }
    }
}

/// The chunks put together in file order (see `ChunkedCensusFile`): counts added, line numbers
/// worked out, and the rows the fast reader deferred replayed through `CensusRowCleaner`.
private struct Assembly {
    let processor: FileProcessor
    let fd: Int32
    let ranges: [Range<Int>]
    let dialect: Dialect
    let subjects: [(name: String, cutScore: Double)]
    var partial = PartialAggregate()
    var problems = ProblemLog(limit: FileProcessor.problemsPerCode)
    var rejects = RejectLog(limit: FileProcessor.rejectsKept)
    var counts = RowCounts()
    var cleaner: CensusRowCleaner
    /// Pupils by key: how many, and where the first of them is (chunk, record, line).
    var merged: [ObservationKey: (n: Int, chunk: Int, record: Int, line: Int)] = [:]
    /// Chunks read but not yet put together (a later one finished first).
    var waiting: [Int: ChunkedCensusFile.Chunk] = [:]
    /// The next chunk to put together.
    var next = 0
    /// Line breaks are known for chunks 0..<counted; there are `linesBefore` of them.
    var counted = 0
    var linesBefore = 0
    /// Line of the first data byte (after the header's line breaks).
    let firstLine: Int

    init(
        processor: FileProcessor, fd: Int32, ranges: [Range<Int>], mapping: MicrodataMapping, dialect: Dialect,
        subjects: [(name: String, cutScore: Double)], firstLine: Int
    ) {
        self.processor = processor
        self.fd = fd
        self.ranges = ranges
        self.dialect = dialect
        self.subjects = subjects
        self.firstLine = firstLine
        cleaner = CensusRowCleaner(
            source: processor.source, mapping: mapping, file: processor.displayName,
            fileIndex: processor.fileIndex, filter: processor.filter, numbers: dialect.numbers)
    }

    /// Takes chunk `k` and puts together every chunk that is now next in line; `false` when the
    /// file must be read whole instead.
    mutating func offer(_ k: Int, _ chunk: ChunkedCensusFile.Chunk) -> Bool {
        waiting[k] = chunk
        while let part = waiting.removeValue(forKey: next) {
            guard add(part, at: next) else {
                waiting.removeAll()
                return false
            }
            next += 1
        }
        return true
    }

    /// The line of the first byte of chunk `k` (line breaks of the chunks before it are
    /// counted on the first need: a clean file needs those of its first chunks only).
    private mutating func startLine(of k: Int) -> Int? {
        while counted < k {
            guard let n = lineBreaks(ranges[counted]) else { return nil }
            linesBefore += n
            counted += 1
        }
        return firstLine + linesBefore
    }

    private func lineBreaks(_ range: Range<Int>) -> Int? {
        guard let mapped = MappedRange(fd: fd, range: range) else { return nil }
        return RecordChunks.lineBreaks(mapped.bytes)
    }

    /// Puts chunk `k` together with those before it.
    private mutating func add(_ part: ChunkedCensusFile.Chunk, at k: Int) -> Bool {
        let r = part.result
        let last = k + 1 == ranges.count
        // A cut is trusted only if libcsv ended the chunk before it between records.
        if r.parseFailed || r.unterminatedQuote || part.hasNUL || (!last && !r.endsBetweenRecords) { return false }
        counts.read += r.records
        counts.accepted += r.accepted
        counts.filtered += r.filtered
        let newKeys = r.counts.filter { merged[$0.key] == nil }
        guard !newKeys.isEmpty || !r.deferred.isEmpty else {
            for c in r.counts { merged[c.key]!.n += c.n }
            addScores(r)
            return true
        }
        guard let startLine = startLine(of: k), let mapped = MappedRange(fd: fd, range: ranges[k]) else {
            return false
        }
        let chunkBreaks = RecordChunks.lineBreaks(mapped.bytes)
        // Chunk k's line breaks are known now: the next chunk need not count them again.
        linesBefore += chunkBreaks
        counted = k + 1
        // Each record on one line (no blank line, no line break inside a field): record i is on
        // line startLine + i. Else the chunk is read again for its line numbers.
        let oneLinePerRecord = r.records == chunkBreaks + (last && !part.endsWithLineBreak ? 1 : 0)
        var lines: [Int: Int] = [:]
        if !r.deferred.isEmpty || !oneLinePerRecord {
            let wanted = Set(newKeys.map(\.firstRecord))
            let deferred = Set(r.deferred)
            let parser = CSVParser(delimiter: dialect.delimiter, firstLine: startLine)
            var i = 0
            var ok = true
            let onRecord: (CSVRecord) throws -> Void = { record in
                if wanted.contains(i) { lines[i] = record.line }
                if deferred.contains(i) {
                    ok = ok && self.replay(self.cleaner.clean(record), record, chunk: k, index: i)
                }
                i += 1
            }
            do {
                try parser.feed(mapped.bytes, onRecord: onRecord)
                if last { try parser.finish(onRecord: onRecord) }
            } catch {
                return false  // a record too long, ...: the whole-file read reports it
            }
            guard ok, i == r.records else { return false }  // the two parses must agree
        }
        func line(_ record: Int) -> Int { lines[record] ?? (startLine + record) }
        for c in r.counts {
            if let m = merged[c.key] {
                merged[c.key]!.n = m.n + c.n
                // Two spellings of one code (KGZ, Kyrgyzstan) count under one key: the first row
                // of either is the key's first row.
                if (k, c.firstRecord) < (m.chunk, m.record) {
                    (merged[c.key]!.chunk, merged[c.key]!.record) = (k, c.firstRecord)
                    merged[c.key]!.line = line(c.firstRecord)
                }
            } else {
                merged[c.key] = (c.n, k, c.firstRecord, line(c.firstRecord))
            }
        }
        addScores(r)
        return true
    }

    /// A deferred row as the whole-file cleaner made it; `false` for a row that is not a census
    /// row (cannot happen).
    private mutating func replay(_ row: CleanedRow, _ record: CSVRecord, chunk k: Int, index: Int) -> Bool {
        var key: ObservationKey?
        switch row {
        case .counted(let kk, _):
            key = kk
        case .countedWithScores(let kk, _, let weight, let scores):
            key = kk
            partial.addPupilScores(
                kk, weight: weight, scores: scores, subjects: subjects, sourceIndex: processor.source.index)
        case .filtered:
            counts.filtered += 1
        case .rejected(let diagnostics):
            counts.rejected += 1
            for d in diagnostics { problems.add(d) }
            rejects.add(line: record.line, codes: diagnostics.map(\.code), text: record.raw)
        default:
            return false
        }
        guard let key else { return true }
        counts.accepted += 1
        if let m = merged[key] {
            merged[key]!.n = m.n + 1
            if (k, index) < (m.chunk, m.record) {
                (merged[key]!.chunk, merged[key]!.record, merged[key]!.line) = (k, index, record.line)
            }
        } else {
            merged[key] = (1, k, index, record.line)
        }
        return true
    }

    /// A chunk's score sums, added to the file's.
    private mutating func addScores(_ r: CensusChunkReader.Result) {
        for s in r.scores {
            let key = ScoreCube.Key(
                country: s.key.country, year: s.key.year, level: s.key.level?.rawValue ?? "",
                subject: subjects[s.subject].name, sex: s.key.sex)
            partial.addScores(
                key,
                ScoreCube.Cell(
                    pupils: s.sums.pupils, weight: s.sums.weight, atOrAbove: s.sums.atOrAbove,
                    weightedScore: s.sums.weightedScore), sourceIndex: processor.source.index)
        }
    }

    /// The file's result, once every chunk is put together; `nil` otherwise.
    mutating func result(digest: InputDigest) -> FileResult? {
        guard next == ranges.count, counts.read > 0 else { return nil }
        let source = processor.source
        for (key, m) in merged {
            partial.count(
                key, n: m.n,
                provenance: Provenance(sourceIndex: source.index, fileIndex: processor.fileIndex, line: m.line))
        }
        var input = InputSummary(
            source: source.id, path: processor.displayName, sha256: digest.sha256, bytes: digest.bytes, status: .ok,
            rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected,
            rowsMissing: counts.missing, rowsFiltered: counts.filtered, rowsIgnored: counts.ignored)
        input.encoding = TextEncoding.utf8.rawValue
        input.delimiter = dialect.delimiterName
        input.decimal = String(UnicodeScalar(dialect.numbers.decimal))
        if let truncated = rejects.truncation(source: source.id, file: processor.displayName) {
            problems.add(truncated)
        }
        return FileResult(
            partial: partial, diagnostics: problems.all(source: source.id, file: processor.displayName), input: input,
            rejects: rejects.rows)
    }
}
