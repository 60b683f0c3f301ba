/// Where the persons counted live, in SDMX codes (`U`, `R`, `_T`).
public enum Location: String, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case rural = "R"
    case urban = "U"
    case total = "_T"

    /// Sorted by code (`R`, `U`, `_T`), as every output lists them.
    public static func < (lhs: Location, rhs: Location) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The code, as outputs write it.
    public var description: String { rawValue }
}

/// The household wealth quintile of the persons counted (`Q1` poorest to `Q5` richest), or
/// `_T` for all.
public enum Wealth: String, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case q1 = "Q1"
    case q2 = "Q2"
    case q3 = "Q3"
    case q4 = "Q4"
    case q5 = "Q5"
    case total = "_T"

    /// The five quintiles, poorest first.
    public static let quintiles: [Wealth] = [.q1, .q2, .q3, .q4, .q5]

    /// Sorted by code (`Q1` … `Q5`, `_T`), as every output lists them.
    public static func < (lhs: Wealth, rhs: Wealth) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The code, as outputs write it.
    public var description: String { rawValue }
}
