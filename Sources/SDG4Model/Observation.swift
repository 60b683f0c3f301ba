/// The dimensions of one cleaned input value: what it counts, where, when and for whom.
///
/// Two rows with the same key are duplicates: values are never added up across rows of
/// an aggregated table, so a repeated key is reported rather than double counted.
public struct ObservationKey: Sendable, Hashable, Comparable, Codable {
    public var measure: Measure
    public var country: Country
    public var year: Int
    /// ISCED level; `nil` when the measure has no level (population by age, GDP).
    public var level: Level?
    public var sex: Sex
    public var age: Age
    /// Grade within the level, counted from grade 1 of primary; `nil` for all grades.
    public var grade: Int?
    /// Location: `U` urban, `R` rural, `_T` both.
    public var location: Location
    /// Wealth quintile: `Q1`..`Q5`, `_T` all.
    public var wealth: Wealth

    public init(
        measure: Measure, country: Country, year: Int, level: Level? = nil, sex: Sex = .total,
        age: Age = .all, grade: Int? = nil, location: Location = .total, wealth: Wealth = .total
    ) {
        self.measure = measure
        self.country = country
        self.year = year
        self.level = level
        self.sex = sex
        self.age = age
        self.grade = grade
        self.location = location
        self.wealth = wealth
    }

    public static func < (a: ObservationKey, b: ObservationKey) -> Bool {
        if a.measure != b.measure { return a.measure < b.measure }
        if a.country != b.country { return a.country < b.country }
        if a.year != b.year { return a.year < b.year }
        if a.level != b.level {
            guard let l = a.level else { return true }
            guard let r = b.level else { return false }
            return l < r
        }
        if a.sex != b.sex { return a.sex < b.sex }
        if a.age != b.age { return a.age < b.age }
        if a.grade != b.grade { return (a.grade ?? -1) < (b.grade ?? -1) }
        if a.location != b.location { return a.location < b.location }
        return a.wealth < b.wealth
    }
}

extension ObservationKey: CustomStringConvertible {
    /// The key as people read it: `enrolment KGZ 2019 level 1 sex F age 7 grade 1`; dimensions
    /// at their totals are left out.
    public var description: String {
        var s = "\(measure.rawValue) \(country.rawValue) \(year)"
        if let level { s += " level \(level.rawValue)" }
        s += " sex \(sex.rawValue)"
        switch age {
        case .all: break
        case .years(let n): s += " age \(n)"
        case .unknown: s += " age unknown"
        }
        if let grade { s += " grade \(grade)" }
        if location != .total { s += " location \(location)" }
        if wealth != .total { s += " wealth \(wealth)" }
        return s
    }
}

/// Where a value came from: the source, file and line, for provenance and duplicate reports.
public struct Provenance: Sendable, Hashable, Codable {
    /// Index of the source in the pipeline file (0-based), for compact source sets.
    public var sourceIndex: Int
    /// Index of the file in the run's fixed file order.
    public var fileIndex: Int
    /// 1-based line where the row starts.
    public var line: Int

    public init(sourceIndex: Int, fileIndex: Int, line: Int) {
        self.sourceIndex = sourceIndex
        self.fileIndex = fileIndex
        self.line = line
    }
}

/// Qualities of an input value that carry over to the indicators computed from it.
public struct ValueFlags: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The publisher marked the value as an estimate (UIS qualifier `UIS_EST`, `NAT_EST`, ...).
    public static let estimate = ValueFlags(rawValue: 1)
    /// The publisher marked the value as of low reliability (UIS `LOWREL`).
    public static let lowReliability = ValueFlags(rawValue: 2)

    /// The file marked the value with a footnote (`1 433 250*`, `¹` in a statistics office's
    /// table): the mark was stripped and the value used; the note, where the file has one, is
    /// in the quality report.
    public static let footnote = ValueFlags(rawValue: 4)

    /// The words of `indicators.csv`'s `flags` column these qualities give, in order.
    public var words: [String] {
        (contains(.estimate) ? ["estimate"] : []) + (contains(.lowReliability) ? ["low-reliability"] : [])
            + (contains(.footnote) ? ["footnote"] : [])
    }

    /// The flag words that travel from an input value to every value computed from it
    /// (parity indices and the regional aggregate included).
    public static let inheritedWords: Set<String> = ["estimate", "low-reliability", "footnote"]
}

/// One cleaned input value with its provenance.
public struct Observation: Sendable, Hashable {
    public var key: ObservationKey
    public var value: Double
    public var flags: ValueFlags
    public var provenance: Provenance

    public init(key: ObservationKey, value: Double, flags: ValueFlags = [], provenance: Provenance) {
        self.key = key
        self.value = value
        self.flags = flags
        self.provenance = provenance
    }
}

/// A value a publisher computed (for example UIS's `GER.1`), kept only for comparison with
/// what sdg4 computes; never used as an input and never written as a computed value.
public struct PublishedValue: Sendable, Hashable, Codable {
    public var uisId: String
    public var country: Country
    public var year: Int
    public var value: Double
    public var magnitude: String
    public var qualifier: String
    public var provenance: Provenance
    /// The publisher's footnotes on the value, `TYPE: text` (a UIS release's `*_METADATA.csv`:
    /// the source, the coverage, ...), in the release's order.
    public var footnotes: [String] = []
    /// The publisher's label of the indicator (a UIS release's `*_LABEL.csv`), or empty.
    public var label = ""

    public init(
        uisId: String, country: Country, year: Int, value: Double, magnitude: String,
        qualifier: String, provenance: Provenance, footnotes: [String] = [], label: String = ""
    ) {
        self.label = label
        self.uisId = uisId
        self.country = country
        self.year = year
        self.value = value
        self.magnitude = magnitude
        self.qualifier = qualifier
        self.provenance = provenance
        self.footnotes = footnotes
    }
}
