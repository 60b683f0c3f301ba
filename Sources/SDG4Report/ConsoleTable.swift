/// Plain-text tables for the terminal, columns padded to their widest cell.
public enum ConsoleTable {
    /// Renders rows under a header, separated by two spaces.
    public static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = line(header) + "\n"
        out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// The summary table, compactly: country code and the headline values.
    public static func render(_ table: SummaryTable) -> String {
        let header = ["country"] + table.columns.map(\.uisId)
        let rows = table.countries.indices.map { row in
            [table.countries[row].rawValue] + table.columns.indices.map { table.text(row, $0) }
        }
        return render(header: header, rows: rows)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
