import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model
import Yams

/// The keys of a `table` source for files as they arrive (docs/pipeline-file.md, "Files as
/// they arrive"): roles fixed on the source, `header_row`, `wide`, `scale`, `year_shift`,
/// `where`.
extension PipelineFileParser {
    /// The source keys that fix a role for the whole file (`measure:` is older and read apart).
    static let fixedRoleKeys: [FieldRole] = [.country, .year, .level, .sex, .age, .grade, .location, .wealth]
    static let tableLayoutKeys = ["header_row", "wide", "scale", "year_shift", "where"]

    /// The layout of a table source, checked; every role the rows need (country, year, value) is
    /// a column, fixed, or given by the headers of `wide:`.
    mutating func tableLayout(
        _ keys: [String: Node], columns: [FieldRole: String], prefix: String, line sourceLine: Int
    ) -> TableLayout {
        var layout = TableLayout()
        var decoded = FixedRoles()
        for role in Self.fixedRoleKeys {
            guard let node = keys[role.rawValue], let text = node.scalar?.string else { continue }
            if columns[role] != nil {
                problem(
                    prefix + "." + role.rawValue, line(node),
                    "the \(role.rawValue) is given twice: as '\(role.rawValue):' and as a column; keep one.")
            }
            do {
                try decoded.set(role, text)
                layout.fixed[role] = text
            } catch {
                problem(prefix + "." + role.rawValue, line(node), "expected \(error.expected), found '\(text)'.")
            }
        }
        if let node = keys["header_row"] {
            if let n = node.int, (1...1000).contains(n) {
                layout.headerRow = n
            } else {
                problem(prefix + ".header_row", line(node), "expected the line number of the header (1-1000).")
            }
        }
        if let node = keys["scale"] {
            if let n = node.int, [1, 10, 100, 1000, 10_000, 100_000, 1_000_000].contains(n) {
                layout.scale = n
            } else {
                problem(
                    prefix + ".scale", line(node),
                    "expected a power of ten (1000 for a file in thousands, 1000000 for millions).")
            }
        }
        if let node = keys["year_shift"] {
            if let n = node.int, (-5...5).contains(n) {
                layout.yearShift = n
            } else {
                problem(prefix + ".year_shift", line(node), "expected a whole number of years, -5 to 5 (WPP: 1).")
            }
        }
        if let node = keys["where"] { layout.keep = conditions(node, prefix: prefix + ".where") }
        if let node = keys["wide"] { layout.wide = wide(node, columns: columns, fixed: layout.fixed, prefix: prefix) }
        checkCoverage(layout, columns: columns, prefix: prefix, line: sourceLine, columnsNode: keys["columns"])
        return layout
    }

    /// `where: {Variant: Medium, Sex: [Female, Male]}`.
    private mutating func conditions(_ node: Node, prefix: String) -> [TableLayout.Condition] {
        guard let mapping = node.mapping, !mapping.isEmpty else {
            problem(prefix, line(node), "expected a mapping of headers to a value or a list, e.g. {Variant: Medium}.")
            return []
        }
        var out: [TableLayout.Condition] = []
        for (key, value) in mapping {
            guard let header = key.scalar?.string else { continue }
            let values = value.sequence.map { $0.compactMap { $0.scalar?.string } } ?? value.scalar.map { [$0.string] }
            guard let values, !values.isEmpty else {
                problem(prefix + "." + header, line(value), "expected a value or a non-empty list of values.")
                continue
            }
            out.append(TableLayout.Condition(header: header, values: values))
        }
        return out.sorted { $0.header < $1.header }
    }

    /// `wide: {year: "20??/20??"}` or `wide: {sex: {Всего: _T, Мужчины: M, Женщины: F}}`.
    private mutating func wide(
        _ node: Node, columns: [FieldRole: String], fixed: [FieldRole: String], prefix: String
    ) -> TableLayout.Wide? {
        let key = prefix + ".wide"
        guard let mapping = node.mapping, mapping.count == 1, let (roleNode, spec) = mapping.first,
            let name = roleNode.scalar?.string
        else {
            problem(key, line(node), "expected one role and its headers, e.g. {year: \"20??/20??\"}.")
            return nil
        }
        guard let role = FieldRole(rawValue: name), role != .value else {
            problem(
                key, line(node),
                "'\(name)' cannot be given by headers; use one of \(FixedRoles.roles.map(\.rawValue).joined(separator: ", ")).")
            return nil
        }
        if columns[role] != nil || fixed[role] != nil {
            problem(key, line(node), "the \(name) is given twice: by wide: and as a column or fixed value; keep one.")
        }
        if columns[.value] != nil {
            problem(key, line(node), "a wide table's values are in the columns wide: names: remove 'value' from columns.")
        }
        if let pattern = spec.scalar?.string {
            return TableLayout.Wide(role: role, pattern: pattern)
        }
        guard let map = spec.mapping, !map.isEmpty else {
            problem(key + "." + name, line(spec), "expected a glob over headers or a map of headers to values.")
            return nil
        }
        var out: [String: String] = [:]
        for (header, value) in map {
            guard let h = header.scalar?.string, let v = value.scalar?.string else { continue }
            var check = FixedRoles()
            do { try check.set(role, v) } catch {
                problem(key + "." + name + "." + h, line(value), "expected \(error.expected), found '\(v)'.")
            }
            out[h] = v
        }
        return TableLayout.Wide(role: role, map: out)
    }

    /// Country, year and value each come from somewhere.
    private mutating func checkCoverage(
        _ layout: TableLayout, columns: [FieldRole: String], prefix: String, line sourceLine: Int, columnsNode: Node?
    ) {
        var missing: [String] = []
        for role in [FieldRole.country, .year] where columns[role] == nil && layout.fixed[role] == nil
            && layout.wide?.role != role
        {
            missing.append("\(role.rawValue) (a column, or '\(role.rawValue):' on the source)")
        }
        if columns[.value] == nil && layout.wide == nil { missing.append("value (a column, or 'wide:')") }
        guard !missing.isEmpty else { return }
        problem(
            prefix + (columnsNode == nil ? "" : ".columns"), columnsNode.map(line) ?? sourceLine,
            "a table source needs \(missing.joined(separator: ", ")).")
    }
}
