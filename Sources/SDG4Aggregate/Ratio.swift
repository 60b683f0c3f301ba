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
        let value = Self.scaled(numerator.value, denominator.value, scale: scale)
        guard value.isFinite else { return nil }
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `scale × numerator / denominator`, exactly `scale` when the two are equal (100 % of a
    /// weighted sum of 94.4833 is 100, where the product divided gives 100.00000000000001).
    static func scaled(_ numerator: Double, _ denominator: Double, scale: Double) -> Double {
        numerator == denominator ? scale : scale * numerator / denominator
    }

    /// Flags carried over from the inputs.
    var flags: [String] {
        numerator.flags.union(denominator.flags).words
    }

    var sources: UInt64 { numerator.sources | denominator.sources }
}
