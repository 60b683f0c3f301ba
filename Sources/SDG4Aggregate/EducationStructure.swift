import SDG4Model

/// A country's education structure in force for a range of reference years: official entrance
/// ages and theoretical durations (indicators.md §1.2, §1.4).
public struct EducationStructure: Sendable, Hashable {
    public var country: Country
    /// First and last reference year (school year ending) the structure applies to.
    public var years: ClosedRange<Int>
    /// Official entrance age of primary (`a_1`).
    public var primaryEntryAge: Int
    public var primaryDuration: Int
    public var lowerSecondaryDuration: Int
    public var upperSecondaryDuration: Int
    /// Official entrance age of pre-primary (ISCED 02).
    ///
    /// [PIPE] indicators.md §1.4 marks UIS's pre-primary durations for the region as
    /// uncertain; sdg4 uses ages 3 to `a_1 − 1` for every country (see docs/methodology.md).
    public var prePrimaryEntryAge: Int
    /// Where the structure comes from (publisher, dataset, any project choice).
    public var source: String

    public init(
        country: Country, years: ClosedRange<Int>, primaryEntryAge: Int, primaryDuration: Int,
        lowerSecondaryDuration: Int, upperSecondaryDuration: Int, prePrimaryEntryAge: Int = 3, source: String = ""
    ) {
        self.country = country
        self.years = years
        self.primaryEntryAge = primaryEntryAge
        self.primaryDuration = primaryDuration
        self.lowerSecondaryDuration = lowerSecondaryDuration
        self.upperSecondaryDuration = upperSecondaryDuration
        self.prePrimaryEntryAge = prePrimaryEntryAge
        self.source = source
    }

    /// A short name for the structure: `KAZ 2020-2030: 6+4/5/2`.
    public var label: String {
        "\(country.rawValue) \(years.lowerBound)-\(years.upperBound): \(primaryEntryAge)+\(primaryDuration)/\(lowerSecondaryDuration)/\(upperSecondaryDuration)"
    }

    /// The official age group of a level (§1.2): `a_n … a_n + d_n − 1`; secondary 2T3 spans
    /// lower and upper secondary; tertiary 5T8 is the five years after upper-secondary
    /// graduation age. `nil` for levels without an official age group.
    public func ageGroup(_ level: Level) -> ClosedRange<Int>? {
        let a1 = primaryEntryAge
        let a2 = a1 + primaryDuration
        let a3 = a2 + lowerSecondaryDuration
        let graduation = a3 + upperSecondaryDuration
        func group(_ first: Int, _ last: Int) -> ClosedRange<Int>? { first <= last ? first...last : nil }
        switch level {
        case .prePrimary: return group(prePrimaryEntryAge, a1 - 1)
        case .primary: return group(a1, a2 - 1)
        case .lowerSecondary: return group(a2, a3 - 1)
        case .upperSecondary: return group(a3, graduation - 1)
        case .secondary: return group(a2, graduation - 1)
        case .tertiary: return group(graduation, graduation + 4)
        default: return nil
        }
    }

    /// The grades of a level, counted from grade 1 of primary (primary `1...4`, lower secondary
    /// `5...9` in a 4/5/2 structure); `nil` for levels without grades in sdg4's inputs.
    public func grades(_ level: Level) -> ClosedRange<Int>? {
        let p = primaryDuration, l = lowerSecondaryDuration, u = upperSecondaryDuration
        switch level {
        case .primary: return 1...p
        case .lowerSecondary: return (p + 1)...(p + l)
        case .upperSecondary: return (p + l + 1)...(p + l + u)
        case .secondary: return (p + 1)...(p + l + u)
        default: return nil
        }
    }

    /// `"6-9"`: an age group as written in outputs.
    public static func label(_ ages: ClosedRange<Int>) -> String {
        ages.lowerBound == ages.upperBound ? "\(ages.lowerBound)" : "\(ages.lowerBound)-\(ages.upperBound)"
    }
}

/// The structures sdg4 knows, looked up by country and reference year.
public struct EducationStructures: Sendable, Hashable {
    public var entries: [EducationStructure]

    public init(entries: [EducationStructure]) { self.entries = entries }

    /// The structure in force for `country` in reference year `year`, if known.
    public func structure(_ country: Country, _ year: Int) -> EducationStructure? {
        entries.first { $0.country == country && $0.years.contains(year) }
    }

    /// These structures, with every country that `overrides` covers taken from it instead.
    public func overridden(by overrides: EducationStructures) -> EducationStructures {
        let replaced = Set(overrides.entries.map(\.country))
        return EducationStructures(
            entries: entries.filter { !replaced.contains($0.country) } + overrides.entries)
    }

    /// UIS structures for Central Asia: the built-in copy of `data/education-structures.csv`
    /// (a test keeps the two equal). From indicators.md §1.4 (UIS OPRI 299905/299932/
    /// 999975-999978), extended to 1990-2030 until UIS publishes a change. Kazakhstan's primary
    /// entry moves from 7 to 6 in 2020; Turkmenistan moves to 4+6+2 from 2014.
    public static let centralAsia = EducationStructures(entries: [
        EducationStructure(
            country: Country(rawValue: "KAZ"), years: 1990...2019, primaryEntryAge: 7, primaryDuration: 4,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 2,
            source:
                "UIS OPRI 299905/299932/999975-999978 via GEM extract UIS_duration_age_25042024 (indicators.md §1.4); years before 2000 and after 2023 extended [PIPE]; pre-primary from age 3 [PIPE]"
        ),
        EducationStructure(
            country: Country(rawValue: "KAZ"), years: 2020...2030, primaryEntryAge: 6, primaryDuration: 4,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 2,
            source: "UIS OPRI via GEM (indicators.md §1.4): primary entry age 7 -> 6 from reference year 2020"),
        EducationStructure(
            country: Country(rawValue: "KGZ"), years: 1990...2030, primaryEntryAge: 7, primaryDuration: 4,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 2,
            source: "UIS OPRI via GEM (indicators.md §1.4); 12-year reform from 2025/26 not yet in UIS data"),
        EducationStructure(
            country: Country(rawValue: "TJK"), years: 1990...2030, primaryEntryAge: 7, primaryDuration: 4,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 2, source: "UIS OPRI via GEM (indicators.md §1.4)"),
        EducationStructure(
            country: Country(rawValue: "TKM"), years: 1990...2013, primaryEntryAge: 7, primaryDuration: 3,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 2, source: "UIS OPRI via GEM (indicators.md §1.4)"),
        EducationStructure(
            country: Country(rawValue: "TKM"), years: 2014...2030, primaryEntryAge: 6, primaryDuration: 4,
            lowerSecondaryDuration: 6, upperSecondaryDuration: 2,
            source: "UIS OPRI via GEM (indicators.md §1.4): 12-year schooling from 2013/14, UIS 4+6+2 from 2014"),
        EducationStructure(
            country: Country(rawValue: "UZB"), years: 1990...2004, primaryEntryAge: 7, primaryDuration: 4,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 2, source: "UIS OPRI via GEM (indicators.md §1.4)"),
        EducationStructure(
            country: Country(rawValue: "UZB"), years: 2005...2030, primaryEntryAge: 7, primaryDuration: 4,
            lowerSecondaryDuration: 5, upperSecondaryDuration: 3,
            source: "UIS OPRI via GEM (indicators.md §1.4): upper secondary 3 years from 2005"),
    ])
}
