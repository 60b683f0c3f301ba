import Foundation
import SDG4Model

/// Adjusted gender parity index of another indicator (indicators.md §4; SDG 4.5.1; UIS
/// suffix `.GPIA`): the female value over the male value, adjusted (see `ParityIndex`).
///
/// Computed from the base indicator's unrounded female and male values of the same country,
/// year and level; the row keeps them as numerator (female) and denominator (male).
/// For "bad" indicators such as the out-of-school rate, a value below 1 means girls are
/// better off.
public struct GenderParityIndicator: Sendable {
    public let base: any Indicator
    public let definition: IndicatorDefinition

    /// SDG 4.5.1 series of the parity indices that have one (from the SDG DSD).
    static let series: [String: String] = ["prol": "SE_GPI_PTNPRE", "trtp": "SE_GPI_TCAQ"]

    public init(base: any Indicator) {
        self.base = base
        let b = base.definition
        definition = IndicatorDefinition(
            id: "\(b.id).gpia", name: "\(b.name), adjusted gender parity index",
            uisIds: b.uisIds.replacingOccurrences(of: "[.F|.M]", with: ".GPIA"), sdgIndicator: "4.5.1",
            sdgSeries: Self.series[b.id] ?? "",
            formula: "F/M if F ≤ M, else 2 − M/F, of the \(b.id) values for females (F) and males (M)",
            unit: "index", levels: b.levels, methodology: "indicators.md §4")
    }

    /// Parity values for every level that has both a female and a male value in `values`.
    /// - Parameter sourceIds: the pipeline's source ids, to list sources in pipeline order.
    public func compute(from values: [IndicatorValue], sourceIds: [String]) -> [IndicatorValue] {
        struct Group: Hashable {
            var country: Country
            var year: Int
            var level: String
        }
        var female: [Group: IndicatorValue] = [:]
        var male: [Group: IndicatorValue] = [:]
        for v in values where v.indicator == base.definition.id && v.location == "_T" && v.wealth == "_T" {
            let g = Group(country: v.country, year: v.year, level: v.level)
            if v.sex == .female { female[g] = v }
            if v.sex == .male { male[g] = v }
        }
        var out: [IndicatorValue] = []
        for (group, f) in female {
            guard let m = male[group],
                let index = ParityIndex.adjusted(disadvantaged: f.value, advantaged: m.value)
            else { continue }
            var flags = Set(f.flags).union(m.flags).intersection(["estimate"])
            if index < 0.5 || index > 1.5 { flags.insert("implausible") }
            let used = Set(f.sources + m.sources)
            let sources = sourceIds.filter { used.contains($0) }
            out.append(
                IndicatorValue(
                    indicator: definition.id, uisId: parityId(f.uisId), country: group.country, year: group.year,
                    level: group.level, sex: .total, ageGroup: f.ageGroup, value: index, numerator: f.value,
                    denominator: m.value, unit: definition.unit, flags: flags.sorted(), sources: sources))
        }
        return out
    }

    /// `GER.1.F` → `GER.1.GPIA`; `ROFST.1.F.CP` → `ROFST.1.GPIA.CP`.
    private func parityId(_ femaleId: String) -> String {
        femaleId.replacingOccurrences(of: ".F", with: ".GPIA")
    }
}
