/// Adjusted parity index (indicators.md §4, SDG 4.5.1): the disadvantaged group's value `d`
/// over the advantaged group's value `a`, folded so that it is symmetric around 1 and
/// bounded in [0, 2]:
///
/// - `d ≤ a`: `d / a`;
/// - `d > a`: `2 − a / d`.
///
/// Edge cases [PIPE]: `d = a = 0` gives no value; `a = 0 < d` gives 2; `d = 0 < a` gives 0.
public enum ParityIndex {
    /// The adjusted parity index, or `nil` when both values are zero.
    public static func adjusted(disadvantaged d: Double, advantaged a: Double) -> Double? {
        if d == 0 && a == 0 { return nil }
        if d <= a { return d / a }
        return 2 - a / d
    }

    /// The plain ratio `d / a`, or `nil` when `a` is zero.
    public static func unadjusted(disadvantaged d: Double, advantaged a: Double) -> Double? {
        a == 0 ? nil : d / a
    }

    /// The partial derivatives `(∂/∂d, ∂/∂a)` of the adjusted index at `(d, a)`, for its
    /// Taylor (delta-method) variance (docs/methodology.md, "Sampling error"):
    /// `d ≤ a`: `(1/a, −d/a²)`; `d > a`: `(a/d², −1/d)`.
    public static func gradient(disadvantaged d: Double, advantaged a: Double) -> (Double, Double) {
        if d <= a { return (1 / a, -d / (a * a)) }
        return (a / (d * d), -1 / d)
    }
}
