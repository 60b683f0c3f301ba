import Foundation
import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Turns the rows of a student-level EMIS census (one enrolled pupil per row) into enrolment
/// counts by country, year, level, grade, age, sex and location: the same counts an aggregated
/// enrolment table gives, so the administrative indicators work from either.
public struct CensusRowCleaner: RowCleaning {
    let source: SourceSpec
    private let mapping: MicrodataMapping
    let file: String
    private let fileIndex: Int
    private let filter: RowFilter

    private var countries = ByteInterner<Country?>()
    /// Sex, location and wealth, decoded and worded as in every format.
    private var codes: BreakdownCodes
    private var levels = ByteInterner<Level?>()

    private let numbers: NumberStyle
    /// Whether a text means "no value": a standard marker or one of the source's `missing:`.
    private let missing: MissingMarkers

    /// Column of each subject's score, in the source's subject order.
    private let scoreFields: [Int]
    /// The region of each accepted pupil's slice, where the census has a region column: the
    /// file processor puts them in the file's contribution.
    public private(set) var regions: [(key: ObservationKey, region: String)] = []
    /// Region spellings, decoded once per file.
    private var regionNames = ByteInterner<String>()
    private struct RegionSlice: Hashable {
        var country: Country
        var year: Int
        var level: Level?
        var region: String
    }
    private var seenRegions = Set<RegionSlice>()

    public init(
        source: SourceSpec, mapping: MicrodataMapping, file: String, fileIndex: Int, filter: RowFilter,
        numbers: NumberStyle = .dot
    ) {
        self.numbers = numbers
        missing = MissingMarkers(source)
        scoreFields = (source.microdata?.subjects ?? []).compactMap { mapping.index["pv:\($0.name):0"] }
        self.source = source
        codes = BreakdownCodes(recodes: source.recodes)
        self.mapping = mapping
        self.file = file
        self.fileIndex = fileIndex
        self.filter = filter
    }

    /// Cleans one data row.
    public mutating func clean(_ record: CSVRecord) -> CleanedRow {
        let line = record.line
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        var problems: [Diagnostic] = []
        func bad(_ code: ProblemCode, _ i: Int, _ expected: String, _ hint: String) {
            problems.append(expectation(code, record, field: i, header: mapping.headerName(i), expected, hint))
        }
        let (country, year, found) = readCountryAndYear(
            record, country: mapping.index["country"]!, year: mapping.index["year"]!,
            yearMeaning: "the census reference year", yearHint: "Write the year the school year ends in.",
            countries: &countries)
        for f in found { bad(f.code, f.field, f.expected, f.hint) }
        if let country, let year, problems.isEmpty, !filter.keeps(country, year) { return .filtered }
        let li = mapping.index["level"]!
        let level = levels.value(for: record[li]) { CodeLists.level($0) }
        if level == nil {
            bad(.rowUnknownLevel, li, "an ISCED level", "Use 02, 1, 2, 3, 4, 5T8, ... or a level name.")
        }
        var key = ObservationKey(
            measure: .enrolment, country: country ?? Country(rawValue: ""), year: year ?? 0, level: level)
        if let i = mapping.index["grade"], !record[i].isEmpty {
            if let g = ByteNumber.int(record[i]), (1...20).contains(g) {
                key.grade = g
            } else {
                bad(.rowBadGrade, i, "a grade number (1-20)", "Count grades from grade 1 of primary.")
            }
        }
        if let i = mapping.index["age"] {
            if let a = ByteNumber.int(record[i]), (0...120).contains(a) {
                key.age = .years(a)
            } else if missing.contains(record.string(i)) {
                key.age = .unknown
            } else {
                bad(.rowBadAge, i, "an age in completed years", "Leave it empty when unknown.")
            }
        }
        if let i = mapping.index["sex"], !record[i].isEmpty {
            if let v = codes.sex(record[i]) {
                key.sex = v
            } else {
                problems.append(unknown(.sex, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = mapping.index["location"], !record[i].isEmpty {
            if let v = codes.location(record[i]) {
                key.location = v
            } else {
                problems.append(unknown(.location, record, i, header: mapping.headerName(i)))
            }
        }
        var scores: [Double?] = []
        var weight = 1.0
        if !scoreFields.isEmpty {
            for i in scoreFields {
                if record[i].isEmpty || missing.contains(record.string(i)) {
                    scores.append(nil)
                } else if let v = numbers.double(record[i]), v.isFinite {
                    scores.append(v)
                } else {
                    scores.append(nil)
                    bad(
                        .rowBadScore, i, "a test score (a number) or an empty field",
                        "Leave it empty when the pupil has no score.")
                }
            }
            if let i = mapping.index["weight"], scores.contains(where: { $0 != nil }) {
                if let w = numbers.double(record[i]), w.isFinite, w >= 0 {
                    weight = w
                } else {
                    bad(
                        .rowBadWeight, i, "a weight (a number, 0 or more)", "Give every pupil with a score a weight."
                    )
                }
            }
        }
        guard problems.isEmpty else { return .rejected(problems) }
        if let i = mapping.index["region"] {
            let region = regionNames.value(for: record[i]) { $0.trimmingCharacters(in: .whitespaces) }
            let slice = RegionSlice(country: key.country, year: key.year, level: key.level, region: region)
            if seenRegions.insert(slice).inserted { regions.append((key, region)) }
        }
        let provenance = Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line)
        if scoreFields.isEmpty { return .counted(key, provenance) }
        return .countedWithScores(key, provenance, weight: weight, scores: scores)
    }

}
