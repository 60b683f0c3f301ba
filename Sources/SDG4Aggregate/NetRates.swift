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

    /// The inputs for one level and sex, or `nil` when the population or the enrolment by age
    /// is not there. Enrolment of a level given without ages makes the sums it belongs to unknown.
    static func inputs(_ context: IndicatorContext, _ country: Country, _ year: Int, _ level: Level, _ sex: Sex)
        -> NetRateInputs?
    {
        guard let ages = context.structures.structure(country, year)?.ageGroup(level),
            let population = context.cube.population(country, year, ages: ages, sex: sex)
                ?? context.cube.total(.population, country, year, level: level, sex: sex)
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
                guard let e = enrolment(m) else { return nil }
                if let e { sum = sum.map { $0 + e } ?? e }
            }
            return .some(sum ?? Quantity(value: 0, sources: 0))
        }
        let covering = context.cube.levelsCoveringAll(.enrolment, country, year)
        let own = enrolment(level).map { $0 ?? Quantity(value: 0, sources: 0) }
        let above = covering.filter { rank($0) >= rank(level) && $0 != level }
        let inLevelOrAbove: Quantity?? = own.flatMap { o in add(above).map { a in a.map { o + $0 } } }
        // Without the level's own enrolment by age, sums over levels would count it as zero
        // (a TNER of 0, an out-of-school rate of 100): no net rate at all.
        guard own != nil else { return nil }
        let inAny = add(covering)
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
