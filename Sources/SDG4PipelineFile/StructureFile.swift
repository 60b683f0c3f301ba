import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model

/// Reads an education-structures file (the format of `data/education-structures.csv`):
/// `country,from_year,to_year,primary_entry_age,primary_duration,lower_secondary_duration,
/// upper_secondary_duration,pre_primary_entry_age,source`. Every problem is reported with its
/// line and column; a file with any problem is not used.
public enum StructureFile {
    /// The columns, in order.
    public static let columns = [
        "country", "from_year", "to_year", "primary_entry_age", "primary_duration", "lower_secondary_duration",
        "upper_secondary_duration", "pre_primary_entry_age", "source",
    ]

    /// A problem in a structures file.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line)\(column > 0 ? ", column \(column)" : ""): \(message)" }
    }

    /// Parses the file at `path`: the structures, or every problem found.
    public static func load(_ path: String) -> (structures: EducationStructures?, problems: [Problem]) {
        let parser = CSVParser()
        var problems: [Problem] = []
        var entries: [EducationStructure] = []
        var header = true
        func take(_ record: CSVRecord) {
            let fields = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
            if header {
                header = false
                if fields.map({ HeaderMapping.normalise($0) }) != columns {
                    problems.append(
                        Problem(
                            line: record.line, column: 0,
                            message: "expected the header \(columns.joined(separator: ","))."))
                }
                return
            }
            guard fields.count == columns.count else {
                problems.append(
                    Problem(
                        line: record.line, column: 0,
                        message: "expected \(columns.count) fields, found \(fields.count)."))
                return
            }
            guard let country = CodeLists.country(fields[0]) else {
                problems.append(Problem(line: record.line, column: 1, message: "unknown country '\(fields[0])'."))
                return
            }
            var numbers: [Int] = []
            for (i, text) in fields[1...7].enumerated() {
                guard let n = Int(text) else {
                    problems.append(
                        Problem(
                            line: record.line, column: i + 2,
                            message: "expected a whole number for \(columns[i + 1]), found '\(text)'."))
                    return
                }
                numbers.append(n)
            }
            let (from, to, entry, d1, d2, d3, pre) = (
                numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6]
            )
            let checks: [(Bool, Int, String)] = [
                (
                    from <= to && plausibleYears.contains(from) && plausibleYears.contains(to), 2,
                    "the years must be \(plausibleYears.lowerBound)-\(plausibleYears.upperBound) with from_year ≤ to_year"
                ),
                ((3...10).contains(entry), 4, "primary_entry_age must be 3-10"),
                (
                    (1...8).contains(d1) && (1...8).contains(d2) && (1...8).contains(d3), 5,
                    "durations must be 1-8 years"
                ),
                ((0...entry - 1).contains(pre), 8, "pre_primary_entry_age must be below primary_entry_age"),
            ]
            for (ok, column, message) in checks where !ok {
                problems.append(Problem(line: record.line, column: column, message: message + "."))
            }
            if let clash = entries.first(where: { $0.country == country && $0.years.overlaps(from...max(from, to)) }) {
                problems.append(Problem(line: record.line, column: 2, message: "the years overlap \(clash.label)."))
            }
            entries.append(
                EducationStructure(
                    country: country, years: from...max(from, to), primaryEntryAge: entry, primaryDuration: d1,
                    lowerSecondaryDuration: d2, upperSecondaryDuration: d3, prePrimaryEntryAge: pre, source: fields[8]))
        }
        do {
            _ = try InputFile(path: path).read { try parser.feed($0, onRecord: take) }
            try parser.finish(onRecord: take)
        } catch {
            return (nil, [Problem(line: 0, column: 0, message: "the file cannot be read (\(error)).")])
        }
        if header { problems.append(Problem(line: 1, column: 0, message: "the file is empty.")) }
        return problems.isEmpty ? (EducationStructures(entries: entries), []) : (nil, problems)
    }
}
