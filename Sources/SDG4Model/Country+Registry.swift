/// Reference facts about the countries sdg4 knows: codes and names used to recognise them
/// in input files and to name them in reports.
///
/// Every ISO 3166-1 country, from the generated table of Country+ISO3166.swift (Debian's
/// iso-codes; `tools/make-country-registry.py`), with the hand-kept names and spellings of
/// `supplement` merged on top.
public struct CountryInfo: Sendable, Hashable {
    /// ISO 3166 alpha-3 code.
    public let iso3: String
    /// ISO 3166 alpha-2 code.
    public let iso2: String
    /// UN M49 numeric code, as text without leading zeros (`4` for Afghanistan).
    public let m49: String
    /// English short name, as reports show it (`Kyrgyzstan`, `Iran`, `Türkiye`).
    public let name: String
    /// Russian short name, as reports show it (`Кыргызстан`); the English name when neither
    /// iso-codes nor the supplement has one.
    public let nameRussian: String
    /// ISO 3166-1 common name, where iso-codes gives one (`Iran`, `Bolivia`).
    public let commonName: String?
    /// ISO 3166-1 official name, where iso-codes gives one (`Republic of Kazakhstan`).
    public let officialName: String?
    /// Other spellings (English, Russian, national) accepted in input files: the ISO names and
    /// their Russian not already `name`, `nameRussian` included, and the hand-kept ones.
    public let aliases: [String]

    /// The country as used in keys and outputs.
    public var country: Country { Country(rawValue: iso3) }
}

extension CountryInfo {
    /// Every ISO 3166-1 country (249 in iso-codes 4.15), sorted by alpha-3 code.
    public static let registry: [CountryInfo] = iso3166Table.split(separator: "\n").map { line in
        // Nine fields; empty ones at the end of a line are left out.
        var f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        precondition((4...9).contains(f.count), "Country+ISO3166.swift: bad line \(line)")
        f += Array(repeating: "", count: 9 - f.count)
        let extra = supplement[f[0]]
        let name = extra?.name ?? f[3]
        let nameRussian = extra?.nameRussian ?? (f[6].isEmpty ? name : f[6])
        var aliases: [String] = []
        for spelling in (extra?.aliases ?? []) + [f[3], f[4], f[5], f[6], nameRussian, f[7], f[8]]
        where !spelling.isEmpty && spelling != name && !aliases.contains(spelling) {
            aliases.append(spelling)
        }
        return CountryInfo(
            iso3: f[0], iso2: f[1], m49: f[2], name: name, nameRussian: nameRussian,
            commonName: f[4].isEmpty ? nil : f[4], officialName: f[5].isEmpty ? nil : f[5], aliases: aliases)
    }

    /// The registry entry for an ISO3 code, if sdg4 knows the country.
    public static func lookup(_ country: Country) -> CountryInfo? {
        byISO3[country.rawValue].map { registry[$0] }
    }

    /// The registry entry a code or name in an input file stands for: ISO3 (`TUR`), ISO2 (`TR`),
    /// M49 code with or without leading zeros (`792`, `004`, `4`), or an English, Russian or
    /// national name or spelling (`Türkiye`, `Turkey`, `Турция`, `Қазақстан`). Case and
    /// surrounding or repeated white space do not matter; `nil` for an unknown text.
    public static func lookup(text: String) -> CountryInfo? {
        var key = fold(text)
        if !key.isEmpty, key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let digits = key.drop { $0 == "0" }
            key = digits.isEmpty ? "0" : String(digits)
        }
        return byText[key].map { registry[$0] }
    }

    /// Lower-cased, with white space trimmed and inner runs collapsed to one space.
    private static func fold(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    private static let byISO3: [String: Int] = Dictionary(
        uniqueKeysWithValues: registry.enumerated().map { ($0.element.iso3, $0.offset) })

    /// Every folded spelling to its registry index: names first, then codes, so that a code
    /// always wins over a name spelled the same.
    private static let byText: [String: Int] = {
        var index: [String: Int] = [:]
        for (i, info) in registry.enumerated() {
            for spelling in [info.name] + info.aliases { index[fold(spelling)] = i }
        }
        for (i, info) in registry.enumerated() {
            for code in [info.iso3, info.iso2, info.m49] { index[fold(code)] = i }
        }
        // `NA` (Namibia's ISO2 code) stands for "not available" in statistical tables far more
        // often: never read as a country (Namibia is NAM, 516 or its name).
        index.removeValue(forKey: "na")
        return index
    }()
}

extension CountryInfo {
    /// Hand-kept additions to a generated entry: a display name replacing the ISO one, and
    /// spellings iso-codes does not have.
    private struct Supplement: Sendable {
        var name: String?
        var nameRussian: String?
        var aliases: [String] = []
    }

    /// The hand-kept names: the display names reports have always used for the five Central
    /// Asian countries and the neighbours UIS publishes beside them (AFG, IRN, MNG), with their
    /// national and older spellings; Turkey, which iso-codes 4.15 calls `Türkiye` and has no
    /// Russian name for; Russia's short names.
    private static let supplement: [String: Supplement] = [
        "KAZ": Supplement(
            name: "Kazakhstan", nameRussian: "Казахстан",
            aliases: [
                "Republic of Kazakhstan", "Казахстан", "Республика Казахстан", "Қазақстан", "Қазақстан Республикасы",
                "Qazaqstan", "Kazakstan",
            ]),
        "KGZ": Supplement(
            name: "Kyrgyzstan", nameRussian: "Кыргызстан",
            aliases: [
                "Kyrgyz Republic", "Кыргызстан", "Киргизия", "Кыргызская Республика", "Кыргыз Республикасы",
                "Qırğızstan", "Kirgizia",
            ]),
        "TJK": Supplement(
            name: "Tajikistan", nameRussian: "Таджикистан",
            aliases: ["Таджикистан", "Республика Таджикистан", "Тоҷикистон", "Ҷумҳурии Тоҷикистон", "Tojikiston"]),
        "TKM": Supplement(
            name: "Turkmenistan", nameRussian: "Туркменистан",
            aliases: ["Туркменистан", "Туркмения", "Türkmenistan", "Түркменистан"]),
        "UZB": Supplement(
            name: "Uzbekistan", nameRussian: "Узбекистан",
            aliases: [
                "Узбекистан", "Республика Узбекистан", "Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "Ўзбекистон",
                "Uzbekiston",
            ]),
        "AFG": Supplement(name: "Afghanistan", nameRussian: "Афганистан", aliases: ["Афганистан", "افغانستان"]),
        "IRN": Supplement(name: "Iran", nameRussian: "Иран", aliases: ["Iran (Islamic Republic of)", "Иран"]),
        "MNG": Supplement(name: "Mongolia", nameRussian: "Монголия", aliases: ["Монголия", "Монгол Улс"]),
        "TUR": Supplement(nameRussian: "Турция", aliases: ["Turkey", "Republic of Turkey", "Турецкая Республика"]),
        "RUS": Supplement(aliases: ["Russia", "Россия"]),
    ]
}
