import Foundation
import SDG4Model

/// Adjusted parity index of another indicator (indicators.md §4; SDG 4.5.1): the value of the
/// likely disadvantaged group over that of the advantaged group, adjusted (see `ParityIndex`):
///
/// | dimension | disadvantaged / advantaged | id suffix | UIS suffix |
/// |---|---|---|---|
/// | sex | female / male | `.gpia` | `.GPIA` |
/// | location | rural / urban | `.lpia` | `.LPIA` |
/// | wealth | poorest quintile Q1 / richest Q5 | `.wpia` | `.WPIA` |
///
/// Computed from the base indicator's unrounded values of the two groups for the same country,
/// year, level and age group, the other dimensions at their totals; the row keeps them as
/// numerator (disadvantaged) and denominator (advantaged). For "bad" indicators such as the
/// out-of-school rate, a value above 1 means the disadvantaged group is worse off.
public struct ParityIndicator: Sendable {
    /// Which groups are compared.
    public enum Dimension: String, Sendable, CaseIterable {
        case sex = "gpia"
        case location = "lpia"
        case wealth = "wpia"
    }

    public let base: any Indicator
    public let dimension: Dimension
    public let definition: IndicatorDefinition

    /// SDG 4.5.1 series of the parity indices that have one (from the SDG DSD).
    static let series: [String: String] = [
        "prol.gpia": "SE_GPI_PTNPRE", "trtp.gpia": "SE_GPI_TCAQ", "prya.gpia": "SE_GPI_PART",
        "mpl.gpia": "SE_TOT_GPI", "mpl.lpia": "SE_TOT_RUPI", "mpl.wpia": "SE_TOT_SESPI",
        "cr.gpia": "SE_AGP_CPRA", "cr.lpia": "SE_ALP_CPLR", "cr.wpia": "SE_AWP_CPRA",
    ]

    public init(base: any Indicator, dimension: Dimension = .sex) {
        self.base = base
        self.dimension = dimension
        let b = base.definition
        let id = "\(b.id).\(dimension.rawValue)"
        let (groups, suffix, name): (String, String, String) =
            switch dimension {
            case .sex: ("females (F) and males (M)", "GPIA", "gender")
            case .location: ("rural (R) and urban (U) areas", "LPIA", "location")
            case .wealth: ("the poorest (Q1) and richest (Q5) quintiles", "WPIA", "wealth")
            }
        let uis =
            dimension == .sex
            ? b.uisIds.replacingOccurrences(of: "[.F|.M]", with: ".GPIA")
            : b.uisIds.replacingOccurrences(of: "[.F|.M]", with: "") + " + .\(suffix)"
        definition = IndicatorDefinition(
            id: id, name: "\(b.name), adjusted \(name) parity index", uisIds: b.uisIds.isEmpty ? "" : uis,
            sdgIndicator: "4.5.1", sdgSeries: Self.series[id] ?? "",
            formula: "d/a if d ≤ a, else 2 − a/d, of the \(b.id) values for \(groups)", unit: "index",
            levels: b.levels, methodology: "indicators.md §4", validRange: 0...2, regional: b.regional, parity: [], better: .parity)
    }

    /// Parity values for every group pair present in `values`.
    /// - Parameter sourceIds: the pipeline's source ids, to list sources in pipeline order.
    public func compute(from values: [IndicatorValue], sourceIds: [String]) -> [IndicatorValue] {
        struct Group: Hashable {
            var country: Country
            var year: Int
            var level: String
            var ageGroup: String
            var uisBase: String
        }
        var disadvantaged: [Group: IndicatorValue] = [:]
        var advantaged: [Group: IndicatorValue] = [:]
        for v in values where v.indicator == base.definition.id {
            switch dimension {
            case .sex:
                guard v.location == .total, v.wealth == .total, v.sex != .total else { continue }
                let g = Group(
                    country: v.country, year: v.year, level: v.level, ageGroup: v.ageGroup,
                    uisBase: Self.replacingSex(in: v.uisId, with: nil))
                if v.sex == .female { disadvantaged[g] = v } else { advantaged[g] = v }
            case .location:
                guard v.sex == .total, v.wealth == .total, v.location != .total else { continue }
                let g = Group(country: v.country, year: v.year, level: v.level, ageGroup: v.ageGroup, uisBase: v.uisId)
                if v.location == .rural { disadvantaged[g] = v } else if v.location == .urban { advantaged[g] = v }
            case .wealth:
                guard v.sex == .total, v.location == .total else { continue }
                let g = Group(country: v.country, year: v.year, level: v.level, ageGroup: v.ageGroup, uisBase: v.uisId)
                if v.wealth == .q1 { disadvantaged[g] = v } else if v.wealth == .q5 { advantaged[g] = v }
            }
        }
        var out: [IndicatorValue] = []
        for (group, d) in disadvantaged {
            guard let a = advantaged[group],
                let index = ParityIndex.adjusted(disadvantaged: d.value, advantaged: a.value)
            else { continue }
            var flags = Set(d.flags).union(a.flags).intersection(ValueFlags.inheritedWords.union(["age-adjusted"]))
            if index < 0.5 || index > 1.5 { flags.insert("implausible") }
            let used = Set(d.sources + a.sources)
            out.append(
                IndicatorValue(
                    indicator: definition.id, uisId: parityId(d), country: group.country, year: group.year,
                    level: group.level, sex: .total, ageGroup: group.ageGroup, value: index, numerator: d.value,
                    denominator: a.value, unit: definition.unit, flags: flags.sorted(),
                    sources: sourceIds.filter { used.contains($0) }, sampleSize: sampleSize(d, a),
                    sampling: sampling(d, a)))
        }
        return out
    }

    /// The persons behind both groups' values (survey and assessment values only).
    private func sampleSize(_ d: IndicatorValue, _ a: IndicatorValue) -> Int? {
        guard let n = d.sampleSize, let m = a.sampleSize else { return nil }
        return n + m
    }

    /// The index's sampling estimate from the two groups' (same design, same draws): by
    /// replicates the index of each replicate's values, by Taylor the delta method.
    private func sampling(_ d: IndicatorValue, _ a: IndicatorValue) -> SampleEstimate? {
        guard let ds = d.sampling, let asg = a.sampling else { return nil }
        return SampleEstimate.combine(
            ds, asg, { ParityIndex.adjusted(disadvantaged: $0, advantaged: $1) },
            derivatives: { ParityIndex.gradient(disadvantaged: $0, advantaged: $1) })
    }

    /// The UIS id with its sex part (the last `F` or `M` between dots) replaced, or removed
    /// with `nil`: `ROFST.1.F.CP` → `ROFST.1.CP`; `MPL.L1.GLAST.MATH.M` → `MPL.L1.GLAST.MATH`
    /// (not a text replacement: `.M` is also the start of `.MATH`).
    static func replacingSex(in uisId: String, with replacement: String?) -> String {
        var parts = uisId.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let i = parts.lastIndex(where: { $0 == "F" || $0 == "M" }) else { return uisId }
        if let replacement { parts[i] = replacement } else { parts.remove(at: i) }
        return parts.joined(separator: ".")
    }

    /// `GER.1.F` → `GER.1.GPIA`; `ROFST.1.F.CP` → `ROFST.1.GPIA.CP`; `CR.1` (rural) → `CR.1.LPIA`.
    private func parityId(_ d: IndicatorValue) -> String {
        guard !d.uisId.isEmpty else { return "" }
        switch dimension {
        case .sex: return Self.replacingSex(in: d.uisId, with: "GPIA")
        case .location, .wealth:
            let suffix = dimension == .location ? ".LPIA" : ".WPIA"
            return d.uisId.hasSuffix(".CP") ? String(d.uisId.dropLast(3)) + suffix + ".CP" : d.uisId + suffix
        }
    }
}
