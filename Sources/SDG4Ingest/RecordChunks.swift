import Foundation

/// A large file cut into chunks that start at line starts, to be parsed on several threads.
///
/// Chunk `k` starts after the first line feed at or after `dataStart + k × chunkBytes`: the cut
/// depends only on the file and `chunkBytes`, never on the number of threads, so the same
/// chunks (and sums in the same order) come out of any `--jobs`. A line feed may sit inside a
/// quoted field; the parser of the chunk before then ends inside that field, which the caller
/// checks (`CensusChunkReader.Result.endsBetweenRecords`) before trusting the cut.
public struct RecordChunks: Sendable {
    /// Byte ranges of the chunks, in file order, covering `dataStart..<size`.
    public let ranges: [Range<Int>]

    /// - Parameters:
    ///   - fd: the open file.
    ///   - dataStart: offset of the first data record (after the header).
    ///   - size: the file's size.
    ///   - chunkBytes: nominal chunk size.
    public init(fd: Int32, dataStart: Int, size: Int, chunkBytes: Int) throws {
        var starts = [dataStart]
        let window = 1 << 16
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: window, alignment: 16)
        defer { buffer.deallocate() }
        var nominal = dataStart + chunkBytes
        search: while nominal < size {
            var at = max(nominal, starts.last!)
            while true {
                let n = at < size ? try Self.pread(fd, buffer, at: at) : 0
                if n == 0 { break search }  // no line feed up to the end: the rest is one chunk
                if let lf = memchr(buffer.baseAddress!, 0x0A, n) {
                    let start = at + (UnsafeRawPointer(lf) - UnsafeRawPointer(buffer.baseAddress!)) + 1
                    if start < size && start > starts.last! { starts.append(start) }
                    break
                }
                at += n
            }
            nominal = max(nominal + chunkBytes, starts.last! + 1)
        }
        ranges = starts.indices.map { i in starts[i]..<(i + 1 < starts.count ? starts[i + 1] : size) }
    }

    /// Reads up to `buffer.count` bytes at `offset` (fewer only at the end of the file).
    public static func pread(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var got = 0
        while got < buffer.count {
            let n = Foundation.pread(fd, buffer.baseAddress! + got, buffer.count - got, off_t(offset + got))
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestError.unreadable(file: "", reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            got += n
        }
        return got
    }

    /// Line breaks in `bytes` as the CSV reader counts lines: LF, CRLF (once) and a lone CR.
    public static func lineBreaks(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        let lf = count(0x0A, in: bytes)
        guard memchr(base, 0x0D, bytes.count) != nil else { return lf }
        // CRs not followed by an LF are line breaks of their own.
        var lone = 0
        var p = base
        let end = base + bytes.count
        while p < end, let found = memchr(p, 0x0D, end - p) {
            let at = UnsafeRawPointer(found)
            if at + 1 == end || at.load(fromByteOffset: 1, as: UInt8.self) != 0x0A { lone += 1 }
            p = at + 1
        }
        return lf + lone
    }

    /// How many bytes of `bytes` equal `byte`: eight bytes at a time (a zero byte of
    /// `word ^ pattern` sets the high bit of that byte in `~(((t & 0x7F..) + 0x7F..) | t | 0x7F..)`).
    static func count(_ byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int {
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var total = 0
        var i = 0
        let n = bytes.count
        let base = bytes.baseAddress!
        while i + 8 <= n {
            let t = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            let y = ~(((t & low7) &+ low7) | t | low7)
            total &+= y.nonzeroBitCount
            i &+= 8
        }
        while i < n {
            if base.load(fromByteOffset: i, as: UInt8.self) == byte { total &+= 1 }
            i &+= 1
        }
        return total
    }
}

/// A byte range of a file mapped into memory, read-only and populated at once (no copy into a
/// buffer, no page fault per page); unmapped when released. Pages of the file that are mapped
/// count in the process's resident memory only while mapped.
public struct MappedRange: ~Copyable {
    private let base: UnsafeMutableRawPointer
    private let mappedLength: Int
    /// The bytes of the range.
    public let bytes: UnsafeRawBufferPointer

    /// Maps `range` of the open file `fd`; `nil` when the system refuses.
    public init?(fd: Int32, range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        let length = range.upperBound - start
        guard range.count > 0,
            let p = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, off_t(start)),
            p != MAP_FAILED
        else { return nil }
        base = p
        mappedLength = length
        bytes = UnsafeRawBufferPointer(start: p + (range.lowerBound - start), count: range.count)
    }

    deinit { munmap(base, mappedLength) }
}
