/// A primary sampling unit of a survey's or assessment's design: the stratum and the cluster
/// within it (Taylor linearisation, `design: {type: taylor}`), or the jackknife zone and the
/// half of it (`design: {type: jk2}`: zone and replicate `0`/`1`). Written as the file gives
/// them; a file without strata has every unit in the stratum `""`.
public struct DesignUnit: Sendable, Hashable, Comparable, Codable {
    public var stratum: String
    public var cluster: String

    public init(stratum: String, cluster: String) {
        self.stratum = stratum
        self.cluster = cluster
    }

    public static func < (a: DesignUnit, b: DesignUnit) -> Bool {
        (a.stratum, a.cluster) < (b.stratum, b.cluster)
    }
}

/// Where one respondent or student sits in the sample's design, as far as the sampling
/// variance needs (docs/methodology.md, "Sampling error"): the primary sampling unit, or the
/// replicate weights. Empty for a source without `design:`.
public struct DesignPosition: Sendable, Hashable {
    /// The unit (Taylor: stratum and cluster; JK2: zone and half), or `nil`.
    public var unit: DesignUnit?
    /// The replicate weights in the design's order (BRR, other replicate designs); empty for
    /// the other designs.
    public var replicateWeights: [Double]

    public init(unit: DesignUnit? = nil, replicateWeights: [Double] = []) {
        self.unit = unit
        self.replicateWeights = replicateWeights
    }

    /// No design: the value gets no standard error.
    public static let none = DesignPosition()
}
