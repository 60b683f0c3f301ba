import SDG4Model

/// Test scores of a student-level census (one pupil per row, each with a score per subject and
/// a weight), summed by country, year, ISCED level, subject and sex while the file streams: what
/// the share at or above a cut score and the mean score are computed from
/// (`CensusScoreIndicator`).
public struct ScoreCube: Sendable, Codable {
    public struct Key: Sendable, Hashable, Comparable, Codable {
        public var country: Country
        public var year: Int
        /// ISCED level code (`1`, `2`, ...).
        public var level: String
        public var subject: String
        /// `_T` for a pupil whose sex is not given.
        public var sex: Sex

        public init(country: Country, year: Int, level: String, subject: String, sex: Sex) {
            self.country = country
            self.year = year
            self.level = level
            self.subject = subject
            self.sex = sex
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.country, a.year, a.level, a.subject, a.sex) < (b.country, b.year, b.level, b.subject, b.sex)
        }
    }

    /// Sums over the pupils with a score: how many, their weight, the weight of those at or
    /// above the cut score, and the weighted sum of their scores.
    public struct Cell: Sendable, Hashable, Codable {
        public var pupils: Int
        public var weight: Double
        public var atOrAbove: Double
        public var weightedScore: Double

        public init(pupils: Int = 0, weight: Double = 0, atOrAbove: Double = 0, weightedScore: Double = 0) {
            self.pupils = pupils
            self.weight = weight
            self.atOrAbove = atOrAbove
            self.weightedScore = weightedScore
        }

        /// One pupil's score.
        public mutating func add(score: Double, weight w: Double, cutScore: Double) {
            pupils += 1
            weight += w
            if score >= cutScore { atOrAbove += w }
            weightedScore += w * score
        }

        public static func + (a: Cell, b: Cell) -> Cell {
            Cell(
                pupils: a.pupils + b.pupils, weight: a.weight + b.weight, atOrAbove: a.atOrAbove + b.atOrAbove,
                weightedScore: a.weightedScore + b.weightedScore)
        }
    }

    public internal(set) var cells: [Key: Cell] = [:]
    /// Source bits per country and year.
    public internal(set) var sources: [CountryYear: UInt64] = [:]

    public init() {}

    /// Adds sums for a key (several pupils at once, or one).
    public mutating func add(_ key: Key, _ cell: Cell, sourceIndex: Int) {
        cells[key] = cells[key].map { $0 + cell } ?? cell
        sources[CountryYear(country: key.country, year: key.year), default: 0] |= 1 << UInt64(sourceIndex)
    }

    /// Adds another cube (in the run's fixed file order).
    public mutating func merge(_ other: ScoreCube) {
        for key in other.cells.keys.sorted() {
            cells[key] = cells[key].map { $0 + other.cells[key]! } ?? other.cells[key]!
        }
        for (cy, bits) in other.sources { sources[cy, default: 0] |= bits }
    }
}

extension PartialAggregate {
    /// Adds one census pupil's scores (`nil`: no score in that subject) under the pupil's
    /// country, year, level and sex.
    public mutating func addPupilScores(
        _ key: ObservationKey, weight: Double, scores: [Double?], subjects: [(name: String, cutScore: Double)],
        sourceIndex: Int
    ) {
        for (s, score) in zip(subjects, scores) {
            guard let score else { continue }
            var cell = ScoreCube.Cell()
            cell.add(score: score, weight: weight, cutScore: s.cutScore)
            addScores(
                ScoreCube.Key(
                    country: key.country, year: key.year, level: key.level?.rawValue ?? "", subject: s.name,
                    sex: key.sex), cell, sourceIndex: sourceIndex)
        }
    }
}
