import SDG4Model

/// Problems that stop a whole input file from being read.
public enum IngestError: Error, Sendable, Equatable {
    /// The file cannot be opened or read.
    case unreadable(file: String, reason: String)
    /// The file has no header row.
    case empty(file: String)
    /// The header lacks a column the source needs.
    case missingColumns(file: String, line: Int, missing: [String], found: [String])
    /// The file holds NUL bytes: it is binary, not text.
    case binary(file: String, offset: Int)
    /// A mapped column name appears more than once in the header (1-based columns).
    case ambiguousColumn(file: String, line: Int, name: String, columns: [Int])

    /// Stable problem code, as listed in docs/errors.md.
    public var code: ProblemCode {
        switch self {
        case .unreadable: .fileUnreadable
        case .empty: .fileEmpty
        case .missingColumns: .headerMissingColumn
        case .ambiguousColumn: .headerAmbiguousColumn
        case .binary: .fileBinary
        }
    }
}
