/// An ISCED 2011 level or level aggregate, as used in UIS ids (`02`, `1`, `2T3`, `5T8`, ...).
///
/// Methodology: indicators.md §1.1.
public struct Level: RawRepresentable, Sendable, Hashable, Comparable, Codable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let earlyChildhood = Level(rawValue: "0")
    public static let earlyChildhoodDevelopment = Level(rawValue: "01")
    public static let prePrimary = Level(rawValue: "02")
    public static let primary = Level(rawValue: "1")
    public static let lowerSecondary = Level(rawValue: "2")
    public static let upperSecondary = Level(rawValue: "3")
    public static let postSecondary = Level(rawValue: "4")
    public static let shortCycleTertiary = Level(rawValue: "5")
    public static let bachelor = Level(rawValue: "6")
    public static let master = Level(rawValue: "7")
    public static let doctoral = Level(rawValue: "8")
    public static let secondary = Level(rawValue: "2T3")
    public static let tertiary = Level(rawValue: "5T8")

    /// Every code the clean stage accepts, in output order.
    public static let all: [Level] = [
        .earlyChildhood, .earlyChildhoodDevelopment, .prePrimary, .primary, .lowerSecondary,
        .upperSecondary, .secondary, .postSecondary, .shortCycleTertiary, .bachelor, .master,
        .doctoral, .tertiary,
    ]

    /// The single levels an aggregate level is made of; empty for a single level.
    public var parts: [Level] {
        switch self {
        case .secondary: [.lowerSecondary, .upperSecondary]
        case .tertiary: [.shortCycleTertiary, .bachelor, .master, .doctoral]
        default: []
        }
    }

    /// The level's name in messages: `primary`, `lower secondary`, ...; the code when unknown.
    public var name: String {
        switch self {
        case .earlyChildhood: "early childhood education"
        case .earlyChildhoodDevelopment: "early childhood development"
        case .prePrimary: "pre-primary"
        case .primary: "primary"
        case .lowerSecondary: "lower secondary"
        case .upperSecondary: "upper secondary"
        case .secondary: "secondary"
        case .postSecondary: "post-secondary non-tertiary"
        case .shortCycleTertiary: "short-cycle tertiary"
        case .bachelor: "bachelor's or equivalent"
        case .master: "master's or equivalent"
        case .doctoral: "doctoral or equivalent"
        case .tertiary: "tertiary"
        default: "level \(rawValue)"
        }
    }

    /// Output order: the order of `Level.all`, unknown codes last by text.
    public static func < (lhs: Level, rhs: Level) -> Bool {
        let l = all.firstIndex(of: lhs) ?? Int.max
        let r = all.firstIndex(of: rhs) ?? Int.max
        return l != r ? l < r : lhs.rawValue < rhs.rawValue
    }
}
