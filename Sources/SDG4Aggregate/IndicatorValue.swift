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
    /// Flag codes, sorted (`estimate`, `implausible`): words of `flagWords`.
    public var flags: [String]

    /// Every flag word sdg4 writes (docs/outputs.md, "Flags"): the data package constrains
    /// `flags` to them, the reports explain each in both languages.
    public static let flagWords = [
        "estimate", "low-reliability", "footnote", "capped", "age-adjusted", "age-redistributed", "implausible",
        "imprecise",
    ]
    /// Ids of the sources used, in pipeline order.
    public var sources: [String]
    /// The unweighted number of persons or students behind a survey or assessment value
    /// (`sample_size`); `nil` for administrative values.
    public var sampleSize: Int?
    /// What the value's sampling variance is computed from; `nil` without a design.
    public var sampling: SampleEstimate?
    /// The 95 % confidence interval, `value ± 1.959964 × se` clipped to the indicator's valid
    /// range (set by the engine); `nil` without a standard error.
    public var interval: ClosedRange<Double>?

    /// The standard error (`se`), or `nil`: set by the engine from `sampling`, or read back
    /// from `indicators.csv`.
    public var standardError: Double?

    public init(
        indicator: String, uisId: String, sdgSeries: String = "", country: Country, year: Int, level: String,
        sex: Sex = .total, location: Location = .total, wealth: Wealth = .total, ageGroup: String = "", value: Double,
        numerator: Double, denominator: Double, unit: String, flags: [String] = [], sources: [String] = [],
        sampleSize: Int? = nil, sampling: SampleEstimate? = nil
    ) {
        self.sampleSize = sampleSize
        self.sampling = sampling
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

extension IndicatorValue {
    /// The 95 % interval's half-width factor: the normal distribution's 97.5 % quantile.
    public static let z95 = 1.959964

    /// Sets the interval, `value ± 1.959964 × se` clipped to `validRange`, and the flag
    /// `imprecise` where `se / value` exceeds `maximumCV` (any `se > 0` for a value of 0).
    /// Without a finite standard error, no interval and no flag.
    mutating func setPrecision(validRange: ClosedRange<Double>?, maximumCV: Double) {
        standardError = sampling?.standardError
        guard let se = standardError else {
            interval = nil
            return
        }
        var lower = value - Self.z95 * se
        var upper = value + Self.z95 * se
        if let validRange {
            lower = min(max(lower, validRange.lowerBound), validRange.upperBound)
            upper = min(max(upper, validRange.lowerBound), validRange.upperBound)
        }
        interval = lower...upper
        let imprecise = value == 0 ? se > 0 : se / abs(value) > maximumCV
        if imprecise, !flags.contains("imprecise") { flags = (flags + ["imprecise"]).sorted() }
    }

    /// Whether the change from `earlier` to this value is larger than sampling error explains:
    /// `|Δ| > 1.96 √(se₁² + se₂²)`; `nil` unless both have a standard error.
    public func changeIsSignificant(since earlier: IndicatorValue) -> Bool? {
        guard let a = standardError, let b = earlier.standardError else { return nil }
        return abs(value - earlier.value) > 1.96 * (a * a + b * b).squareRoot()
    }
}
