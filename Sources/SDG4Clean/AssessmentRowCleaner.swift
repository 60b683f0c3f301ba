import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Turns the rows of a learning assessment (one student per row) into `AssessedStudent`s: the
/// weight, groups, point of measurement and every plausible value of every subject. A missing
/// plausible value leaves the student out of that value only; an unreadable one rejects the row.
public struct AssessmentRowCleaner: RowCleaning {
    let source: SourceSpec
    /// The texts that mean "no value" (the standard ones and the source's `missing:`).
    private let missing: MissingMarkers
    private let spec: MicrodataSpec
    private let mapping: MicrodataMapping
    let file: String
    private let filter: RowFilter

    private var countries = ByteInterner<Country?>()
    /// Sex, location and wealth, decoded and worded as in every format.
    private var codes: BreakdownCodes
    /// Where each row sits in the source's sampling design.
    private var design: DesignReader

    /// The field of every plausible value of every subject, looked up once per file.
    private let plausibleValueFields: [(subject: String, fields: [Int])]

    /// How the file writes numbers (decimal mark, thousands separators): weights and scores.
    private let numbers: NumberStyle
    /// The fields of the mapped roles, looked up once per file, not per row.
    private let fields: (country: Int, year: Int?, weight: Int, stage: Int?, sex: Int?, location: Int?, wealth: Int?)

    public init(
        source: SourceSpec, mapping: MicrodataMapping, file: String, filter: RowFilter, numbers: NumberStyle = .dot
    ) {
        self.numbers = numbers
        plausibleValueFields = (source.microdata?.subjects ?? []).map { subject in
            (subject.name, subject.plausibleValues.indices.map { mapping.index["pv:\(subject.name):\($0)"]! })
        }
        let index = mapping.index
        fields = (
            index["country"]!, index["year"], index["weight"]!, index["stage"], index["sex"], index["location"],
            index["wealth"]
        )
        self.source = source
        codes = BreakdownCodes(recodes: source.recodes)
        missing = MissingMarkers(source)
        self.spec = source.microdata!
        self.mapping = mapping
        design = DesignReader(source.microdata?.design, mapping: mapping)
        self.file = file
        self.filter = filter
    }

    /// Cleans one data row.
    public mutating func clean(_ record: CSVRecord, stage: (String) -> String?) -> CleanedRow {
        if let rejected = ragged(record, headerCount: mapping.headers.count) { return rejected }
        var problems: [Diagnostic] = []
        func bad(_ code: ProblemCode, _ i: Int, _ expected: String, _ hint: String) {
            problems.append(expectation(code, record, field: i, header: mapping.headerName(i), expected, hint))
        }
        let (country, year, found) = readCountryAndYear(
            record, country: fields.country, year: fields.year, fixedYear: spec.year,
            yearMeaning: "the assessment year",
            yearHint: "Write four digits, e.g. 2022.", countries: &countries)
        for f in found { bad(f.code, f.field, f.expected, f.hint) }
        if let country, let year, problems.isEmpty, !filter.keeps(country, year) { return .filtered }
        let wi = fields.weight
        let weight = numbers.double(record[wi])
        if weight == nil || weight! <= 0 {
            bad(.rowBadWeight, wi, "a positive student weight", "Every student needs a weight above 0.")
        }

        var student = AssessedStudent(
            country: country ?? Country(rawValue: ""), year: year ?? 0, weight: weight ?? 0, stage: spec.stage ?? "",
            scores: [:])
        if let i = fields.stage {
            if let s = stage(record.string(i)) {
                student.stage = s
            } else {
                bad(
                    .rowUnknownStage, i, "a point of measurement",
                    "Use grade-2-3, primary-end or lower-secondary-end.")
            }
        }
        if let i = fields.sex, !record[i].isEmpty {
            if let v = codes.sex(record[i]) {
                student.sex = v
            } else {
                problems.append(unknown(.sex, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = fields.location, !record[i].isEmpty {
            if let v = codes.location(record[i]) {
                student.location = v
            } else {
                problems.append(unknown(.location, record, i, header: mapping.headerName(i)))
            }
        }
        if let i = fields.wealth, !record[i].isEmpty {
            if let v = codes.wealth(record[i]) {
                student.wealth = v
            } else {
                problems.append(unknown(.wealth, record, i, header: mapping.headerName(i)))
            }
        }
        for (subject, fields) in plausibleValueFields {
            var values: [Double?] = []
            for i in fields {
                if let v = numbers.double(record[i]) {
                    values.append(v)
                } else if missing.contains(record.string(i)) {
                    values.append(nil)
                } else {
                    values.append(nil)
                    bad(
                        .rowBadNumber, i, "a plausible value (a score)",
                        "Leave it empty when the student has no score.")
                }
            }
            student.scores[subject] = values
        }
        let (position, misplaced) = design.read(record, numbers: numbers)
        student.design = position
        for p in misplaced {
            problems.append(
                expectation(.rowBadDesign, record, field: p.field, header: mapping.headerName(p.field), p.expected, p.hint))
        }
        guard problems.isEmpty else { return .rejected(problems) }
        return .assessedStudent(student)
    }

}
