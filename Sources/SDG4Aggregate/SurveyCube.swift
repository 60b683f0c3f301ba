import SDG4Model

/// Weighted sums of a household survey's answers, by country, year, age, sex, location and
/// wealth quintile: what the survey indicators need, accumulated while the file streams (one
/// person at a time, nothing kept per person).
public struct SurveyCube: Sendable, Codable {
    /// The groups persons are counted in.
    public struct Key: Sendable, Hashable, Comparable, Codable {
        public var country: Country
        public var year: Int
        public var age: Int
        public var sex: Sex
        public var location: Location
        public var wealth: Wealth
        /// The design unit (Taylor: stratum and cluster; JK2: zone and half), else `nil`.
        public var unit: DesignUnit?

        public static func < (a: Key, b: Key) -> Bool {
            if (a.country, a.year, a.age, a.sex, a.location, a.wealth) != (b.country, b.year, b.age, b.sex, b.location, b.wealth) {
                return (a.country, a.year, a.age, a.sex, a.location, a.wealth) < (
                    b.country, b.year, b.age, b.sex, b.location, b.wealth
                )
            }
            switch (a.unit, b.unit) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x < y
            }
        }
    }

    /// A weighted sum and the number of persons behind it, with the sums under each replicate
    /// weight (empty unless the design has replicate weights).
    public struct Tally: Sendable, Hashable, Codable {
        public var weight = 0.0
        public var cases = 0
        public var replicates: [Double] = []

        mutating func add(_ w: Double, _ rw: [Double]) {
            weight += w
            cases += 1
            if replicates.isEmpty {
                replicates = rw
            } else {
                for r in replicates.indices where r < rw.count { replicates[r] += rw[r] }
            }
        }

        static func + (a: Tally, b: Tally) -> Tally {
            var c = Tally(weight: a.weight + b.weight, cases: a.cases + b.cases, replicates: a.replicates)
            if c.replicates.isEmpty {
                c.replicates = b.replicates
            } else if !b.replicates.isEmpty {
                for r in c.replicates.indices where r < b.replicates.count { c.replicates[r] += b.replicates[r] }
            }
            return c
        }
    }

    /// The sums of one group.
    public struct Cell: Sendable, Hashable, Codable {
        public var persons = Tally()
        public var attendanceKnown = Tally()
        public var notAttending = Tally()
        /// Attending early childhood education or primary (4.2.2).
        public var attendingEarlyOrPrimary = Tally()
        public var schoolingKnown = Tally()
        /// Weight by years of schooling completed.
        public var schooling: [Int: Tally] = [:]
        public var literacyKnown = Tally()
        public var literate = Tally()
        public var participationKnown = Tally()
        public var participating = Tally()

        static func + (a: Cell, b: Cell) -> Cell {
            var c = a
            c.persons = a.persons + b.persons
            c.attendanceKnown = a.attendanceKnown + b.attendanceKnown
            c.notAttending = a.notAttending + b.notAttending
            c.attendingEarlyOrPrimary = a.attendingEarlyOrPrimary + b.attendingEarlyOrPrimary
            c.schoolingKnown = a.schoolingKnown + b.schoolingKnown
            for (years, t) in b.schooling { c.schooling[years] = (c.schooling[years] ?? Tally()) + t }
            c.literacyKnown = a.literacyKnown + b.literacyKnown
            c.literate = a.literate + b.literate
            c.participationKnown = a.participationKnown + b.participationKnown
            c.participating = a.participating + b.participating
            return c
        }
    }

    public internal(set) var cells: [Key: Cell] = [:]
    /// Weight of the interviews by month, per country and year (for the age adjustment).
    public internal(set) var interviewMonths: [CountryYear: [Int: Double]] = [:]
    /// Source ids' bits of each country and year's survey.
    public internal(set) var sources: [CountryYear: UInt64] = [:]
    /// The sampling design of each country and year's survey.
    public internal(set) var designs: [CountryYear: SampleDesign] = [:]

    public init() {}

    /// Adds one person of a survey with the given design.
    public mutating func add(_ p: SurveyPerson, sourceIndex: Int, design: SampleDesign = .none) {
        let key = Key(
            country: p.country, year: p.year, age: p.age, sex: p.sex, location: p.location, wealth: p.wealth,
            unit: p.design.unit)
        var cell = cells[key] ?? Cell()
        let w = p.weight
        let rw = p.design.replicateWeights
        cell.persons.add(w, rw)
        if let attending = p.attending {
            cell.attendanceKnown.add(w, rw)
            if !attending { cell.notAttending.add(w, rw) }
            if attending, p.attendingLevel.map({ NetRates.rank($0) <= 1 }) ?? true {
                cell.attendingEarlyOrPrimary.add(w, rw)
            }
        }
        if let years = p.yearsOfSchooling {
            cell.schoolingKnown.add(w, rw)
            cell.schooling[years, default: Tally()].add(w, rw)
        }
        if let literate = p.literate {
            cell.literacyKnown.add(w, rw)
            if literate { cell.literate.add(w, rw) }
        }
        if let participating = p.participating {
            cell.participationKnown.add(w, rw)
            if participating { cell.participating.add(w, rw) }
        }
        cells[key] = cell
        let cy = CountryYear(country: p.country, year: p.year)
        // One lookup per person when the design is already there (the usual case).
        let known = designs[cy]
        if known != design { designs[cy] = known.map { $0.merged(design) } ?? design }
        if let m = p.interviewMonth { interviewMonths[cy, default: [:]][m, default: 0] += w }
        sources[cy, default: 0] |= 1 << UInt64(sourceIndex)
    }

    /// Adds another cube (files are merged in the run's fixed order).
    public mutating func merge(_ other: SurveyCube) {
        for key in other.cells.keys.sorted() { cells[key] = (cells[key] ?? Cell()) + other.cells[key]! }
        for (cy, months) in other.interviewMonths {
            for (m, w) in months { interviewMonths[cy, default: [:]][m, default: 0] += w }
        }
        for (cy, bits) in other.sources { sources[cy, default: 0] |= bits }
        for (cy, design) in other.designs { designs[cy] = designs[cy].map { $0.merged(design) } ?? design }
    }

    /// The design of a country and year's survey, with every unit its persons are in.
    func frame(_ cy: CountryYear) -> DesignFrame {
        DesignFrame(
            design: SampleDesign.of(designs[cy], sources: sources[cy]),
            units: cells.keys.lazy.filter { $0.country == cy.country && $0.year == cy.year }.map(\.unit))
    }

    /// The countries and years the surveys cover.
    public var countryYears: [CountryYear] { Array(sources.keys).sorted() }
}
