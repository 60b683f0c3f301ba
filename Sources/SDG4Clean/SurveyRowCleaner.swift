import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Turns the rows of a household survey (one person per row) into `SurveyPerson`s. A row with
/// a bad country, year, weight or age is rejected; an unreadable answer (attendance, literacy,
/// ...) rejects the row too, so that no answer is silently taken as "no".
public struct SurveyRowCleaner: RowCleaning {
    let source: SourceSpec
    /// The texts that mean "no value" (the standard ones and the source's `missing:`).
    private let missing: MissingMarkers
    private let mapping: MicrodataMapping
    let file: String
    private let filter: RowFilter

    private var countries = ByteInterner<Country?>()
    /// Sex, location and wealth, decoded and worded as in every format.
    private var codes: BreakdownCodes
    private var levels = ByteInterner<Level?>()
    private var answers = ByteInterner<Answer>()
    /// Where each row sits in the source's sampling design.
    private var design: DesignReader

    /// A yes/no answer as read.
    enum Answer: Equatable {
        case yes, no, missing, unreadable
    }

    /// How the file writes numbers (decimal mark, thousands separators): weights and scores.
    private let numbers: NumberStyle

    public init(
        source: SourceSpec, mapping: MicrodataMapping, file: String, filter: RowFilter, numbers: NumberStyle = .dot
    ) {
        self.numbers = numbers
        self.source = source
        codes = BreakdownCodes(recodes: source.recodes)
        missing = MissingMarkers(source)
        self.mapping = mapping
        design = DesignReader(source.microdata?.design, mapping: mapping)
        self.file = file
        self.filter = filter
    }

    static func answer(_ text: String) -> Answer {
        let t = CodeLists.fold(text)
        if ["1", "yes", "y", "true", "да", "иә", "ha", "ооба", "ҳа", "hawa"].contains(t) { return .yes }
        if ["0", "no", "n", "false", "нет", "жоқ", "yo'q", "жок", "не", "ýok"].contains(t) { return .no }
        if CodeLists.isMissing(t) || ["8", "9", "98", "99", "dk", "don't know", "не знаю"].contains(t) {
            return .missing
        }
        return .unreadable
    }

    /// Cleans one data row.
    public mutating func clean(_ record: CSVRecord) -> CleanedRow {
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        var problems: [Diagnostic] = []
        func field(_ role: String) -> Int? { mapping.index[role] }
        func bad(_ code: ProblemCode, _ role: String, _ expected: String, _ hint: String) {
            let i = field(role)!
            problems.append(expectation(code, record, field: i, header: mapping.headerName(i), expected, hint))
        }

        let (country, year, found) = readCountryAndYear(
            record, country: field("country")!, year: field("year"), fixedYear: source.microdata?.year,
            yearMeaning: "the survey's reference year",
            yearHint: "Write four digits, e.g. 2019.", countries: &countries)
        for f in found {
            problems.append(
                expectation(f.code, record, field: f.field, header: mapping.headerName(f.field), f.expected, f.hint))
        }
        if let country, let year, problems.isEmpty, !filter.keeps(country, year) { return .filtered }
        let weight = numbers.double(record[field("weight")!])
        if weight == nil || weight! <= 0 {
            bad(.rowBadWeight, "weight", "a positive sampling weight", "Every respondent needs a weight above 0.")
        }
        let age = ByteNumber.int(record[field("age")!])
        if age == nil || !(0...120).contains(age!) {
            let text = record.string(field("age")!)
            if missing.contains(text) { return problems.isEmpty ? .missing : .rejected(problems) }
            bad(
                .rowBadAge, "age", "an age in completed years (0-120)",
                "Leave it empty when unknown: the person is then left out.")
        }

        var person = SurveyPerson(
            country: country ?? Country(rawValue: ""), year: year ?? 0, weight: weight ?? 0, age: age ?? 0)
        if let i = field("sex"), !record[i].isEmpty {
            if let v = codes.sex(record[i]) {
                person.sex = v
            } else {
                problems.append(unknown(.sex, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = field("location"), !record[i].isEmpty {
            if let v = codes.location(record[i]) {
                person.location = v
            } else {
                problems.append(unknown(.location, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = field("wealth"), !record[i].isEmpty {
            if let v = codes.wealth(record[i]) {
                person.wealth = v
            } else {
                problems.append(unknown(.wealth, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = field("interview_month"), !record[i].isEmpty {
            if let m = ByteNumber.int(record[i]), (1...12).contains(m) {
                person.interviewMonth = m
            } else {
                bad(.rowBadMonth, "interview_month", "a month 1-12", "Write the month of the interview as a number.")
            }
        }
        // Codes are looked up from the bytes; a String is made only for a value that fails.
        if let i = field("attending_level"), !record[i].isEmpty {
            if let l = levels.value(for: record[i], compute: { CodeLists.level($0) }) {
                person.attendingLevel = l
            } else if !missing.contains(record.string(i)) {
                bad(
                    .rowUnknownLevel, "attending_level", "an ISCED level",
                    "Use 0, 02, 1, 2, 3, 5T8, ... or a level name.")
            }
        }
        if let i = field("years_of_schooling"), !record[i].isEmpty {
            if let n = ByteNumber.int(record[i]), (0...30).contains(n) {
                person.yearsOfSchooling = n
            } else if !missing.contains(record.string(i)) {
                bad(
                    .rowBadSchooling, "years_of_schooling", "completed years of schooling (0-30)",
                    "Count grades completed from grade 1 of primary; leave empty when unknown.")
            }
        }
        for role in ["attending", "literate", "participation"] {
            guard let i = field(role) else { continue }
            // Decided once per spelling: the source's own missing markers, then the answer codes.
            let a = answers.value(for: record[i]) { [missing] text in
                missing.contains(text) ? .missing : Self.answer(text)
            }
            let value: Bool? =
                switch a {
                case .yes: true
                case .no: false
                case .missing, .unreadable: nil
                }
            if a == .unreadable {
                bad(
                    .rowBadAnswer, role, "yes or no (1/0, yes/no, да/нет)",
                    "Leave it empty when the answer is unknown.")
            }
            switch role {
            case "attending": person.attending = value
            case "literate": person.literate = value
            default: person.participating = value
            }
        }
        let (position, misplaced) = design.read(record, numbers: numbers)
        person.design = position
        for p in misplaced {
            problems.append(
                expectation(.rowBadDesign, record, field: p.field, header: mapping.headerName(p.field), p.expected, p.hint))
        }
        guard problems.isEmpty else { return .rejected(problems) }
        return .surveyPerson(person)
    }

}
