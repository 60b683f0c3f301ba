/// The age dimension of a count: all ages together, one year of age, or age not known.
public enum Age: Sendable, Hashable, Comparable, Codable {
    /// The input had no age: the count covers every age.
    case all
    /// Persons of exactly this age in completed years.
    case years(Int)
    /// The input had an age column but this row's age is unknown.
    case unknown
}
