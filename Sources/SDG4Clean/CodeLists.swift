import Foundation
import SDG4Model

/// Recognises the spellings of countries, sexes, ISCED levels and missing-value markers
/// found in national and UIS files, and maps them to the codes sdg4 uses.
public enum CodeLists {
    /// Texts that mean "no value" (never zero).
    public static let missingMarkers: Set<String> = ["", "..", "...", "…", "-", "–", "n/a", "na", "x", "z", ":"]

    /// Whether the text of a value field marks a missing value.
    public static func isMissing(_ text: String) -> Bool {
        missingMarkers.contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private static let countryIndex: [String: Country] = {
        var index: [String: Country] = [:]
        for info in CountryInfo.registry {
            for spelling in [info.iso3, info.iso2, info.m49, info.name] + info.aliases {
                index[fold(spelling)] = info.country
            }
            // M49 codes are often written with leading zeros ("004").
            index[String(repeating: "0", count: max(0, 3 - info.m49.count)) + info.m49] = info.country
        }
        // A missing marker is never a country: `NA` (Namibia's ISO2 code) means "not available"
        // in statistical tables far more often; Namibia is read as NAM, 516 or its name.
        for marker in missingMarkers { index.removeValue(forKey: marker) }
        return index
    }()

    /// Every spelling the hints compare with, folded once: the registry has about 1,300.
    private static let hintCandidates: [(folded: String, spelling: String, iso3: String)] =
        CountryInfo.registry.flatMap { info in
            ([info.iso3, info.name] + info.aliases).map { (fold($0), $0, info.iso3) }
        }

    /// The country a code or name stands for, or `nil`.
    public static func country(_ text: String) -> Country? {
        countryIndex[fold(text)]
    }

    /// Up to three known country spellings closest to `text`, for error hints.
    public static func closestCountries(to text: String) -> [String] {
        let key = fold(text)
        let ranked = hintCandidates.map { ((spelling: $0.spelling, iso3: $0.iso3), editDistance(key, $0.folded)) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.spelling < $1.0.spelling }
        var seen = Set<String>()
        var out: [String] = []
        for (candidate, _) in ranked where !seen.contains(candidate.iso3) {
            seen.insert(candidate.iso3)
            out.append(
                candidate.spelling == candidate.iso3 ? candidate.iso3 : "\(candidate.spelling) (\(candidate.iso3))")
            if out.count == 3 { break }
        }
        return out
    }

    private static let sexIndex: [String: Sex] = {
        var index: [String: Sex] = [:]
        for s in [
            "f", "female", "females", "girls", "girl", "women", "w", "ж", "жен", "женщины", "девочки", "женский",
            "девушки",
        ] {
            index[s] = .female
        }
        for s in ["m", "male", "males", "boys", "boy", "men", "м", "муж", "мужчины", "мальчики", "мужской", "юноши"] {
            index[s] = .male
        }
        for s in ["_t", "t", "total", "both", "both sexes", "all", "всего", "оба пола", "итого"] { index[s] = .total }
        return index
    }()

    /// The sex a code stands for, or `nil`.
    public static func sex(_ text: String) -> Sex? { sexIndex[fold(text)] }

    private static let levelIndex: [String: Level] = {
        var index: [String: Level] = [:]
        for level in Level.all {
            index[level.rawValue.lowercased()] = level
            index["l" + level.rawValue.lowercased()] = level
            index["isced " + level.rawValue.lowercased()] = level
            index["isced" + level.rawValue.lowercased()] = level
        }
        let names: [(String, Level)] = [
            ("pre-primary", .prePrimary), ("preprimary", .prePrimary), ("primary", .primary),
            ("lower secondary", .lowerSecondary), ("upper secondary", .upperSecondary),
            ("secondary", .secondary), ("l2_3", .secondary), ("2-3", .secondary),
            ("post-secondary non-tertiary", .postSecondary), ("tertiary", .tertiary),
            ("l5t8", .tertiary), ("5-8", .tertiary), ("short-cycle tertiary", .shortCycleTertiary),
            ("bachelor", .bachelor), ("master", .master), ("doctoral", .doctoral),
            ("дошкольное", .prePrimary), ("дошкольное образование", .prePrimary), ("начальное", .primary),
            ("начальное образование", .primary), ("основное среднее", .lowerSecondary),
            ("нижнее среднее", .lowerSecondary), ("среднее общее", .upperSecondary),
            ("верхнее среднее", .upperSecondary), ("среднее", .secondary), ("высшее", .tertiary),
            ("послесреднее", .postSecondary),
        ]
        for (name, level) in names { index[name] = level }
        return index
    }()

    /// The ISCED level a code or name stands for, or `nil`.
    public static func level(_ text: String) -> Level? { levelIndex[fold(text)] }

    /// Lower-cased, trimmed, inner spaces collapsed: the form every lookup uses.
    public static func fold(_ text: String) -> String {
        if let folded = foldASCII(text) { return folded }
        // Trimmed by the Unicode White_Space property (Foundation's whitespacesAndNewlines:
        // the same characters, at a fraction of the cost on Linux).
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last]).lowercased().split(separator: " ").joined(separator: " ")
    }

    /// `fold` of an ASCII text with no control character, space at either end or double
    /// space (codes, most names), without Foundation: the registry's 1,300 spellings are
    /// folded at every start. `nil` for any other text.
    private static func foldASCII(_ text: String) -> String? {
        var upper = false
        var afterSpace = true  // a space first is not plain
        for b in text.utf8 {
            if b >= 0x80 || b < 0x20 || b == 0x7F || (b == 0x20 && afterSpace) { return nil }
            afterSpace = b == 0x20
            if b &- 0x41 < 26 { upper = true }
        }
        if afterSpace && !text.isEmpty { return nil }  // a space last
        guard upper else { return text }
        return String(decoding: text.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension CodeLists {
    /// The age a word in an age column stands for: `_T`/`Total` all ages; empty, a missing
    /// marker or `unknown`, age not known; anything else `nil`.
    public static func ageWord(_ text: String) -> Age? {
        let t = fold(text)
        if ["_t", "t", "total", "all", "всего"].contains(t) { return .all }
        if isMissing(t) || t == "unknown" { return .unknown }
        return nil
    }

    /// The SDMX location code (`U`, `R`, `_T`) for a spelling, or `nil`.
    public static func location(_ text: String) -> Location? {
        switch fold(text) {
        case "u", "urban", "город", "городская", "городская местность", "city", "town": .urban
        case "r", "rural", "село", "сельская", "сельская местность", "village", "деревня", "аул", "кишлак": .rural
        case "_t", "t", "total", "all", "всего", "итого": .total
        default: nil
        }
    }

    /// The wealth quintile code (`Q1`..`Q5`, `_T`) for a spelling, or `nil`.
    public static func wealth(_ text: String) -> Wealth? {
        let t = fold(text)
        if ["_t", "t", "total", "all", "всего"].contains(t) { return .total }
        if ["poorest", "lowest", "беднейший"].contains(t) { return .q1 }
        if ["richest", "highest", "богатейший"].contains(t) { return .q5 }
        let digits = t.hasPrefix("q") ? String(t.dropFirst()) : t
        if let n = Int(digits), (1...5).contains(n) { return Wealth(rawValue: "Q\(n)") }
        return nil
    }

    /// The stage code for a spelling of a point of measurement (4.1.1 a, b, c).
    public static func stage(_ text: String) -> String? {
        switch CodeLists.fold(text) {
        case "grade-2-3", "g2t3", "grade 2-3", "2-3", "a": "G2T3"
        case "primary-end", "end of primary", "l1.glast", "b": "L1.GLAST"
        case "lower-secondary-end", "end of lower secondary", "l2.glast", "c": "L2.GLAST"
        default: nil
        }
    }
}
