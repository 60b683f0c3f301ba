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
    func schoolAgePopulation(_ country: Country, _ year: Int, _ level: Level, _ sex: Sex) -> Quantity? {
        if let given = cube.total(.population, country, year, level: level, sex: sex) { return given }
        guard let ages = structures.structure(country, year)?.ageGroup(level) else { return nil }
        return cube.population(country, year, ages: ages, sex: sex)
    }

    /// The age group label of a level in the structure of that year, or empty.
    func ageGroupLabel(_ country: Country, _ year: Int, _ level: Level) -> String {
        structures.structure(country, year)?.ageGroup(level).map(EducationStructure.label) ?? ""
    }
}

/// An indicator computed from the input counts of one country and year.
public protocol Indicator: Sendable {
    /// The indicator's ids, formula and unit.
    var definition: IndicatorDefinition { get }
    /// Every value the data allows for this country and year.
    func compute(_ context: IndicatorContext, _ country: Country, _ year: Int) -> [IndicatorValue]
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
