import SDG4Model

extension DataCube {
    /// The counts of every student census (one pupil per record), summed across files in file
    /// order, as the totals they give: each pupil counts once in every total they belong to.
    ///
    /// A pupil of grade 2, aged 8, female and urban counts in the cell (F, U, age 8, grade 2)
    /// and in each of its totals: both sexes, both areas, all ages, all grades, and every
    /// combination of them. A pupil whose sex, area or grade is empty counts in the totals
    /// only (never as the total, which a census does not have: audit R1-R2); one of unknown
    /// age counts as of unknown age (indicators.md §1.3).
    ///
    /// Returned sorted by key, so that insertion (and the choice between duplicates) is fixed.
    static func censusMarginals(_ partials: [PartialAggregate]) -> [(ObservationKey, Cell)] {
        var counted: [ObservationKey: Cell] = [:]
        for partial in partials {
            for key in partial.counted.keys.sorted() {
                let cell = partial.counted[key]!
                for marginal in marginals(of: key) {
                    if let existing = counted[marginal] {
                        counted[marginal] = Cell(
                            value: existing.value + cell.value, flags: existing.flags, provenance: existing.provenance)
                    } else {
                        counted[marginal] = cell
                    }
                }
            }
        }
        return counted.keys.sorted().map { ($0, counted[$0]!) }
    }

    /// The key itself and every key with some of its sex, location, age and grade replaced by
    /// their totals (up to 16 keys).
    static func marginals(of key: ObservationKey) -> [ObservationKey] {
        let sexes: [Sex] = key.sex == .total ? [.total] : [key.sex, .total]
        let locations: [Location] = key.location == .total ? [.total] : [key.location, .total]
        let ages: [Age] = key.age == .all ? [.all] : [key.age, .all]
        let grades: [Int?] = key.grade == nil ? [nil] : [key.grade, nil]
        var out: [ObservationKey] = []
        out.reserveCapacity(sexes.count * locations.count * ages.count * grades.count)
        for sex in sexes {
            for location in locations {
                for age in ages {
                    for grade in grades {
                        var k = key
                        k.sex = sex
                        k.location = location
                        k.age = age
                        k.grade = grade
                        out.append(k)
                    }
                }
            }
        }
        return out
    }
}
