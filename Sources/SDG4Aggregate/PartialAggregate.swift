import SDG4Model

/// A stored input value: the number, its flags and where it came from.
public struct Cell: Sendable, Hashable, Codable {
    public var value: Double
    public var flags: ValueFlags
    public var provenance: Provenance
}

/// Two rows that gave a value for the same key.
public struct Duplicate: Sendable, Hashable, Codable {
    public var key: ObservationKey
    /// The value that was kept (the first in the run's fixed order).
    public var kept: Cell
    /// The later value.
    public var other: Cell
    /// Whether both rows hold the same number (then nothing is lost by dropping one).
    public var isIdentical: Bool { kept.value == other.value }
}

/// What one file contributed: its values by key, and the published values it held.
///
/// Built by one work item; merged with the others in the run's fixed file order.
public struct PartialAggregate: Sendable, Codable {
    public internal(set) var cells: [ObservationKey: Cell] = [:]
    public internal(set) var published: [PublishedValue] = []
    /// Household-survey answers, summed (persons are never kept one by one).
    public internal(set) var survey = SurveyCube()
    /// Learning-assessment scores, summed.
    public internal(set) var assessment = AssessmentCube()
    /// Test scores of a student census, summed.
    public internal(set) var scores = ScoreCube()
    /// Counts of records (a student census: one pupil per row), by key: these add up, across
    /// rows and files, where table values would be duplicates.
    public internal(set) var counted: [ObservationKey: Cell] = [:]
    /// Keys whose value the file marks missing (`..`, UIS `NA`, ...), with the row that says so:
    /// a sum they belong to is incomplete, never a sum with a zero in their place.
    public internal(set) var missing: [ObservationKey: Provenance] = [:]
    /// For a student census with a region column: the regions each of its counted slices
    /// (`enrolment|KGZ|2024|4`) has pupils of. A census split by region is summed, and a
    /// correction for one region replaces that region's files only (docs/inbox.md, rule 3).
    public internal(set) var censusRegions: [String: Set<String>] = [:]
    /// Repeated keys within this file: the first `PartialAggregate.keptDuplicates` in full.
    public internal(set) var duplicates: [Duplicate] = []
    /// How many repeated keys had the same value (all of them, not only those kept).
    public internal(set) var identicalDuplicates = 0
    /// How many repeated keys had a different value.
    public internal(set) var conflictingDuplicates = 0

    /// Duplicates kept in full per file, so that a file of repeated rows cannot exhaust memory.
    public static let keptDuplicates = 200

    public init() {}

    /// What adding a value did.
    public enum Added: Sendable {
        case new, identical, conflict
    }

    /// Adds a value. A repeated key keeps the first value and records the duplicate.
    @discardableResult
    public mutating func add(_ observation: Observation) -> Added {
        let cell = Cell(value: observation.value, flags: observation.flags, provenance: observation.provenance)
        if let existing = cells[observation.key] {
            let duplicate = Duplicate(key: observation.key, kept: existing, other: cell)
            if duplicate.isIdentical { identicalDuplicates += 1 } else { conflictingDuplicates += 1 }
            if duplicates.count < Self.keptDuplicates { duplicates.append(duplicate) }
            return duplicate.isIdentical ? .identical : .conflict
        } else {
            cells[observation.key] = cell
            return .new
        }
    }

    /// Notes that the file gives this key's value as missing (the first row that does is kept).
    public mutating func markMissing(_ key: ObservationKey, provenance: Provenance) {
        if missing[key] == nil { missing[key] = provenance }
    }

    /// Adds the survey and assessment sums of another part of the same file (a chunk read on
    /// another thread), in file order.
    public mutating func mergeMicrodata(_ other: PartialAggregate) {
        survey.merge(other.survey)
        assessment.merge(other.assessment)
    }

    /// Adds the sums of one assessment cell (students summed by `AssessmentChunkReader`).
    package mutating func addAssessmentCell(
        _ key: AssessmentCube.Key, _ cell: AssessmentCube.Cell, sourceIndex: Int, design: SampleDesign
    ) {
        assessment.add(key, cell, sourceIndex: sourceIndex, design: design)
    }

    /// Adds one survey respondent of a survey with the given design.
    public mutating func add(_ person: SurveyPerson, sourceIndex: Int, design: SampleDesign = .none) {
        survey.add(person, sourceIndex: sourceIndex, design: design)
    }

    /// Notes the region of a pupil counted under `key` (a census with a region column).
    public mutating func noteRegion(_ region: String, of key: ObservationKey) {
        censusRegions[Self.slice(key), default: []].insert(region)
    }

    /// Counts one record (one pupil) under its key.
    public mutating func count(_ key: ObservationKey, provenance: Provenance) {
        if counted[key] != nil {
            counted[key]!.value += 1
        } else {
            counted[key] = Cell(value: 1, flags: [], provenance: provenance)
        }
    }

    /// Counts `n` records under a key at once; `provenance` is that of the first of them, kept
    /// only when the key is new here.
    public mutating func count(_ key: ObservationKey, n: Int, provenance: Provenance) {
        if counted[key] != nil {
            counted[key]!.value += Double(n)
        } else {
            counted[key] = Cell(value: Double(n), flags: [], provenance: provenance)
        }
    }

    /// Adds test-score sums of a student census.
    public mutating func addScores(_ key: ScoreCube.Key, _ cell: ScoreCube.Cell, sourceIndex: Int) {
        scores.add(key, cell, sourceIndex: sourceIndex)
    }

    /// Adds one assessed student of an assessment with the given design.
    public mutating func add(
        _ student: AssessedStudent, cutScores: [String: Double], sourceIndex: Int, design: SampleDesign = .none
    ) {
        assessment.add(student, cutScores: cutScores, sourceIndex: sourceIndex, design: design)
    }

    /// Keeps a published value for comparison.
    public mutating func add(_ value: PublishedValue) {
        published.append(value)
    }
}

extension PartialAggregate {
    /// The same contribution as if its file had been read at position `index` of the run's
    /// file order: how a contribution stored in the ledger by an earlier run, where the file
    /// had another position, is put back. With `sourceIndex`, its source has that position
    /// in the pipeline file now (a file is read as one source).
    public func placed(atFileIndex index: Int, sourceIndex: Int? = nil) -> PartialAggregate {
        func moved(_ c: Cell) -> Cell {
            var c = c
            c.provenance.fileIndex = index
            if let sourceIndex { c.provenance.sourceIndex = sourceIndex }
            return c
        }
        var p = self
        p.cells = cells.mapValues(moved)
        p.counted = counted.mapValues(moved)
        p.missing = missing.mapValues {
            var at = $0
            at.fileIndex = index
            return at
        }
        p.duplicates = duplicates.map { Duplicate(key: $0.key, kept: moved($0.kept), other: moved($0.other)) }
        p.published = published.map {
            var v = $0
            v.provenance.fileIndex = index
            if let sourceIndex { v.provenance.sourceIndex = sourceIndex }
            return v
        }
        if let sourceIndex {
            let mask = UInt64(1) << UInt64(sourceIndex)
            p.survey.sources = survey.sources.mapValues { _ in mask }
            p.assessment.sources = assessment.sources.mapValues { _ in mask }
            p.assessment.sampleSources = assessment.sampleSources.mapValues { _ in mask }
            p.scores.sources = scores.sources.mapValues { _ in mask }
        }
        return p
    }

    /// What this file gives values for, as slices a newer delivery of the same source can
    /// replace: `measure|country|year|level` for table values and counted records (`-` when the
    /// measure has no level), `survey|country|year`, `assessment|country|year`,
    /// `scores|country|year` and `published|country|year` for microdata and published values.
    /// A value given as missing (`..`) gives its slice too: a correction that gives a slice only
    /// as missing withdraws it.
    public var slices: Set<String> {
        var out = Set<String>()
        for k in cells.keys { out.insert(Self.slice(k)) }
        for k in missing.keys { out.insert(Self.slice(k)) }
        for k in counted.keys { out.formUnion(regional(Self.slice(k))) }
        for k in survey.cells.keys { out.insert("survey|\(k.country.rawValue)|\(k.year)") }
        for k in assessment.cells.keys { out.insert("assessment|\(k.country.rawValue)|\(k.year)") }
        for k in scores.cells.keys { out.formUnion(regional("scores|\(k.country.rawValue)|\(k.year)")) }
        for v in published { out.insert("published|\(v.country.rawValue)|\(v.year)") }
        return out
    }

    /// The countries this contribution has values for.
    public var countries: Set<Country> {
        var out = Set<Country>()
        for k in cells.keys { out.insert(k.country) }
        for k in counted.keys { out.insert(k.country) }
        for k in survey.cells.keys { out.insert(k.country) }
        for k in assessment.cells.keys { out.insert(k.country) }
        for k in scores.cells.keys { out.insert(k.country) }
        for v in published { out.insert(v.country) }
        return out
    }

    /// A census slice as region slices (`enrolment|KGZ|2024|4@Chui`), where the file has a
    /// region column; the slice itself otherwise. Score slices (`scores|KGZ|2024`) have the
    /// regions of the country-year's counted slices.
    func regional(_ slice: String) -> Set<String> {
        guard !censusRegions.isEmpty else { return [slice] }
        var regions: Set<String>
        if slice.hasPrefix("scores|") {
            let countryYear = "enrolment|" + slice.dropFirst("scores|".count) + "|"
            regions = censusRegions.filter { $0.key.hasPrefix(countryYear) }.reduce(into: []) { $0.formUnion($1.value) }
        } else {
            regions = censusRegions[slice] ?? []
        }
        return regions.isEmpty ? [slice] : Set(regions.map { slice + "@" + $0 })
    }

    /// Whether a slice, or one of its region slices, is among `removed`.
    func gone(_ slice: String, _ removed: Set<String>) -> Bool {
        removed.contains(slice) || (!censusRegions.isEmpty && !regional(slice).isDisjoint(with: removed))
    }

    static func slice(_ k: ObservationKey) -> String {
        "\(k.measure.rawValue)|\(k.country.rawValue)|\(k.year)|\(k.level?.rawValue ?? "-")"
    }

    /// The contribution without the given slices (replaced by a newer delivery), and how many
    /// accepted rows gave the values left out.
    public func removing(_ removed: Set<String>) -> (PartialAggregate, rows: Int) {
        guard !removed.isEmpty else { return (self, 0) }
        var p = self
        var rows = 0
        p.cells = cells.filter { k, _ in
            if removed.contains(Self.slice(k)) {
                rows += 1
                return false
            }
            return true
        }
        p.counted = counted.filter { k, c in
            if self.gone(Self.slice(k), removed) {
                rows += Int(c.value)
                return false
            }
            return true
        }
        p.missing = missing.filter { k, _ in !removed.contains(Self.slice(k)) }
        func gone(_ kind: String, _ country: Country, _ year: Int) -> Bool {
            removed.contains("\(kind)|\(country.rawValue)|\(year)")
        }
        p.survey.cells = survey.cells.filter { k, c in
            if gone("survey", k.country, k.year) {
                rows += c.persons.cases
                return false
            }
            return true
        }
        p.survey.interviewMonths = survey.interviewMonths.filter { !gone("survey", $0.key.country, $0.key.year) }
        p.survey.sources = survey.sources.filter { !gone("survey", $0.key.country, $0.key.year) }
        p.survey.designs = survey.designs.filter { !gone("survey", $0.key.country, $0.key.year) }
        // A student is counted in each subject's cell: count each group of students once (the
        // subject with the most of them).
        var students: [String: Int] = [:]
        p.assessment.cells = assessment.cells.filter { k, c in
            if gone("assessment", k.country, k.year) {
                let unit = k.unit.map { "\($0.stratum)|\($0.cluster)" } ?? ""
                let group = "\(k.country.rawValue)|\(k.year)|\(k.stage)|\(k.sex)|\(k.location)|\(k.wealth)|\(unit)"
                students[group] = max(students[group] ?? 0, c.students.max() ?? 0)
                return false
            }
            return true
        }
        rows += students.values.reduce(0, +)
        p.assessment.sources = assessment.sources.filter { !gone("assessment", $0.key.country, $0.key.year) }
        p.assessment.designs = assessment.designs.filter { !gone("assessment", $0.key.country, $0.key.year) }
        p.assessment.sampleSources = assessment.sampleSources.filter {
            !gone("assessment", $0.key.country, $0.key.year)
        }
        // Score sums come from the same rows as the counted records: no rows counted twice.
        func scoresGone(_ country: Country, _ year: Int) -> Bool {
            self.gone("scores|\(country.rawValue)|\(year)", removed)
        }
        p.scores.cells = scores.cells.filter { k, _ in !scoresGone(k.country, k.year) }
        p.scores.sources = scores.sources.filter { !scoresGone($0.key.country, $0.key.year) }
        p.censusRegions = censusRegions.filter { !self.gone($0.key, removed) }
        p.published = published.filter { v in
            if gone("published", v.country, v.year) {
                rows += 1
                return false
            }
            return true
        }
        p.duplicates = duplicates.filter { !removed.contains(Self.slice($0.key)) }
        return (p, rows)
    }
}
