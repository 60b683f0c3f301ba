import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Turns the rows of a `table` source into observations: each dimension normalised to
/// sdg4's codes, the value parsed from the bytes, every problem of the row reported.
///
/// One cleaner per file; it caches decoded codes, so it is confined to one work item.
public struct TableRowCleaner: RowCleaning {
    let source: SourceSpec
    private let mapping: HeaderMapping
    let file: String
    private let fileIndex: Int
    private let filter: RowFilter

    private var countries = ByteInterner<Country?>()
    /// Sex, location and wealth, decoded and worded as in every format.
    private var codes: BreakdownCodes
    private var levels = ByteInterner<Level?>()
    private var measures = ByteInterner<Measure?>()
    private var ageWords = ByteInterner<Age?>()

    private let numbers: NumberStyle
    private let missing: MissingMarkers
    /// Warnings about rows that were used (a count that is not a whole number); the caller
    /// takes them after each row.
    public var warnings: [Diagnostic] = []

    /// - Parameter numbers: how the file writes numbers (decimal mark, thousands separators).
    public init(
        source: SourceSpec, mapping: HeaderMapping, file: String, fileIndex: Int, filter: RowFilter,
        numbers: NumberStyle = .dot
    ) {
        self.numbers = numbers
        missing = MissingMarkers(source)
        self.source = source
        codes = BreakdownCodes(recodes: source.recodes)
        self.mapping = mapping
        self.file = file
        self.fileIndex = fileIndex
        self.filter = filter
    }

    /// Cleans one data row.
    public mutating func clean(_ record: CSVRecord) -> CleanedRow {
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        var problems: [Diagnostic] = []
        let (country, year) = countryAndYear(record, &problems)
        if let country, let year, problems.isEmpty, !filter.keeps(country, year),
            !filter.keepsAsYearBefore(country, year)
        {
            return .filtered
        }
        let measure = self.measure(record, &problems)
        let level = self.level(record, measure, &problems)
        let cell = breakdown(record, &problems)
        return valued(record, country, year, measure, level, cell, problems)
    }

    /// The breakdown of a row's value: sex, age, grade, location, wealth.
    private struct Breakdown {
        var sex = Sex.total
        var age = Age.all
        var grade: Int?
        var location = Location.total
        var wealth = Wealth.total
    }

    private mutating func countryAndYear(_ record: CSVRecord, _ problems: inout [Diagnostic]) -> (Country?, Int?) {
        let line = record.line
        let countryBytes = record[mapping.country]
        let country = countries.value(for: countryBytes) { CodeLists.country($0) }
        if country == nil {
            let text = record.string(mapping.country)
            problems.append(
                problem(
                    .rowUnknownCountry, line, mapping.country + 1, text,
                    "Unknown country \"\(text)\" in column \(mapping.headerName(mapping.country)).",
                    "Use an ISO3 code, ISO2 code, M49 code or country name; closest known: \(CodeLists.closestCountries(to: text).joined(separator: ", "))."
                ))
        }
        let year = ByteNumber.int(record[mapping.year])
        if year == nil || !plausibleYears.contains(year!) {
            problems.append(
                problem(
                    .rowBadYear, line, mapping.year + 1, record.string(mapping.year),
                    "Expected a reference year between \(plausibleYears.lowerBound) and \(plausibleYears.upperBound) in column \(mapping.headerName(mapping.year)).",
                    "Write the year the school year ends in, as four digits (2022/23 → 2023)."))
        }
        return (country, year)
    }

    private mutating func measure(_ record: CSVRecord, _ problems: inout [Diagnostic]) -> Measure? {
        let line = record.line
        var measure = source.measure
        if let i = mapping.measure {
            measure = measures.value(for: record[i]) { text in
                let m = Measure(rawValue: CodeLists.fold(text))
                return m.isKnown ? m : nil
            }
            if measure == nil {
                problems.append(
                    problem(
                        .rowUnknownMeasure, line, i + 1, record.string(i),
                        "Unknown measure in column \(mapping.headerName(i)).",
                        "Use one of: \(Measure.known.map(\.rawValue).joined(separator: ", ")), schools_with_<service>.")
                )
            }
        }

        return measure
    }

    private mutating func level(_ record: CSVRecord, _ measure: Measure?, _ problems: inout [Diagnostic]) -> Level? {
        let line = record.line
        var level: Level?
        if let i = mapping.level, !record[i].isEmpty {
            level = levels.value(for: record[i]) { CodeLists.level($0) }
            if level == nil {
                problems.append(
                    problem(
                        .rowUnknownLevel, line, i + 1, record.string(i),
                        "Unknown ISCED level in column \(mapping.headerName(i)).",
                        "Use an ISCED 2011 code such as 02, 1, 2, 3, 2T3 or 5T8, or a level name (primary, lower secondary, ...)."
                    ))
            }
        }

        if level == nil, let measure, measure.needsLevel,
            !problems.contains(where: { $0.code == ProblemCode.rowUnknownLevel.id })
        {
            problems.append(
                problem(
                    .rowMissingLevel, line, mapping.level.map { $0 + 1 } ?? 0, "",
                    "A value of \(measure.rawValue) needs an ISCED level, and this row has none.",
                    mapping.level == nil
                        ? "Map the level column with 'level:' under the source's 'columns:'."
                        : "Fill in the level (02, 1, 2, 3, 2T3, 5T8, ...)."))
        }

        return level
    }

    private mutating func breakdown(_ record: CSVRecord, _ problems: inout [Diagnostic]) -> Breakdown {
        let line = record.line
        var cell = Breakdown()
        if let i = mapping.sex {
            if let v = codes.sex(record[i]) {
                cell.sex = v
            } else {
                problems.append(unknown(.sex, record, i, header: mapping.headerName(i)))
            }
        }

        if let i = mapping.age {
            let bytes = record[i]
            if let n = ByteNumber.int(bytes) {
                if (0...120).contains(n) {
                    cell.age = .years(n)
                } else if n == -1 {
                    cell.age = .unknown
                } else {
                    problems.append(
                        problem(
                            .rowBadAge, line, i + 1, record.string(i),
                            "Age \(n) is outside 0-120 in column \(mapping.headerName(i)).",
                            "Write age in completed years; leave it empty (or -1) when unknown."))
                }
            } else if let word = ageWords.value(for: bytes, compute: CodeLists.ageWord) {
                cell.age = word
            } else {
                problems.append(
                    problem(
                        .rowBadAge, line, i + 1, record.string(i),
                        "Expected an age in completed years in column \(mapping.headerName(i)).",
                        "Write a whole number of years, _T for all ages, or leave it empty when unknown."))
            }
        }

        if let i = mapping.grade, !record[i].isEmpty {
            cell.grade = ByteNumber.int(record[i])
            if cell.grade == nil || !(1...20).contains(cell.grade!) {
                problems.append(
                    problem(
                        .rowBadGrade, line, i + 1, record.string(i),
                        "Expected a grade number (1-20) in column \(mapping.headerName(i)).",
                        "Count grades from grade 1 of primary; leave empty for all grades."))
            }
        }

        if let i = mapping.location {
            if let v = codes.location(record[i]) {
                cell.location = v
            } else {
                problems.append(unknown(.location, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = mapping.wealth {
            if let v = codes.wealth(record[i]) {
                cell.wealth = v
            } else {
                problems.append(unknown(.wealth, record, i, header: mapping.headerName(i)))
            }
        }

        return cell
    }

    /// The row's value, with everything read before it: an observation, a value given as
    /// missing, or the row's rejection.
    private mutating func valued(
        _ record: CSVRecord, _ country: Country?, _ year: Int?, _ measure: Measure?, _ level: Level?,
        _ cell: Breakdown, _ problems: [Diagnostic]
    ) -> CleanedRow {
        let line = record.line
        var problems = problems
        let (sex, age, grade, location, wealth) = (cell.sex, cell.age, cell.grade, cell.location, cell.wealth)
        let valueBytes = record[mapping.value]
        let value = numbers.double(valueBytes)
        if value == nil {
            let text = record.string(mapping.value)
            if missing.contains(text) {
                guard problems.isEmpty else { return .rejected(problems) }
                guard let country, let year, let measure else { return .missing }
                let key = ObservationKey(
                    measure: measure, country: country, year: year, level: level, sex: sex, age: age, grade: grade,
                    location: location, wealth: wealth)
                return .missingValue(
                    key, Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line), note: nil)
            }
            problems.append(
                problem(
                    .rowBadNumber, line, mapping.value + 1, text,
                    "Expected a number in column \(mapping.headerName(mapping.value)).",
                    numbers.decimal == UInt8(ascii: ",")
                        ? "This file uses a decimal comma: write 12345 or 12,5 (spaces between thousands are fine); mark missing values with .. or leave the cell empty."
                        : "Write plain digits with a dot for decimals (12345 or 12.5); mark missing values with .. or leave the cell empty; set 'decimal: \",\"' on the source if the file uses a decimal comma."
                ))
        } else if let measure, measure.isCount, value! > Measure.largestCount {
            problems.append(
                problem(
                    .rowValueTooLarge, line, mapping.value + 1, record.string(mapping.value),
                    "Not a plausible count of \(measure.rawValue): above the limit of 10 billion.",
                    "Check for digits run together or a wrong unit; counts are whole persons, schools or teachers."))
        } else if value! < 0 {
            problems.append(
                problem(
                    .rowNegativeCount, line, mapping.value + 1, record.string(mapping.value),
                    "A count cannot be negative (measure \(measure?.rawValue ?? "unknown")).",
                    "Correct the value, or mark it missing with .. if it is not known."))
        }

        guard problems.isEmpty, let country, let year, let measure, let value else {
            return .rejected(problems)
        }
        if measure.isCount, value != value.rounded() {
            let warning = problem(
                .rowFractionalCount, line, mapping.value + 1, record.string(mapping.value),
                "\(record.string(mapping.value)) is not a whole number of \(measure.rawValue); it was used as read.",
                numbers.decimal == UInt8(ascii: ".")
                    ? "If the dot separates thousands (469.852 for 469 852), set 'decimal: \",\"' and 'thousands: dot' on the source."
                    : "If the comma separates thousands, set 'decimal: \".\"' on the source.")
            warnings.append(warning)
        }
        let key = ObservationKey(
            measure: measure, country: country, year: year, level: level, sex: sex, age: age, grade: grade,
            location: location, wealth: wealth)
        return .observation(
            Observation(
                key: key, value: value,
                provenance: Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line)))
    }
}
