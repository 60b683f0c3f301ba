import Dispatch
import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model
import SDG4Report
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
struct ChunkedCensusFile {
    let processor: FileProcessor
    /// Nominal chunk size (a property of the run, not of `jobs`: the same chunks for any `jobs`).
    let chunkBytes: Int
    let jobs: Int

    /// Whether a file of this source could be read in chunks (before looking at it).
    static func candidate(_ source: SourceSpec, _ file: InputFile) -> Bool {
        source.format == .microdata && source.microdata?.kind == .studentCensus && file.entry == nil
            && file.unreadable == nil
    }

    private struct Chunk {
        var result: CensusChunkReader.Result
        var endsWithLineBreak: Bool
        var hasNUL: Bool
    }

    func process() -> FileResult? {
        let source = processor.source
        let fd = open(processor.file.path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        guard size > chunkBytes else { return nil }

        // The first `chunkSize` bytes settle the encoding and dialect, as in `FileProcessor`.
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: min(processor.chunkSize, size), alignment: 16)
        defer { head.deallocate() }
        guard let headCount = try? RecordChunks.pread(fd, head, at: 0), headCount == head.count else { return nil }
        let (detected, bom) = TextEncoding.detect(UnsafeRawBufferPointer(head))
        guard (source.encoding ?? detected) == .utf8 else { return nil }
        let skip = detected == .utf8 ? bom : 0
        let text = UnsafeRawBufferPointer(rebasing: head[skip...])
        guard memchr(text.baseAddress!, 0, text.count) == nil, !TextEncoding.looksBinary(text) else { return nil }
        let dialect = source.dialect(sniffing: text)

        // The header: exactly the first line.
        guard let lf = text.firstIndex(of: 0x0A) else { return nil }
        var mapping: MicrodataMapping?
        var headerRecords = 0
        let headerParser = CSVParser(delimiter: dialect.delimiter)
        do {
            let onRecord: (CSVRecord) throws -> Void = { record in
                headerRecords += 1
                mapping = try MicrodataMapping.make(
                    header: record, columns: source.microdata?.columns ?? [:], file: processor.displayName)
            }
            try headerParser.feed(UnsafeRawBufferPointer(rebasing: text[...lf]), onRecord: onRecord)
            try headerParser.finish(onRecord: onRecord)
        } catch {
            return nil  // reported by the whole-file read
        }
        let subjects = (source.microdata?.subjects ?? []).map { (name: $0.name, cutScore: $0.cutScore) }
        guard headerRecords == 1, let mapping,
            let layout = CensusChunkReader.Layout(
                mapping: mapping, subjects: subjects, delimiter: dialect.delimiter, numbers: dialect.numbers,
                filter: processor.filter)
        else { return nil }
        let dataStart = skip + lf + 1
        guard let chunks = try? RecordChunks(fd: fd, dataStart: dataStart, size: size, chunkBytes: chunkBytes),
            !chunks.ranges.isEmpty
        else { return nil }

        // Task 0 hashes the whole file; task k + 1 reads chunk k.
        let reader = CensusChunkReader(layout: layout)
        let ranges = chunks.ranges
        let next = Mutex(0)
        let slots = Mutex([Chunk?](repeating: nil, count: ranges.count))
        let digest = Mutex<InputDigest?>(nil)
        let failed = Mutex(false)
        DispatchQueue.concurrentPerform(iterations: min(jobs, ranges.count + 1)) { _ in
            while true {
                let task = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard task <= ranges.count, !failed.withLock({ $0 }) else { return }
                if task == 0 {
                    let d = Self.sha256(fd: fd, size: size, window: chunkBytes)
                    digest.withLock { $0 = d }
                    if d == nil { failed.withLock { $0 = true } }
                    continue
                }
                guard let mapped = MappedRange(fd: fd, range: ranges[task - 1]) else {
                    failed.withLock { $0 = true }
                    return
                }
                let chunk = mapped.bytes
                let hasNUL = memchr(chunk.baseAddress!, 0, chunk.count) != nil
                let last = chunk[chunk.count - 1]
                let result = Chunk(
                    result: hasNUL ? CensusChunkReader.Result() : reader.read(chunk, last: task == ranges.count),
                    endsWithLineBreak: last == 0x0A || last == 0x0D, hasNUL: hasNUL)
                slots.withLock { $0[task - 1] = result }
                if hasNUL { failed.withLock { $0 = true } }
            }
        }
        guard !failed.withLock({ $0 }), let digest = digest.withLock({ $0 }), digest.bytes == size else { return nil }
        let parts = slots.withLock { $0 }.map { $0! }
        for (k, part) in parts.enumerated() {
            let r = part.result
            if r.parseFailed || r.unterminatedQuote || part.hasNUL { return nil }
            if k + 1 < parts.count, !r.endsBetweenRecords { return nil }
        }
        return assemble(
            parts: parts, ranges: ranges, fd: fd, mapping: mapping, dialect: dialect, digest: digest,
            subjects: subjects)
    }

    /// A chunk's score sums, added to the file's.
    private static func addScores(
        _ r: CensusChunkReader.Result, to partial: inout PartialAggregate,
        subjects: [(name: String, cutScore: Double)], sourceIndex: Int
    ) {
        for s in r.scores {
            let key = ScoreCube.Key(
                country: s.key.country, year: s.key.year, level: s.key.level?.rawValue ?? "",
                subject: subjects[s.subject].name, sex: s.key.sex)
            partial.addScores(
                key,
                ScoreCube.Cell(
                    pupils: s.sums.pupils, weight: s.sums.weight, atOrAbove: s.sums.atOrAbove,
                    weightedScore: s.sums.weightedScore), sourceIndex: sourceIndex)
        }
    }

    /// Line breaks in a range of the file.
    private static func lineBreaks(fd: Int32, range: Range<Int>) -> Int? {
        guard let mapped = MappedRange(fd: fd, range: range) else { return nil }
        return RecordChunks.lineBreaks(mapped.bytes)
    }

    /// The file's size and SHA-256, read through mapped windows.
    private static func sha256(fd: Int32, size: Int, window: Int) -> InputDigest? {
        var hasher = SHA256()
        var at = 0
        let step = max(window, 1 << 20)
        while at < size {
            guard let mapped = MappedRange(fd: fd, range: at..<min(size, at + step)) else { return nil }
            hasher.update(mapped.bytes)
            at += mapped.bytes.count
        }
        return InputDigest(bytes: size, sha256: hasher.hexDigest())
    }

    /// Puts the chunks together in file order (see the type's comment).
    private func assemble(
        parts: [Chunk], ranges: [Range<Int>], fd: Int32, mapping: MicrodataMapping, dialect: Dialect,
        digest: InputDigest, subjects: [(name: String, cutScore: Double)]
    ) -> FileResult? {
        let source = processor.source
        var partial = PartialAggregate()
        var problems = ProblemLog(limit: FileProcessor.problemsPerCode)
        var rejects = RejectLog(limit: FileProcessor.rejectsKept)
        var counts = RowCounts()
        var cleaner = CensusRowCleaner(
            source: source, mapping: mapping, file: processor.displayName, fileIndex: processor.fileIndex,
            filter: processor.filter, numbers: dialect.numbers)
        // Pupils by key: how many, and where the first of them is (chunk, record, line).
        var merged: [ObservationKey: (n: Int, chunk: Int, record: Int, line: Int)] = [:]
        // Line breaks of each chunk, counted only when a line number in it or after it is
        // needed (a clean file needs those of its first chunks only).
        var breaks = [Int?](repeating: nil, count: parts.count)
        var counted = 0  // breaks[0..<counted] are known
        var linesBefore = 0  // line breaks in chunks 0..<counted
        func startLine(of k: Int) -> Int? {
            while counted < k {
                guard let n = Self.lineBreaks(fd: fd, range: ranges[counted]) else { return nil }
                breaks[counted] = n
                linesBefore += n
                counted += 1
            }
            return 2 + linesBefore  // the header is line 1
        }
        for (k, part) in parts.enumerated() {
            let r = part.result
            let last = k + 1 == parts.count
            let newKeys = r.counts.filter { merged[$0.key] == nil }
            guard !newKeys.isEmpty || !r.deferred.isEmpty else {
                for c in r.counts { merged[c.key]!.n += c.n }
                Self.addScores(r, to: &partial, subjects: subjects, sourceIndex: source.index)
                counts.read += r.records
                counts.accepted += r.accepted
                counts.filtered += r.filtered
                continue
            }
            guard let startLine = startLine(of: k), let chunkBreaks = Self.lineBreaks(fd: fd, range: ranges[k]) else {
                return nil
            }
            // Each record on one line (no blank line, no line break inside a field): record i is
            // on line startLine + i. Else the chunk is read again for its line numbers.
            let oneLinePerRecord = r.records == chunkBreaks + (last && !part.endsWithLineBreak ? 1 : 0)
            var lines: [Int: Int] = [:]
            var replayed: [(record: Int, row: CleanedRow)] = []
            if !r.deferred.isEmpty || !oneLinePerRecord {
                let wanted = Set(newKeys.map(\.firstRecord))
                let deferred = Set(r.deferred)
                guard let mapped = MappedRange(fd: fd, range: ranges[k]) else { return nil }
                let parser = CSVParser(delimiter: dialect.delimiter, firstLine: startLine)
                var i = 0
                let onRecord: (CSVRecord) throws -> Void = { record in
                    if wanted.contains(i) { lines[i] = record.line }
                    if deferred.contains(i) {
                        let row = cleaner.clean(record)
                        replayed.append((i, row))
                        if case .rejected(let diagnostics) = row {
                            for d in diagnostics { problems.add(d) }
                            rejects.add(line: record.line, codes: diagnostics.map(\.code), text: record.raw)
                        }
                    }
                    i += 1
                }
                do {
                    try parser.feed(mapped.bytes, onRecord: onRecord)
                    if last { try parser.finish(onRecord: onRecord) }
                } catch {
                    return nil
                }
                guard i == r.records else { return nil }  // the two parses must agree
            }
            func line(_ record: Int) -> Int { lines[record] ?? (startLine + record) }
            for c in r.counts {
                if let m = merged[c.key] {
                    merged[c.key]!.n = m.n + c.n
                    // Two spellings of one code (KGZ, Kyrgyzstan) count under one key: the first
                    // row of either is the key's first row.
                    if (k, c.firstRecord) < (m.chunk, m.record) {
                        (merged[c.key]!.chunk, merged[c.key]!.record) = (k, c.firstRecord)
                        merged[c.key]!.line = line(c.firstRecord)
                    }
                } else {
                    merged[c.key] = (c.n, k, c.firstRecord, line(c.firstRecord))
                }
            }
            Self.addScores(r, to: &partial, subjects: subjects, sourceIndex: source.index)
            counts.read += r.records
            counts.accepted += r.accepted
            counts.filtered += r.filtered
            for (record, row) in replayed {
                var key: ObservationKey?
                var lineOfRow = 0
                switch row {
                case .counted(let k, let provenance):
                    (key, lineOfRow) = (k, provenance.line)
                case .countedWithScores(let k, let provenance, let weight, let scores):
                    (key, lineOfRow) = (k, provenance.line)
                    partial.addPupilScores(
                        k, weight: weight, scores: scores, subjects: subjects, sourceIndex: source.index)
                case .filtered:
                    counts.filtered += 1
                case .rejected:
                    counts.rejected += 1
                default:
                    return nil  // not a census row: cannot happen
                }
                guard let key else { continue }
                counts.accepted += 1
                if let m = merged[key] {
                    merged[key]!.n = m.n + 1
                    if (k, record) < (m.chunk, m.record) {
                        (merged[key]!.chunk, merged[key]!.record, merged[key]!.line) = (k, record, lineOfRow)
                    }
                } else {
                    merged[key] = (1, k, record, lineOfRow)
                }
            }
        }
        for (key, m) in merged {
            partial.count(
                key, n: m.n,
                provenance: Provenance(sourceIndex: source.index, fileIndex: processor.fileIndex, line: m.line))
        }
        guard counts.read > 0 else { return nil }
        var input = RunManifest.Input(
            source: source.id, path: processor.displayName, sha256: digest.sha256, bytes: digest.bytes, status: "ok",
            rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected,
            rowsMissing: counts.missing, rowsFiltered: counts.filtered, rowsIgnored: counts.ignored)
        input.encoding = TextEncoding.utf8.rawValue
        input.delimiter = dialect.delimiter == 0x09 ? "tab" : String(UnicodeScalar(dialect.delimiter))
        input.decimal = String(UnicodeScalar(dialect.numbers.decimal))
        if rejects.notKept > 0 {
            problems.add(
                Diagnostic(
                    code: "rejects.truncated", severity: .warning, source: source.id, file: processor.displayName,
                    message:
                        "\(rejects.notKept) more rejected row(s) were not copied to rejects/\(source.id).csv (the first \(FileProcessor.rejectsKept) are there).",
                    hint: "Fix the rows listed first; the rest are usually the same mistake."))
        }
        return FileResult(
            partial: partial, diagnostics: problems.all(source: source.id, file: processor.displayName), input: input,
            rejects: rejects.rows)
    }
}
