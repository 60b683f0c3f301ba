import SDG4Model

/// Participation rate in organized learning one year before the official primary entry age
/// (indicators.md §2.5; SDG 4.2.2; UIS `NERA.AgM1.CP`):
///
///     PROL = 100 × E_{0 ∪ 1}[a_1 − 1] / P[a_1 − 1]
///
/// Children aged `a_1 − 1` (the age of the structure of that year: 5 in Kazakhstan from 2020
/// and Turkmenistan from 2014, 6 elsewhere) enrolled in early childhood education (ISCED 0, 01,
/// 02) or primary. Capped like the net rates (§2.6), flagged `capped`.
public struct EarlyChildhoodParticipation: Indicator {
    public let definition = IndicatorDefinition(
        id: "prol", name: "Participation rate one year before primary entry age", uisIds: "NERA.AgM1[.F|.M].CP",
        sdgIndicator: "4.2.2", sdgSeries: "SE_PRE_PARTN",
        formula: "100 × children aged (primary entry age − 1) in ISCED 0 or 1 / population of that age (capped)",
        unit: "percent", levels: [], methodology: "indicators.md §2.5", validRange: 0...100,
        regional: .weighted(.populationBeforeEntryAge), parity: [.sex], better: .higher)

    public init() {}

    /// The levels 4.2.2 sums: early childhood education (any of 0, 01, 02) and primary.
    static let levelGroups: [[Level]] = [[.prePrimary, .earlyChildhood, .earlyChildhoodDevelopment], [.primary]]

    /// Enrolled children and population of the age, by sex, and whether an input's unknown
    /// ages were redistributed; `nil` when a level 4.2.2 sums is not given, or given without ages.
    private func parts(_ context: IndicatorContext, _ country: Country, _ year: Int, _ sex: Sex)
        -> (enrolled: Quantity, population: Quantity, age: Int, redistributed: Bool)?
    {
        guard let entry = context.structures.structure(country, year)?.primaryEntryAge,
            let population = context.cube.population(country, year, age: entry - 1, sex: sex),
            missingLevels(context, country, year).isEmpty
        else { return nil }
        let levels = context.cube.levelsCoveringAll(.enrolment, country, year).filter { NetRates.rank($0) <= 1 }
        var enrolled: Quantity?
        var redistributed = false
        for level in levels {
            guard let profile = context.cube.ageProfile(.enrolment, country, year, level: level, sex: sex) else {
                return nil  // a level without ages: the count at this age is unknown
            }
            if profile.redistributes { redistributed = true }
            if let q = profile.sum(over: (entry - 1)...(entry - 1)) { enrolled = enrolled.map { $0 + q } ?? q }
        }
        return (enrolled ?? Quantity(value: 0, sources: 0), population, entry - 1, redistributed)
    }

    /// The level groups of `levelGroups` the inputs do not give at all.
    private func missingLevels(_ context: IndicatorContext, _ country: Country, _ year: Int) -> [[Level]] {
        let given = context.cube.givenLevels(.enrolment, country, year)
        return Self.levelGroups.filter { !$0.contains(where: given.contains) }
    }

    /// The note for 4.2.2 not computed because one of its levels is absent (only where the
    /// other level and the population of the age are given).
    private func missingLevelNote(_ context: IndicatorContext, _ country: Country, _ year: Int) -> EngineNote? {
        let missing = missingLevels(context, country, year)
        guard missing.count == 1, let entry = context.structures.structure(country, year)?.primaryEntryAge,
            let population = context.cube.population(country, year, age: entry - 1, sex: .total)
        else { return nil }
        return EngineNote(
            code: .indicatorMissingInput, uisId: "NERA.AgM1.CP", country: country, year: year,
            message: "NERA.AgM1.CP for \(country.rawValue) \(year) was not computed: no enrolment of "
                + "\(NetRates.name(missing[0])) is given, and children aged \(entry - 1) are counted in it.",
            sources: context.sources(population.sources))
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        func ratio(_ sex: Sex) -> Double? {
            guard let p = parts(context, country, year, sex), p.population.value > 0 else { return nil }
            return p.enrolled.value / p.population.value
        }
        // The larger of the female and male ratios; the total's when neither sex is given.
        let bySex = [Sex.female, Sex.male].compactMap(ratio)
        let factor = max(1, (bySex.isEmpty ? ratio(.total).map { [$0] } ?? [] : bySex).max() ?? 1)
        if let note = missingLevelNote(context, country, year) { notes.append(note) }
        return Sex.allCases.compactMap { sex in
            guard let p = parts(context, country, year, sex),
                let ratio = context.ratio(
                    p.enrolled, over: p.population, scale: 100 / factor, uisId: "NERA.AgM1\(sex.uisSuffix).CP",
                    country: country, year: year, notes: &notes)
            else { return nil }
            var flags = ratio.flags
            if factor > 1 { flags.append("capped") }
            if p.redistributed { flags.append("age-redistributed") }
            return IndicatorValue(
                indicator: definition.id, uisId: "NERA.AgM1\(sex.uisSuffix).CP", country: country, year: year,
                level: "", sex: sex, ageGroup: "\(p.age)", value: ratio.value,
                numerator: p.enrolled.value / factor, denominator: p.population.value, unit: definition.unit,
                flags: flags.sorted(), sources: context.sources(ratio.sources))
        }
    }
}
