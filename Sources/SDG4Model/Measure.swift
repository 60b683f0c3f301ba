/// What an input value counts (product.md §3): `enrolment`, `population`, `teachers`, ...
public struct Measure: RawRepresentable, Sendable, Hashable, Comparable, Codable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let enrolment = Measure(rawValue: "enrolment")
    public static let population = Measure(rawValue: "population")
    public static let teachers = Measure(rawValue: "teachers")
    public static let trainedTeachers = Measure(rawValue: "trained_teachers")
    public static let qualifiedTeachers = Measure(rawValue: "qualified_teachers")
    public static let newTeachers = Measure(rawValue: "new_teachers")
    public static let repeaters = Measure(rawValue: "repeaters")
    public static let newEntrants = Measure(rawValue: "new_entrants")
    public static let schools = Measure(rawValue: "schools")
    public static let outOfSchool = Measure(rawValue: "out_of_school")
    public static let expenditureEducation = Measure(rawValue: "expenditure_education")
    public static let expenditureTotal = Measure(rawValue: "expenditure_total")
    public static let gdp = Measure(rawValue: "gdp")

    /// The measures named in product.md §3, except the open family `schools_with_<service>`.
    public static let known: [Measure] = [
        .enrolment, .population, .teachers, .trainedTeachers, .qualifiedTeachers, .newTeachers,
        .repeaters, .newEntrants, .schools, .outOfSchool, .expenditureEducation,
        .expenditureTotal, .gdp,
    ]

    /// Whether this is a measure the pipeline file may name.
    public var isKnown: Bool {
        Measure.known.contains(self)
            || (rawValue.hasPrefix("schools_with_") && rawValue.count > "schools_with_".count)
    }

    /// Whether a value means nothing without an ISCED level (enrolment, teachers, schools, ...);
    /// population and finance may come without one.
    public var needsLevel: Bool { ![.population, .expenditureEducation, .expenditureTotal, .gdp].contains(self) }

    /// Whether values count persons, schools or the like (not money): these cannot exceed
    /// `largestCount`.
    public var isCount: Bool { ![.expenditureEducation, .expenditureTotal, .gdp].contains(self) }

    /// The largest plausible count (ten billion): above it a value is a typo or a wrong unit.
    public static let largestCount: Double = 1e10

    public static func < (lhs: Measure, rhs: Measure) -> Bool { lhs.rawValue < rhs.rawValue }
}
