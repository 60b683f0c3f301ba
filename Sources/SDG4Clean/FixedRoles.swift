import SDG4CSV
import SDG4Ingest
import SDG4Model

/// The roles of a `table` file given once instead of per row: fixed on the source
/// (`country: KAZ`, `year: 2019/2020`, `level: "1"`, `sex: _T`) or by the header of a wide
/// table's value column. Decoded by the same code lists as a row's fields, so `country: 398`,
/// `sex: Женщины` or `year: 2019/20` mean what they mean in a column.
public struct FixedRoles: Sendable, Hashable {
    public var country: Country?
    public var year: Int?
    public var level: Level?
    public var sex: Sex?
    public var age: Age?
    public var grade: Int?
    public var location: Location?
    public var wealth: Wealth?
    public var measure: Measure?

    public init() {}

    /// The roles that may be fixed or given by a wide table's headers (not `value`).
    public static let roles: [FieldRole] = FieldRole.allCases.filter { $0 != .value }

    /// `fixed` decoded; the first text that is no value of its role throws, with what it expects.
    public init(_ fixed: [FieldRole: String]) throws(FixedRoles.Invalid) {
        for (role, text) in fixed.sorted(by: { $0.key < $1.key }) { try set(role, text) }
    }

    /// A text that is no value of its role.
    public struct Invalid: Error, Sendable {
        public var role: FieldRole
        public var text: String
        /// What the role takes, for the message.
        public var expected: String
    }

    /// Sets `role` from `text`, decoded as a row's field would be.
    public mutating func set(_ role: FieldRole, _ text: String) throws(FixedRoles.Invalid) {
        func invalid(_ expected: String) -> Invalid { Invalid(role: role, text: text, expected: expected) }
        switch role {
        case .country:
            guard let c = CodeLists.country(text) else { throw invalid("an ISO3, ISO2 or M49 code or a country name") }
            country = c
        case .year:
            guard let y = ReferenceYear.parse(text), plausibleYears.contains(y) else {
                throw invalid("a year (2020) or school year (2019/2020)")
            }
            year = y
        case .level:
            guard let l = CodeLists.level(text) else { throw invalid("an ISCED level (02, 1, 2, 3, 2T3, ...)") }
            level = l
        case .sex:
            guard let s = CodeLists.sex(text) else { throw invalid("a sex code (F, M, _T)") }
            sex = s
        case .age:
            if let n = Int(text), (0...120).contains(n) {
                age = .years(n)
            } else if let word = CodeLists.ageWord(text) {
                age = word
            } else {
                throw invalid("an age in completed years, or _T")
            }
        case .grade:
            guard let g = Int(text), (1...20).contains(g) else { throw invalid("a grade (1-20)") }
            grade = g
        case .location:
            guard let l = CodeLists.location(text) else { throw invalid("a location code (U, R, _T)") }
            location = l
        case .wealth:
            guard let w = CodeLists.wealth(text) else { throw invalid("a wealth quintile (Q1-Q5, _T)") }
            wealth = w
        case .measure:
            let m = Measure(rawValue: CodeLists.fold(text))
            guard m.isKnown else { throw invalid("a measure (\(Measure.known.map(\.rawValue).joined(separator: ", ")))") }
            measure = m
        case .value:
            throw invalid("no fixed value: values are read from the file")
        }
    }

    /// Whether `role` is fixed.
    public func has(_ role: FieldRole) -> Bool {
        switch role {
        case .country: country != nil
        case .year: year != nil
        case .level: level != nil
        case .sex: sex != nil
        case .age: age != nil
        case .grade: grade != nil
        case .location: location != nil
        case .wealth: wealth != nil
        case .measure: measure != nil
        case .value: false
        }
    }
}
