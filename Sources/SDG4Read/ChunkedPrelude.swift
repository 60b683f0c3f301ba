import Foundation
import SDG4CSV
import SDG4Ingest
import SDG4Model

/// The start of a large microdata file read on every worker thread (`ChunkedCensusFile`,
/// `ChunkedMicrodataFile`): its dialect settled on the first MiB as `FileProcessor` settles
/// it, its header (exactly the first line) mapped to the source's columns, and the rest cut
/// into record-aligned chunks (`RecordChunks`). `nil` for a file these readers do not take
/// (not UTF-8, a NUL byte, a header that is not one line, a chunk far over the split size):
/// `FileProcessor` then reads it whole and reports what is wrong with it.
struct ChunkedPrelude {
    let size: Int
    let dialect: Dialect
    /// The header line's bytes (with its line break).
    let header: [UInt8]
    let mapping: MicrodataMapping
    let ranges: [Range<Int>]
    /// Line of the first data byte (after the header's line breaks).
    let firstLine: Int

    init?(processor: FileProcessor, fd: Int32, chunkBytes: Int) {
        let source = processor.source
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        size = Int(info.st_size)
        guard size > chunkBytes else { return nil }
        let head = UnsafeMutableRawBufferPointer.allocate(
            byteCount: min(FileProcessor.sniffedBytes, size), alignment: 16)
        defer { head.deallocate() }
        guard let headCount = try? RecordChunks.pread(fd, head, at: 0), headCount == head.count else { return nil }
        let (detected, bom) = TextEncoding.detect(UnsafeRawBufferPointer(head))
        guard (source.encoding ?? detected) == .utf8 else { return nil }
        let skip = detected == .utf8 ? bom : 0
        let text = UnsafeRawBufferPointer(rebasing: head[skip...])
        guard memchr(text.baseAddress!, 0, text.count) == nil, !TextEncoding.looksBinary(text) else { return nil }
        dialect = source.dialect(sniffing: text)
        guard let lf = text.firstIndex(of: 0x0A) else { return nil }
        header = Array(text[...lf])
        var found: MicrodataMapping?
        var records = 0
        let parser = CSVParser(delimiter: dialect.delimiter)
        do {
            let onRecord: (CSVRecord) throws -> Void = { record in
                records += 1
                found = try MicrodataMapping.make(
                    header: record, columns: source.microdata?.columns ?? [:], file: processor.displayName)
            }
            try parser.feed(UnsafeRawBufferPointer(rebasing: text[...lf]), onRecord: onRecord)
            try parser.finish(onRecord: onRecord)
        } catch {
            return nil  // reported by the whole-file read
        }
        guard records == 1, let found else { return nil }
        mapping = found
        firstLine = 1 + RecordChunks.lineBreaks(UnsafeRawBufferPointer(rebasing: text[...lf]))
        guard
            let chunks = try? RecordChunks(fd: fd, dataStart: skip + lf + 1, size: size, chunkBytes: chunkBytes),
            !chunks.ranges.isEmpty,
            // A chunk far over the split size (no line feed for a long stretch, old Mac line
            // ends): mapped whole it would hold too much memory; read the file as a stream.
            chunks.ranges.allSatisfy({ $0.count <= Self.largestChunk(chunkBytes) })
        else { return nil }
        ranges = chunks.ranges
    }

    /// The largest chunk read whole: four times the split size, at least 64 MiB.
    static func largestChunk(_ chunkBytes: Int) -> Int { max(4 * chunkBytes, 64 << 20) }

    /// The file's size and SHA-256, read 1 MiB at a time.
    static func sha256(fd: Int32, size: Int) -> InputDigest? {
        var hasher = SHA256()
        var at = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while at < size {
            guard let n = try? RecordChunks.pread(fd, buffer, at: at), n > 0 else { return nil }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            at += n
        }
        return InputDigest(bytes: size, sha256: hasher.hexDigest())
    }
}
