import SDG4Model

/// Government expenditure on education as a percentage of GDP (indicators.md §6.2; UIS
/// `XGDP.FSgov`) or of total government expenditure (§6.1; SDG 1.a.2; UIS `XGovExp.IMF`,
/// series `SD_XPD_ESED`):
///
///     XGDP    = 100 × government expenditure on education / GDP
///     XGovExp = 100 × government expenditure on education / total government expenditure
///
/// Same financial year and currency for numerator and denominator (give both from one source).
public struct GovernmentExpenditureShare: Indicator {
    /// Which denominator.
    public enum Kind: Sendable {
        case gdp, totalExpenditure
    }

    public let kind: Kind
    public let definition: IndicatorDefinition

    public init(_ kind: Kind) {
        self.kind = kind
        definition =
            kind == .gdp
            ? IndicatorDefinition(
                id: "xgdp", name: "Government expenditure on education, % of GDP", uisIds: "XGDP.FSgov",
                sdgIndicator: "", sdgSeries: "", formula: "100 × expenditure_education / gdp", unit: "percent",
                levels: [], methodology: "indicators.md §6.2", validRange: nil,
                regional: .notAggregated(.nationalCurrencies), parity: [], better: .higher)
            : IndicatorDefinition(
                id: "xgovexp", name: "Government expenditure on education, % of total government expenditure",
                uisIds: "XGovExp.IMF", sdgIndicator: "1.a.2", sdgSeries: "SD_XPD_ESED",
                formula: "100 × expenditure_education / expenditure_total", unit: "percent", levels: [],
                methodology: "indicators.md §6.1", validRange: 0...100, regional: .notAggregated(.nationalCurrencies),
                parity: [], better: .higher)
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let denominator: Measure = kind == .gdp ? .gdp : .expenditureTotal
        guard
            let ratio = context.ratio(
                context.cube.total(.expenditureEducation, country, year, level: nil, sex: .total),
                over: context.cube.total(denominator, country, year, level: nil, sex: .total), scale: 100,
                uisId: definition.uisIds, country: country, year: year, notes: &notes)
        else { return [] }
        return [
            IndicatorValue(
                indicator: definition.id, uisId: definition.uisIds, sdgSeries: definition.sdgSeries, country: country,
                year: year, level: "", value: ratio.value, numerator: ratio.numerator.value,
                denominator: ratio.denominator.value, unit: definition.unit,
                flags: (ratio.flags + (ratio.value > 100 ? ["implausible"] : [])).sorted(),
                sources: context.sources(ratio.sources))
        ]
    }
}
