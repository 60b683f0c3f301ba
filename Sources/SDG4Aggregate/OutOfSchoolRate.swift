import SDG4Model

/// Out-of-school rate from counts (indicators.md §2.9; SDG 4.1.4; UIS `ROFST.<level>.CP`):
///
///     ROFST_n = 100 × OFST_n / P[Age_n]
///
/// `OFST_n`: children of the official age of level n enrolled in no level of education
/// (the 2019 UIS definition); `P[Age_n]`: population of that age group.
public struct OutOfSchoolRate: Indicator {
    public let definition = IndicatorDefinition(
        id: "rofst", name: "Out-of-school rate (from out-of-school counts)", uisIds: "ROFST.<level>[.F|.M].CP",
        sdgIndicator: "4.1.4", sdgSeries: "",
        formula: "100 × out-of-school children of the level's official age / population of that age group",
        unit: "percent", levels: [.primary, .lowerSecondary, .upperSecondary], methodology: "indicators.md §2.9",
        validRange: 0...100, regional: .weighted(.schoolAgePopulation), parity: [.sex], better: .lower)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        var out: [IndicatorValue] = []
        for level in definition.levels {
            for sex in Sex.allCases {
                let outOfSchool = context.cube.total(.outOfSchool, country, year, level: level, sex: sex)
                let population = context.schoolAgePopulation(country, year, level, sex)
                let uisId = "ROFST.\(level.rawValue)\(sex.uisSuffix).CP"
                guard
                    let ratio = context.ratio(
                        outOfSchool, over: population?.population, scale: 100, uisId: uisId, country: country,
                        year: year, notes: &notes)
                else { continue }
                var flags = ratio.flags
                if ratio.value > 100 { flags.append("implausible") }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, country: country, year: year, level: level.rawValue,
                        sex: sex,
                        ageGroup: population?.ageGroup ?? "", value: ratio.value,
                        numerator: ratio.numerator.value, denominator: ratio.denominator.value,
                        unit: definition.unit, flags: flags.sorted(), sources: context.sources(ratio.sources)))
            }
        }
        return out
    }
}
