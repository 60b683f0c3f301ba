import SDG4Model

/// Pupil-teacher ratio, headcount basis (indicators.md §5.4; UIS `PTRHC.<level>`):
///
///     PTR_n = E_n / T_n
///
/// Pupils per teacher, not a percentage. No teachers gives no value (never infinity).
public struct PupilTeacherRatio: Indicator {
    public let definition = IndicatorDefinition(
        id: "ptr", name: "Pupil-teacher ratio (headcount)", uisIds: "PTRHC.<level>", sdgIndicator: "",
        sdgSeries: "", formula: "enrolment in level / teachers in level (headcount)",
        unit: "pupils per teacher", levels: [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary],
        methodology: "indicators.md §5.4", validRange: nil, regional: .weighted(.teachers), parity: [], better: .lower)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        definition.levels.compactMap { level in
            let enrolment = context.cube.total(.enrolment, country, year, level: level, sex: .total)
            let teachers = context.cube.total(.teachers, country, year, level: level, sex: .total)
            guard
                let ratio = context.ratio(
                    enrolment, over: teachers, scale: 1, uisId: "PTRHC.\(level.rawValue)", country: country, year: year,
                    notes: &notes)
            else { return nil }
            return IndicatorValue(
                indicator: definition.id, uisId: "PTRHC.\(level.rawValue)", country: country, year: year,
                level: level.rawValue, value: ratio.value, numerator: ratio.numerator.value,
                denominator: ratio.denominator.value, unit: definition.unit, flags: ratio.flags,
                sources: context.sources(ratio.sources))
        }
    }
}
