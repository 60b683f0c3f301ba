import SDG4CSV
import SDG4Ingest
import SDG4Model

/// What every row cleaner shares: how it words a problem, and the check that a row has as many
/// fields as the header.
protocol RowCleaning {
    var source: SourceSpec { get }
    var file: String { get }
}

extension RowCleaning {
    /// A problem of a row of this file, at its code's severity.
    func problem(
        _ code: ProblemCode, _ line: Int, _ column: Int, _ value: String, _ message: String, _ hint: String
    ) -> Diagnostic {
        Diagnostic(
            code: code, source: source.id, file: file, line: line, column: column, value: value,
            message: message, hint: hint)
    }

    /// The rejection of a row with a field over the length limit, or whose field count differs
    /// from the header's; else `nil`.
    func ragged(_ record: CSVRecord, headerCount: Int) -> CleanedRow? {
        if let column = record.oversizedField {
            return .rejected([
                problem(
                    .csvFieldTooLong, record.line, column, "",
                    "A field is longer than the limit (1 MiB); the row was rejected.",
                    "The file is probably not a CSV table, or a closing quote is missing.")
            ])
        }
        guard record.count != headerCount else { return nil }
        return .rejected([
            problem(
                .rowRagged, record.line, 0, "",
                "This row has \(record.count) fields but the header has \(headerCount).",
                "Check for a missing or extra delimiter, or an unquoted value containing the delimiter.")
        ])
    }
}

extension RowCleaning {
    /// "Expected … in column …": a problem with a field's value.
    func expectation(
        _ code: ProblemCode, _ record: CSVRecord, field: Int, header: String, _ expected: String, _ hint: String
    ) -> Diagnostic {
        problem(code, record.line, field + 1, record.string(field), "Expected \(expected) in column \(header).", hint)
    }
}

/// The country and year every microdata row starts with, read through the cleaner's country
/// cache; the problems come back as (code, field, expected, hint) for the cleaner to word.
/// Without a year column (`yearField` nil), every row has the source's `year:`.
func readCountryAndYear(
    _ record: CSVRecord, country countryField: Int, year yearField: Int?, fixedYear: Int? = nil, yearMeaning: String,
    yearHint: String, countries: inout ByteInterner<Country?>
) -> (country: Country?, year: Int?, problems: [(code: ProblemCode, field: Int, expected: String, hint: String)]) {
    var problems: [(code: ProblemCode, field: Int, expected: String, hint: String)] = []
    let country = countries.value(for: record[countryField]) { CodeLists.country($0) }
    if country == nil {
        problems.append(
            (.rowUnknownCountry, countryField, "a known country", "Use an ISO3, ISO2 or M49 code or a country name.")
        )
    }
    guard let yearField else { return (country, fixedYear, problems) }
    let year = ReferenceYear.parse(record[yearField]).flatMap { plausibleYears.contains($0) ? $0 : nil }
    if year == nil { problems.append((.rowBadYear, yearField, yearMeaning, yearHint)) }
    return (country, year, problems)
}
