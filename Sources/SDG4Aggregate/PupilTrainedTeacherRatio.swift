import SDG4Model

/// Pupil–trained-teacher ratio (indicators.md §5.4; SDG 4.c.2; UIS `PTRHC.<level>.TRAINED`)
/// and pupil–qualified-teacher ratio (SDG 4.c.4; UIS `PTRHC.<level>.QUALIFIED`):
///
///     PTTR_n = E_n / TT_n        PQTR_n = E_n / QT_n
///
/// Pupils per trained (qualified) teacher; never below the pupil-teacher ratio.
public struct PupilTrainedTeacherRatio: Indicator {
    public let kind: TeacherShare.Kind
    public let definition: IndicatorDefinition

    public init(_ kind: TeacherShare.Kind) {
        self.kind = kind
        let levels: [Level] = [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary]
        definition =
            kind == .trained
            ? IndicatorDefinition(
                id: "ptr.trained", name: "Pupil–trained-teacher ratio", uisIds: "PTRHC.<level>.TRAINED",
                sdgIndicator: "4.c.2", sdgSeries: "", formula: "enrolment in level / trained teachers in level",
                unit: "pupils per teacher", levels: levels, methodology: "indicators.md §5.4", validRange: nil,
                regional: .noWeight, parity: [], better: .lower)
            : IndicatorDefinition(
                id: "ptr.qualified", name: "Pupil–qualified-teacher ratio", uisIds: "PTRHC.<level>.QUALIFIED",
                sdgIndicator: "4.c.4", sdgSeries: "", formula: "enrolment in level / qualified teachers in level",
                unit: "pupils per teacher", levels: levels, methodology: "indicators.md §5.4", validRange: nil,
                regional: .noWeight, parity: [], better: .lower)
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let measure: Measure = kind == .trained ? .trainedTeachers : .qualifiedTeachers
        let suffix = kind == .trained ? "TRAINED" : "QUALIFIED"
        return definition.levels.compactMap { level in
            let uisId = "PTRHC.\(level.rawValue).\(suffix)"
            guard
                let ratio = context.ratio(
                    context.cube.total(.enrolment, country, year, level: level, sex: .total),
                    over: context.cube.total(measure, country, year, level: level, sex: .total), scale: 1, uisId: uisId,
                    country: country, year: year, notes: &notes)
            else { return nil }
            return IndicatorValue(
                indicator: definition.id, uisId: uisId, country: country, year: year, level: level.rawValue,
                value: ratio.value, numerator: ratio.numerator.value, denominator: ratio.denominator.value,
                unit: definition.unit, flags: ratio.flags, sources: context.sources(ratio.sources))
        }
    }
}
