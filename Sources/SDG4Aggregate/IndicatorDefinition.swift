import SDG4Model

/// What an indicator is: ids, formula and unit, as listed by `sdg4 indicators`.
public struct IndicatorDefinition: Sendable, Hashable {
    /// sdg4 id, used in the pipeline file's `indicators:` and in `indicators.csv`.
    public var id: String
    public var name: String
    /// UIS id pattern (`GER.<level>[.F|.M]`).
    public var uisIds: String
    /// SDG indicator number, where the indicator is an SDG 4 (thematic) indicator.
    public var sdgIndicator: String
    /// SDG series code where confirmed, else empty.
    public var sdgSeries: String
    public var formula: String
    public var unit: String
    /// Levels computed.
    public var levels: [Level]
    /// Where the methodology is described (section of indicators.md).
    public var methodology: String
    /// The values it can take: `0...100` for a share of a whole, `0...2` for an adjusted parity
    /// index (a value outside is an impossible result, an error: `consistency.*-out-of-range`);
    /// `nil` for a ratio with no bound (GER, pupil-teacher ratio).
    public var validRange: ClosedRange<Double>?
    /// How the Central Asia aggregate treats it (docs/methodology.md, regional aggregation).
    public var regional: RegionalRule
    /// The parity indices computed from its values (`ParityIndicator`): `[.sex]` gives its
    /// GPIA; `.location` and `.wealth` its LPIA and WPIA (survey and assessment values only).
    public var parity: [ParityIndicator.Dimension]
    /// Which way the value should move, for progress towards national benchmarks
    /// (docs/methodology.md, "Progress towards benchmarks").
    public var better: Better
}

/// Which way an indicator's value should move: up (participation, completion, proficiency,
/// trained teachers, expenditure), down (out-of-school rates, pupil–teacher ratios, over-age),
/// towards 1 (parity indices), or neither (the share of female teachers).
public enum Better: String, Sendable, Hashable {
    case higher, lower, parity, neither
}

/// How the Central Asia aggregate (`143`) treats an indicator: summed over the members'
/// numerators and denominators, a member with no value in any year imputed with the others'
/// mean weighted by an input of its own (§7.2 c-d), or not aggregated at all.
public enum RegionalRule: Sendable, Hashable {
    /// Aggregated; a member with no value is weighted by this input of its own.
    case weighted(RegionalWeight)
    /// Aggregated only where every member has a value in some year (no weight to impute by).
    case noWeight
    /// Never aggregated.
    case notAggregated(Reason)

    /// Why an indicator is not aggregated.
    public enum Reason: Sendable, Hashable {
        /// Amounts in national currencies.
        case nationalCurrencies
        /// Denominators are sample weights, not populations (§3.1 wants national populations
        /// of the age group as weights: not implemented; 4.3.1 is not aggregated, §7.7).
        case surveyWeights
    }

    /// Whether the aggregate has values of it.
    public var isAggregated: Bool {
        if case .notAggregated = self { return false }
        return true
    }
}

/// The input a member country with no value is weighted by in the regional aggregate: what
/// the indicator divides by.
public enum RegionalWeight: Sendable, Hashable {
    /// The school-age population of the level (enrolment rates).
    case schoolAgePopulation
    /// The population one year younger than the primary entry age (4.2.2).
    case populationBeforeEntryAge
    /// The population of the age of the level's last grade (gross intake ratio).
    case populationAtLastGradeAge
    /// The level's enrolment (over-age).
    case enrolment
    /// The level's teachers (teacher shares, pupil-teacher ratio).
    case teachers
    /// The level's teachers of the year before (attrition).
    case teachersYearBefore
    /// The level's schools (4.a.1).
    case schools
}

/// Everything an indicator needs to compute its values for one country and year.
public struct IndicatorContext: Sendable {
    public var cube: DataCube
    public var structures: EducationStructures
    /// Source ids, by source index.
    public var sourceIds: [String]

    public init(cube: DataCube, structures: EducationStructures, sourceIds: [String]) {
        self.cube = cube
        self.structures = structures
        self.sourceIds = sourceIds
    }

    /// The ids of the sources whose bits are set, in pipeline order.
    func sources(_ mask: UInt64) -> [String] {
        sourceIds.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { sourceIds[$0] }
    }

    /// The school-age population of a level: as given for the level (UIS `SAP.*`, or a
    /// `population` row with a level), else the sum of single-age populations over the level's
    /// official age group in the structure of that year.
    ///
    /// Also returns the age group used (`7-10`), or empty when the population was given for
    /// the level (its age group is then the publisher's, not sdg4's).
    func schoolAgePopulation(_ country: Country, _ year: Int, _ level: Level, _ sex: Sex) -> (
        population: Quantity, ageGroup: String
    )? {
        if let given = cube.total(.population, country, year, level: level, sex: sex) { return (given, "") }
        guard let ages = structures.structure(country, year)?.ageGroup(level),
            let summed = cube.population(country, year, ages: ages, sex: sex)
        else { return nil }
        return (summed, EducationStructure.label(ages))
    }

    /// The grades given for a level that are not grades of that level in the year's structure
    /// (grades numbered within the level, say): grade-based values of the level are not made.
    func gradesOutsideLevel(_ country: Country, _ year: Int, _ level: Level) -> [Int] {
        guard let range = structures.structure(country, year)?.grades(level),
            let given = cube.givenGrades(.enrolment, country, year, level: level)
        else { return [] }
        return given.grades.filter { !range.contains($0) }
    }

    /// What a member with no value is weighted by in the regional aggregate (§7.2 c-d): its
    /// own input of the indicator's `RegionalWeight`; `nil` when the inputs do not give it.
    func weight(_ weight: RegionalWeight, _ country: Country, _ year: Int, _ level: Level, _ sex: Sex) -> Double? {
        let structure = structures.structure(country, year)
        switch weight {
        case .schoolAgePopulation:
            return schoolAgePopulation(country, year, level, sex)?.population.value
        case .populationBeforeEntryAge:
            guard let entry = structure?.primaryEntryAge else { return nil }
            return cube.population(country, year, age: entry - 1, sex: sex)?.value
        case .populationAtLastGradeAge:
            guard let ages = structure?.ageGroup(level) else { return nil }
            return cube.population(country, year, age: ages.upperBound, sex: sex)?.value
        case .enrolment:
            return cube.total(.enrolment, country, year, level: level, sex: sex)?.value
        case .teachers:
            return cube.total(.teachers, country, year, level: level, sex: sex)?.value
        case .teachersYearBefore:
            return cube.total(.teachers, country, year - 1, level: level, sex: sex)?.value
        case .schools:
            return cube.total(.schools, country, year, level: level, sex: .total)?.value
        }
    }

    /// `scale × numerator / denominator` when both are there and the result is a finite number;
    /// a zero denominator is noted (the value is not written).
    func ratio(
        _ numerator: Quantity?, over denominator: Quantity?, scale: Double, uisId: String, country: Country,
        year: Int, notes: inout [EngineNote]
    ) -> Ratio? {
        if let numerator, let denominator, denominator.value == 0 {
            notes.append(
                EngineNote(
                    code: .indicatorZeroDenominator, uisId: uisId, country: country, year: year,
                    message: "\(uisId) for \(country.rawValue) \(year) was not computed: its denominator is 0 "
                        + "(numerator \(plain(numerator.value))).",
                    sources: sources(numerator.sources | denominator.sources)))
        }
        let ratio = Ratio(numerator, over: denominator, scale: scale)
        if ratio == nil, let numerator, let denominator, denominator.value != 0 {
            notes.append(
                EngineNote(
                    code: .indicatorNotFinite, uisId: uisId, country: country, year: year,
                    message: "\(uisId) for \(country.rawValue) \(year) was not computed: \(plain(numerator.value)) / "
                        + "\(plain(denominator.value)) is too large to be a number.",
                    sources: sources(numerator.sources | denominator.sources)))
        }
        return ratio
    }
}

/// An indicator computed from the input counts of one country and year.
public protocol Indicator: Sendable {
    /// The indicator's ids, formula and unit.
    var definition: IndicatorDefinition { get }
    /// Every value the data allows for this country and year.
    /// - Parameter notes: where to note values the inputs ask for but that cannot be computed.
    func compute(_ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote])
        -> [IndicatorValue]
}

/// A value the inputs ask for but the engine could not compute (a zero denominator, say).
public struct EngineNote: Sendable, Hashable {
    /// `indicator.zero-denominator`, ...: its severity says whether the input is impossible or
    /// contradictory (an error) or only a value left out (a warning).
    public var code: ProblemCode
    public var uisId: String
    public var country: Country
    public var year: Int
    public var message: String
    /// The sources involved, in pipeline order.
    public var sources: [String]
}

/// A number for a message: whole numbers without a decimal point.
func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
}

extension Sex {
    /// The suffix UIS adds to an id for this sex (`.F`, `.M`, nothing for the total).
    var uisSuffix: String {
        switch self {
        case .total: ""
        case .female: ".F"
        case .male: ".M"
        }
    }
}
