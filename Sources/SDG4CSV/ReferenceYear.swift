/// A reference year as files write it: `2020`, or a school year, `2019/2020`, `2019/20`,
/// `2019-2020` or `2019–2020`, which is the reference year in which it ends (2020; the
/// convention of docs/methodology.md). Every reader of a year reads it through here, so a
/// school year is understood wherever a year is.
public enum ReferenceYear {
    /// The year in `field` (spaces around it allowed), or `nil`.
    public static func parse(_ field: UnsafeRawBufferPointer) -> Int? {
        if let year = ByteNumber.int(field) { return year }
        var i = 0
        var end = field.count
        while i < end, field[i] == 0x20 { i += 1 }
        while end > i, field[end - 1] == 0x20 { end -= 1 }
        guard end - i >= 7, let start = digits(field, i, 4) else { return nil }
        var k = i + 4
        if field[k] == UInt8(ascii: "/") || field[k] == UInt8(ascii: "-") {
            k += 1
        } else if end - k > 3, field[k] == 0xE2, field[k + 1] == 0x80, field[k + 2] == 0x93 {
            k += 3  // an en dash
        } else {
            return nil
        }
        switch end - k {
        case 4:
            guard let last = digits(field, k, 4), last == start + 1 else { return nil }
            return last
        case 2:
            guard let last = digits(field, k, 2), last == (start + 1) % 100 else { return nil }
            return start + 1
        default:
            return nil
        }
    }

    /// The year a text gives (a pipeline file's `year:`, a header of a wide table), or `nil`.
    public static func parse(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    private static func digits(_ field: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? {
        var v = 0
        for k in at..<at + count {
            let d = field[k] &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }
}
