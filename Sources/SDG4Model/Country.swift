/// A country or region, by ISO 3166 alpha-3 code (or M49 code for regions, e.g. `143`).
public struct Country: RawRepresentable, Sendable, Hashable, Comparable, Codable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static func < (lhs: Country, rhs: Country) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The five Central Asian countries the project is built for, in output order.
    public static let centralAsia: [Country] = ["KAZ", "KGZ", "TJK", "TKM", "UZB"].map(Country.init)

    /// The Central Asia aggregate: the M49 code of the region (`143`), in every output where a
    /// country code stands.
    public static let centralAsiaRegion = Country(rawValue: "143")

    /// Whether this is the Central Asia aggregate, not a country.
    public var isRegion: Bool { self == Self.centralAsiaRegion }
}
