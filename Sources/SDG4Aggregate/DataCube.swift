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

    private var slices: [Slice: [Detail: Cell]] = [:]
    /// Every published value, in file order.
    public private(set) var published: [PublishedValue] = []
    /// Keys given twice across files (the first in file order is kept).
    public private(set) var duplicates: [Duplicate] = []

    /// Merges partial aggregates in the order given, which must be the run's fixed file order:
    /// floating-point sums and the choice between duplicates then never depend on threads.
    public init(merging partials: [PartialAggregate]) {
        for partial in partials {
            duplicates += partial.duplicates
            published += partial.published
            // Within one partial every key is unique, so the order of this loop cannot change
            // the result; across partials, the earlier file's value is kept.
            var acrossFiles: [Duplicate] = []
            for (key, cell) in partial.cells {
                let slice = Slice(
                    measure: key.measure, country: key.country, year: key.year, level: key.level, sex: key.sex,
                    location: key.location, wealth: key.wealth)
                let detail = Detail(age: key.age, grade: key.grade)
                if let existing = slices[slice]?[detail] {
                    acrossFiles.append(Duplicate(key: key, kept: existing, other: cell))
                } else {
                    slices[slice, default: [:]][detail] = cell
                }
            }
            duplicates += acrossFiles.sorted { $0.other.provenance.line < $1.other.provenance.line }
        }
    }


    /// The countries and years that have any value, sorted.
    public var countryYears: [CountryYear] {
        Set(slices.keys.map { CountryYear(country: $0.country, year: $0.year) }).sorted()
    }

    /// The total of `measure` for a level and sex, whatever the detail it was given in.
    ///
    /// In order:
    /// 1. the value given for the level and sex: for all ages and grades; else the sum over
    ///    single ages (unknown age included); else over grades; else over ages × grades;
    /// 2. from the other sexes: `_T = F + M` (both needed), `F = _T − M`, `M = _T − F` (a
    ///    negative difference gives no value);
    /// 3. for 2T3 and 5T8, the sum of their parts (2T3 needs both 2 and 3; 5T8 takes the
    ///    tertiary levels present).
    public func total(_ measure: Measure, _ country: Country, _ year: Int, level: Level?, sex: Sex) -> Quantity? {
        func given(_ s: Sex) -> Quantity? {
            let slice = Slice(
                measure: measure, country: country, year: year, level: level, sex: s, location: "_T", wealth: "_T")
            return slices[slice].flatMap(DataCube.collapse)
        }
        if let q = given(sex) { return q }
        switch sex {
        case .total:
            if let f = given(.female), let m = given(.male) { return f + m }
        case .female, .male:
            if let t = given(.total), let other = given(sex == .female ? .male : .female), t.value >= other.value {
                return t - other
            }
        }
        if let level, !level.parts.isEmpty {
            let parts = level.parts.map { total(measure, country, year, level: $0, sex: sex) }
            let present = parts.compactMap { $0 }
            if level == .secondary ? present.count == parts.count : !present.isEmpty {
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

    private static func collapse(_ cells: [Detail: Cell]) -> Quantity? {
        if let all = cells[Detail(age: .all, grade: nil)] { return Quantity(all) }
        let filters: [(Detail) -> Bool] = [
            { $0.age != .all && $0.grade == nil },
            { $0.age == .all && $0.grade != nil },
            { $0.age != .all && $0.grade != nil },
        ]
        for keep in filters {
            let chosen = cells.filter { keep($0.key) }.sorted {
                ($0.key.age, $0.key.grade ?? 0) < ($1.key.age, $1.key.grade ?? 0)
            }
            if let first = chosen.first {
                return chosen.dropFirst().reduce(Quantity(first.value)) { $0 + Quantity($1.value) }
            }
        }
        return nil
    }
}

/// A country and reference year.
public struct CountryYear: Sendable, Hashable, Comparable {
    public var country: Country
    public var year: Int
    public static func < (a: CountryYear, b: CountryYear) -> Bool {
        (a.country, a.year) < (b.country, b.year)
    }
}
