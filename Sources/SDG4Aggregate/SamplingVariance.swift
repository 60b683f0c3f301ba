/// The sampling variance of a survey or assessment estimate, by the designs the surveys and
/// assessments of the region use (docs/methodology.md, "Sampling error"): replicate weights
/// (PISA's Fay BRR, TIMSS and PIRLS's JK2, any other with its scale), Taylor linearisation of a
/// ratio over a stratified cluster sample (MICS, DHS), and Rubin's rules over plausible values.
///
/// Pure functions of sums: the cubes gather the sums while the files stream, these turn them
/// into variances.
public enum SamplingVariance {
    /// `scale × Σ_r (θ_r − θ)²`: the variance of `estimate` from its values under each
    /// replicate weight.
    public static func replicate(estimate: Double, replicates: [Double], scale: Double) -> Double {
        scale * replicates.reduce(0) { $0 + ($1 - estimate) * ($1 - estimate) }
    }

    /// The scale of balanced repeated replication with Fay's factor `fay` (0 for plain BRR)
    /// over `replicates` replicates: `1 / (R (1 − k)²)` (PISA: R = 80, k = 0.5, so 0.05).
    public static func brrScale(replicates: Int, fay: Double) -> Double {
        1 / (Double(replicates) * (1 - fay) * (1 - fay))
    }

    /// The scale of the paired jackknife with both halves of every zone (TIMSS, PIRLS since
    /// 2015): ½ over the 2 × zones replicates.
    public static let jk2Scale = 0.5

    /// An estimate over M plausible values, combined by Rubin's rules: the mean of the M
    /// estimates, and the mean of their sampling variances plus (1 + 1/M) × the variance
    /// between them (divided by M − 1).
    public static func rubin(_ values: [(estimate: Double, variance: Double)]) -> (estimate: Double, variance: Double) {
        let m = Double(values.count)
        guard m > 0 else { return (.nan, .nan) }
        let mean = values.reduce(0) { $0 + $1.estimate } / m
        let within = values.reduce(0) { $0 + $1.variance } / m
        guard values.count > 1 else { return (mean, within) }
        let between = values.reduce(0) { $0 + ($1.estimate - mean) * ($1.estimate - mean) } / (m - 1)
        return (mean, within + (1 + 1 / m) * between)
    }
}

/// The weighted totals of one primary sampling unit (a cluster), for the Taylor variance of a
/// ratio `Σ y / Σ x`: `y` and `x` summed over the unit's persons, with their weights (zero for a
/// person outside the domain: a domain is estimated over the whole design, never by cutting
/// the rows first).
public struct ClusterTotals: Sendable, Hashable {
    public var y: Double
    public var x: Double

    public init(y: Double = 0, x: Double = 0) {
        self.y = y
        self.x = x
    }
}

extension SamplingVariance {
    /// The Taylor-linearised variance of the ratio `R = Σ y / Σ x` over a stratified cluster
    /// sample, clusters drawn with replacement within strata (as R's `survey` computes it, with
    /// `options(survey.lonely.psu = "adjust")`):
    ///
    /// `z_hi = (y_hi − R x_hi) / X`;  `V = Σ_h n_h / (n_h − 1) Σ_i (z_hi − z̄_h)²`,
    ///
    /// and a stratum with one cluster adds `z_h1²` (its value centred at the whole sample's
    /// mean of `z`, which is 0), rather than nothing.
    ///
    /// - Parameter strata: every stratum's clusters, each with its totals; a cluster with no
    ///   person of the domain is there with zero totals (it still counts in `n_h`).
    /// - Returns: the ratio and its variance; `nil` when `Σ x` is 0.
    public static func taylorRatio(_ strata: [[ClusterTotals]]) -> (ratio: Double, variance: Double)? {
        let y = strata.reduce(0) { $0 + $1.reduce(0) { $0 + $1.y } }
        let x = strata.reduce(0) { $0 + $1.reduce(0) { $0 + $1.x } }
        guard x != 0 else { return nil }
        let ratio = y / x
        var z: [Double] = []
        var stratumOfUnit: [Int] = []
        for (h, clusters) in strata.enumerated() {
            for c in clusters {
                z.append((c.y - ratio * c.x) / x)
                stratumOfUnit.append(h)
            }
        }
        let variance = taylor(linearised: z, strata: stratumOfUnit)
        return (ratio, variance)
    }
}

extension SamplingVariance {
    /// The Taylor variance of an estimate from its linearised values `z` in every unit of a
    /// stratified cluster sample (units drawn with replacement within strata):
    /// `Σ_h n_h / (n_h − 1) Σ_i (z_hi − z̄_h)²`; a stratum of one unit adds `z_h1²` (R's
    /// `survey.lonely.psu = "adjust"`: centred at the whole sample's mean, 0 for a ratio).
    ///
    /// - Parameters:
    ///   - linearised: `z` of every unit, including the units with no person of the domain (0).
    ///   - strata: the stratum (any index) of every unit, in the same order.
    public static func taylor(linearised z: [Double], strata: [Int]) -> Double {
        var sum: [Int: Double] = [:]
        var count: [Int: Int] = [:]
        for (v, h) in zip(z, strata) {
            sum[h, default: 0] += v
            count[h, default: 0] += 1
        }
        var squares: [Int: Double] = [:]
        for (v, h) in zip(z, strata) {
            let n = count[h]!
            let centred = n > 1 ? v - sum[h]! / Double(n) : v
            squares[h, default: 0] += centred * centred
        }
        // In stratum order: the sum never depends on a dictionary's order.
        return squares.keys.sorted().reduce(0.0) { total, h in
            let n = Double(count[h]!)
            return total + (n > 1 ? n / (n - 1) : 1) * squares[h]!
        }
    }
}
