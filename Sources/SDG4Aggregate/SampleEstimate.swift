import SDG4Model

/// A survey or assessment estimate with what its sampling variance is computed from: one draw
/// per plausible value (a single draw without plausible values), each the estimate and either
/// its value under every replicate or its linearised value in every design unit.
public struct SampleEstimate: Sendable, Hashable {
    /// How a draw's variance is computed.
    public enum Method: Sendable, Hashable {
        /// `scale × Σ_r (θ_r − θ)²` over the replicate estimates.
        case replicate(scale: Double)
        /// Taylor: `Σ_h n_h/(n_h − 1) Σ_i (z_hi − z̄_h)²` over the linearised values, with the
        /// stratum (index) of every unit; a stratum of one unit adds `z²`.
        case taylor(strata: [Int])
    }

    /// One plausible value's estimate (or the only one).
    public struct Draw: Sendable, Hashable {
        /// The estimate of this plausible value (or the only one).
        public var estimate: Double
        /// Replicate estimates, or linearised values by unit (in the design's unit order).
        public var values: [Double]

        /// A draw from its estimate and its replicate estimates or linearised values.
        public init(estimate: Double, values: [Double]) {
            self.estimate = estimate
            self.values = values
        }
    }

    /// How each draw's variance is computed.
    public var method: Method
    /// One per plausible value, in order (one without plausible values).
    public var draws: [Draw]

    /// An estimate from its draws, all of one design.
    public init(method: Method, draws: [Draw]) {
        self.method = method
        self.draws = draws
    }

    /// The sampling variance of one draw.
    public func variance(of draw: Draw) -> Double {
        switch method {
        case .replicate(let scale):
            SamplingVariance.replicate(estimate: draw.estimate, replicates: draw.values, scale: scale)
        case .taylor(let strata):
            SamplingVariance.taylor(linearised: draw.values, strata: strata)
        }
    }

    /// The variance of the estimate: each draw's sampling variance combined by Rubin's rules
    /// over the draws; `nil` when it is not a finite number (a replicate with no weight in the
    /// domain).
    public var variance: Double? {
        guard !draws.isEmpty else { return nil }
        let combined = SamplingVariance.rubin(draws.map { ($0.estimate, variance(of: $0)) }).variance
        return combined.isFinite ? combined : nil
    }

    /// The standard error, `√variance`.
    public var standardError: Double? { variance.map { $0.squareRoot() } }

    /// The estimate of `f(d, a)` from two estimates of the same design with as many draws
    /// (a parity index of two domains): by replicates, `f` of the two replicate estimates; by
    /// Taylor, the delta method `f_d z_d + f_a z_a` with the partial derivatives at the draw's
    /// estimates. `nil` when the two do not match or `f` has no value.
    public static func combine(
        _ d: SampleEstimate, _ a: SampleEstimate, _ f: (Double, Double) -> Double?,
        derivatives: (Double, Double) -> (Double, Double)
    ) -> SampleEstimate? {
        guard d.method == a.method, d.draws.count == a.draws.count else { return nil }
        var draws: [Draw] = []
        for (dd, ad) in zip(d.draws, a.draws) {
            guard dd.values.count == ad.values.count, let estimate = f(dd.estimate, ad.estimate) else { return nil }
            var values: [Double] = []
            values.reserveCapacity(dd.values.count)
            switch d.method {
            case .replicate:
                for (x, y) in zip(dd.values, ad.values) { values.append(f(x, y) ?? .nan) }
            case .taylor:
                let (fd, fa) = derivatives(dd.estimate, ad.estimate)
                for (x, y) in zip(dd.values, ad.values) { values.append(fd * x + fa * y) }
            }
            draws.append(Draw(estimate: estimate, values: values))
        }
        return SampleEstimate(method: d.method, draws: draws)
    }
}
