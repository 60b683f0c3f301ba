import SDG4Model

/// A count given in two ways that disagree: for example a total for all ages in one file and
/// single ages that sum to something else in another.
public struct TotalMismatch: Sendable, Hashable {
    /// What was counted: `enrolment KGZ 2019 level 1 sex F`.
    public var description: String
    /// The value used, how it was given and where (a row of it).
    public var used: Double
    public var usedView: String
    public var usedAt: Provenance
    /// The disagreeing value, how it was given and where.
    public var other: Double
    public var otherView: String
    public var otherAt: Provenance
}

/// A breakdown (by age, by grade, ...) with a part given as missing: it is no sum, so the
/// total comes from another view (`usedView`) or is not known.
public struct IncompleteBreakdown: Sendable, Hashable {
    /// What was counted: `enrolment KGZ 2019 level 1 sex _T`.
    public var description: String
    /// The breakdown: `the sum by age`.
    public var view: String
    /// The part given as missing: `age 8`.
    public var missing: String
    public var missingAt: Provenance
    /// The view whose total is used instead, and a row of it; `nil` when there is none.
    public var usedView: String?
    public var usedAt: Provenance?
}

/// A count by single age in which more than 5 % of the total has an unknown age: worth a look
/// (UIS redistributes unknown ages above 5 % for age-specific indicators, indicators.md §1.3),
/// and the sign of a total row whose age cell was left empty.
public struct UnknownAgeShare: Sendable, Hashable {
    public var description: String
    public var unknown: Double
    /// The total including the unknown ages.
    public var total: Double
    /// The row with the unknown age.
    public var at: Provenance
}
