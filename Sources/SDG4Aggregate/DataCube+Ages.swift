import SDG4Model

/// A count by single year of age, as the age-specific indicators need it.
public struct AgeProfile: Sendable, Hashable {
    /// The count at each known age.
    public var byAge: [Int: Quantity]
    /// The count of unknown age, if any.
    public var unknown: Quantity?

    /// Whether unknown ages are spread over the known ones: decided once for the level (see
    /// `DataCube.ageProfile`), so that girls, boys and the total are treated alike.
    public var redistributes: Bool

    public init(byAge: [Int: Quantity], unknown: Quantity?, redistributes: Bool? = nil) {
        self.byAge = byAge
        self.unknown = unknown
        self.redistributes = false
        self.redistributes = redistributes ?? (unknownShare > Self.unknownThreshold)
    }

    /// The share of unknown ages above which UIS redistributes them (indicators.md §1.3).
    public static let unknownThreshold = 0.05

    /// Known ages plus unknown age.
    public var total: Double { knownTotal + (unknown?.value ?? 0) }

    /// The known ages added up in age order (a fixed order: sums never depend on hashing).
    var knownTotal: Double { byAge.keys.sorted().reduce(0) { $0 + byAge[$1]!.value } }

    /// The share of the total whose age is unknown.
    public var unknownShare: Double {
        let t = total
        return t > 0 ? (unknown?.value ?? 0) / t : 0
    }

    /// The count over `ages`, with unknown ages spread pro rata over the known ages when the
    /// level's decision says so (indicators.md §1.3); `nil` when no age of the range is given
    /// (a missing age is not a zero unless others are given).
    public func sum(over ages: ClosedRange<Int>) -> Quantity? {
        let present = ages.compactMap { byAge[$0] }
        guard let first = present.first else { return nil }
        var q = present.dropFirst().reduce(first, +)
        if redistributes {
            let known = knownTotal
            if known > 0 { q.value *= total / known }
        }
        return q
    }

    static func + (a: AgeProfile, b: AgeProfile) -> AgeProfile {
        var byAge = a.byAge
        for (age, q) in b.byAge { byAge[age] = byAge[age].map { $0 + q } ?? q }
        let unknown: Quantity? =
            switch (a.unknown, b.unknown) {
            case (let x?, let y?): x + y
            case (let x?, nil): x
            case (nil, let y?): y
            case (nil, nil): nil
            }
        return AgeProfile(byAge: byAge, unknown: unknown)
    }
}

extension DataCube {
    /// The cells of a level and sex for all areas and quintiles: as given; else urban + rural,
    /// detail by detail; else Q1 + … + Q5. `nil` when not given, or when a cell the query needs
    /// is given as missing (`..`): a breakdown with a missing part is no sum.
    ///
    /// - Parameter keep: the details the query uses (by age, by grade, ...).
    func details(
        _ measure: Measure, _ country: Country, _ year: Int, level: Level?, sex: Sex,
        keep: (Detail) -> Bool
    ) -> [Detail: Quantity]? {
        func at(_ location: Location, _ wealth: Wealth) -> [Detail: Quantity]?? {
            let slice = Slice(
                measure: measure, country: country, year: year, level: level, sex: sex, location: location,
                wealth: wealth)
            guard let cells = slices[slice] else { return nil }
            if missingCells[slice]?.keys.contains(where: keep) == true { return .some(nil) }
            let chosen = cells.filter { keep($0.key) }
            return chosen.isEmpty ? nil : .some(chosen.mapValues(Quantity.init))
        }
        func sum(_ groups: [[Detail: Quantity]??]) -> [Detail: Quantity]?? {
            guard groups.allSatisfy({ $0 != nil }) else { return nil }
            var out: [Detail: Quantity] = [:]
            for group in groups {
                guard let cells = group! else { return .some(nil) }
                for detail in cells.keys.sorted() {
                    out[detail] = out[detail].map { $0 + cells[detail]! } ?? cells[detail]!
                }
            }
            return .some(out)
        }
        if let given = at(.total, .total) { return given }
        if let byArea = sum([at(.urban, .total), at(.rural, .total)]) { return byArea }
        return sum(Wealth.quintiles.map { at(.total, $0) }) ?? nil
    }

    /// A count by single age for a level and sex (grades added up), or `nil` when the inputs
    /// give no ages or an age of the breakdown is missing. `_T` is the given total by age, else
    /// female + male by age.
    ///
    /// Whether unknown ages are redistributed is decided once per level, from the total's
    /// unknown share (methodology.md, "Unknown ages"): a sex's profile follows the level.
    public func ageProfile(_ measure: Measure, _ country: Country, _ year: Int, level: Level?, sex: Sex)
        -> AgeProfile?
    {
        func given(_ s: Sex) -> AgeProfile? {
            // Ages without grades if given; else ages added up over grades.
            let cells =
                details(measure, country, year, level: level, sex: s) { $0.age != .all && $0.grade == nil }
                ?? details(measure, country, year, level: level, sex: s) { $0.age != .all && $0.grade != nil }
            guard let cells else { return nil }
            var profile = AgeProfile(byAge: [:], unknown: nil)
            for detail in cells.keys.sorted() {
                let q = cells[detail]!
                switch detail.age {
                case .years(let a): profile.byAge[a] = profile.byAge[a].map { $0 + q } ?? q
                case .unknown: profile.unknown = profile.unknown.map { $0 + q } ?? q
                case .all: break
                }
            }
            return profile  // `redistributes` is set below, for the level
        }
        func forSex(_ s: Sex) -> AgeProfile? {
            if let p = given(s) { return p }
            if s == .total, let f = given(.female), let m = given(.male) { return f + m }
            return nil
        }
        guard var profile = forSex(sex) else { return nil }
        let level = sex == .total ? profile : forSex(.total)
        profile.redistributes = (level ?? profile).unknownShare > AgeProfile.unknownThreshold
        return profile
    }

    /// A count by grade (ages added up, unknown ages included) for a level and sex, or `nil`
    /// when not given or a grade of the breakdown is missing.
    public func byGrade(_ measure: Measure, _ country: Country, _ year: Int, level: Level, sex: Sex) -> [Int: Quantity]?
    {
        func given(_ s: Sex) -> [Int: Quantity]? {
            let cells =
                details(measure, country, year, level: level, sex: s) { $0.grade != nil && $0.age == .all }
                ?? details(measure, country, year, level: level, sex: s) { $0.grade != nil && $0.age != .all }
            guard let cells else { return nil }
            var out: [Int: Quantity] = [:]
            for detail in cells.keys.sorted(by: { ($0.grade ?? 0, $0.age) < ($1.grade ?? 0, $1.age) }) {
                let g = detail.grade!
                out[g] = out[g].map { $0 + cells[detail]! } ?? cells[detail]!
            }
            return out
        }
        if let g = given(sex) { return g }
        if sex == .total, let f = given(.female), let m = given(.male) {
            var out = f
            for grade in m.keys.sorted() { out[grade] = out[grade].map { $0 + m[grade]! } ?? m[grade]! }
            return out
        }
        return nil
    }

    /// Counts by grade and single age (unknown ages left out) for a level and sex, or `nil`.
    public func byGradeAndAge(_ measure: Measure, _ country: Country, _ year: Int, level: Level, sex: Sex)
        -> [(grade: Int, age: Int, count: Quantity)]?
    {
        func given(_ s: Sex) -> [(Int, Int, Quantity)]? {
            let cells = details(measure, country, year, level: level, sex: s) { $0.grade != nil && $0.age != .all }
            guard let cells else { return nil }
            let out: [(Int, Int, Quantity)] = cells.compactMap { detail, q in
                guard let g = detail.grade, case .years(let a) = detail.age else { return nil }
                return (g, a, q)
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            return out.isEmpty ? nil : out
        }
        if let g = given(sex) { return g }
        if sex == .total, let f = given(.female), let m = given(.male) {
            return (f + m).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
        return nil
    }

    /// The grades given for a level (any sex, area or quintile), for the check that they lie
    /// within the level's grades in the structure of the year.
    public func givenGrades(_ measure: Measure, _ country: Country, _ year: Int, level: Level) -> (
        grades: [Int], at: Provenance
    )? {
        var grades = Set<Int>()
        var first: Provenance?
        for (slice, cells) in slices
        where slice.measure == measure && slice.country == country && slice.year == year
            && slice.level == level
        {
            for (detail, cell) in cells {
                guard let g = detail.grade else { continue }
                grades.insert(g)
                if first == nil || (cell.provenance.fileIndex, cell.provenance.line) < (first!.fileIndex, first!.line) {
                    first = cell.provenance
                }
            }
        }
        guard let first else { return nil }
        return (grades.sorted(), first)
    }

    /// The single levels (or level groups) whose enrolment, added up, covers every level of
    /// education once: the most detailed form given for each group (01 + 02 or 0; 2 + 3 or 2T3;
    /// 5 to 8 or 5T8).
    public func levelsCoveringAll(_ measure: Measure, _ country: Country, _ year: Int) -> [Level] {
        let present = givenLevels(measure, country, year)
        func pick(_ detailed: [Level], _ grouped: Level) -> [Level] {
            let d = detailed.filter(present.contains)
            return d.isEmpty ? (present.contains(grouped) ? [grouped] : []) : d
        }
        return pick([.earlyChildhoodDevelopment, .prePrimary], .earlyChildhood)
            + (present.contains(.primary) ? [.primary] : [])
            + pick([.lowerSecondary, .upperSecondary], .secondary)
            + (present.contains(.postSecondary) ? [.postSecondary] : [])
            + pick([.shortCycleTertiary, .bachelor, .master, .doctoral], .tertiary)
    }

    /// The levels for which the inputs give any value of `measure` (missing cells included:
    /// a level given as `..` is given, its count unknown).
    public func givenLevels(_ measure: Measure, _ country: Country, _ year: Int) -> Set<Level> {
        levelIndex[LevelIndexKey(measure: measure, country: country, year: year)] ?? []
    }
}

/// A measure, country and year: the key of `DataCube.levelIndex`.
struct LevelIndexKey: Hashable {
    var measure: Measure
    var country: Country
    var year: Int
}
