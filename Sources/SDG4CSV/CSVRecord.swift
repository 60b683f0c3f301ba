/// One CSV record, as a view into the parser's buffer. Valid only inside the closure that
/// receives it: copy what you keep.
public struct CSVRecord {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let fieldEnds: UnsafeBufferPointer<Int>
    private let firstStart: Int

    /// 1-based physical line on which the record starts.
    public let line: Int
    /// The record's text as it stood in the (decoded) file, without its line break.
    public let raw: UnsafeRawBufferPointer
    /// The first field (1-based) that was longer than the parser's limit and was cut: the row
    /// must be rejected.
    public let oversizedField: Int?

    init(
        bytes: UnsafeBufferPointer<UInt8>, fieldEnds: UnsafeBufferPointer<Int>, firstStart: Int, line: Int,
        raw: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), oversizedField: Int? = nil
    ) {
        self.raw = raw
        self.oversizedField = oversizedField
        self.bytes = bytes
        self.fieldEnds = fieldEnds
        self.firstStart = firstStart
        self.line = line
    }

    /// Number of fields in the record.
    public var count: Int { fieldEnds.count }

    /// The raw bytes of field `index` (0-based), quotes removed and doubled quotes undone.
    public subscript(index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? firstStart : fieldEnds[index - 1]
        let end = fieldEnds[index]
        return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<end])
    }

    /// Field `index` decoded as UTF-8 (invalid bytes replaced). Allocates: not for hot paths.
    public func string(_ index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    /// All fields as strings. Allocates: for headers and error messages.
    public var strings: [String] { (0..<count).map(string) }
}
