import SDG4Model

/// An input quantity as the indicator engine uses it: a number with the sources and flags
/// of every value that went into it.
public struct Quantity: Sendable, Hashable {
    public var value: Double
    /// Bit `i` set: source `i` of the pipeline contributed.
    public var sources: UInt64
    public var flags: ValueFlags

    public init(value: Double, sources: UInt64, flags: ValueFlags = []) {
        self.value = value
        self.sources = sources
        self.flags = flags
    }

    static func + (a: Quantity, b: Quantity) -> Quantity {
        Quantity(value: a.value + b.value, sources: a.sources | b.sources, flags: a.flags.union(b.flags))
    }

    static func - (a: Quantity, b: Quantity) -> Quantity {
        Quantity(value: a.value - b.value, sources: a.sources | b.sources, flags: a.flags.union(b.flags))
    }

    init(_ cell: Cell) {
        self.init(value: cell.value, sources: 1 << UInt64(cell.provenance.sourceIndex), flags: cell.flags)
    }
}

/// All input values of a run, merged from the files' partial aggregates in a fixed order, and
/// the queries the indicators need (totals over ages, grades, sexes and levels).
public struct DataCube: Sendable {
    /// Values of one measure for one country, year, level and sex, by age and grade.
    struct Slice: Hashable {
        var measure: Measure
        var country: Country
        var year: Int
        var level: Level?
        var sex: Sex
        var location: String
        var wealth: String
    }
    struct Detail: Hashable {
        var age: Age
        var grade: Int?
    }

    private(set) var slices: [Slice: [Detail: Cell]] = [:]
    /// The total of each slice, from its preferred view.
    private(set) var totals: [Slice: Quantity] = [:]
    /// Slices given in several ways that do not agree (the preferred one is used).
    public private(set) var mismatches: [TotalMismatch] = []
    /// Counts by age where more than 5 % has an unknown age (sorted like `mismatches`).
    public private(set) var unknownAges: [UnknownAgeShare] = []
    /// Household-survey sums of every file, merged in file order.
    public private(set) var survey = SurveyCube()
    /// Learning-assessment counts of every file, merged in file order.
    public private(set) var assessment = AssessmentCube()
    /// Census test-score sums of every file, merged in file order.
    public private(set) var scores = ScoreCube()
    /// Every published value, in file order.
    public private(set) var published: [PublishedValue] = []
    /// Keys given twice across files (the first in file order is kept).
    public private(set) var duplicates: [Duplicate] = []

    /// Merges partial aggregates in the order given, which must be the run's fixed file order:
    /// floating-point sums and the choice between duplicates then never depend on threads.
    public init(merging partials: [PartialAggregate]) {
        for partial in partials {
            survey.merge(partial.survey)
            assessment.merge(partial.assessment)
            scores.merge(partial.scores)
            duplicates += partial.duplicates
            published += partial.published
            // Within one partial every key is unique, so the order of this loop cannot change
            // the result; across partials, the earlier file's value is kept.
            var acrossFiles: [Duplicate] = []
            for (key, cell) in partial.cells {
                if let duplicate = insert(key, cell) { acrossFiles.append(duplicate) }
            }
            duplicates += acrossFiles.sorted { $0.other.provenance.line < $1.other.provenance.line }
        }
        // Counted records (student censuses) add up across files, in file order; a key that a
        // table also gives is a duplicate like any other.
        var counted: [ObservationKey: Cell] = [:]
        for partial in partials {
            for key in partial.counted.keys.sorted() {
                let cell = partial.counted[key]!
                if let existing = counted[key] {
                    counted[key] = Cell(
                        value: existing.value + cell.value, flags: existing.flags, provenance: existing.provenance)
                } else {
                    counted[key] = cell
                }
            }
        }
        for key in counted.keys.sorted() {
            if let duplicate = insert(key, counted[key]!) { duplicates.append(duplicate) }
        }
        var firstCell: [Slice: Cell] = [:]
        for (slice, cells) in slices {
            let views = DataCube.viewTotals(cells)
            guard let used = views.first else { continue }
            totals[slice] = used.total
            firstCell[slice] = used.cell
            if used.name == "the sum by age", let unknown = cells[Detail(age: .unknown, grade: nil)],
                unknown.value > 0.05 * used.total.value
            {
                unknownAges.append(
                    UnknownAgeShare(
                        description: slice.description, unknown: unknown.value, total: used.total.value,
                        at: unknown.provenance))
            }
            for other in views.dropFirst() where DataCube.differ(other.total.value, used.total.value) {
                mismatches.append(
                    TotalMismatch(
                        description: slice.description, used: used.total.value, usedView: used.name,
                        usedAt: used.cell.provenance, other: other.total.value, otherView: other.name,
                        otherAt: other.cell.provenance))
            }
        }
        // A total given beside its parts (both sexes beside F and M; 2T3 beside 2 and 3; 5T8
        // beside 6, 7, 8 and 5) must equal their sum; the total is what is used.
        for (slice, total) in totals {
            for (name, parts) in DataCube.parts(of: slice) {
                let present = parts.filter { totals[$0] != nil }
                // Every part is needed, except short-cycle tertiary, which many countries lack.
                guard present.count >= 2,
                    parts.allSatisfy({ totals[$0] != nil || $0.level == .shortCycleTertiary })
                else { continue }
                let sum = present.reduce(0.0) { $0 + totals[$1]!.value }
                guard DataCube.differ(sum, total.value) else { continue }
                mismatches.append(
                    TotalMismatch(
                        description: slice.description, used: total.value, usedView: "the total",
                        usedAt: firstCell[slice]!.provenance, other: sum, otherView: name,
                        otherAt: firstCell[present[0]]!.provenance))
            }
        }
        unknownAges.sort { ($0.at.fileIndex, $0.at.line) < ($1.at.fileIndex, $1.at.line) }
        mismatches.sort {
            ($0.usedAt.fileIndex, $0.usedAt.line, $0.description) < (
                $1.usedAt.fileIndex, $1.usedAt.line, $1.description
            )
        }
    }

    /// The countries and years that have any value, sorted.
    public var countryYears: [CountryYear] {
        Set(slices.keys.map { CountryYear(country: $0.country, year: $0.year) }).union(survey.countryYears)
            .union(assessment.sources.keys).union(scores.sources.keys).sorted()
    }

    /// The total of `measure` for a level and sex, whatever the detail it was given in.
    ///
    /// In order:
    /// 1. the value given for the level and sex: for all ages and grades; else the sum over
    ///    single ages (unknown age included); else over grades; else over ages × grades; when
    ///    given only by location, urban + rural; only by wealth, Q1 + … + Q5;
    /// 2. from the other sexes: `_T = F + M` (both needed), `F = _T − M`, `M = _T − F` (a
    ///    negative difference gives no value);
    /// 3. for 2T3 and 5T8, the sum of their parts (2T3 needs both 2 and 3; 5T8 needs 6, 7
    ///    and 8, and adds 5 when given).
    public func total(_ measure: Measure, _ country: Country, _ year: Int, level: Level?, sex: Sex) -> Quantity? {
        func given(_ s: Sex) -> Quantity? {
            func at(_ location: String, _ wealth: String) -> Quantity? {
                totals[
                    Slice(
                        measure: measure, country: country, year: year, level: level, sex: s, location: location,
                        wealth: wealth)]
            }
            if let q = at("_T", "_T") { return q }
            // Given only by location or only by wealth quintile: all groups are needed.
            if let u = at("U", "_T"), let r = at("R", "_T") { return u + r }
            let quintiles = (1...5).map { at("_T", "Q\($0)") }
            if quintiles.allSatisfy({ $0 != nil }) { return quintiles.dropFirst().reduce(quintiles[0]!) { $0 + $1! } }
            return nil
        }
        if let q = DataCube.fromSexes(sex, given) { return q }
        if let level, !level.parts.isEmpty {
            let parts = level.parts.map { total(measure, country, year, level: $0, sex: sex) }
            let present = parts.compactMap { $0 }
            // 2T3 needs 2 and 3; 5T8 needs 6, 7 and 8 (short-cycle tertiary, 5, may not exist).
            let required = level == .secondary ? parts.count : 3
            let requiredPresent = level == .secondary ? present.count : parts.dropFirst().compactMap { $0 }.count
            if !present.isEmpty, requiredPresent == required {
                return present.dropFirst().reduce(present[0], +)
            }
        }
        return nil
    }

    /// The population of one single year of age (no level), for `sex`.
    public func population(_ country: Country, _ year: Int, age: Int, sex: Sex) -> Quantity? {
        let slice = Slice(
            measure: .population, country: country, year: year, level: nil, sex: sex, location: "_T", wealth: "_T")
        func given(_ s: Sex) -> Quantity? {
            var other = slice
            other.sex = s
            return slices[other]?[Detail(age: .years(age), grade: nil)].map(Quantity.init)
        }
        return DataCube.fromSexes(sex, given)
    }

    /// A quantity for `sex`: as given; else `_T = F + M`; else `F = _T − M` or `M = _T − F`
    /// (a negative difference gives nothing).
    private static func fromSexes(_ sex: Sex, _ given: (Sex) -> Quantity?) -> Quantity? {
        if let q = given(sex) { return q }
        switch sex {
        case .total:
            if let f = given(.female), let m = given(.male) { return f + m }
        case .female, .male:
            if let t = given(.total), let other = given(sex == .female ? .male : .female), t.value >= other.value {
                return t - other
            }
        }
        return nil
    }

    /// The population of an age group: every single age must be present, so a gap never
    /// shrinks a denominator silently.
    public func population(_ country: Country, _ year: Int, ages: ClosedRange<Int>, sex: Sex) -> Quantity? {
        var sum: Quantity?
        for age in ages {
            guard let q = population(country, year, age: age, sex: sex) else { return nil }
            sum = sum.map { $0 + q } ?? q
        }
        return sum
    }

    /// The ways a slice's total splits into parts: by sex (F + M) and, for 2T3 and 5T8, by level.
    static func parts(of slice: Slice) -> [(name: String, slices: [Slice])] {
        var out: [(String, [Slice])] = []
        if slice.sex == .total {
            out.append(
                (
                    "F + M",
                    [Sex.female, Sex.male].map { sex in
                        var part = slice
                        part.sex = sex
                        return part
                    }
                ))
        }
        if let level = slice.level, !level.parts.isEmpty {
            let parts = level.parts.map { partLevel in
                var part = slice
                part.level = partLevel
                return part
            }
            out.append(("the sum of levels " + level.parts.map(\.rawValue).joined(separator: " + "), parts))
        }
        return out
    }

    /// Stores a value under its key, or, when the key already has one, keeps that and returns
    /// the duplicate.
    private mutating func insert(_ key: ObservationKey, _ cell: Cell) -> Duplicate? {
        let slice = Slice(
            measure: key.measure, country: key.country, year: key.year, level: key.level, sex: key.sex,
            location: key.location, wealth: key.wealth)
        let detail = Detail(age: key.age, grade: key.grade)
        if let existing = slices[slice]?[detail] { return Duplicate(key: key, kept: existing, other: cell) }
        slices[slice, default: [:]][detail] = cell
        return nil
    }

    /// Whether two totals of the same count disagree (beyond floating-point noise).
    static func differ(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) > 1e-9 * max(1, abs(a), abs(b))
    }

    /// The ways a slice can be given, in the order they are preferred.
    static let views: [(name: String, keep: @Sendable (Detail) -> Bool)] = [
        ("all ages", { $0.age == .all && $0.grade == nil }),
        ("the sum by age", { $0.age != .all && $0.grade == nil }),
        ("the sum by grade", { $0.age == .all && $0.grade != nil }),
        ("the sum by age and grade", { $0.age != .all && $0.grade != nil }),
    ]

    /// Every view a slice's cells give, each summed in a fixed order, with one cell of it for
    /// provenance.
    static func viewTotals(_ cells: [Detail: Cell]) -> [(name: String, total: Quantity, cell: Cell)] {
        var out: [(String, Quantity, Cell)] = []
        for view in views {
            let chosen = cells.filter { view.keep($0.key) }.sorted {
                ($0.key.age, $0.key.grade ?? 0) < ($1.key.age, $1.key.grade ?? 0)
            }
            guard let first = chosen.first else { continue }
            let total = chosen.dropFirst().reduce(Quantity(first.value)) { $0 + Quantity($1.value) }
            out.append((view.name, total, first.value))
        }
        return out
    }
}

/// A country and reference year.
public struct CountryYear: Sendable, Hashable, Comparable, Codable {
    public var country: Country
    public var year: Int
    public static func < (a: CountryYear, b: CountryYear) -> Bool {
        (a.country, a.year) < (b.country, b.year)
    }
}

/// A count given in two ways that disagree: for example a total for all ages in one file and
/// single ages that sum to something else in another.
public struct TotalMismatch: Sendable, Hashable {
    /// What was counted: `enrolment KGZ 2019 level 1 sex F`.
    public var description: String
    /// The value used, how it was given and where (a row of it).
    public var used: Double
    public var usedView: String
    public var usedAt: Provenance
    /// The disagreeing value, how it was given and where.
    public var other: Double
    public var otherView: String
    public var otherAt: Provenance
}

/// A count by single age in which more than 5 % of the total has an unknown age: worth a look
/// (UIS redistributes unknown ages above 5 % for age-specific indicators, indicators.md §1.3),
/// and the sign of a total row whose age cell was left empty.
public struct UnknownAgeShare: Sendable, Hashable {
    public var description: String
    public var unknown: Double
    /// The total including the unknown ages.
    public var total: Double
    /// The row with the unknown age.
    public var at: Provenance
}

extension DataCube.Slice: CustomStringConvertible {
    var description: String {
        var s = "\(measure.rawValue) \(country.rawValue) \(year)"
        if let level { s += " level \(level.rawValue)" }
        s += " sex \(sex.rawValue)"
        if location != "_T" { s += " location \(location)" }
        if wealth != "_T" { s += " wealth \(wealth)" }
        return s
    }
}
