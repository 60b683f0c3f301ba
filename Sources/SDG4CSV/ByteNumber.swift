#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses numbers straight from a field's bytes, without making a `String`.
///
/// Decimal numbers with at most 15 significant digits take an exact fast path (an integer
/// mantissa divided by a power of ten, both exact in a `Double`, so the one rounding is the
/// correctly rounded result, bit for bit what `strtod` gives). Anything else (more digits,
/// exponents) falls back to `strtod` on a stack copy.
public enum ByteNumber {
    /// 10ⁿ for n in 0...22, all exact in a double: a switch of constants, not a global array
    /// (whose lazy initialisation is checked on every call: 2 % of reading a PISA file).
    @inline(__always)
    private static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// The decimal number in `field` (surrounding spaces allowed), or `nil` if the field is
    /// not exactly one number.
    public static func double(_ field: UnsafeRawBufferPointer) -> Double? {
        var i = 0
        var end = field.count
        while i < end, field[i] == 0x20 || field[i] == 0x09 { i += 1 }
        while end > i, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
        guard i < end else { return nil }
        let start = i
        var negative = false
        if field[i] == UInt8(ascii: "-") || field[i] == UInt8(ascii: "+") {
            negative = field[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var fractionDigits = 0
        var seenPoint = false
        while i < end {
            let b = field[i]
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                if significant > 0 || b != 0x30 { significant += 1 }
                if significant > 15 { return slowDouble(field, start, end) }
                mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                if seenPoint { fractionDigits += 1 }
            } else if b == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                return digits > 0 ? slowDouble(field, start, end) : nil
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, fractionDigits <= 22 else {
            return digits > 0 ? slowDouble(field, start, end) : nil
        }
        let value = Double(mantissa) / powerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// The integer in `field` (surrounding spaces allowed), or `nil`.
    public static func int(_ field: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        var end = field.count
        while i < end, field[i] == 0x20 { i += 1 }
        while end > i, field[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if field[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < end, end - i <= 18 else { return nil }
        var value = 0
        while i < end {
            let b = field[i]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
            i += 1
        }
        return negative ? -value : value
    }

    private static func slowDouble(_ field: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        let length = end - start
        guard length < 128 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: field[start + k]) }
            buffer[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &endPointer)
            guard let endPointer, endPointer == buffer.baseAddress! + length else { return nil }
            return value.isFinite ? value : nil
        }
    }
}
