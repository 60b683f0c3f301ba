import CLibCSV

/// The one binding of libcsv's parser (`csv_parser`) that both readers use: `CSVParser` (every
/// file) and the census chunk reader. It owns the parser's memory and names libcsv's parser
/// states once (they are `#define`s in libcsv.c, not in its header).
public final class LibCSV {
    /// libcsv's `pstate`.
    public enum State: Int32 {
        case rowNotBegun = 0
        case fieldNotBegun = 1
        case fieldBegun = 2
        case fieldMightHaveEnded = 3
    }

    /// The parser, for `csv_parse` and `csv_fini` with the caller's callbacks.
    public let parser: UnsafeMutablePointer<csv_parser>

    public init(delimiter: UInt8) {
        parser = .allocate(capacity: 1)
        csv_init(parser, 0)
        csv_set_delim(parser, delimiter)
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
    }

    /// The parser's state now.
    public var state: State { State(rawValue: parser.pointee.pstate) ?? .fieldBegun }

    /// No record is open: the bytes fed so far end between records (blank lines do not count).
    public var betweenRecords: Bool { state == .rowNotBegun }

    /// A quoted field is open: at the end of the input it lacks its closing quote.
    public var inQuotedField: Bool { parser.pointee.quoted != 0 && state == .fieldBegun }

    /// Where libcsv keeps the size of its field buffer (`entry_size`), for the C field
    /// callback of the census reader.
    public var entrySize: UnsafePointer<Int> {
        UnsafeRawPointer(parser).advanced(by: MemoryLayout<csv_parser>.offset(of: \.entry_size)!)
            .assumingMemoryBound(to: Int.self)
    }

    /// How a chunk of a file parsed with C callbacks ended (the chunk readers of a census and
    /// of an assessment).
    public struct ChunkEnd: Sendable {
        /// libcsv stopped (out of memory).
        public var parseFailed = false
        /// The file's last chunk ended inside a quoted field.
        public var unterminatedQuote = false
        /// libcsv was between records at the end of a chunk that is not the last: its cut was
        /// a record boundary.
        public var betweenRecords = true
    }

    /// Parses one record-aligned chunk with the caller's C callbacks, then finishes the file
    /// (`last`) or notes whether the chunk ended between records.
    public func parseChunk(
        _ bytes: UnsafeRawBufferPointer, last: Bool,
        field: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void,
        record: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void, context: UnsafeMutableRawPointer
    ) -> ChunkEnd {
        var end = ChunkEnd()
        if let base = bytes.baseAddress, bytes.count > 0 {
            end.parseFailed = csv_parse(parser, base, bytes.count, field, record, context) != bytes.count
        }
        if last {
            end.unterminatedQuote = inQuotedField
            csv_fini(parser, field, record, context)
        } else {
            end.betweenRecords = betweenRecords
        }
        return end
    }

    /// libcsv's message for its last error.
    public var errorText: String { String(cString: csv_strerror(csv_error(parser))) }
}
