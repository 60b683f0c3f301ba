/// How a survey's or assessment's sample was drawn, as far as its sampling variance needs
/// (`design:` on the source, docs/pipeline-file.md): the columns that hold the design.
public enum SamplingDesign: Sendable, Hashable {
    /// Taylor linearisation over a stratified cluster sample (MICS, DHS): the stratum column
    /// (none: one stratum) and the primary sampling unit (cluster) column.
    case taylor(strata: String?, psu: String)
    /// Balanced repeated replication with Fay's factor (PISA: 80 weights, 0.5; plain BRR: 0).
    case brr(weights: [String], fay: Double)
    /// The paired jackknife with both halves of every zone (TIMSS, PIRLS since 2015).
    case jk2(zone: String, replicate: String)
    /// Any other replicate weights: variance `scale × Σ (θ_r − θ)²`.
    case replicate(weights: [String], scale: Double)

    /// The headers the design reads, in order.
    public var columns: [String] {
        switch self {
        case .taylor(let strata, let psu): (strata.map { [$0] } ?? []) + [psu]
        case .brr(let weights, _), .replicate(let weights, _): weights
        case .jk2(let zone, let replicate): [zone, replicate]
        }
    }

    /// The design in words, for the ledger's fingerprint and messages:
    /// `brr fay=0.5 W_FSTURWT1,…`.
    public var summary: String {
        switch self {
        case .taylor(let strata, let psu): "taylor strata=\(strata ?? "-") psu=\(psu)"
        case .brr(let weights, let fay): "brr fay=\(fay) " + weights.joined(separator: ",")
        case .jk2(let zone, let replicate): "jk2 zone=\(zone) replicate=\(replicate)"
        case .replicate(let weights, let scale): "replicate scale=\(scale) " + weights.joined(separator: ",")
        }
    }
}
