/// How serious a data problem is.
public enum Severity: String, Sendable, Hashable, Comparable, Codable {
    /// The row or file was rejected; its data did not go into the results.
    case error
    /// The data went through but deserves a look (an identical duplicate, say).
    case warning
    /// Something worth knowing that changes nothing (rows outside the year filter).
    case info

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }
}

/// One problem found in the inputs, located as precisely as possible and explained for a
/// statistician: what was found, what was expected, what to do.
///
/// Codes are stable (`row.bad-number`, `header.missing-column`, ...): scripts may rely on them.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// The stable id of its `ProblemCode` (`row.bad-number`).
    public var code: String
    public var severity: Severity
    /// Source id from the pipeline file; empty for problems not tied to a source.
    public var source: String
    /// Path of the file as given by the pipeline (relative paths stay relative).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column (field number); 0 when the problem concerns the whole row or file.
    public var column: Int
    /// The offending text, shortened to 60 characters.
    public var value: String
    public var message: String
    public var hint: String
    /// How many problems this entry stands for: 1, or more for the line that sums up the
    /// problems of a code beyond those listed one by one.
    public var occurrences: Int = 1

    /// A problem of kind `code`, at its declared severity unless `severity` says otherwise.
    public init(
        code: ProblemCode, severity: Severity? = nil, source: String = "", file: String = "", line: Int = 0,
        column: Int = 0, value: String = "", message: String, hint: String = ""
    ) {
        self.code = code.id
        self.severity = severity ?? code.severity
        self.source = source
        self.file = file
        self.line = line
        self.column = column
        self.value = Diagnostic.shorten(value)
        self.message = message
        self.hint = hint
    }

    /// `file:line:column` as far as it is known.
    public var location: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if column > 0 { s += ":\(column)" }
        return s
    }

    /// One line for a terminal: `error row.bad-number data.csv:4:6: message (hint)`.
    public var formatted: String {
        var s = "\(severity.rawValue) \(code)"
        if !location.isEmpty { s += " \(location)" }
        s += ": \(message)"
        if !hint.isEmpty { s += " Hint: \(hint)" }
        return s
    }

    static func shorten(_ s: String) -> String {
        s.count <= 60 ? s : String(s.prefix(57)) + "..."
    }
}
