import SDG4Model

/// Percentage of teachers who are trained (indicators.md §5.2; SDG 4.c.1; UIS `TRTP.<level>`)
/// or qualified (§5.3; SDG 4.c.3; UIS `QUTP.<level>`):
///
///     TRTP_n = 100 × TT_n / T_n        QUTP_n = 100 × QT_n / T_n
///
/// By sex where the counts are given by sex. Trained or qualified teachers outnumbering all
/// teachers (above 100) is flagged `implausible` (a hard check of §8).
public struct TeacherShare: Indicator {
    /// Which share.
    public enum Kind: Sendable {
        case trained, qualified
    }

    public let kind: Kind
    public let definition: IndicatorDefinition

    public init(_ kind: Kind) {
        self.kind = kind
        let levels: [Level] = [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary]
        definition =
            kind == .trained
            ? IndicatorDefinition(
                id: "trtp", name: "Percentage of trained teachers", uisIds: "TRTP.<level>[.F|.M]",
                sdgIndicator: "4.c.1",
                sdgSeries: "SE_TRA_GRDL", formula: "100 × teachers with the minimum required training / teachers",
                unit: "percent", levels: levels, methodology: "indicators.md §5.2", validRange: 0...100,
                regional: .weighted(.teachers), parity: [.sex], better: .higher)
            : IndicatorDefinition(
                id: "qutp", name: "Percentage of qualified teachers", uisIds: "QUTP.<level>[.F|.M]",
                sdgIndicator: "4.c.3",
                sdgSeries: "", formula: "100 × teachers with the minimum required qualification / teachers",
                unit: "percent", levels: levels, methodology: "indicators.md §5.3", validRange: 0...100,
                regional: .weighted(.teachers), parity: [.sex], better: .higher)
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let measure: Measure = kind == .trained ? .trainedTeachers : .qualifiedTeachers
        let prefix = kind == .trained ? "TRTP" : "QUTP"
        var out: [IndicatorValue] = []
        for level in definition.levels {
            for sex in Sex.allCases {
                let uisId = "\(prefix).\(level.rawValue)\(sex.uisSuffix)"
                guard
                    let ratio = context.ratio(
                        context.cube.total(measure, country, year, level: level, sex: sex),
                        over: context.cube.total(.teachers, country, year, level: level, sex: sex), scale: 100,
                        uisId: uisId, country: country, year: year, notes: &notes)
                else { continue }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, sdgSeries: definition.sdgSeries, country: country,
                        year: year, level: level.rawValue, sex: sex, value: ratio.value,
                        numerator: ratio.numerator.value, denominator: ratio.denominator.value, unit: definition.unit,
                        flags: (ratio.flags + (ratio.value > 100 ? ["implausible"] : [])).sorted(),
                        sources: context.sources(ratio.sources)))
            }
        }
        return out
    }
}
