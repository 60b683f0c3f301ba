import CLibCSV

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming CSV parser on top of libcsv.
///
/// Feed it chunks of any size (a chunk may end inside a field, a quoted newline or a CRLF);
/// it calls back once per complete record with the record's fields and the physical line
/// the record starts on. It never holds more than the record being parsed.
///
/// Lines are tracked by handing libcsv one physical line at a time: a record's start line is
/// the line being fed when its first field ends, less the newlines inside that field.
///
/// Not thread-safe: each work item creates its own parser.
public final class CSVParser {
    private let libcsv: LibCSV
    private var parser: UnsafeMutablePointer<csv_parser> { libcsv.parser }
    private let state: UnsafeMutablePointer<CSVParseState>
    private var finished = false
    private let maxRecordBytes: Int
    /// Bytes fed since the last record was completed.
    private var pendingBytes = 0
    /// The last chunk ended with a CR: an LF starting the next chunk belongs to the same break.
    private var afterCR = false
    /// The text of the record being read, as fed.
    private var raw: [UInt8] = []

    /// Creates a parser.
    /// - Parameters:
    ///   - delimiter: the field separator byte (`,` by default).
    ///   - maxFieldBytes: a field longer than this is cut to its first bytes and its record marked
    ///     (`CSVRecord.oversizedField`), so the row is rejected and the rest of the file read.
    ///   - maxRecordBytes: a record longer than this is an error, found while it is still being
    ///     read (an unterminated quote would otherwise buffer the rest of the file).
    ///   - firstLine: the line number of the first byte fed (a chunk of a larger file).
    public init(
        delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 4 << 20,
        firstLine: Int = 1
    ) {
        self.maxRecordBytes = maxRecordBytes
        libcsv = LibCSV(delimiter: delimiter)
        state = .allocate(capacity: 1)
        state.initialize(to: CSVParseState(maxFieldBytes: maxFieldBytes))
        state.pointee.currentLine = firstLine
        state.pointee.lastRecordEndLine = firstLine - 1
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Whether the bytes fed so far end between two records (not inside a field or a quoted
    /// line break): where a chunk of a larger file may be cut.
    public var betweenRecords: Bool { libcsv.betweenRecords }

    /// Number of records delivered so far.
    public var recordCount: Int { state.pointee.recordsDelivered }

    /// Parses `chunk`, calling `onRecord` for every record it completes.
    public func feed(
        _ chunk: UnsafeRawBufferPointer, onRecord: (CSVRecord) throws -> Void
    ) throws {
        precondition(!finished, "feed after finish")
        guard var p = chunk.baseAddress, chunk.count > 0 else { return }
        let end = p + chunk.count
        // A CR that ended the previous chunk and an LF that starts this one are one line break.
        if afterCR, p.load(as: UInt8.self) == 0x0A {
            try parsePiece(p, 1)
            try drain(onRecord)
            p += 1
        }
        afterCR = false
        // Next LF and CR in the chunk, found with memchr and reused until passed: O(n).
        var nextLF = memchr(p, 0x0A, end - p).map { UnsafeRawPointer($0) }
        var nextCR = memchr(p, 0x0D, end - p).map { UnsafeRawPointer($0) }
        while p < end {
            if let lf = nextLF, lf < p { nextLF = memchr(p, 0x0A, end - p).map { UnsafeRawPointer($0) } }
            if let cr = nextCR, cr < p { nextCR = memchr(p, 0x0D, end - p).map { UnsafeRawPointer($0) } }
            // A physical line ends at LF, CRLF or a lone CR (old Mac files).
            var lineEnd: UnsafeRawPointer?
            switch (nextLF, nextCR) {
            case (let lf?, let cr?): lineEnd = cr < lf ? (cr + 1 == lf ? lf : cr) : lf
            case (let lf?, nil): lineEnd = lf
            case (nil, let cr?): lineEnd = cr
            case (nil, nil): lineEnd = nil
            }
            let pieceLength = lineEnd.map { $0 - p + 1 } ?? (end - p)
            // Keep the text of the record being read (blank lines between records left out),
            // so that a rejected row can be copied verbatim.
            if !libcsv.betweenRecords || !Self.isBlank(UnsafeRawBufferPointer(start: p, count: pieceLength)) {
                // Typed as UInt8, so that the append is one copy (a raw buffer goes byte by byte).
                raw.append(contentsOf: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: pieceLength))
            }
            try parsePiece(p, pieceLength)
            let recordOpen = !libcsv.betweenRecords
            pendingBytes = recordOpen ? (state.pointee.completed.isEmpty ? pendingBytes : 0) + pieceLength : 0
            try drain(onRecord)
            if pendingBytes > maxRecordBytes {
                throw CSVError.recordTooLong(
                    line: state.pointee.recordStartLine ?? state.pointee.lastRecordEndLine + 1, limit: maxRecordBytes)
            }
            if let lineEnd {
                state.pointee.currentLine += 1
                afterCR = lineEnd.load(as: UInt8.self) == 0x0D && lineEnd + 1 == end
            }
            p += pieceLength
        }
    }

    /// Ends the input: delivers a last record that has no newline, and reports an
    /// unterminated quoted field.
    public func finish(onRecord: (CSVRecord) throws -> Void) throws {
        guard !finished else { return }
        finished = true
        // A quoted field still open at the end of the input lacks its closing quote.
        let unterminated = libcsv.inQuotedField
        let startLine = state.pointee.recordStartLine ?? state.pointee.lastRecordEndLine + 1
        if unterminated {
            throw CSVError.unterminatedQuote(line: startLine)
        }
        csv_fini(parser, csvFieldCallback, csvRecordCallback, state)
        try drain(onRecord)
    }

    private func parsePiece(_ p: UnsafeRawPointer, _ length: Int) throws {
        let used = csv_parse(parser, p, length, csvFieldCallback, csvRecordCallback, state)
        if used != length {
            let text = libcsv.errorText
            throw CSVError.parser(line: state.pointee.currentLine, message: text)
        }
    }

    private func drain(_ onRecord: (CSVRecord) throws -> Void) throws {
        guard !state.pointee.completed.isEmpty else { return }
        defer {
            state.pointee.compact()
            raw.removeAll(keepingCapacity: true)
        }
        let s = state.pointee
        var rawEnd = raw.count
        while rawEnd > 0, raw[rawEnd - 1] == 0x0A || raw[rawEnd - 1] == 0x0D { rawEnd -= 1 }
        try raw.withUnsafeBytes { rawBytes in
            try s.bytes.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[0..<s.byteCount])
                try s.fieldEnds.withUnsafeBufferPointer { ends in
                    for (i, mark) in s.completed.enumerated() {
                        let fieldEnds = UnsafeBufferPointer(
                            rebasing: ends[mark.firstField..<mark.firstField + mark.fieldCount])
                        let firstStart = mark.firstField == 0 ? 0 : ends[mark.firstField - 1]
                        // The raw text belongs to the last record completed by these bytes.
                        let text =
                            i == s.completed.count - 1
                            ? UnsafeRawBufferPointer(rebasing: rawBytes[0..<rawEnd])
                            : UnsafeRawBufferPointer(start: nil, count: 0)
                        try onRecord(
                            CSVRecord(
                                bytes: bytes, fieldEnds: fieldEnds, firstStart: firstStart, line: mark.line, raw: text,
                                oversizedField: mark.oversizedColumn))
                    }
                }
            }
        }
        state.pointee.recordsDelivered += s.completed.count
    }

    private static func isBlank(_ piece: UnsafeRawBufferPointer) -> Bool {
        piece.allSatisfy { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
    }
}

/// Problems that stop a CSV file from being read further.
public enum CSVError: Error, Sendable, Equatable {
    /// A quoted field was opened and never closed before the end of the file.
    case unterminatedQuote(line: Int)
    /// A record is still open after more bytes than the limit (an unterminated quote, or not CSV).
    case recordTooLong(line: Int, limit: Int)
    /// libcsv gave up (out of memory).
    case parser(line: Int, message: String)
}

/// Parser state reached from libcsv's C callbacks through the `void *` argument.
struct CSVParseState {
    struct RecordMark {
        var firstField: Int
        var fieldCount: Int
        var oversizedColumn: Int?
        var line: Int
    }

    let maxFieldBytes: Int
    /// The fields' bytes: the first `byteCount` are in use (the rest is room to grow, so that
    /// a field is one `memcpy`, not an append: 116 fields a row in a PISA file).
    var bytes: [UInt8] = []
    var byteCount = 0
    var fieldEnds: [Int] = []
    var completed: [RecordMark] = []
    var currentRecordFirstField = 0
    var currentLine = 1
    var recordStartLine: Int?
    /// The first field of the record being read that was over the limit (1-based).
    var oversizedColumn: Int?
    var lastRecordEndLine = 0
    var recordsDelivered = 0

    init(maxFieldBytes: Int) {
        self.maxFieldBytes = maxFieldBytes
        bytes = [UInt8](repeating: 0, count: 4096)
        fieldEnds.reserveCapacity(64)
    }

    mutating func addField(_ data: UnsafeRawBufferPointer) {
        if currentRecordFirstField == fieldEnds.count {
            // Line breaks inside the field: LF, CRLF (once) or a lone CR, as the feeder counts them.
            var newlines = 0
            for (i, b) in data.enumerated()
            where b == 0x0A || (b == 0x0D && (i + 1 == data.count || data[i + 1] != 0x0A)) {
                newlines += 1
            }
            recordStartLine = currentLine - newlines
        }
        var n = data.count
        if n > maxFieldBytes {
            if oversizedColumn == nil { oversizedColumn = fieldEnds.count - currentRecordFirstField + 1 }
            n = min(64, data.count)
        }
        if byteCount + n > bytes.count {
            bytes += [UInt8](repeating: 0, count: max(bytes.count, byteCount + n - bytes.count))
        }
        if n > 0, let source = data.baseAddress {
            let at = byteCount
            bytes.withUnsafeMutableBytes { target in
                (target.baseAddress! + at).copyMemory(from: source, byteCount: n)
            }
        }
        byteCount += n
        fieldEnds.append(byteCount)
    }

    mutating func endRecord() {
        let count = fieldEnds.count - currentRecordFirstField
        if count == 0 { return }
        completed.append(
            RecordMark(
                firstField: currentRecordFirstField, fieldCount: count, oversizedColumn: oversizedColumn,
                line: recordStartLine ?? currentLine))
        currentRecordFirstField = fieldEnds.count
        recordStartLine = nil
        oversizedColumn = nil
        lastRecordEndLine = currentLine
    }

    /// Drops delivered records, keeping the fields of the record still being parsed.
    mutating func compact() {
        completed.removeAll(keepingCapacity: true)
        let keepFrom = currentRecordFirstField
        if keepFrom == fieldEnds.count {
            byteCount = 0
            fieldEnds.removeAll(keepingCapacity: true)
        } else {
            let byteStart = keepFrom == 0 ? 0 : fieldEnds[keepFrom - 1]
            let kept = byteCount - byteStart
            bytes.withUnsafeMutableBytes { b in
                if kept > 0 { b.baseAddress!.copyMemory(from: b.baseAddress! + byteStart, byteCount: kept) }
            }
            byteCount = kept
            fieldEnds.removeSubrange(0..<keepFrom)
            for i in fieldEnds.indices { fieldEnds[i] -= byteStart }
        }
        currentRecordFirstField = 0
    }
}

private func csvFieldCallback(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    let state = context!.assumingMemoryBound(to: CSVParseState.self)
    state.pointee.addField(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length))
}

private func csvRecordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    let state = context!.assumingMemoryBound(to: CSVParseState.self)
    state.pointee.endRecord()
}
