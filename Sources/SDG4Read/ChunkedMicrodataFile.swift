import Dispatch
import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model
import Synchronization

/// Reads one large household-survey or assessment file on every worker thread, as
/// `ChunkedCensusFile` reads a census:
///
/// 1. the header is read and mapped (`ChunkedPrelude`);
/// 2. the rest is cut into record-aligned chunks; the workers take the file's SHA-256 and the
///    chunks one at a time, each chunk through the source's own row cleaner (the header fed
///    first, so it is made exactly as for a whole-file read) into its own sums;
/// 3. the chunks' sums are added in file order as soon as the chunks before them are in, their
///    problems and rejected rows moved to their lines in the file (the line breaks of the
///    chunks before).
///
/// The same rows are accepted and rejected, with the same lines, columns and messages, as a
/// whole-file read; the sums are added chunk by chunk, so they can differ from a whole-file
/// read in the last bits, but not with `--jobs` (the chunks depend on the split size only).
/// `nil` when the file is not one this reader takes (see `ChunkedPrelude`), or a cut fell
/// inside a quoted field: `FileProcessor` then reads it whole.
public struct ChunkedMicrodataFile: Sendable {
    let processor: FileProcessor
    let chunkBytes: Int
    let jobs: Int
    /// Whether an assessment's rows go through `AssessmentChunkReader` first (the rows it
    /// cannot read for certain through the reference cleaner); `false` for the reference
    /// cleaner alone, which the tests compare it with.
    let fast: Bool

    /// - Parameters:
    ///   - processor: the file, its source and filter, as the whole-file reader has them.
    ///   - chunkBytes: the split size (a property of the run, never of `jobs`).
    ///   - jobs: worker threads.
    ///   - fast: whether an assessment is read by the fast reader where it can be.
    public init(processor: FileProcessor, chunkBytes: Int, jobs: Int, fast: Bool = true) {
        self.processor = processor
        self.chunkBytes = chunkBytes
        self.jobs = jobs
        self.fast = fast
    }

    /// Whether a file of this source could be read in chunks (before looking at it).
    public static func candidate(_ source: SourceSpec, _ file: InputFile) -> Bool {
        source.format == .microdata && source.microdata.map { $0.kind != .studentCensus } == true
            && file.entry == nil && file.unreadable == nil
    }

    /// What one chunk gave.
    struct Part: Sendable {
        var partial: PartialAggregate
        var problems: ProblemLog
        var rejects: RejectLog
        var counts: RowCounts
        /// Line breaks in the chunk: the lines of the chunks after it start that much later.
        var lineBreaks: Int
    }

    /// The file's result, or `nil` when it is one to read whole (see the type's comment).
    public func process() -> FileResult? {
        let fd = open(processor.file.path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let prelude = ChunkedPrelude(processor: processor, fd: fd, chunkBytes: chunkBytes) else { return nil }
        // Each chunk is added to those before it as soon as they are all read, so only the
        // chunks that finished early are held: memory stays flat whatever the file's size.
        let assembly = Mutex(Assembly())
        let reader = self
        let layout =
            fast
            ? AssessmentChunkReader.Layout(
                source: processor.source, mapping: prelude.mapping, dialect: prelude.dialect, filter: processor.filter)
            : nil
        let digest = prelude.readChunks(fd: fd, jobs: jobs, processor: processor) { k, bytes in
            let last = k + 1 == prelude.ranges.count
            let part =
                if let layout {
                    reader.read(bytes, prelude: prelude, last: last, fast: AssessmentChunkReader(layout: layout))
                } else {
                    reader.read(bytes, prelude: prelude, last: last)
                }
            guard let part else { return false }
            assembly.withLock { $0.offer(k, part) }
            return true
        }
        guard let digest else { return nil }
        return result(assembly.withLock { $0 }, prelude: prelude, digest: digest)
    }

    /// One chunk through a cleaner made from the header; `nil` when the cut is not between two
    /// records, or the chunk cannot be parsed (the whole-file read then says why).
    func read(_ bytes: UnsafeRawBufferPointer, prelude: ChunkedPrelude, last: Bool) -> Part? {
        guard memchr(bytes.baseAddress!, 0, bytes.count) == nil else { return nil }
        var acc = FileAccumulator(processor)
        let parser = CSVParser(delimiter: prelude.dialect.delimiter)
        let numbers = prelude.dialect.numbers
        do {
            let onRecord: (CSVRecord) throws -> Void = { try acc.take($0, numbers: numbers) }
            try prelude.header.withUnsafeBytes { try parser.feed($0, onRecord: onRecord) }
            try parser.feed(bytes, onRecord: onRecord)
            if last {
                try parser.finish(onRecord: onRecord)
            } else if !parser.betweenRecords {
                return nil
            }
        } catch {
            return nil
        }
        return Part(
            partial: acc.partial, problems: acc.problems, rejects: acc.rejects, counts: acc.counts,
            lineBreaks: RecordChunks.lineBreaks(bytes))
    }

    /// One chunk of an assessment through the fast reader, the rows it deferred replayed
    /// through a cleaner made from the header; `nil` as for `read(_:prelude:last:)`.
    func read(_ bytes: UnsafeRawBufferPointer, prelude: ChunkedPrelude, last: Bool, fast: AssessmentChunkReader)
        -> Part?
    {
        guard memchr(bytes.baseAddress!, 0, bytes.count) == nil else { return nil }
        let r = fast.read(bytes, last: last)
        if r.parseFailed || r.unterminatedQuote || (!last && !r.endsBetweenRecords) { return nil }
        var acc = FileAccumulator(processor)
        let parser = CSVParser(delimiter: prelude.dialect.delimiter)
        let numbers = prelude.dialect.numbers
        let deferred = Set(r.deferred)
        var i = -1  // the header is record -1
        do {
            let onRecord: (CSVRecord) throws -> Void = { record in
                if i < 0 || deferred.contains(i) { try acc.take(record, numbers: numbers) }
                i += 1
            }
            // The chunk is parsed a second time only for the rows to replay (and their lines),
            // through a cleaner made from the header.
            if !deferred.isEmpty {
                try prelude.header.withUnsafeBytes { try parser.feed($0, onRecord: onRecord) }
                try parser.feed(bytes, onRecord: onRecord)
                if last { try parser.finish(onRecord: onRecord) }
                guard i == r.records else { return nil }  // the two parses must agree
            }
        } catch {
            return nil
        }
        var part = PartialAggregate()
        for c in r.cells {
            part.addAssessmentCell(c.key, c.cell, sourceIndex: fast.layout.sourceIndex, design: fast.layout.design)
        }
        part.mergeMicrodata(acc.partial)
        acc.counts.read += r.records - r.deferred.count
        acc.counts.accepted += r.accepted
        acc.counts.filtered += r.filtered
        return Part(
            partial: part, problems: acc.problems, rejects: acc.rejects, counts: acc.counts,
            lineBreaks: RecordChunks.lineBreaks(bytes))
    }

    /// The chunks put together in file order: sums added, problems and rejected rows at their
    /// lines (the line breaks of the chunks before them).
    struct Assembly: Sendable {
        var partial = PartialAggregate()
        var problems = ProblemLog(limit: FileProcessor.problemsPerCode)
        var rejects = RejectLog(limit: FileProcessor.rejectsKept)
        var counts = RowCounts()
        var linesBefore = 0
        /// Chunks read before those ahead of them.
        var waiting: [Int: Part] = [:]
        /// The next chunk to add.
        var next = 0

        /// Takes chunk `k` and adds every chunk that is now next in line.
        mutating func offer(_ k: Int, _ part: Part) {
            waiting[k] = part
            while let p = waiting.removeValue(forKey: next) {
                partial.mergeMicrodata(p.partial)
                problems.merge(p.problems, shiftingLinesBy: linesBefore)
                rejects.merge(p.rejects, shiftingLinesBy: linesBefore)
                counts.add(p.counts)
                linesBefore += p.lineBreaks
                next += 1
            }
        }
    }

    /// The file's result once every chunk is added; `nil` otherwise.
    func result(_ assembly: Assembly, prelude: ChunkedPrelude, digest: InputDigest) -> FileResult? {
        guard assembly.next == prelude.ranges.count, assembly.waiting.isEmpty else { return nil }
        var acc = FileAccumulator(processor)
        acc.partial = assembly.partial
        acc.problems = assembly.problems
        acc.rejects = assembly.rejects
        acc.counts = assembly.counts
        acc.headerRead = true
        acc.finish(whole: true)
        var input = acc.summary(digest: digest, status: .ok)
        input.encoding = TextEncoding.utf8.rawValue
        input.delimiter = prelude.dialect.delimiterName
        input.decimal = String(UnicodeScalar(prelude.dialect.numbers.decimal))
        return acc.result(input)
    }
}

extension ChunkedPrelude {
    /// Reads every chunk on up to `jobs` threads, `read(k, bytes)` for chunk k (any order,
    /// any thread), while task 0 hashes the whole file. The digest, or `nil` when a read
    /// failed or `read` said no (what was reported as progress is then taken back).
    func readChunks(
        fd: Int32, jobs: Int, processor: FileProcessor,
        _ read: @Sendable (Int, UnsafeRawBufferPointer) -> Bool
    ) -> InputDigest? {
        let (ranges, size) = (self.ranges, self.size)
        let next = Mutex(0)
        let reported = Atomic<Int>(0)
        let digest = Mutex<InputDigest?>(nil)
        let failed = Atomic<Bool>(false)
        let largest = ranges.map(\.count).max() ?? 0
        DispatchQueue.concurrentPerform(iterations: min(jobs, ranges.count + 1)) { _ in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: largest, alignment: 64)
            defer { buffer.deallocate() }
            while true {
                let task = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard task <= ranges.count, !failed.load(ordering: .relaxed) else { return }
                if task == 0 {
                    let d = Self.sha256(fd: fd, size: size)
                    digest.withLock { $0 = d }
                    if d == nil { failed.store(true, ordering: .relaxed) }
                    continue
                }
                let range = ranges[task - 1]
                let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<range.count])
                guard let n = try? RecordChunks.pread(fd, target, at: range.lowerBound), n == range.count else {
                    failed.store(true, ordering: .relaxed)
                    return
                }
                processor.progress?(range.count)
                reported.add(range.count, ordering: .relaxed)
                if !read(task - 1, UnsafeRawBufferPointer(target)) { failed.store(true, ordering: .relaxed) }
            }
        }
        guard !failed.load(ordering: .relaxed), let d = digest.withLock({ $0 }), d.bytes == size else {
            processor.progress?(-reported.load(ordering: .relaxed))
            return nil
        }
        return d
    }
}
