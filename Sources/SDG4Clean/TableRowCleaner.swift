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
    /// The roles fixed on the source (`country: KAZ`, ...), decoded once.
    private let fixed: FixedRoles
    /// Per value column of a wide table: its field, and the fixed roles with the one its header
    /// gives (the year shifted by `year_shift`).
    private let wideColumns: [(field: Int, roles: FixedRoles)]
    private let layout: TableLayout

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
        layout = source.table
        fixed = (try? FixedRoles(source.table.fixed)) ?? FixedRoles()  // checked by the pipeline file
        var columns: [(field: Int, roles: FixedRoles)] = []
        var unread: [(field: Int, expected: String)] = []
        for column in mapping.wide {
            var roles = fixed
            do {
                try roles.set(source.table.wide!.role, column.value)
                if source.table.wide!.role == .year { roles.year = roles.year.map { $0 + source.table.yearShift } }
                columns.append((column.field, roles))
            } catch {
                unread.append((column.field, error.expected))
            }
        }
        wideColumns = columns
        for (field, expected) in unread {
            let header = mapping.headerName(field)
            warnings.append(
                problem(
                    .rowIgnored, source.table.headerRow, field + 1, header,
                    "Column \(header) matches wide: but its header is not \(expected); its values were not read.",
                    "Rename the column, or narrow wide: so that it does not match."))
        }
    }

    /// Cleans one data row: a value, or one per value column of a wide table.
    public mutating func clean(_ record: CSVRecord) -> CleanedRow {
        if (0..<record.count).allSatisfy({ record[$0].isEmpty }) {
            return .ignored(reason: Self.emptyRow, severity: .info)
        }
        if let note = note(record) { return note }
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        if excludedByWhere(record) { return .filtered }
        if let i = mapping.age, ByteNumber.int(record[i]) == nil, Self.isOpenAgeGroup(record.string(i)) {
            return .ignored(
                reason: "open age groups (\(record.string(i))): never summed into single ages", severity: .info)
        }
        guard layout.wide != nil else { return clean(record, value: mapping.value!, roles: fixed) }
        guard !wideColumns.isEmpty else {
            return .ignored(reason: "no value column of wide: has a header sdg4 reads", severity: .warning)
        }
        return .several(wideColumns.map { clean(record, value: $0.field, roles: $0.roles) })
    }

    /// One value of a row: in field `value`, with the roles `roles` fixes.
    private mutating func clean(_ record: CSVRecord, value: Int, roles: FixedRoles) -> CleanedRow {
        var problems: [Diagnostic] = []
        let (country, year) = countryAndYear(record, roles, &problems)
        if let country, let year, problems.isEmpty, !filter.keeps(country, year),
            !filter.keepsAsYearBefore(country, year)
        {
            return .filtered
        }
        let measure = roles.measure ?? self.measure(record, &problems)
        let level = roles.level ?? self.level(record, measure, &problems)
        let cell = breakdown(record, roles, &problems)
        return valued(record, value, country, year, measure, level, cell, problems)
    }

    /// The reason given for rows whose every field is empty (`,,,,` lines a spreadsheet
    /// leaves): ignored, and never the end of the notes below a table.
    public static let emptyRow = "empty rows (every field empty)"

    /// Whether `where:` keeps the row out.
    private func excludedByWhere(_ record: CSVRecord) -> Bool {
        mapping.keep.contains { k in
            k.field >= record.count || !k.values.contains(HeaderMapping.normalise(record.string(k.field)))
        }
    }

    /// A row with text in its first cell only, in a table with more than one column: a note
    /// (`* Preliminary data`) if no data row follows; else filtered when `where:` keeps it out,
    /// or rejected (a sub-heading or a note inside the table is no data).
    private func note(_ record: CSVRecord) -> CleanedRow? {
        guard mapping.headers.count > 1, record.count >= 1, !record[0].isEmpty,
            (1..<record.count).allSatisfy({ record[$0].isEmpty }), numbers.double(record[0]) == nil
        else { return nil }
        let text = record.string(0).trimmingCharacters(in: .whitespaces)
        if !mapping.keep.isEmpty, excludedByWhere(record) { return .note(text: text, otherwise: .filtered) }
        let inside = problem(
            .rowTextOnly, record.line, 1, text,
            "A line with text in its first cell only, inside the table (data rows follow it): a sub-heading or a note, not data.",
            "Nothing to do if it is a heading; lines below the table are read as notes.")
        return .note(text: text, otherwise: .rejected([inside]))
    }

    /// `80+`, `100+`, `100plus`, `80 and over`, `80 лет и старше`: an open age group, not a
    /// single age.
    static func isOpenAgeGroup(_ text: String) -> Bool {
        let t = CodeLists.fold(text)
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let rest = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        return ["+", "plus", "and over", "and older", "и старше", "лет и старше", "years and over"].contains(rest)
    }

    /// The breakdown of a row's value: sex, age, grade, location, wealth.
    private struct Breakdown {
        var sex = Sex.total
        var age = Age.all
        var grade: Int?
        var location = Location.total
        var wealth = Wealth.total
    }

    private mutating func countryAndYear(
        _ record: CSVRecord, _ roles: FixedRoles, _ problems: inout [Diagnostic]
    ) -> (Country?, Int?) {
        let line = record.line
        var country = roles.country
        if country == nil, let field = mapping.country {
            country = countries.value(for: record[field]) { CodeLists.country($0) }
            if country == nil {
                let text = record.string(field)
                problems.append(
                    problem(
                        .rowUnknownCountry, line, field + 1, text,
                        "Unknown country \"\(text)\" in column \(mapping.headerName(field)).",
                        "Use an ISO3 code, ISO2 code, M49 code or country name; closest known: \(CodeLists.closestCountries(to: text).joined(separator: ", "))."
                    ))
            }
        }
        if let year = roles.year { return (country, year) }
        let field = mapping.year!  // a year column, a fixed year or a wide year: checked before
        let year = ReferenceYear.parse(record[field]).map { $0 + layout.yearShift }
        if year == nil || !plausibleYears.contains(year!) {
            problems.append(
                problem(
                    .rowBadYear, line, field + 1, record.string(field),
                    "Expected a reference year between \(plausibleYears.lowerBound) and \(plausibleYears.upperBound) in column \(mapping.headerName(field)).",
                    "Write the year the school year ends in (2023), or the school year (2022/2023)."))
            return (country, nil)
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

    private mutating func breakdown(
        _ record: CSVRecord, _ roles: FixedRoles, _ problems: inout [Diagnostic]
    ) -> Breakdown {
        var cell = Breakdown()
        read(record, roles, &cell, &problems)
        if let v = roles.sex { cell.sex = v }
        if let v = roles.age { cell.age = v }
        if let v = roles.grade { cell.grade = v }
        if let v = roles.location { cell.location = v }
        if let v = roles.wealth { cell.wealth = v }
        return cell
    }

    /// The breakdown's columns (a role fixed on the source has none).
    private mutating func read(
        _ record: CSVRecord, _ roles: FixedRoles, _ cell: inout Breakdown, _ problems: inout [Diagnostic]
    ) {
        let line = record.line
        if let i = mapping.sex, roles.sex == nil {
            if let v = codes.sex(record[i]) {
                cell.sex = v
            } else {
                problems.append(unknown(.sex, record, i, header: mapping.headerName(i)))
            }
        }

        if let i = mapping.age, roles.age == nil {
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

        if let i = mapping.grade, roles.grade == nil, !record[i].isEmpty {
            cell.grade = ByteNumber.int(record[i])
            if cell.grade == nil || !(1...20).contains(cell.grade!) {
                problems.append(
                    problem(
                        .rowBadGrade, line, i + 1, record.string(i),
                        "Expected a grade number (1-20) in column \(mapping.headerName(i)).",
                        "Count grades from grade 1 of primary; leave empty for all grades."))
            }
        }

        if let i = mapping.location, roles.location == nil {
            if let v = codes.location(record[i]) {
                cell.location = v
            } else {
                problems.append(unknown(.location, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = mapping.wealth, roles.wealth == nil {
            if let v = codes.wealth(record[i]) {
                cell.wealth = v
            } else {
                problems.append(unknown(.wealth, record, i, header: mapping.headerName(i)))
            }
        }
    }

    /// The row's value, with everything read before it: an observation, a value given as
    /// missing, or the row's rejection.
    private mutating func valued(
        _ record: CSVRecord, _ field: Int, _ country: Country?, _ year: Int?, _ measure: Measure?, _ level: Level?,
        _ cell: Breakdown, _ problems: [Diagnostic]
    ) -> CleanedRow {
        let line = record.line
        var problems = problems
        let (sex, age, grade, location, wealth) = (cell.sex, cell.age, cell.grade, cell.location, cell.wealth)
        let (value, flags) = number(record[field])
        if value == nil {
            let text = record.string(field)
            // A missing marker with a footnote mark (`..*`) is missing all the same.
            let unmarked = Self.withoutFootnoteMark(record[field]).map { String(decoding: $0, as: UTF8.self) }
            if missing.contains(text) || unmarked.map(missing.contains) == true {
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
                    .rowBadNumber, line, field + 1, text,
                    "Expected a number in column \(mapping.headerName(field)).",
                    numbers.decimal == UInt8(ascii: ",")
                        ? "This file uses a decimal comma: write 12345 or 12,5 (spaces between thousands are fine); mark missing values with .. or leave the cell empty."
                        : "Write plain digits with a dot for decimals (12345 or 12.5); mark missing values with .. or leave the cell empty; set 'decimal: \",\"' on the source if the file uses a decimal comma."
                ))
        } else if let measure, measure.isCount, value! > Measure.largestCount {
            problems.append(
                problem(
                    .rowValueTooLarge, line, field + 1, record.string(field),
                    "Not a plausible count of \(measure.rawValue): above the limit of 10 billion.",
                    "Check for digits run together or a wrong unit; counts are whole persons, schools or teachers."))
        } else if value! < 0 {
            problems.append(
                problem(
                    .rowNegativeCount, line, field + 1, record.string(field),
                    "A count cannot be negative (measure \(measure?.rawValue ?? "unknown")).",
                    "Correct the value, or mark it missing with .. if it is not known."))
        }

        guard problems.isEmpty, let country, let year, let measure, let value else {
            return .rejected(problems)
        }
        if measure.isCount, value != value.rounded() {
            let warning = problem(
                .rowFractionalCount, line, field + 1, record.string(field),
                "\(record.string(field)) is not a whole number of \(measure.rawValue); it was used as read.",
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
                key: key, value: value, flags: flags,
                provenance: Provenance(sourceIndex: source.index, fileIndex: fileIndex, line: line)))
    }

    /// The number in a value field, multiplied by `scale:`; a footnote mark after it (`*`,
    /// `¹`) is stripped and the value flagged `footnote`.
    private func number(_ bytes: UnsafeRawBufferPointer) -> (Double?, ValueFlags) {
        var flags: ValueFlags = []
        var text = bytes
        var value = numbers.double(text)
        if value == nil, let stripped = Self.withoutFootnoteMark(bytes) {
            text = stripped
            value = numbers.double(text)
            if value != nil { flags.insert(.footnote) }
        }
        guard let v = value, layout.scale != 1 else { return (value, flags) }
        return (Self.scaled(v, by: layout.scale, decimals: Self.decimals(text, mark: numbers.decimal)), flags)
    }

    /// The field without the footnote marks at its end (`*`, `**`, superscript digits), and
    /// spaces before them; `nil` when it has none.
    static func withoutFootnoteMark(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var end = bytes.count
        while end > 0 {
            if bytes[end - 1] == UInt8(ascii: "*") {
                end -= 1
            } else if end >= 2, bytes[end - 2] == 0xC2, [0xB9, 0xB2, 0xB3].contains(bytes[end - 1]) {
                end -= 2  // ¹ ² ³
            } else if end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x81,
                bytes[end - 1] == 0xB0 || (0xB4...0xB9).contains(bytes[end - 1])
            {
                end -= 3  // ⁰ ⁴ … ⁹
            } else {
                break
            }
        }
        guard end < bytes.count, end > 0 else { return nil }
        while end > 0, bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[0..<end])
    }

    /// Decimals a field's number has: the digits after the decimal mark, less a positive
    /// exponent, plus a negative one (`1.5e-3`: 4).
    static func decimals(_ bytes: UnsafeRawBufferPointer, mark: UInt8) -> Int {
        let e = bytes.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? bytes.count
        var digits = 0
        if let point = bytes[..<e].firstIndex(of: mark) {
            digits = bytes[(point + 1)..<e].filter { $0 &- 0x30 < 10 }.count
        }
        if e < bytes.count, let exponent = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) {
            digits -= exponent
        }
        return max(digits, 0)
    }

    /// `value × scale` (a power of ten) as the decimal the file wrote shifted: rounded to the
    /// decimals left, so `123.456` in thousands is exactly 123456.
    ///
    /// A result within a millionth of a whole number is that number: files converted through
    /// binary floating point carry noise (WPP's `285.268999999999` thousands is 285,269
    /// persons), which the decimals it wrote would otherwise keep.
    static func scaled(_ value: Double, by scale: Int, decimals: Int) -> Double {
        let shift = String(scale).count - 1
        let left = max(decimals - shift, 0)
        var unit = 1.0
        for _ in 0..<left { unit *= 10 }
        let scaled = (value * Double(scale) * unit).rounded() / unit
        return abs(scaled - scaled.rounded()) < 1e-6 ? scaled.rounded() : scaled
    }
}
