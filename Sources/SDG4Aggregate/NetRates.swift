import SDG4Model

/// What the net enrolment rates of one level, country, year and sex are computed from
/// (indicators.md §2.2-§2.4): the population of the level's official age group and the
/// enrolment of those ages in the level (NER), in the level or above (ANER), in any level (TNER).
struct NetRateInputs {
    var population: Quantity
    var ageGroup: String
    var inLevel: Quantity?
    var inLevelOrAbove: Quantity?
    var inAnyLevel: Quantity?
    /// An input had over 5 % unknown ages, spread over the known ages (§1.3).
    var redistributed: Bool
}

/// Shared computation of the net rates and of the UIS capping rule (indicators.md §2.6).
enum NetRates {
    /// Levels in the order of "higher": early childhood, primary, lower and upper secondary,
    /// post-secondary, tertiary.
    static func rank(_ level: Level) -> Int {
        switch level {
        case .earlyChildhood, .earlyChildhoodDevelopment, .prePrimary: 0
        case .primary: 1
        case .lowerSecondary, .secondary: 2
        case .upperSecondary: 3
        case .postSecondary: 4
        default: 5
        }
    }

    /// The levels whose enrolment of a level's official ages a sum over levels needs besides the
    /// level's own: each a list of alternatives (any one given will do). Children of a level's
    /// ages are enrolled in the levels next to it (late and early entrants, repeaters), so the
    /// sum "in the level or above" needs the level above, and "in any level" the levels below
    /// and above. Post-secondary and tertiary are not required [PIPE: methodology.md].
    static func neighbours(_ level: Level) -> (below: [Level]?, above: [Level]?) {
        let earlyChildhood: [Level] = [.prePrimary, .earlyChildhood, .earlyChildhoodDevelopment]
        switch level {
        case .primary: return (earlyChildhood, [.lowerSecondary, .secondary])
        case .lowerSecondary: return ([.primary], [.upperSecondary, .secondary])
        case .upperSecondary: return ([.lowerSecondary, .secondary], nil)
        default: return (nil, nil)
        }
    }

    /// The neighbouring levels that a sum over levels of `level`'s ages needs and the inputs do
    /// not give at all: for the rates "in the level or above" (`below: false`) or "in any level".
    static func absentNeighbours(
        _ context: IndicatorContext, _ country: Country, _ year: Int, _ level: Level, below: Bool
    )
        -> [[Level]]
    {
        let given = context.cube.givenLevels(.enrolment, country, year)
        let (lower, upper) = neighbours(level)
        return [below ? lower : nil, upper].compactMap { alternatives -> [Level]? in
            guard let alternatives, !alternatives.contains(where: given.contains) else { return nil }
            return alternatives
        }
    }

    /// `lower secondary (ISCED 2 or 2T3)`: a level and the codes that stand for it in messages.
    static func name(_ alternatives: [Level]) -> String {
        let codes = alternatives.map(\.rawValue)
        let listed = codes.count == 1 ? codes[0] : codes.dropLast().joined(separator: ", ") + " or " + codes.last!
        return "\(alternatives[0].name) (ISCED \(listed))"
    }

    /// The note for a rate of `level` not computed because a level it sums is not given at all,
    /// or given without ages (only when the level's own enrolment by age and population are
    /// there, so that a country-year without such data gets no note).
    static func unknownLevelsNote(
        _ context: IndicatorContext, _ country: Country, _ year: Int, _ level: Level, below: Bool, uisId: String
    ) -> EngineNote? {
        guard let ages = context.structures.structure(country, year)?.ageGroup(level),
            let own = context.cube.ageProfile(.enrolment, country, year, level: level, sex: .total),
            context.schoolAgePopulation(country, year, level, .total) != nil
        else { return nil }
        let absent = absentNeighbours(context, country, year, level, below: below)
        // Levels given, but without ages, whose pupils may be of these ages.
        let ageless = context.cube.levelsCoveringAll(.enrolment, country, year).filter { m in
            m != level && (below || rank(m) >= rank(level)) && mayHoldAges(of: level, m)
                && context.cube.ageProfile(.enrolment, country, year, level: m, sex: .total) == nil
        }
        let label = EducationStructure.label(ages)
        var reasons: [String] = []
        if !absent.isEmpty {
            reasons.append(
                "no enrolment of \(absent.map(name).joined(separator: " and ")) is given, and children aged \(label) "
                    + "are enrolled there too")
        }
        if !ageless.isEmpty {
            reasons.append(
                "the enrolment of \(ageless.map { name([$0]) }.joined(separator: " and ")) is given without ages, "
                    + "so its children aged \(label) are not known")
        }
        guard !reasons.isEmpty else { return nil }
        let sources = own.byAge.values.reduce(own.unknown?.sources ?? 0) { $0 | $1.sources }
        return EngineNote(
            code: .indicatorMissingInput, uisId: uisId, country: country, year: year,
            message: "\(uisId) for \(country.rawValue) \(year) was not computed: "
                + reasons.joined(separator: "; ") + ".",
            sources: context.sources(sources))
    }

    /// Whether pupils of `other` may be of `level`'s official ages: levels three or more steps
    /// apart (primary and tertiary, say) cannot, so `other` given without ages does not make a
    /// sum over levels unknown [PIPE].
    static func mayHoldAges(of level: Level, _ other: Level) -> Bool {
        abs(rank(level) - rank(other)) < 3
    }

    /// The inputs for one level and sex, or `nil` when the population or the enrolment by age
    /// is not there. Enrolment of a level given without ages makes the sums it belongs to
    /// unknown (unless the level cannot hold children of these ages: `mayHoldAges`), and so
    /// does a neighbouring level not given at all (`absentNeighbours`).
    ///
    /// The population is the level's school-age population, as every rate of the level uses:
    /// as given for the level (UIS `SAP`), else the single ages of the official age group.
    static func inputs(_ context: IndicatorContext, _ country: Country, _ year: Int, _ level: Level, _ sex: Sex)
        -> NetRateInputs?
    {
        guard let ages = context.structures.structure(country, year)?.ageGroup(level),
            let population = context.schoolAgePopulation(country, year, level, sex)?.population
        else { return nil }
        var redistributed = false
        func enrolment(_ m: Level) -> Quantity?? {
            // .some(nil) = the level has ages, none in the group (zero); nil = no ages given.
            guard let profile = context.cube.ageProfile(.enrolment, country, year, level: m, sex: sex) else {
                return nil
            }
            if profile.redistributes { redistributed = true }
            return .some(profile.sum(over: ages))
        }
        func add(_ levels: [Level]) -> Quantity?? {
            var sum: Quantity?
            for m in levels {
                guard let e = enrolment(m) else {
                    if mayHoldAges(of: level, m) { return nil }
                    continue  // given without ages, but none of its pupils can be of these ages
                }
                if let e { sum = sum.map { $0 + e } ?? e }
            }
            return .some(sum ?? Quantity(value: 0, sources: 0))
        }
        let covering = context.cube.levelsCoveringAll(.enrolment, country, year)
        let own = enrolment(level).map { $0 ?? Quantity(value: 0, sources: 0) }
        let above = covering.filter { rank($0) >= rank(level) && $0 != level }
        var inLevelOrAbove: Quantity?? = own.flatMap { o in add(above).map { a in a.map { o + $0 } } }
        // Without the level's own enrolment by age, sums over levels would count it as zero
        // (a TNER of 0, an out-of-school rate of 100): no net rate at all.
        guard own != nil else { return nil }
        var inAny = add(covering)
        if !absentNeighbours(context, country, year, level, below: false).isEmpty { inLevelOrAbove = nil }
        if !absentNeighbours(context, country, year, level, below: true).isEmpty { inAny = nil }
        return NetRateInputs(
            population: population, ageGroup: EducationStructure.label(ages), inLevel: own ?? nil,
            inLevelOrAbove: inLevelOrAbove ?? nil, inAnyLevel: inAny ?? nil, redistributed: redistributed)
    }

    /// The UIS capping factor (§2.6): the larger of the male and female ratios of enrolment of
    /// the official age in any level to the population of that age; 1 when neither exceeds 1.
    ///
    /// [PIPE] When a sex's enrolment of that age is not known for every level, the most
    /// complete of its ratios (in the level or above, else in the level) stands in: it is a
    /// lower bound of the any-level ratio, so a net rate above 100 is still capped. When no sex
    /// has a ratio (enrolment not split by sex), the total's ratio is the factor.
    static func cappingFactor(_ context: IndicatorContext, _ country: Country, _ year: Int, _ level: Level) -> Double {
        func ratio(_ sex: Sex) -> Double? {
            guard let i = inputs(context, country, year, level, sex), i.population.value > 0,
                let e = i.inAnyLevel ?? i.inLevelOrAbove ?? i.inLevel
            else { return nil }
            return e.value / i.population.value
        }
        // Without a female or male ratio (enrolment given for both sexes only), the total's.
        let bySex = [Sex.male, Sex.female].compactMap(ratio)
        return max(1, (bySex.isEmpty ? ratio(.total).map { [$0] } ?? [] : bySex).max() ?? 1)
    }
}
