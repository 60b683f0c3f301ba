import SDG4Model

/// A count by single year of age, as the age-specific indicators need it.
public struct AgeProfile: Sendable, Hashable {
    /// The count at each known age.
    public var byAge: [Int: Quantity]
    /// The count of unknown age, if any.
    public var unknown: Quantity?

    /// Known ages plus unknown age.
    public var total: Double { knownTotal + (unknown?.value ?? 0) }

    /// The known ages added up in age order (a fixed order: sums never depend on hashing).
    var knownTotal: Double { byAge.keys.sorted().reduce(0) { $0 + byAge[$1]!.value } }

    /// The share of the total whose age is unknown.
    public var unknownShare: Double {
        let t = total
        return t > 0 ? (unknown?.value ?? 0) / t : 0
    }

    /// Whether the UIS rule redistributes unknown ages (indicators.md §1.3): only above 5 %.
    public var redistributes: Bool { unknownShare > 0.05 }

    /// The count over `ages`, with unknown ages spread pro rata over the known ages when they
    /// exceed 5 % of the total (indicators.md §1.3); `nil` when no age of the range is given
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
    /// A count by single age for a level and sex (grades added up), or `nil` when the inputs
    /// give no ages. `_T` is the given total by age, else female + male by age.
    public func ageProfile(_ measure: Measure, _ country: Country, _ year: Int, level: Level?, sex: Sex)
        -> AgeProfile?
    {
        func given(_ s: Sex) -> AgeProfile? {
            let slice = Slice(
                measure: measure, country: country, year: year, level: level, sex: s, location: "_T", wealth: "_T")
            guard let cells = slices[slice] else { return nil }
            // Ages without grades if given; else ages added up over grades.
            let byAgeOnly = cells.filter { $0.key.age != .all && $0.key.grade == nil }
            let chosen = byAgeOnly.isEmpty ? cells.filter { $0.key.age != .all && $0.key.grade != nil } : byAgeOnly
            guard !chosen.isEmpty else { return nil }
            var profile = AgeProfile(byAge: [:], unknown: nil)
            for (detail, cell) in chosen.sorted(by: {
                ($0.key.age, $0.key.grade ?? 0) < ($1.key.age, $1.key.grade ?? 0)
            }) {
                let q = Quantity(cell)
                switch detail.age {
                case .years(let a): profile.byAge[a] = profile.byAge[a].map { $0 + q } ?? q
                case .unknown: profile.unknown = profile.unknown.map { $0 + q } ?? q
                case .all: break
                }
            }
            return profile
        }
        if let p = given(sex) { return p }
        if sex == .total, let f = given(.female), let m = given(.male) { return f + m }
        return nil
    }

    /// A count by grade (ages added up, unknown ages included) for a level and sex, or `nil`.
    public func byGrade(_ measure: Measure, _ country: Country, _ year: Int, level: Level, sex: Sex) -> [Int: Quantity]?
    {
        func given(_ s: Sex) -> [Int: Quantity]? {
            let slice = Slice(
                measure: measure, country: country, year: year, level: level, sex: s, location: "_T", wealth: "_T")
            guard let cells = slices[slice] else { return nil }
            let gradeOnly = cells.filter { $0.key.grade != nil && $0.key.age == .all }
            let chosen = gradeOnly.isEmpty ? cells.filter { $0.key.grade != nil && $0.key.age != .all } : gradeOnly
            guard !chosen.isEmpty else { return nil }
            var out: [Int: Quantity] = [:]
            for (detail, cell) in chosen.sorted(by: {
                ($0.key.grade ?? 0, $0.key.age) < ($1.key.grade ?? 0, $1.key.age)
            }) {
                let g = detail.grade!
                out[g] = out[g].map { $0 + Quantity(cell) } ?? Quantity(cell)
            }
            return out
        }
        if let g = given(sex) { return g }
        if sex == .total, let f = given(.female), let m = given(.male) {
            var out = f
            for (grade, q) in m { out[grade] = out[grade].map { $0 + q } ?? q }
            return out
        }
        return nil
    }

    /// Counts by grade and single age (unknown ages left out) for a level and sex, or `nil`.
    public func byGradeAndAge(_ measure: Measure, _ country: Country, _ year: Int, level: Level, sex: Sex)
        -> [(grade: Int, age: Int, count: Quantity)]?
    {
        func given(_ s: Sex) -> [(Int, Int, Quantity)]? {
            let slice = Slice(
                measure: measure, country: country, year: year, level: level, sex: s, location: "_T", wealth: "_T")
            guard let cells = slices[slice] else { return nil }
            let out: [(Int, Int, Quantity)] = cells.compactMap { detail, cell in
                guard let g = detail.grade, case .years(let a) = detail.age else { return nil }
                return (g, a, Quantity(cell))
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            return out.isEmpty ? nil : out
        }
        if let g = given(sex) { return g }
        if sex == .total, let f = given(.female), let m = given(.male) {
            return (f + m).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
        return nil
    }

    /// The single levels (or level groups) whose enrolment, added up, covers every level of
    /// education once: the most detailed form given for each group (01 + 02 or 0; 2 + 3 or 2T3;
    /// 5 to 8 or 5T8).
    public func levelsCoveringAll(_ measure: Measure, _ country: Country, _ year: Int) -> [Level] {
        let present = Set(
            slices.keys.filter { $0.measure == measure && $0.country == country && $0.year == year }.compactMap(\.level)
        )
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
}
