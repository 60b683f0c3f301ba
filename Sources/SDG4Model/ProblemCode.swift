/// What kind of problem a `Diagnostic` reports: its stable code (`row.bad-number`), how serious
/// it is, where it belongs in docs/errors.md, an example of its message and what to do about it.
///
/// Every code sdg4 can report is declared once, in `ProblemCode+Input.swift`, `+Design`,
/// `+Inbox`, `+Export` and `+Results`; docs/errors.md is generated from them (`make docs`) and a test keeps
/// it current. Scripts may rely on the codes: they never change meaning.
public struct ProblemCode: Sendable, Hashable, CustomStringConvertible {
    /// The section of docs/errors.md a code is listed in.
    public enum Group: String, Sendable, CaseIterable {
        case input, inbox, export, results
    }

    /// The stable code, as written to `quality.json`.
    public let id: String
    /// How serious it is: an error rejects the row or file (with `--strict`, exit 1).
    public let severity: Severity
    public let group: Group
    /// An example of the message (Markdown).
    public let example: String
    /// What to do (Markdown).
    public let fix: String

    init(_ id: String, _ severity: Severity, _ group: Group, example: String, fix: String) {
        self.id = id
        self.severity = severity
        self.group = group
        self.example = example
        self.fix = fix
    }

    public var description: String { id }

    /// Every code, in the order of docs/errors.md.
    public static let all: [ProblemCode] = inputCodes + designCodes + inboxCodes + exportCodes + resultsCodes

    /// The code with this id, if sdg4 has one.
    public static func named(_ id: String) -> ProblemCode? { byId[id] }
    private static let byId = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}

extension ProblemCode {
    /// The Markdown table of one group, as docs/errors.md shows it.
    public static func table(_ group: Group) -> String {
        var lines = ["| code | severity | example | how to fix |", "|---|---|---|---|"]
        for code in all where code.group == group {
            lines.append("| `\(code.id)` | \(code.severity.rawValue) | \(code.example) | \(code.fix) |")
        }
        return lines.joined(separator: "\n")
    }

    /// `document` (docs/errors.md) with each generated table replaced by the current one: the
    /// lines between `<!-- problem codes: GROUP -->` and `<!-- end of problem codes -->`.
    public static func updating(_ document: String) -> String {
        var out: [Substring] = []
        var skipping = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if skipping {
                guard line == endMarker else { continue }
                skipping = false
            }
            out.append(line)
            if line.hasPrefix(startMarker), line.hasSuffix(" -->"),
                let group = Group(rawValue: String(line.dropFirst(startMarker.count).dropLast(4)))
            {
                out.append(Substring(table(group)))
                skipping = true
            }
        }
        return out.joined(separator: "\n")
    }

    static let startMarker = "<!-- problem codes: "
    static let endMarker = "<!-- end of problem codes -->"
}
