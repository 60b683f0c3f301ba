import SDG4Model

/// Percentage of teachers who are female (UIS `FTP.<level>`; indicators.md §5, teachers):
///
///     FTP_n = 100 × T_n,F / T_n
///
/// More female teachers than teachers (above 100) is flagged `implausible`.
public struct FemaleTeacherPercentage: Indicator {
    public let definition = IndicatorDefinition(
        id: "ftp", name: "Percentage of female teachers", uisIds: "FTP.<level>", sdgIndicator: "",
        sdgSeries: "", formula: "100 × female teachers in level / teachers in level", unit: "percent",
        levels: [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary],
        methodology: "indicators.md §5", validRange: 0...100, regional: .weighted(.teachers), parity: [], better: .neither)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        definition.levels.compactMap { level in
            let female = context.cube.total(.teachers, country, year, level: level, sex: .female)
            let all = context.cube.total(.teachers, country, year, level: level, sex: .total)
            guard
                let ratio = context.ratio(
                    female, over: all, scale: 100, uisId: "FTP.\(level.rawValue)", country: country, year: year,
                    notes: &notes)
            else { return nil }
            return IndicatorValue(
                indicator: definition.id, uisId: "FTP.\(level.rawValue)", country: country, year: year,
                level: level.rawValue, value: ratio.value, numerator: ratio.numerator.value,
                denominator: ratio.denominator.value, unit: definition.unit,
                flags: (ratio.flags + (ratio.value > 100 ? ["implausible"] : [])).sorted(),
                sources: context.sources(ratio.sources))
        }
    }
}
