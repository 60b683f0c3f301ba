import SDG4Model

/// The net enrolment rates of a level and the out-of-school rate derived from them
/// (indicators.md §2.2-§2.4, §2.6, §2.9), for primary, lower and upper secondary:
///
///     NER_n   = 100 × E_n[Age_n] / P[Age_n]                  (UIS NER.<n>.CP)
///     ANER_n  = 100 × Σ_{m ≥ n} E_m[Age_n] / P[Age_n]        (UIS NERA.<n>.CP)
///     TNER_n  = 100 × Σ_{all m} E_m[Age_n] / P[Age_n]        (UIS NERT.<n>.CP)
///     ROFST_n = 100 − TNER_n                                  (UIS ROFST.<n>.CP, 4.1.4)
///
/// Capping (§2.6): when the male or female ratio of enrolment of the official age in any
/// level to the population exceeds 1, the total, female and male NER, ANER and TNER are all
/// divided by the larger ratio (so the larger sex is exactly 100 and parity is unchanged),
/// flagged `capped`; an uncapped value above 105 is also flagged `implausible` [PIPE]. The
/// out-of-school rate uses the capped TNER, never below 0. Unknown ages above 5 % of a level's
/// enrolment are spread over the known ages (§1.3), flagged `age-redistributed`.
public struct NetEnrolmentRate: Indicator {
    /// Which of the rates.
    public enum Kind: Sendable {
        case net, adjusted, total, outOfSchool
    }

    public let kind: Kind
    public let definition: IndicatorDefinition

    public init(_ kind: Kind) {
        self.kind = kind
        let levels: [Level] = [.primary, .lowerSecondary, .upperSecondary]
        switch kind {
        case .net:
            definition = IndicatorDefinition(
                id: "ner", name: "Net enrolment rate", uisIds: "NER.<level>[.F|.M].CP", sdgIndicator: "",
                sdgSeries: "",
                formula: "100 × enrolment of the official age in the level / population of that age (capped)",
                unit: "percent", levels: levels, methodology: "indicators.md §2.2, §2.6", validRange: 0...100,
                regional: .weighted(.schoolAgePopulation), parity: [.sex], better: .higher)
        case .adjusted:
            definition = IndicatorDefinition(
                id: "nera", name: "Adjusted net enrolment rate", uisIds: "NERA.<level>[.F|.M].CP", sdgIndicator: "",
                sdgSeries: "",
                formula: "100 × enrolment of the official age in the level or above / population of that age (capped)",
                unit: "percent", levels: levels, methodology: "indicators.md §2.3, §2.6", validRange: 0...100,
                regional: .weighted(.schoolAgePopulation), parity: [.sex], better: .higher)
        case .total:
            definition = IndicatorDefinition(
                id: "nert", name: "Total net enrolment rate", uisIds: "NERT.<level>[.F|.M].CP", sdgIndicator: "",
                sdgSeries: "",
                formula: "100 × enrolment of the official age in any level / population of that age (capped)",
                unit: "percent", levels: levels, methodology: "indicators.md §2.4, §2.6", validRange: 0...100,
                regional: .weighted(.schoolAgePopulation), parity: [.sex], better: .higher)
        case .outOfSchool:
            definition = IndicatorDefinition(
                id: "rofst.nert", name: "Out-of-school rate (from enrolment by age)", uisIds: "ROFST.<level>[.F|.M].CP",
                sdgIndicator: "4.1.4", sdgSeries: "", formula: "100 − total net enrolment rate (capped), at least 0",
                unit: "percent", levels: levels, methodology: "indicators.md §2.9, §2.4", validRange: 0...100,
                regional: .weighted(.schoolAgePopulation), parity: [.sex], better: .lower)
        }
    }

    private var prefix: String {
        switch kind {
        case .net: "NER"
        case .adjusted: "NERA"
        case .total: "NERT"
        case .outOfSchool: "ROFST"
        }
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        var out: [IndicatorValue] = []
        for level in definition.levels {
            let factor = NetRates.cappingFactor(context, country, year, level)
            if kind != .net,
                let note = NetRates.unknownLevelsNote(
                    context, country, year, level, below: kind != .adjusted, uisId: "\(prefix).\(level.rawValue).CP")
            {
                notes.append(note)
            }
            for sex in Sex.allCases {
                guard let inputs = NetRates.inputs(context, country, year, level, sex), inputs.population.value > 0
                else { continue }
                let enrolled: Quantity? =
                    switch kind {
                    case .net: inputs.inLevel
                    case .adjusted: inputs.inLevelOrAbove
                    case .total, .outOfSchool: inputs.inAnyLevel
                    }
                guard let enrolled else { continue }
                let uncapped = 100 * enrolled.value / inputs.population.value
                var rate = uncapped / factor
                // The group that sets the capping factor is exactly 100 (no 99.999…).
                if factor > 1, abs(rate - 100) < 1e-9 { rate = 100 }
                var flags = Set(enrolled.flags.union(inputs.population.flags).words)
                if factor > 1 { flags.insert("capped") }
                if uncapped > 105 { flags.insert("implausible") }
                if inputs.redistributed { flags.insert("age-redistributed") }
                let value = kind == .outOfSchool ? max(0, 100 - rate) : rate
                let numerator =
                    kind == .outOfSchool
                    ? max(0, inputs.population.value - enrolled.value / factor) : enrolled.value / factor
                guard value.isFinite else { continue }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: "\(prefix).\(level.rawValue)\(sex.uisSuffix).CP",
                        country: country, year: year, level: level.rawValue, sex: sex, ageGroup: inputs.ageGroup,
                        value: value, numerator: numerator, denominator: inputs.population.value, unit: definition.unit,
                        flags: flags.sorted(), sources: context.sources(enrolled.sources | inputs.population.sources)))
            }
        }
        return out
    }
}
