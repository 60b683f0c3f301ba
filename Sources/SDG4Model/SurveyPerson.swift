/// One person of a household survey, cleaned: who they are and what the survey says about their
/// education. Answers not given are `nil` and are left out of the indicators that need them.
public struct SurveyPerson: Sendable, Hashable {
    public var country: Country
    public var year: Int
    /// Sampling weight (household weight).
    public var weight: Double
    /// Age in completed years at interview (adjusted later, per survey, by the §1.3 rule).
    public var age: Int
    /// `F` or `M`; `_T` when the survey does not say.
    public var sex: Sex
    /// `U`, `R`, or `_T` when unknown.
    public var location: Location
    /// `Q1`..`Q5`, or `_T` when unknown.
    public var wealth: Wealth
    /// Month of the interview (1-12), for the age adjustment.
    public var interviewMonth: Int?
    /// Attends school (any level) in the current school year.
    public var attending: Bool?
    /// The level attended, when attending and known.
    public var attendingLevel: Level?
    /// Highest grade completed, counted from grade 1 of primary (years of schooling).
    public var yearsOfSchooling: Int?
    public var literate: Bool?
    /// Took part in formal or non-formal education or training in the last 12 months (4.3.1).
    public var participating: Bool?
    /// Where the person sits in the sample's design (`.none` without `design:`).
    public var design: DesignPosition = .none

    public init(
        country: Country, year: Int, weight: Double, age: Int, sex: Sex = .total, location: Location = .total,
        wealth: Wealth = .total, interviewMonth: Int? = nil, attending: Bool? = nil, attendingLevel: Level? = nil,
        yearsOfSchooling: Int? = nil, literate: Bool? = nil, participating: Bool? = nil
    ) {
        self.country = country
        self.year = year
        self.weight = weight
        self.age = age
        self.sex = sex
        self.location = location
        self.wealth = wealth
        self.interviewMonth = interviewMonth
        self.attending = attending
        self.attendingLevel = attendingLevel
        self.yearsOfSchooling = yearsOfSchooling
        self.literate = literate
        self.participating = participating
    }
}
