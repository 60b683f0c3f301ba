import Foundation

/// How numbers are written in machine-readable outputs.
public enum NumberFormat {
    /// The shortest text that reads back as exactly the same `Double` (so nothing is rounded
    /// away), without exponent notation; whole numbers without a decimal point.
    public static func exact(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = value.description
        guard text.contains("e") else { return text }
        return expand(text)
    }

    /// A value rounded for people: `decimals` places (`–` for a value that is not finite).
    public static func rounded(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var text = String(format: "%.\(max(0, decimals))f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }

    /// `1.5e-05` → `0.000015`; `1.2e+20` → `120000000000000000000`.
    private static func expand(_ text: String) -> String {
        let parts = text.split(separator: "e")
        var mantissa = String(parts[0])
        let exponent = Int(parts[1])!
        var negative = false
        if mantissa.hasPrefix("-") {
            negative = true
            mantissa.removeFirst()
        }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(pieces[0])
        let fracPart = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        }
        if point >= digits.count { digits += String(repeating: "0", count: point - digits.count) }
        let head = String(digits.prefix(point))
        var tail = String(digits.dropFirst(point))
        while tail.hasSuffix("0") { tail.removeLast() }
        return (negative ? "-" : "") + head + (tail.isEmpty ? "" : "." + tail)
    }
}
