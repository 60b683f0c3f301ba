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
        var location: Location
        var wealth: Wealth
    }
    struct Detail: Hashable {
        var age: Age
        var grade: Int?
    }

    private(set) var slices: [Slice: [Detail: Cell]] = [:]
    /// Details the inputs give as missing (`..`), with the row, where no value is given for them.
    private(set) var missingCells: [Slice: [Detail: Provenance]] = [:]
    /// Slices counted from student-census records: every pupil is in each of their totals, so
    /// they have no "total" row to check against a breakdown.
    private(set) var censusSlices: Set<Slice> = []
    /// The levels given (values or missing cells) for each measure, country and year.
    private(set) var levelIndex: [LevelIndexKey: Set<Level>] = [:]
    /// The measures given (values or missing cells) for each country and year.
    private(set) var measureIndex: [CountryYear: Set<Measure>] = [:]
    /// The total of each slice, from its preferred complete view.
    private(set) var totals: [Slice: Quantity] = [:]
    /// Slices given in several ways that do not agree (the preferred one is used).
    public private(set) var mismatches: [TotalMismatch] = []
    /// Breakdowns with a part given as missing (never summed as if it were 0).
    public private(set) var incompleteBreakdowns: [IncompleteBreakdown] = []
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
        // Counted records (student censuses) add up across files, in file order, and each
        // counts in every total it belongs to; a key that a table also gives is a duplicate.
        for (key, cell) in DataCube.censusMarginals(partials) {
            censusSlices.insert(Slice(key))
            if let duplicate = insert(key, cell) { duplicates.append(duplicate) }
        }
        for partial in partials {
            for (key, at) in partial.missing.sorted(by: { $0.key < $1.key }) {
                let detail = Detail(age: key.age, grade: key.grade)
                guard slices[Slice(key)]?[detail] == nil, missingCells[Slice(key)]?[detail] == nil else { continue }
                missingCells[Slice(key), default: [:]][detail] = at
            }
        }
        for slice in Set(slices.keys).union(missingCells.keys) {
            measureIndex[CountryYear(country: slice.country, year: slice.year), default: []].insert(slice.measure)
            guard let level = slice.level else { continue }
            levelIndex[LevelIndexKey(measure: slice.measure, country: slice.country, year: slice.year), default: []]
                .insert(level)
        }
        let firstCell = summarise()
        checkParts(firstCell: firstCell)
        // A census's marginals share a row: the description breaks the tie (hash order never shows).
        unknownAges.sort {
            ($0.at.fileIndex, $0.at.line, $0.description) < ($1.at.fileIndex, $1.at.line, $1.description)
        }
        // Ties (one slice checked against several breakdowns) are broken by the breakdown, so
        // the order never depends on hashing.
        mismatches.sort {
            ($0.usedAt.fileIndex, $0.usedAt.line, $0.description, $0.otherView) < (
                $1.usedAt.fileIndex, $1.usedAt.line, $1.description, $1.otherView
            )
        }
        incompleteBreakdowns.sort {
            ($0.missingAt.fileIndex, $0.missingAt.line, $0.description, $0.view) < (
                $1.missingAt.fileIndex, $1.missingAt.line, $1.description, $1.view
            )
        }
    }

    /// Each slice's total from its preferred complete view; views that disagree, views with a
    /// missing part and large unknown-age shares are noted. Returns a cell of the view used.
    private mutating func summarise() -> [Slice: Cell] {
        var firstCell: [Slice: Cell] = [:]
        for (slice, cells) in slices {
            let views = DataCube.viewTotals(cells, missing: missingCells[slice] ?? [:])
            let complete = views.filter { $0.missing == nil }
            let used = complete.first
            for view in views {
                guard let (detail, at) = view.missing else { continue }
                incompleteBreakdowns.append(
                    IncompleteBreakdown(
                        description: slice.description, view: view.name, missing: detail.description, missingAt: at,
                        usedView: used?.name, usedAt: used?.cell.provenance))
            }
            guard let used else { continue }
            totals[slice] = used.total
            firstCell[slice] = used.cell
            // (A census's used view is all ages, which holds the same pupils as its ages.)
            if used.name == "the sum by age" || censusSlices.contains(slice),
                let unknown = cells[Detail(age: .unknown, grade: nil)],
                unknown.value > 0.05 * used.total.value
            {
                unknownAges.append(
                    UnknownAgeShare(
                        description: slice.description, unknown: unknown.value, total: used.total.value,
                        at: unknown.provenance))
            }
            // A census counts every pupil in each view it can: views differ only by pupils
            // with an empty cell, which is no disagreement.
            guard !censusSlices.contains(slice) else { continue }
            for other in complete.dropFirst() where DataCube.differ(other.total.value, used.total.value) {
                mismatches.append(
                    TotalMismatch(
                        description: slice.description, used: used.total.value, usedView: used.name,
                        usedAt: used.cell.provenance, other: other.total.value, otherView: other.name,
                        otherAt: other.cell.provenance))
            }
        }
        return firstCell
    }

    /// A total given beside its parts (both sexes beside F and M; both areas beside U and R;
    /// all quintiles beside Q1-Q5; 2T3 beside 2 and 3; 5T8 beside 6, 7, 8 and 5) must equal
    /// their sum, and no part may exceed it; the total is what is used.
    private mutating func checkParts(firstCell: [Slice: Cell]) {
        for (slice, total) in totals where !censusSlices.contains(slice) {
            for (name, parts) in DataCube.parts(of: slice) {
                let present = parts.filter { totals[$0] != nil }
                // Every part is needed, except short-cycle tertiary, which many countries lack.
                let complete = parts.allSatisfy { totals[$0] != nil || $0.level == .shortCycleTertiary }
                if complete, present.count >= 2 {
                    let sum = present.reduce(0.0) { $0 + totals[$1]!.value }
                    guard DataCube.differ(sum, total.value) else { continue }
                    mismatches.append(
                        TotalMismatch(
                            description: slice.description, used: total.value, usedView: "the total",
                            usedAt: firstCell[slice]!.provenance, other: sum, otherView: name,
                            otherAt: firstCell[present[0]]!.provenance))
                    continue
                }
                // With a part absent, each part present must still be within the total.
                for part in present
                where totals[part]!.value > total.value && DataCube.differ(totals[part]!.value, total.value) {
                    mismatches.append(
                        TotalMismatch(
                            description: slice.description, used: total.value, usedView: "the total",
                            usedAt: firstCell[slice]!.provenance, other: totals[part]!.value,
                            otherView: part.partName(of: slice) + " alone", otherAt: firstCell[part]!.provenance))
                }
            }
        }
    }

    /// Whether the inputs give any value (or missing cell) of `measure` for a country and year.
    public func hasValues(_ measure: Measure, _ country: Country, _ year: Int) -> Bool {
        measureIndex[CountryYear(country: country, year: year)]?.contains(measure) ?? false
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
            func at(_ location: Location, _ wealth: Wealth) -> Quantity? {
                totals[
                    Slice(
                        measure: measure, country: country, year: year, level: level, sex: s, location: location,
                        wealth: wealth)]
            }
            if let q = at(.total, .total) { return q }
            // Given only by location or only by wealth quintile: all groups are needed.
            if let u = at(.urban, .total), let r = at(.rural, .total) { return u + r }
            let quintiles = Wealth.quintiles.map { at(.total, $0) }
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
            measure: .population, country: country, year: year, level: nil, sex: sex, location: .total, wealth: .total)
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

    /// The ways a slice's total splits into parts: by sex (F + M), by location (U + R), by
    /// wealth quintile (Q1 + … + Q5) and, for 2T3 and 5T8, by level.
    static func parts(of slice: Slice) -> [(name: String, slices: [Slice])] {
        var out: [(String, [Slice])] = []
        func varied(_ change: (inout Slice) -> Void) -> Slice {
            var part = slice
            change(&part)
            return part
        }
        if slice.sex == .total {
            out.append(("F + M", [Sex.female, Sex.male].map { sex in varied { $0.sex = sex } }))
        }
        if slice.location == .total, slice.wealth == .total {
            out.append(("U + R", [Location.urban, .rural].map { l in varied { $0.location = l } }))
            out.append(("Q1 + … + Q5", Wealth.quintiles.map { q in varied { $0.wealth = q } }))
        }
        if let level = slice.level, !level.parts.isEmpty {
            let parts = level.parts.map { partLevel in varied { $0.level = partLevel } }
            out.append(("the sum of levels " + level.parts.map(\.rawValue).joined(separator: " + "), parts))
        }
        return out
    }

    /// Stores a value under its key, or, when the key already has one, keeps that and returns
    /// the duplicate.
    private mutating func insert(_ key: ObservationKey, _ cell: Cell) -> Duplicate? {
        let slice = Slice(key)
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
    /// provenance and the first of its parts given as missing, if any.
    static func viewTotals(_ cells: [Detail: Cell], missing: [Detail: Provenance]) -> [(
        name: String, total: Quantity, cell: Cell, missing: (Detail, Provenance)?
    )] {
        var out: [(String, Quantity, Cell, (Detail, Provenance)?)] = []
        for view in views {
            let chosen = cells.filter { view.keep($0.key) }.sorted { $0.key < $1.key }
            guard let first = chosen.first else { continue }
            let total = chosen.dropFirst().reduce(Quantity(first.value)) { $0 + Quantity($1.value) }
            let gap = missing.filter { view.keep($0.key) }.min { $0.key < $1.key }
            out.append((view.name, total, first.value, gap.map { ($0.key, $0.value) }))
        }
        return out
    }
}

extension DataCube.Slice {
    init(_ key: ObservationKey) {
        self.init(
            measure: key.measure, country: key.country, year: key.year, level: key.level, sex: key.sex,
            location: key.location, wealth: key.wealth)
    }

    /// How this part of `whole` is named in a message: `F`, `U`, `Q2`, `level 3`.
    func partName(of whole: DataCube.Slice) -> String {
        if sex != whole.sex { return sex.rawValue }
        if location != whole.location { return location.rawValue }
        if wealth != whole.wealth { return wealth.rawValue }
        return "level \(level?.rawValue ?? "-")"
    }
}

extension DataCube.Detail: Comparable, CustomStringConvertible {
    static func < (a: DataCube.Detail, b: DataCube.Detail) -> Bool {
        (a.age, a.grade ?? 0) < (b.age, b.grade ?? 0)
    }

    /// `age 8`, `grade 2`, `age 8 grade 2`, `all ages`.
    var description: String {
        var parts: [String] = []
        switch age {
        case .all: break
        case .years(let n): parts.append("age \(n)")
        case .unknown: parts.append("unknown age")
        }
        if let grade { parts.append("grade \(grade)") }
        return parts.isEmpty ? "all ages" : parts.joined(separator: " ")
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

extension DataCube.Slice: CustomStringConvertible {
    var description: String {
        var s = "\(measure.rawValue) \(country.rawValue) \(year)"
        if let level { s += " level \(level.rawValue)" }
        s += " sex \(sex.rawValue)"
        if location != .total { s += " location \(location)" }
        if wealth != .total { s += " wealth \(wealth)" }
        return s
    }
}
