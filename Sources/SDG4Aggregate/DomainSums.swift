import SDG4Model

/// The weighted sums of one domain behind a ratio `Y / X` (a survey rate, or one plausible
/// value's share of an assessment): in total, under each replicate weight, and per design
/// unit. A domain is summed over the whole design: units with none of its persons are still
/// units of the design (`DesignFrame`), so nothing is cut before the variance.
struct DomainSums {
    var y = 0.0
    var x = 0.0
    var replicateY: [Double] = []
    var replicateX: [Double] = []
    var unitY: [DesignUnit: Double] = [:]
    var unitX: [DesignUnit: Double] = [:]
    /// A cell of the domain lost its replicate sums (two sources of one assessment with other
    /// numbers of plausible values): no replicate variance.
    var missingReplicates = false

    /// Adds the sums of one cell of a cube (`unit`: the cell's design unit, if any). An empty
    /// replicate array is zeros (a tally nobody was added to): the numerator's and the
    /// denominator's are added each on its own, so neither is lost with the other.
    mutating func add(y dy: Double, x dx: Double, replicateY ry: [Double], replicateX rx: [Double], unit: DesignUnit?) {
        y += dy
        x += dx
        Self.add(ry, to: &replicateY)
        Self.add(rx, to: &replicateX)
        if let unit {
            unitY[unit, default: 0] += dy
            unitX[unit, default: 0] += dx
        }
    }

    /// `sums += values`, element by element; the longer array sets the length. Sources of
    /// several designs in one cell are `.mixed` (no variance): a length mismatch never traps.
    private static func add(_ values: [Double], to sums: inout [Double]) {
        guard !values.isEmpty else { return }
        if sums.count < values.count { sums += Array(repeating: 0, count: values.count - sums.count) }
        for r in values.indices { sums[r] += values[r] }
    }
}
