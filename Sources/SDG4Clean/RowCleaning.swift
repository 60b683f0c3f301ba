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
    /// A row problem (an error) of this file.
    func problem(
        _ code: String, _ line: Int, _ column: Int, _ value: String, _ message: String, _ hint: String
    ) -> Diagnostic {
        Diagnostic(
            code: code, severity: .error, source: source.id, file: file, line: line, column: column, value: value,
            message: message, hint: hint)
    }

    /// The rejection of a row with a field over the length limit, or whose field count differs
    /// from the header's; else `nil`.
    func ragged(_ record: CSVRecord, headerCount: Int) -> CleanedRow? {
        if let column = record.oversizedField {
            return .rejected([
                problem(
                    "csv.field-too-long", record.line, column, "",
                    "A field is longer than the limit (1 MiB); the row was rejected.",
                    "The file is probably not a CSV table, or a closing quote is missing.")
            ])
        }
        guard record.count != headerCount else { return nil }
        return .rejected([
            problem(
                "row.ragged", record.line, 0, "",
                "This row has \(record.count) fields but the header has \(headerCount).",
                "Check for a missing or extra delimiter, or an unquoted value containing the delimiter.")
        ])
    }
}
