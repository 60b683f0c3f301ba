import SDG4Model

/// Teacher attrition rate (indicators.md §5.5; SDG 4.c.6; UIS `TATTRR.<level>`):
///
///     Leavers_t  = T_{t−1} − T_t + NewTeachers_t
///     TATTRR_n   = 100 × Leavers_t / T_{t−1}
///
/// Needs the teachers of the year before. [PIPE] Negative leavers (new teachers under-reported,
/// or transfers between levels) are inconsistent: no value, and the case is noted.
public struct TeacherAttritionRate: Indicator {
    public let definition = IndicatorDefinition(
        id: "tattrr", name: "Teacher attrition rate", uisIds: "TATTRR.<level>[.F|.M]", sdgIndicator: "4.c.6",
        sdgSeries: "", formula: "100 × (teachers last year − teachers this year + new teachers) / teachers last year",
        unit: "percent", levels: [.prePrimary, .primary, .lowerSecondary, .upperSecondary, .secondary],
        methodology: "indicators.md §5.5", validRange: 0...100, regional: .weighted(.teachersYearBefore), parity: [.sex]
    , better: .lower)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        var out: [IndicatorValue] = []
        for level in definition.levels {
            for sex in Sex.allCases {
                guard let before = context.cube.total(.teachers, country, year - 1, level: level, sex: sex),
                    let now = context.cube.total(.teachers, country, year, level: level, sex: sex),
                    let new = context.cube.total(.newTeachers, country, year, level: level, sex: sex)
                else { continue }
                let uisId = "TATTRR.\(level.rawValue)\(sex.uisSuffix)"
                let leavers = Quantity(
                    value: before.value - now.value + new.value, sources: before.sources | now.sources | new.sources,
                    flags: before.flags.union(now.flags).union(new.flags))
                if leavers.value < 0 {
                    notes.append(
                        EngineNote(
                            code: .consistencyNegativeLeavers, uisId: uisId, country: country, year: year,
                            message: "\(uisId) for \(country.rawValue) \(year) was not computed: teachers went from "
                                + "\(plain(before.value)) to \(plain(now.value)) with only \(plain(new.value)) new, "
                                + "which leaves \(plain(leavers.value)) leavers.",
                            sources: context.sources(leavers.sources)))
                    continue
                }
                guard
                    let ratio = context.ratio(
                        leavers, over: before, scale: 100, uisId: uisId, country: country, year: year, notes: &notes)
                else { continue }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, country: country, year: year, level: level.rawValue,
                        sex: sex, value: ratio.value, numerator: leavers.value, denominator: before.value,
                        unit: definition.unit, flags: ratio.flags, sources: context.sources(ratio.sources)))
            }
        }
        return out
    }
}
