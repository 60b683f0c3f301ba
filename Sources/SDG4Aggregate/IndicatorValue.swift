import SDG4Model

/// One computed indicator value: a row of `indicators.csv` (product.md §4).
public struct IndicatorValue: Sendable, Hashable, Comparable {
    /// sdg4 indicator id (`ger`, `ger.gpia`, `ptr`, ...).
    public var indicator: String
    /// UIS id where one exists (`GER.1.F`), else empty.
    public var uisId: String
    /// SDG series code where one is confirmed, else empty.
    public var sdgSeries: String
    public var country: Country
    public var year: Int
    /// ISCED level code, empty when the indicator has no level.
    public var level: String
    public var sex: Sex
    public var location: Location
    public var wealth: Wealth
    /// Official age group used (`6-9`), empty when none applies.
    public var ageGroup: String
    /// The value, unrounded.
    public var value: Double
    public var numerator: Double
    public var denominator: Double
    public var unit: String
    /// Flag codes, sorted (`estimate`, `implausible`).
    public var flags: [String]
    /// Ids of the sources used, in pipeline order.
    public var sources: [String]

    public init(
        indicator: String, uisId: String, sdgSeries: String = "", country: Country, year: Int, level: String,
        sex: Sex = .total, location: Location = .total, wealth: Wealth = .total, ageGroup: String = "", value: Double,
        numerator: Double, denominator: Double, unit: String, flags: [String] = [], sources: [String] = []
    ) {
        self.indicator = indicator
        self.uisId = uisId
        self.sdgSeries = sdgSeries
        self.country = country
        self.year = year
        self.level = level
        self.sex = sex
        self.location = location
        self.wealth = wealth
        self.ageGroup = ageGroup
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.unit = unit
        self.flags = flags
        self.sources = sources
    }

    /// File order: indicator, country, year, level, sex, location, wealth, UIS id, age group.
    public static func < (a: IndicatorValue, b: IndicatorValue) -> Bool {
        if a.indicator != b.indicator { return a.indicator < b.indicator }
        if a.country != b.country { return a.country < b.country }
        if a.year != b.year { return a.year < b.year }
        if a.level != b.level { return Level(rawValue: a.level) < Level(rawValue: b.level) }
        if a.sex != b.sex { return a.sex < b.sex }
        if a.location != b.location { return a.location < b.location }
        if a.wealth != b.wealth { return a.wealth < b.wealth }
        // Some indicators have several values per cell (literacy of 15-24 and of 15+): the UIS
        // id and age group make the order total, so it never depends on how values were found.
        if a.uisId != b.uisId { return a.uisId < b.uisId }
        return a.ageGroup < b.ageGroup
    }
}
