import SDG4Aggregate
import SDG4Model

/// What one input file gave: its values, its problems and its row counts.
public struct FileResult: Sendable, Codable {
    public var partial: PartialAggregate
    public var diagnostics: [Diagnostic]
    public var input: InputSummary
    /// Rejected rows, verbatim, for `rejects/<source-id>.csv`.
    public var rejects: [RejectedRow]

    public init(partial: PartialAggregate, diagnostics: [Diagnostic], input: InputSummary, rejects: [RejectedRow]) {
        self.partial = partial
        self.diagnostics = diagnostics
        self.input = input
        self.rejects = rejects
    }
}

/// A rejected input row as it stood in the file (decoded to UTF-8), with why.
public struct RejectedRow: Sendable, Hashable, Codable {
    public var line: Int
    public var codes: [String]
    public var text: String
}

/// The rejected rows of a file, the first `limit` kept verbatim, the rest counted.
struct RejectLog {
    let limit: Int
    private(set) var rows: [RejectedRow] = []
    private(set) var notKept = 0

    init(limit: Int) { self.limit = limit }

    /// The warning that rows were rejected beyond those copied, if any were.
    func truncation(source: String, file: String) -> Diagnostic? {
        guard notKept > 0 else { return nil }
        return Diagnostic(
            code: .rejectsTruncated, source: source, file: file,
            message:
                "\(notKept) more rejected row(s) were not copied to rejects/\(source).csv (the first \(limit) are there).",
            hint: "Fix the rows listed first; the rest are usually the same mistake.")
    }

    /// Adds the rejected rows of the next chunk of the same file, their lines moved down by
    /// `shift`: the first `limit` in file order kept, the rest counted.
    mutating func merge(_ other: RejectLog, shiftingLinesBy shift: Int) {
        for var row in other.rows {
            guard rows.count < limit else {
                notKept += 1
                continue
            }
            row.line += shift
            rows.append(row)
        }
        notKept += other.notKept
    }

    mutating func add(line: Int, codes: [String], text: UnsafeRawBufferPointer) {
        guard rows.count < limit else {
            notKept += 1
            return
        }
        var unique: [String] = []
        for c in codes where !unique.contains(c) { unique.append(c) }
        rows.append(RejectedRow(line: line, codes: unique, text: String(decoding: text, as: UTF8.self)))
    }
}
