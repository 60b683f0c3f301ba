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

        package init(
            country: Country, year: Int, stage: String, subject: String, sex: Sex, location: Location, wealth: Wealth,
            unit: DesignUnit?
        ) {
            (self.country, self.year, self.stage, self.subject) = (country, year, stage, subject)
            (self.sex, self.location, self.wealth, self.unit) = (sex, location, wealth, unit)
        }

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
    /// weights under each replicate r (at `m × R + r`). The weight of students with a score
    /// under each replicate is the same for every plausible value of a student who has them
    /// all: it is summed once for those (`replicateScoredAll`), per value for the others.
    public struct Cell: Sendable, Hashable, Codable {
        public var scored: [Double]
        public var proficient: [Double]
        public var students: [Int]
        /// Students with every plausible value: their weight under each replicate.
        public var replicateScoredAll: [Double]
        /// Students missing a plausible value: their weight under each replicate, per value.
        public var replicateScored: [Double]
        public var replicateProficient: [Double]

        package init(count: Int, replicates: Int) {
            scored = Array(repeating: 0, count: count)
            proficient = Array(repeating: 0, count: count)
            students = Array(repeating: 0, count: count)
            replicateScoredAll = Array(repeating: 0, count: replicates)
            replicateScored = Array(repeating: 0, count: count * replicates)
            replicateProficient = Array(repeating: 0, count: count * replicates)
        }

        /// The replicate count of the sums (0 without replicate weights).
        var replicates: Int { replicateScoredAll.count }

        /// Plausible value `m`'s replicate sums (empty without replicate weights).
        func replicateSums(_ m: Int) -> (scored: [Double], proficient: [Double]) {
            let r = replicates
            guard r > 0 else { return ([], []) }
            let scored = (0..<r).map { replicateScoredAll[$0] + replicateScored[m * r + $0] }
            return (scored, Array(replicateProficient[m * r..<(m + 1) * r]))
        }

        static func + (a: Cell, b: Cell) -> Cell {
            var c = a
            for m in c.scored.indices where m < b.scored.count {
                c.scored[m] += b.scored[m]
                c.proficient[m] += b.proficient[m]
                c.students[m] += b.students[m]
            }
            if c.scored.count == b.scored.count, c.replicates == b.replicates {
                for i in c.replicateScoredAll.indices { c.replicateScoredAll[i] += b.replicateScoredAll[i] }
                for i in c.replicateScored.indices {
                    c.replicateScored[i] += b.replicateScored[i]
                    c.replicateProficient[i] += b.replicateProficient[i]
                }
            } else {
                // Other numbers of plausible values or replicates (two sources of one sample):
                // the replicate sums no longer cover the same students as the sums, so there are
                // none (no standard error), rather than some dropped.
                c.replicateScoredAll = []
                c.replicateScored = []
                c.replicateProficient = []
            }
            return c
        }
    }

    public internal(set) var cells: [Key: Cell] = [:]
    /// Source bits per country and year.
    public internal(set) var sources: [CountryYear: UInt64] = [:]
    /// A country and year's assessment at one point of measurement: one sample (TIMSS's
    /// grades 4 and 8, PISA beside TIMSS in one year, each have their own design).
    public struct Sample: Sendable, Hashable, Codable {
        public var country: Country
        public var year: Int
        /// The point of measurement (`L1.GLAST`, ...).
        public var stage: String
    }

    /// The sampling design of each sample.
    public internal(set) var designs: [Sample: SampleDesign] = [:]
    /// Source bits of each sample: one sample from several sources has no standard error.
    public internal(set) var sampleSources: [Sample: UInt64] = [:]

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
            // In place: one hash of the key per student and subject.
            Self.add(
                values, weight: s.weight, replicates: rw, cut: cut,
                to: &cells[key, default: Cell(count: values.count, replicates: rw.count)])
        }
        sources[CountryYear(country: s.country, year: s.year), default: 0] |= 1 << UInt64(sourceIndex)
        let sample = Sample(country: s.country, year: s.year, stage: s.stage)
        // One lookup per student when the design is already there (the usual case).
        let known = designs[sample]
        if known != design { designs[sample] = known.map { $0.merged(design) } ?? design }
        sampleSources[sample, default: 0] |= 1 << UInt64(sourceIndex)
    }

    /// One student's plausible values in one subject, into a cell.
    private static func add(_ values: [Double?], weight: Double, replicates rw: [Double], cut: Double, to cell: inout Cell) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: values.count) { scores in
            for (m, value) in values.enumerated() { scores[m] = value ?? .nan }
            rw.withUnsafeBufferPointer { rw in
                add(scores: UnsafeBufferPointer(scores), weight: weight, replicates: rw, cut: cut, to: &cell)
            }
        }
    }

    /// One student's plausible values in one subject (NaN: a missing value, never a score),
    /// into a cell: the one place a student is summed, whichever reader read the row.
    package static func add(
        scores: UnsafeBufferPointer<Double>, weight: Double, replicates rw: UnsafeBufferPointer<Double>, cut: Double,
        to cell: inout Cell
    ) {
        let r = cell.replicates == rw.count ? rw.count : 0
        let count = min(scores.count, cell.scored.count)
        let complete = scores.count == cell.scored.count && !scores.contains(where: \.isNaN)
        if r > 0, complete { add(rw, to: &cell.replicateScoredAll, at: 0) }
        for m in 0..<count {
            let value = scores[m]
            guard !value.isNaN else { continue }  // a missing plausible value: not assessed in it
            cell.scored[m] += weight
            cell.students[m] += 1
            let proficient = value >= cut
            if proficient { cell.proficient[m] += weight }
            guard r > 0 else { continue }
            if !complete { add(rw, to: &cell.replicateScored, at: m * r) }
            if proficient { add(rw, to: &cell.replicateProficient, at: m * r) }
        }
    }

    /// `sums[offset + i] += weights[i]` for every replicate i: the hot loop of a replicate
    /// design (80 replicates × every plausible value × every student), on raw buffers so that
    /// it vectorises.
    @inline(__always)
    private static func add(_ weights: UnsafeBufferPointer<Double>, to sums: inout [Double], at offset: Int) {
        sums.withUnsafeMutableBufferPointer { s in
            let target = s.baseAddress! + offset
            for i in 0..<weights.count { target[i] += weights[i] }
        }
    }

    /// Adds one cell's sums under `key`, and notes its sample (`AssessmentChunkReader`: the
    /// students of a chunk summed by `add(scores:...)` before they reach the cube).
    package mutating func add(_ key: Key, _ cell: Cell, sourceIndex: Int, design: SampleDesign) {
        cells[key] = cells[key].map { $0 + cell } ?? cell
        sources[CountryYear(country: key.country, year: key.year), default: 0] |= 1 << UInt64(sourceIndex)
        let sample = Sample(country: key.country, year: key.year, stage: key.stage)
        designs[sample] = designs[sample].map { $0.merged(design) } ?? design
        sampleSources[sample, default: 0] |= 1 << UInt64(sourceIndex)
    }

    /// Adds another cube (in the run's fixed file order).
    public mutating func merge(_ other: AssessmentCube) {
        for key in other.cells.keys.sorted() {
            cells[key] = cells[key].map { $0 + other.cells[key]! } ?? other.cells[key]!
        }
        for (cy, bits) in other.sources { sources[cy, default: 0] |= bits }
        for (sample, design) in other.designs {
            designs[sample] = designs[sample].map { $0.merged(design) } ?? design
        }
        for (sample, bits) in other.sampleSources { sampleSources[sample, default: 0] |= bits }
    }

    /// The design of a country and year's assessment at one point of measurement (TIMSS's
    /// grades 4 and 8 are two samples, each with its own zones or clusters), with every unit
    /// its students are in.
    func frame(_ cy: CountryYear, stage: String) -> DesignFrame {
        DesignFrame(
            design: SampleDesign.of(
                designs[Sample(country: cy.country, year: cy.year, stage: stage)],
                sources: sampleSources[Sample(country: cy.country, year: cy.year, stage: stage)]),
            units: cells.keys.lazy.filter { $0.country == cy.country && $0.year == cy.year && $0.stage == stage }
                .map(\.unit))
    }

    /// The points of measurement a country and year's assessment has.
    func stages(_ cy: CountryYear) -> [String] {
        Set(cells.keys.lazy.filter { $0.country == cy.country && $0.year == cy.year }.map(\.stage)).sorted()
    }
}
