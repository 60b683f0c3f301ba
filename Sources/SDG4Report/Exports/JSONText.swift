/// A JSON value written as `JSONSerialization` writes it with `.prettyPrinted`, `.sortedKeys`
/// and `.withoutEscapingSlashes` (two-space indent, `" : "`, keys in order), without its
/// dynamic casts of `[String: Any]`: they made the data package a tenth of a small run's time.
enum JSONText {
    case string(String)
    case bool(Bool)
    case array([JSONText])
    case object([String: JSONText])

    /// The value's text, pretty-printed from `indent` levels in.
    func written(indent: Int = 0) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .string(let s): Self.quote(s, to: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.write(to: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : ""
            }
            out += "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            out += "{\n"
            for (i, key) in members.keys.sorted().enumerated() {
                out += inner
                Self.quote(key, to: &out)
                out += " : "
                members[key]!.write(to: &out, indent: indent + 1)
                out += i + 1 < members.count ? ",\n" : ""
            }
            out += "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    private static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
