/// How numbers are written in a file: the decimal mark and the thousands separators allowed
/// (`12,5`; `1 234 567`; `1'234.5`; `1.234,5`).
public struct NumberStyle: Sendable, Hashable {
    /// `.` or `,`.
    public var decimal: UInt8
    /// Thousands separators allowed between groups of three digits, as UTF-8 byte sequences.
    public var thousands: [[UInt8]]

    public init(decimal: UInt8 = UInt8(ascii: "."), thousands: [[UInt8]] = NumberStyle.spaces) {
        self.decimal = decimal
        self.thousands = thousands
    }

    /// Space, no-break space and narrow no-break space, and the apostrophe: never ambiguous.
    public static let spaces: [[UInt8]] = [[0x20], [0xC2, 0xA0], [0xE2, 0x80, 0xAF], [0x27]]

    /// Plain numbers with a dot (the default).
    public static let dot = NumberStyle()

    /// Decimal comma; the dot then may separate thousands too (`1.234,5`).
    public static let comma = NumberStyle(decimal: UInt8(ascii: ","), thousands: spaces + [[UInt8(ascii: ".")]])

    /// The number in `field`, or `nil`. Thousands separators are accepted only between groups
    /// of exactly three digits, so `1.5` with a comma style or `12 34` is not a number.
    public func double(_ field: UnsafeRawBufferPointer) -> Double? {
        if decimal == UInt8(ascii: ".") {
            // The common case, without a scan first: a field that does not start or end with a
            // space and that `ByteNumber` reads has no space, apostrophe or non-ASCII byte
            // inside either (it would not read it), so there is nothing to rewrite.
            if field.first != 0x20, field.last != 0x20, let value = ByteNumber.double(field) { return value }
            if !field.contains(where: { $0 == 0x20 || $0 == 0x27 || $0 >= 0x80 }) { return nil }
        }
        var i = 0
        var end = field.count
        while i < end, field[i] == 0x20 { i += 1 }
        while end > i, field[end - 1] == 0x20 { end -= 1 }
        guard i < end, end - i < 96 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: end - i + 1) { buffer in
            var n = 0
            var digitsInGroup = 0
            var sawSeparator = false
            var sawDecimal = false
            var k = i
            if field[k] == UInt8(ascii: "-") || field[k] == UInt8(ascii: "+") {
                buffer[n] = field[k]
                n += 1
                k += 1
            }
            while k < end {
                let b = field[k]
                if b >= 0x30 && b <= 0x39 {
                    buffer[n] = b
                    n += 1
                    digitsInGroup += 1
                    k += 1
                    continue
                }
                if b == decimal, !sawDecimal {
                    if sawSeparator && digitsInGroup != 3 { return nil }
                    buffer[n] = UInt8(ascii: ".")
                    n += 1
                    sawDecimal = true
                    k += 1
                    continue
                }
                if !sawDecimal, let sep = thousands.first(where: { matches($0, field, k, end) }) {
                    // A separator needs 1-3 digits before the first one and exactly 3 between.
                    if digitsInGroup == 0 || digitsInGroup > 3 || (sawSeparator && digitsInGroup != 3) { return nil }
                    sawSeparator = true
                    digitsInGroup = 0
                    k += sep.count
                    continue
                }
                if b == UInt8(ascii: "e") || b == UInt8(ascii: "E"), !sawSeparator {
                    buffer[n] = b
                    n += 1
                    k += 1
                    if k < end, field[k] == UInt8(ascii: "-") || field[k] == UInt8(ascii: "+") {
                        buffer[n] = field[k]
                        n += 1
                        k += 1
                    }
                    digitsInGroup = 0
                    continue
                }
                return nil
            }
            if sawSeparator && !sawDecimal && digitsInGroup != 3 { return nil }
            return ByteNumber.double(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<n]))
        }
    }

    private func matches(_ sep: [UInt8], _ field: UnsafeRawBufferPointer, _ at: Int, _ end: Int) -> Bool {
        guard at + sep.count <= end else { return false }
        for (j, b) in sep.enumerated() where field[at + j] != b { return false }
        return true
    }
}

/// The delimiter and number style of a file, guessed from its first lines unless the pipeline
/// file sets them.
public struct Dialect: Sendable, Hashable {
    public var delimiter: UInt8
    public var numbers: NumberStyle

    public init(delimiter: UInt8 = UInt8(ascii: ","), numbers: NumberStyle = .dot) {
        self.delimiter = delimiter
        self.numbers = numbers
    }

    /// The delimiter as `run.json` names it: `tab`, else the character.
    public var delimiterName: String {
        delimiter == 0x09 ? "tab" : String(UnicodeScalar(delimiter))
    }

    /// The delimiter among `,` `;` tab `|` that appears most in the first line outside quotes
    /// (on a tie the first of `,` `;` tab `|`; `,` when none does).
    public static func sniffDelimiter(_ head: UnsafeRawBufferPointer) -> UInt8 {
        // In the order that breaks a tie: a comma, then `;`, tab and `|` (never a dictionary's
        // order, which differs from one process to the next).
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var quoted = false
        for b in head {
            if b == 0x22 { quoted.toggle() }
            if !quoted && (b == 0x0A || b == 0x0D) { break }
            if !quoted, let i = candidates.firstIndex(of: b) { counts[i] += 1 }
        }
        var best = 0
        for i in counts.indices where counts[i] > counts[best] { best = i }
        return candidates[best]
    }

    /// Whether the numbers of the first lines use a decimal comma: with a delimiter other than
    /// `,`, some field is digits, a comma and digits (`12,5`, `1 234,5`).
    public static func sniffDecimalComma(_ head: UnsafeRawBufferPointer, delimiter: UInt8) -> Bool {
        guard delimiter != UInt8(ascii: ",") else { return false }
        var field: [UInt8] = []
        var found = false
        func check() {
            guard let comma = field.firstIndex(of: UInt8(ascii: ",")), comma > 0, comma < field.count - 1 else {
                return
            }
            let before = field[..<comma].filter {
                !($0 == 0x20 || $0 == 0xC2 || $0 == 0xA0 || $0 == 0x27 || $0 == 0x2E)
            }
            let after = field[(comma + 1)...]
            if !before.isEmpty, before.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 || $0 == 0x2D }),
                after.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            {
                found = true
            }
        }
        for b in head {
            if b == delimiter || b == 0x0A || b == 0x0D {
                check()
                field.removeAll(keepingCapacity: true)
            } else if b != 0x22 {
                field.append(b)
            }
            if found { return true }
        }
        return false
    }
}
