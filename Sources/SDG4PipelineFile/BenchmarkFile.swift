import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model

/// Reads a national benchmarks file (`benchmarks:` in the pipeline file):
/// `country,indicator,year,value`, one target per country, UIS id and target year, the value
/// empty for no target. Lines starting with `#` are comments; they label the file in the
/// reports (`# Illustrative values, not national commitments`). Every problem is reported with
/// its line and column; a file with any problem is not used.
public enum BenchmarkFile {
    public static let columns = ["country", "indicator", "year", "value"]

    /// The benchmarks and the comments, or every problem found.
    public static func load(_ path: String) -> (benchmarks: [Benchmark], comments: [String], problems: [StructureFile.Problem]) {
        let parser = CSVParser()
        var problems: [StructureFile.Problem] = []
        var benchmarks: [Benchmark] = []
        var comments: [String] = []
        var seen: [String: Int] = [:]
        var header = true
        let index = UISIdIndex()
        func problem(_ line: Int, _ column: Int, _ message: String) {
            problems.append(StructureFile.Problem(line: line, column: column, message: message))
        }
        func take(_ record: CSVRecord) {
            let fields = record.strings.map { $0.trimmingCharacters(in: .whitespaces) }
            if let first = fields.first, first.hasPrefix("#") {
                // The line as written (a comment may hold commas).
                let line = String(decoding: record.raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                comments.append(line.dropFirst().trimmingCharacters(in: .whitespaces))
                return
            }
            if header {
                header = false
                if fields.map({ HeaderMapping.normalise($0) }) != columns {
                    problem(record.line, 0, "expected the header \(columns.joined(separator: ",")).")
                }
                return
            }
            guard fields.count == columns.count else {
                return problem(record.line, 0, "expected \(columns.count) fields, found \(fields.count).")
            }
            let country = CodeLists.country(fields[0])
            if country == nil { problem(record.line, 1, "unknown country '\(fields[0])'; use an ISO3 code.") }
            let definition = index.definition(for: fields[1])
            var known = definition != nil
            if !known {
                problem(
                    record.line, 2,
                    "'\(fields[1])' is not a UIS id sdg4 computes; use one from indicators.csv (TRTP.1, ROFST.1.CP, CR.3, ...).")
            } else if definition?.better == .neither {
                known = false
                problem(record.line, 2, "'\(fields[1])' has no better direction (the share of female teachers): no benchmark.")
            }
            // After the base year (2015): progress is measured from it towards the target.
            let year = Int(fields[2]).flatMap { (2016...2100).contains($0) ? $0 : nil }
            if year == nil { problem(record.line, 3, "expected the target year, 2016-2100 (2025, 2030), found '\(fields[2])'.") }
            var value = fields[3].isEmpty ? nil : Double(fields[3])
            if !fields[3].isEmpty && (value == nil || !value!.isFinite) {
                problem(record.line, 4, "expected the target value (a number, empty for none), found '\(fields[3])'.")
            } else if let v = value, let range = definition?.validRange, !range.contains(v) {
                problem(
                    record.line, 4,
                    "a target of \(fields[3]) is outside the values \(fields[1]) can take (\(range.lowerBound.formatted())-\(range.upperBound.formatted())).")
                value = nil
            }
            guard let country, known, let year else { return }
            let key = "\(country.rawValue)|\(fields[1].uppercased())|\(year)"
            if let first = seen[key] {
                return problem(record.line, 2, "the benchmark is given twice (first on line \(first)).")
            }
            seen[key] = record.line
            benchmarks.append(Benchmark(country: country, uisId: fields[1], year: year, value: value))
        }
        do {
            _ = try InputFile(path: path).read { try parser.feed($0, onRecord: take) }
            try parser.finish(onRecord: take)
        } catch {
            return ([], [], [StructureFile.Problem(line: 0, column: 0, message: "the file cannot be read (\(error)).")])
        }
        if header { problem(1, 0, "the file is empty.") }
        return problems.isEmpty ? (benchmarks, comments, []) : ([], [], problems)
    }
}
