import Foundation

/// Writes CSV text (RFC 4180): fields quoted when they hold a comma, quote or line break.
public struct CSVText {
    public private(set) var text = ""

    public init(header: [String]) { append(header) }

    /// Appends one row.
    public mutating func append(_ fields: [String]) {
        text += fields.map(CSVText.escape).joined(separator: ",")
        text += "\n"
    }

    /// A field as written in CSV.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
