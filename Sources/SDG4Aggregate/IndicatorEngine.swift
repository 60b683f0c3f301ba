import SDG4Model

/// Computes the selected indicators for every country and year of a cube, in a fixed order.
public struct IndicatorEngine: Sendable {
    public let catalogue: IndicatorCatalogue
    public let selected: Set<String>
    public let structures: EducationStructures
    /// The regional aggregate to add, or `nil` for national values only.
    public let regional: RegionalAggregate?
    /// The reference years to compute (the pipeline's `years:`); `nil` for every year of the
    /// cube. The cube may hold the year before the first (teacher attrition needs it).
    public var years: ClosedRange<Int>?
    /// The largest coefficient of variation (se / value) of a value not flagged `imprecise`
    /// (the pipeline's `max_cv`).
    public var maximumCV = 0.3

    /// - Parameter selected: indicator ids to compute; `nil` computes all.
    public init(
        selected: Set<String>? = nil, structures: EducationStructures = .centralAsia,
        regional: RegionalAggregate? = RegionalAggregate(), minimumCases: Int = 30, schoolYearStartMonth: Int = 9
    ) {
        catalogue = IndicatorCatalogue(minimumCases: minimumCases, schoolYearStartMonth: schoolYearStartMonth)
        self.selected = selected ?? Set(catalogue.ids)
        self.structures = structures
        self.regional = regional
    }

    /// Every selected indicator value the data allows, sorted as in `indicators.csv`, and
    /// notes on the values the inputs ask for but that could not be computed.
    ///
    /// A parity index needs its base indicator's female and male values, so the base is
    /// computed whenever its parity index is selected (and written only if selected itself).
    public func compute(cube: DataCube, sourceIds: [String]) -> EngineResult {
        let context = IndicatorContext(cube: cube, structures: structures, sourceIds: sourceIds)
        let neededBase = Set(
            catalogue.parity.filter { selected.contains($0.definition.id) }.map(\.base.definition.id))
        var values: [IndicatorValue] = []
        var notes: [EngineNote] = []
        for cy in cube.countryYears where years?.contains(cy.year) ?? true {
            notes += InputChecks.run(context, cy.country, cy.year)
            notes += DesignChecks.run(context, cy.country, cy.year)
            for indicator in catalogue.base
            where selected.contains(indicator.definition.id) || neededBase.contains(indicator.definition.id) {
                var found: [EngineNote] = []
                values += indicator.compute(context, cy.country, cy.year, notes: &found)
                if selected.contains(indicator.definition.id) { notes += found }
            }
        }
        for parity in catalogue.parity where selected.contains(parity.definition.id) {
            values += parity.compute(from: values, sourceIds: sourceIds)
        }
        if var regional {
            let rules = Dictionary(uniqueKeysWithValues: catalogue.definitions.map { ($0.id, $0.regional) })
            regional.weight = { indicator, country, year, level, sex in
                guard case .weighted(let w) = rules[indicator] else { return nil }
                return context.weight(w, country, year, Level(rawValue: level), sex)
            }
            values += regional.compute(values, catalogue: catalogue, sourceIds: sourceIds)
        }
        // Every value carries its indicator's SDG series unless it set its own (4.a.1 services).
        let series = Dictionary(uniqueKeysWithValues: catalogue.definitions.map { ($0.id, $0.sdgSeries) })
        for i in values.indices where values[i].sdgSeries.isEmpty {
            values[i].sdgSeries = series[values[i].indicator] ?? ""
        }
        let ranges = Dictionary(uniqueKeysWithValues: catalogue.definitions.map { ($0.id, $0.validRange) })
        for i in values.indices where values[i].sampling != nil {
            values[i].setPrecision(validRange: ranges[values[i].indicator] ?? nil, maximumCV: maximumCV)
        }
        notes += Self.noVariance(values.filter { selected.contains($0.indicator) }, sourceIds: sourceIds)
        return EngineResult(values: values.filter { selected.contains($0.indicator) }.sorted(), notes: notes)
    }
}

extension IndicatorEngine {
    /// One note per indicator, country and year whose values have a design but no standard
    /// error (a replicate under which the value's group has no weight): an empty `se` is never
    /// left unexplained.
    static func noVariance(_ values: [IndicatorValue], sourceIds: [String]) -> [EngineNote] {
        var groups: [String: [IndicatorValue]] = [:]
        for v in values where v.sampling != nil && v.standardError == nil {
            groups["\(v.indicator)|\(v.country.rawValue)|\(v.year)", default: []].append(v)
        }
        return groups.keys.sorted().map { key in
            let vs = groups[key]!.sorted()
            let labels = vs.prefix(8).map {
                ([$0.uisId.isEmpty ? $0.indicator : $0.uisId, $0.location.rawValue, $0.wealth.rawValue]).filter {
                    $0 != "_T"
                }.joined(separator: " ")
            }
            let used = Set(vs.flatMap(\.sources))
            return EngineNote(
                code: .designNoVariance, uisId: vs[0].indicator, country: vs[0].country, year: vs[0].year,
                message: "\(vs[0].country.rawValue) \(vs[0].year): \(vs.count) value(s) of \(vs[0].indicator) have no "
                    + "standard error: under some replicate their group has no weight, so its estimate there is "
                    + "undefined (" + labels.joined(separator: ", ") + (vs.count > 8 ? ", …" : "") + ").",
                sources: sourceIds.filter { used.contains($0) })
        }
    }
}

/// What the engine computed.
public struct EngineResult: Sendable {
    /// The values, sorted as in `indicators.csv`.
    public var values: [IndicatorValue]
    /// Values asked for but not computed, in country, year and catalogue order.
    public var notes: [EngineNote]
}
