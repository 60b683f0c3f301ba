/// One student of a learning assessment, cleaned: the groups they belong to and their
/// plausible values in each subject (`nil` where a plausible value is missing).
public struct AssessedStudent: Sendable, Hashable {
    public var country: Country
    public var year: Int
    /// Final student weight.
    public var weight: Double
    /// Point of measurement: `G2T3` (grade 2 or 3), `L1.GLAST` (end of primary), `L2.GLAST`
    /// (end of lower secondary).
    public var stage: String
    public var sex: Sex
    public var location: Location
    /// Socio-economic quintile `Q1`..`Q5`, or `_T`.
    public var wealth: Wealth
    /// Plausible values by subject, in the order the pipeline file lists them.
    public var scores: [String: [Double?]]
    /// Where the student sits in the sample's design (`.none` without `design:`).
    public var design: DesignPosition = .none

    public init(
        country: Country, year: Int, weight: Double, stage: String, sex: Sex = .total, location: Location = .total,
        wealth: Wealth = .total, scores: [String: [Double?]]
    ) {
        self.country = country
        self.year = year
        self.weight = weight
        self.stage = stage
        self.sex = sex
        self.location = location
        self.wealth = wealth
        self.scores = scores
    }
}
