import SDG4Model

/// The design of one country and year's sample, with its units in a fixed order: what turns a
/// domain's sums into a `SampleEstimate.Draw`.
struct DesignFrame {
    let design: SampleDesign
    /// Every unit of the design (Taylor, JK2), sorted.
    let units: [DesignUnit]
    /// The stratum index of every unit.
    let strata: [Int]
    /// JK2: the zones, sorted.
    let zones: [String]

    /// The frame of a design, from the units of the cube's cells (those of other designs are
    /// not used).
    init(design: SampleDesign, units cellUnits: some Sequence<DesignUnit?>) {
        self.design = design
        self.units = design.usesUnits ? Set(cellUnits.compactMap { $0 }).sorted() : []
        let names = Array(Set(self.units.map(\.stratum))).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        strata = self.units.map { index[$0.stratum]! }
        zones = names
    }

    /// How the variance of a draw is computed; `nil` without a design (or with several).
    var method: SampleEstimate.Method? {
        switch design {
        case .none, .mixed: nil
        case .taylor: units.isEmpty ? nil : .taylor(strata: strata)
        case .jk2: zones.isEmpty ? nil : .replicate(scale: SamplingVariance.jk2Scale)
        case .replicate(let n, let scale): n > 0 ? .replicate(scale: scale) : nil
        }
    }

    /// Strata with a single unit (Taylor): their variance is approximated (R's "adjust").
    var lonelyStrata: [String] {
        guard design == .taylor else { return [] }
        var count: [String: Int] = [:]
        for u in units { count[u.stratum, default: 0] += 1 }
        return count.filter { $0.value == 1 }.keys.sorted()
    }

    /// The draw of `factor × Y / X` (X > 0): its replicate estimates, or its linearised values
    /// by unit.
    func draw(_ s: DomainSums, factor: Double) -> SampleEstimate.Draw {
        let ratio = s.y / s.x
        var values: [Double] = []
        switch design {
        case .none, .mixed: break
        case .replicate(let n, _):
            // Every replicate's denominator must be there (a numerator nobody was added to is
            // zeros); anything else is no variance (NaN), never a variance over fewer replicates.
            guard !s.missingReplicates, s.replicateX.count == n, s.replicateY.count == n || s.replicateY.isEmpty
            else {
                values = [.nan]
                break
            }
            let ry = s.replicateY.isEmpty ? Array(repeating: 0, count: n) : s.replicateY
            values = zip(ry, s.replicateX).map { factor * $0 / $1 }
        case .jk2:
            // Zone h: h+ doubles the weights of half 1 and zeroes half 0; h− the reverse.
            values.reserveCapacity(2 * zones.count)
            for zone in zones {
                let one = DesignUnit(stratum: zone, cluster: "1")
                let zero = DesignUnit(stratum: zone, cluster: "0")
                let (y1, y0) = (s.unitY[one] ?? 0, s.unitY[zero] ?? 0)
                let (x1, x0) = (s.unitX[one] ?? 0, s.unitX[zero] ?? 0)
                values.append(factor * (s.y - y0 + y1) / (s.x - x0 + x1))
                values.append(factor * (s.y + y0 - y1) / (s.x + x0 - x1))
            }
        case .taylor:
            values = units.map { u in factor * ((s.unitY[u] ?? 0) - ratio * (s.unitX[u] ?? 0)) / s.x }
        }
        return SampleEstimate.Draw(estimate: factor * ratio, values: values)
    }

    /// The estimate over several draws (plausible values), or `nil` without a design.
    func estimate(_ draws: [SampleEstimate.Draw]) -> SampleEstimate? {
        method.map { SampleEstimate(method: $0, draws: draws) }
    }
}
