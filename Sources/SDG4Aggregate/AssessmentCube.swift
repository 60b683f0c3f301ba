import SDG4Model

/// Weighted counts of a learning assessment's students at or above the minimum proficiency
/// cut score, per plausible value, by country, year, stage, subject, sex, location and
/// socio-economic quintile (indicators.md §3.2). Accumulated while the file streams.
public struct AssessmentCube: Sendable, Codable {
    public struct Key: Sendable, Hashable, Comparable, Codable {
        public var country: Country
        public var year: Int
        public var stage: String
        public var subject: String
        public var sex: Sex
        public var location: Location
        public var wealth: Wealth
        /// The design unit (Taylor: stratum and cluster; JK2: zone and half), else `nil`.
        public var unit: DesignUnit?

        public static func < (a: Key, b: Key) -> Bool {
            if (a.country, a.year, a.stage, a.subject) != (b.country, b.year, b.stage, b.subject) {
                return (a.country, a.year, a.stage, a.subject) < (b.country, b.year, b.stage, b.subject)
            }
            if (a.sex, a.location, a.wealth) != (b.sex, b.location, b.wealth) {
                return (a.sex, a.location, a.wealth) < (b.sex, b.location, b.wealth)
            }
            switch (a.unit, b.unit) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x < y
            }
        }
    }

    /// Per plausible value m: weight of students with a score, weight at or above the cut
    /// score, and the number of students with a score; with replicate weights, the same two
    /// weights under each replicate r (at `m × R + r`).
    public struct Cell: Sendable, Hashable, Codable {
        public var scored: [Double]
        public var proficient: [Double]
        public var students: [Int]
        public var replicateScored: [Double]
        public var replicateProficient: [Double]

        init(count: Int, replicates: Int) {
            scored = Array(repeating: 0, count: count)
            proficient = Array(repeating: 0, count: count)
            students = Array(repeating: 0, count: count)
            replicateScored = Array(repeating: 0, count: count * replicates)
            replicateProficient = Array(repeating: 0, count: count * replicates)
        }

        /// The replicate count of the sums (0 without replicate weights).
        var replicates: Int { scored.isEmpty ? 0 : replicateScored.count / scored.count }

        /// Plausible value `m`'s replicate sums (empty without replicate weights).
        func replicateSums(_ m: Int) -> (scored: [Double], proficient: [Double]) {
            let r = replicates
            guard r > 0 else { return ([], []) }
            return (Array(replicateScored[m * r..<(m + 1) * r]), Array(replicateProficient[m * r..<(m + 1) * r]))
        }

        static func + (a: Cell, b: Cell) -> Cell {
            var c = a
            for m in c.scored.indices where m < b.scored.count {
                c.scored[m] += b.scored[m]
                c.proficient[m] += b.proficient[m]
                c.students[m] += b.students[m]
            }
            if c.replicateScored.count == b.replicateScored.count {
                for i in c.replicateScored.indices {
                    c.replicateScored[i] += b.replicateScored[i]
                    c.replicateProficient[i] += b.replicateProficient[i]
                }
            }
            return c
        }
    }

    public internal(set) var cells: [Key: Cell] = [:]
    /// Source bits per country and year.
    public internal(set) var sources: [CountryYear: UInt64] = [:]
    /// The sampling design of each country and year's assessment.
    public internal(set) var designs: [CountryYear: SampleDesign] = [:]

    public init() {}

    /// Adds a student of an assessment with the given design, given the cut score of each
    /// subject.
    public mutating func add(
        _ s: AssessedStudent, cutScores: [String: Double], sourceIndex: Int, design: SampleDesign = .none
    ) {
        let rw = s.design.replicateWeights
        for (subject, values) in s.scores {
            guard let cut = cutScores[subject] else { continue }
            let key = Key(
                country: s.country, year: s.year, stage: s.stage, subject: subject, sex: s.sex, location: s.location,
                wealth: s.wealth, unit: s.design.unit)
            var cell = cells.removeValue(forKey: key) ?? Cell(count: values.count, replicates: rw.count)
            let r = cell.replicates == rw.count ? rw.count : 0
            for (m, value) in values.enumerated() where m < cell.scored.count {
                guard let value else { continue }  // a missing plausible value: not assessed in it
                cell.scored[m] += s.weight
                cell.students[m] += 1
                let proficient = value >= cut
                if proficient { cell.proficient[m] += s.weight }
                guard r > 0 else { continue }
                cell.replicateScored.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<r { sums[m * r + i] += rw[i] }
                }
                if proficient {
                    cell.replicateProficient.withUnsafeMutableBufferPointer { sums in
                        for i in 0..<r { sums[m * r + i] += rw[i] }
                    }
                }
            }
            cells[key] = cell
        }
        let cy = CountryYear(country: s.country, year: s.year)
        sources[cy, default: 0] |= 1 << UInt64(sourceIndex)
        designs[cy] = designs[cy].map { $0.merged(design) } ?? design
    }

    /// Adds another cube (in the run's fixed file order).
    public mutating func merge(_ other: AssessmentCube) {
        for key in other.cells.keys.sorted() {
            cells[key] = cells[key].map { $0 + other.cells[key]! } ?? other.cells[key]!
        }
        for (cy, bits) in other.sources { sources[cy, default: 0] |= bits }
        for (cy, design) in other.designs { designs[cy] = designs[cy].map { $0.merged(design) } ?? design }
    }

    /// The design of a country and year's assessment, with every unit its students are in.
    func frame(_ cy: CountryYear) -> DesignFrame {
        DesignFrame(
            design: designs[cy] ?? .none,
            units: cells.keys.lazy.filter { $0.country == cy.country && $0.year == cy.year }.map(\.unit))
    }
}
