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

        public static func < (a: Key, b: Key) -> Bool {
            if (a.country, a.year, a.stage, a.subject) != (b.country, b.year, b.stage, b.subject) {
                return (a.country, a.year, a.stage, a.subject) < (b.country, b.year, b.stage, b.subject)
            }
            return (a.sex, a.location, a.wealth) < (b.sex, b.location, b.wealth)
        }
    }

    /// Per plausible value m: weight of students with a score, weight at or above the cut
    /// score, and the number of students with a score.
    public struct Cell: Sendable, Hashable, Codable {
        public var scored: [Double]
        public var proficient: [Double]
        public var students: [Int]

        init(count: Int) {
            scored = Array(repeating: 0, count: count)
            proficient = Array(repeating: 0, count: count)
            students = Array(repeating: 0, count: count)
        }

        static func + (a: Cell, b: Cell) -> Cell {
            var c = a
            for m in c.scored.indices where m < b.scored.count {
                c.scored[m] += b.scored[m]
                c.proficient[m] += b.proficient[m]
                c.students[m] += b.students[m]
            }
            return c
        }
    }

    public internal(set) var cells: [Key: Cell] = [:]
    /// Source bits per country and year.
    public internal(set) var sources: [CountryYear: UInt64] = [:]

    public init() {}

    /// Adds a student, given the cut score of each subject.
    public mutating func add(_ s: AssessedStudent, cutScores: [String: Double], sourceIndex: Int) {
        for (subject, values) in s.scores {
            guard let cut = cutScores[subject] else { continue }
            let key = Key(
                country: s.country, year: s.year, stage: s.stage, subject: subject, sex: s.sex, location: s.location,
                wealth: s.wealth)
            var cell = cells[key] ?? Cell(count: values.count)
            for (m, value) in values.enumerated() {
                guard let value else { continue }  // a missing plausible value: not assessed in it
                cell.scored[m] += s.weight
                cell.students[m] += 1
                if value >= cut { cell.proficient[m] += s.weight }
            }
            cells[key] = cell
        }
        sources[CountryYear(country: s.country, year: s.year), default: 0] |= 1 << UInt64(sourceIndex)
    }

    /// Adds another cube (in the run's fixed file order).
    public mutating func merge(_ other: AssessmentCube) {
        for key in other.cells.keys.sorted() {
            cells[key] = cells[key].map { $0 + other.cells[key]! } ?? other.cells[key]!
        }
        for (cy, bits) in other.sources { sources[cy, default: 0] |= bits }
    }
}
