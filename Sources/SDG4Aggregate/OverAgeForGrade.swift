import SDG4Model

/// Percentage of pupils over-age for their grade (indicators.md §2.8; SDG 4.1.5; UIS `OAEP.<n>`):
///
///     OAEP_n = 100 × Σ_g E_{n,g}[age ≥ a_1 + g + 1] / Σ_g E_{n,g}
///
/// Pupils of primary or lower secondary at least two years older than the intended age of
/// their grade (`a_1 + g − 1`, grades counted from grade 1 of primary). [PIPE] Pupils of
/// unknown age are left out of both numerator and denominator.
public struct OverAgeForGrade: Indicator {
    public let definition = IndicatorDefinition(
        id: "overage", name: "Percentage of pupils over-age for grade", uisIds: "OAEP.<level>[.F|.M]",
        sdgIndicator: "4.1.5", sdgSeries: "",
        formula: "100 × pupils 2 or more years older than the intended age of their grade / pupils of known age",
        unit: "percent", levels: [.primary, .lowerSecondary], methodology: "indicators.md §2.8", validRange: 0...100,
        regional: .weighted(.enrolment), parity: [.sex], better: .lower)

    public init() {}

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        guard let entry = context.structures.structure(country, year)?.primaryEntryAge else { return [] }
        var out: [IndicatorValue] = []
        for level in definition.levels where context.gradesOutsideLevel(country, year, level).isEmpty {
            for sex in Sex.allCases {
                guard let cells = context.cube.byGradeAndAge(.enrolment, country, year, level: level, sex: sex) else {
                    continue
                }
                var over: Quantity?
                var all: Quantity?
                for cell in cells {
                    all = all.map { $0 + cell.count } ?? cell.count
                    if cell.age >= entry + cell.grade + 1 { over = over.map { $0 + cell.count } ?? cell.count }
                }
                let uisId = "OAEP.\(level.rawValue)\(sex.uisSuffix)"
                guard
                    let ratio = context.ratio(
                        over ?? Quantity(value: 0, sources: all?.sources ?? 0), over: all, scale: 100, uisId: uisId,
                        country: country, year: year, notes: &notes)
                else { continue }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, country: country, year: year, level: level.rawValue,
                        sex: sex, value: ratio.value, numerator: ratio.numerator.value,
                        denominator: ratio.denominator.value, unit: definition.unit, flags: ratio.flags,
                        sources: context.sources(ratio.sources)))
            }
        }
        return out
    }
}
