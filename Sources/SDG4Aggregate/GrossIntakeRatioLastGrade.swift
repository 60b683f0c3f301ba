import SDG4Model

/// Gross intake ratio to the last grade (indicators.md §2.7; SDG 4.1.3; UIS `AIR.1.GLAST`,
/// `AIR.2.GPV.GLAST`):
///
///     GIRLG_n = 100 × (E_last − R_last) / P[L_n]
///
/// New entrants to the last grade of primary (grade `d_1`) or lower secondary (grade
/// `d_1 + d_2`), any age: enrolment in that grade minus its repeaters; over the population
/// at the intended age for the last grade, `L_n = a_n + d_n − 1`. May exceed 100 (flagged
/// `implausible` above 130 [PIPE]). Without repeaters no value is written (total enrolment
/// would inflate it), and the gap is noted.
public struct GrossIntakeRatioLastGrade: Indicator {
    public let definition = IndicatorDefinition(
        id: "gir.last", name: "Gross intake ratio to the last grade",
        uisIds: "AIR.1[.F|.M].GLAST, AIR.2.GPV[.F|.M].GLAST",
        sdgIndicator: "4.1.3", sdgSeries: "",
        formula: "100 × (enrolment − repeaters) in the last grade / population at the intended age of the last grade",
        unit: "percent", levels: [.primary, .lowerSecondary], methodology: "indicators.md §2.7", validRange: nil,
        regional: .weighted(.populationAtLastGradeAge), parity: [.sex], better: .higher)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        guard let structure = context.structures.structure(country, year) else { return [] }
        var out: [IndicatorValue] = []
        for level in definition.levels where context.gradesOutsideLevel(country, year, level).isEmpty {
            let lastGrade =
                level == .primary
                ? structure.primaryDuration : structure.primaryDuration + structure.lowerSecondaryDuration
            guard let ages = structure.ageGroup(level) else { continue }
            let lastAge = ages.upperBound
            for sex in Sex.allCases {
                let uisId = level == .primary ? "AIR.1\(sex.uisSuffix).GLAST" : "AIR.2.GPV\(sex.uisSuffix).GLAST"
                guard
                    let enrolled = context.cube.byGrade(.enrolment, country, year, level: level, sex: sex)?[lastGrade],
                    let population = context.cube.population(country, year, age: lastAge, sex: sex)
                else { continue }
                guard
                    let repeaters = context.cube.byGrade(.repeaters, country, year, level: level, sex: sex)?[lastGrade]
                else {
                    if sex == .total {
                        notes.append(
                            EngineNote(
                                code: .indicatorMissingInput, uisId: uisId, country: country, year: year,
                                message:
                                    "\(uisId) for \(country.rawValue) \(year) was not computed: no repeaters are given for grade \(lastGrade).",
                                sources: context.sources(enrolled.sources)))
                    }
                    continue
                }
                let entrants = Quantity(
                    value: enrolled.value - repeaters.value, sources: enrolled.sources | repeaters.sources,
                    flags: enrolled.flags.union(repeaters.flags))
                guard
                    let ratio = context.ratio(
                        entrants, over: population, scale: 100, uisId: uisId, country: country, year: year,
                        notes: &notes)
                else { continue }
                var flags = ratio.flags
                if repeaters.value > enrolled.value || ratio.value > 130 { flags.append("implausible") }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, country: country, year: year, level: level.rawValue,
                        sex: sex, ageGroup: "\(lastAge)", value: ratio.value, numerator: entrants.value,
                        denominator: population.value, unit: definition.unit, flags: flags.sorted(),
                        sources: context.sources(ratio.sources)))
            }
        }
        return out
    }
}
