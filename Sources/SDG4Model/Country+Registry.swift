/// Reference facts about the countries sdg4 knows: codes and names used to recognise them
/// in input files and to name them in reports.
public struct CountryInfo: Sendable, Hashable {
    /// ISO 3166 alpha-3 code.
    public let iso3: String
    /// ISO 3166 alpha-2 code.
    public let iso2: String
    /// UN M49 numeric code, as text without leading zeros (`4` for Afghanistan).
    public let m49: String
    /// English short name.
    public let name: String
    /// Other spellings (English, Russian, national) accepted in input files.
    public let aliases: [String]

    /// The country as used in keys and outputs.
    public var country: Country { Country(rawValue: iso3) }
}

extension CountryInfo {
    /// The countries sdg4 recognises: the five Central Asian countries and the
    /// neighbours UIS publishes beside them (AFG, IRN, MNG).
    public static let registry: [CountryInfo] = [
        CountryInfo(
            iso3: "KAZ", iso2: "KZ", m49: "398", name: "Kazakhstan",
            aliases: [
                "Republic of Kazakhstan", "Казахстан", "Республика Казахстан", "Қазақстан", "Қазақстан Республикасы",
                "Qazaqstan", "Kazakstan",
            ]),
        CountryInfo(
            iso3: "KGZ", iso2: "KG", m49: "417", name: "Kyrgyzstan",
            aliases: [
                "Kyrgyz Republic", "Кыргызстан", "Киргизия", "Кыргызская Республика", "Кыргыз Республикасы",
                "Qırğızstan", "Kirgizia",
            ]),
        CountryInfo(
            iso3: "TJK", iso2: "TJ", m49: "762", name: "Tajikistan",
            aliases: ["Таджикистан", "Республика Таджикистан", "Тоҷикистон", "Ҷумҳурии Тоҷикистон", "Tojikiston"]),
        CountryInfo(
            iso3: "TKM", iso2: "TM", m49: "795", name: "Turkmenistan",
            aliases: ["Туркменистан", "Туркмения", "Türkmenistan", "Түркменистан"]),
        CountryInfo(
            iso3: "UZB", iso2: "UZ", m49: "860", name: "Uzbekistan",
            aliases: [
                "Узбекистан", "Республика Узбекистан", "Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "Ўзбекистон",
                "Uzbekiston",
            ]),
        CountryInfo(
            iso3: "AFG", iso2: "AF", m49: "4", name: "Afghanistan", aliases: ["Афганистан", "افغانستان"]),
        CountryInfo(
            iso3: "IRN", iso2: "IR", m49: "364", name: "Iran",
            aliases: ["Iran (Islamic Republic of)", "Иран"]),
        CountryInfo(
            iso3: "MNG", iso2: "MN", m49: "496", name: "Mongolia", aliases: ["Монголия", "Монгол Улс"]),
    ]

    /// The registry entry for an ISO3 code, if sdg4 knows the country.
    public static func lookup(_ country: Country) -> CountryInfo? {
        registry.first { $0.iso3 == country.rawValue }
    }
}
