import SDG4Model

/// A ratio of two quantities scaled by `scale`: `scale × numerator / denominator`, or `nil`
/// when the denominator is zero or the result is not a finite number (never 0, never
/// infinity; indicators.md §8).
struct Ratio {
    var value: Double
    var numerator: Quantity
    var denominator: Quantity

    init?(_ numerator: Quantity?, over denominator: Quantity?, scale: Double) {
        guard let numerator, let denominator, denominator.value != 0 else { return nil }
        // Divided first, then scaled: equal counts give exactly `scale` (100, not
        // 100.00000000000001 as `scale × numerator` divided would).
        let value = scale * (numerator.value / denominator.value)
        guard value.isFinite else { return nil }
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Flags carried over from the inputs.
    var flags: [String] {
        numerator.flags.union(denominator.flags).words
    }

    var sources: UInt64 { numerator.sources | denominator.sources }
}
