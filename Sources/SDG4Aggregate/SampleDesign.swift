import SDG4Model

/// How the persons of one country and year's survey (or students of an assessment) were
/// sampled, as far as the cubes keep it: what the sampling variance of its values is computed
/// by (docs/methodology.md, "Sampling error").
public enum SampleDesign: Sendable, Hashable, Codable {
    /// No `design:` on the source: values get no standard error (never a made-up one).
    case none
    /// Taylor linearisation over the units (stratum, cluster) kept in the cube's keys.
    case taylor
    /// The paired jackknife over the units (zone, half) kept in the cube's keys: two
    /// replicates per zone, scale ½.
    case jk2
    /// Replicate weights summed beside the full weight (BRR with Fay's factor, or any other):
    /// `count` replicates, variance `scale × Σ (θ_r − θ)²`.
    case replicate(count: Int, scale: Double)
    /// Sources with different designs (or one without) in one country and year: no standard
    /// error, and a note that says why.
    case mixed

    /// The design of a country and year that both feed.
    public func merged(_ other: SampleDesign) -> SampleDesign { self == other ? self : .mixed }

    /// The design of one sample as its variance may use it: `.mixed` when several sources feed
    /// it, even with the same design (two surveys' clusters, zones and replicates are not one
    /// design: pooled they would give a wrong standard error, so there is none).
    static func of(_ design: SampleDesign?, sources: UInt64?) -> SampleDesign {
        (sources ?? 0).nonzeroBitCount > 1 ? .mixed : design ?? .none
    }

    /// Whether the cubes key their sums by design unit.
    public var usesUnits: Bool { self == .taylor || self == .jk2 }
}
