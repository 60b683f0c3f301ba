/// Sex of the persons counted, in SDMX codes (`F`, `M`, `_T`).
public enum Sex: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case female = "F"
    case male = "M"
    case total = "_T"

    /// Sort order used in every output: total, female, male.
    public static func < (lhs: Sex, rhs: Sex) -> Bool { lhs.order < rhs.order }

    private var order: Int {
        switch self {
        case .total: 0
        case .female: 1
        case .male: 2
        }
    }
}
