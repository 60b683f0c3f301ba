import SDG4Model

/// Gross enrolment ratio (indicators.md §2.1; SDG 4.2.4 for pre-primary, 4.3.2 for tertiary):
///
///     GER_n = 100 × E_n / P[Age_n]
///
/// `E_n`: enrolment in level n at any age; `P[Age_n]`: population of the level's official
/// age group (tertiary: the five years after upper-secondary graduation age). Not capped.
/// Flagged `implausible` above 150 (130 for primary) [PIPE].
public struct GrossEnrolmentRatio: Indicator {
    public let definition = IndicatorDefinition(
        id: "ger", name: "Gross enrolment ratio", uisIds: "GER.<level>[.F|.M]",
        sdgIndicator: "4.2.4 (02), 4.3.2 (5T8)", sdgSeries: "",
        formula: "100 × enrolment in level (any age) / population of the level's official age group",
        unit: "percent", levels: [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary, .tertiary],
        methodology: "indicators.md §2.1", validRange: nil, regional: .weighted(.schoolAgePopulation), parity: [.sex], better: .higher)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        var out: [IndicatorValue] = []
        for level in definition.levels {
            for sex in Sex.allCases {
                let enrolment = context.cube.total(.enrolment, country, year, level: level, sex: sex)
                let population = context.schoolAgePopulation(country, year, level, sex)
                let uisId = "GER.\(level.rawValue)\(sex.uisSuffix)"
                guard
                    let ratio = context.ratio(
                        enrolment, over: population?.population, scale: 100, uisId: uisId, country: country, year: year,
                        notes: &notes)
                else { continue }
                var flags = ratio.flags
                if ratio.value > (level == .primary ? 130 : 150) { flags.append("implausible") }
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
