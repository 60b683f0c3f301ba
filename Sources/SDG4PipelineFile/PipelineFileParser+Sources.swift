import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model
import Yams

/// The pipeline file's sources: one source, how its files are read, its microdata settings.
extension PipelineFileParser {
    /// One source of `sources:`, checked; `nil` when it cannot be read at all (no id).
    mutating func source(_ item: Node, prefix: String, seen: inout [String: Int]) -> PipelineDefinition.Source? {
        guard let mapping = item.mapping else {
            problem(prefix, line(item), "expected a source with keys id, path, format, ...")
            return nil
        }
        let keys = checkKeys(mapping, allowed: Self.sourceKeys, prefix: prefix + ".")
        guard let idNode = keys["id"], let id = string(idNode, key: prefix + ".id") else {
            if keys["id"] == nil {
                problem(prefix, line(item), "the source has no 'id:'; give it a short unique name.")
            }
            return nil
        }
        if !Self.isSafeId(id) {
            problem(
                prefix + ".id", line(idNode),
                "source id '\(id)' may hold only letters, digits, '.', '_' and '-' (no spaces or slashes), and "
                    + "start with a letter or digit: it is also the name of the source's rejects file in the "
                    + "output folder.")
        }
        if let first = seen[id] {
            problem(
                prefix + ".id", line(idNode),
                "source id '\(id)' is already used on line \(first); ids must be unique.")
        }
        seen[id] = line(idNode)
        var patterns: [String] = []
        if let pathNode = keys["path"] {
            patterns = globs(pathNode, key: prefix + ".path")
        } else {
            problem(prefix, line(item), "source '\(id)' has no 'path:'; give a file, a glob or a list of globs.")
        }
        var format = InputFormat.table
        if let formatNode = keys["format"], let text = string(formatNode, key: prefix + ".format") {
            if let f = InputFormat(rawValue: text) {
                format = f
            } else {
                problem(
                    prefix + ".format", line(formatNode),
                    "unknown format '\(text)'; use one of: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
        } else if keys["format"] == nil {
            problem(prefix, line(item), "source '\(id)' has no 'format:'; use table or uis-bdds.")
        }
        var measure: Measure?
        if let measureNode = keys["measure"], let text = string(measureNode, key: prefix + ".measure") {
            let m = Measure(rawValue: text)
            if m.isKnown {
                measure = m
            } else {
                problem(
                    prefix + ".measure", line(measureNode),
                    "unknown measure '\(text)'; use one of: \(Measure.known.map(\.rawValue).joined(separator: ", ")), schools_with_<service>."
                )
            }
        }
        var columns: [FieldRole: String] = [:]
        if let columnsNode = keys["columns"], format != .microdata {
            columns = columnMap(columnsNode, key: prefix + ".columns")
        }
        var microdata: MicrodataSpec?
        var table = TableLayout()
        if format != .table {
            for key in Self.fixedRoleKeys.map(\.rawValue).filter({ $0 != "year" }) + Self.tableLayoutKeys
            where keys[key] != nil {
                problem(prefix + "." + key, line(keys[key]!), "'\(key)' applies to format table only.")
            }
        }
        if format != .microdata {
            for key in ["kind", "school_year_start_month", "min_cases", "stage", "subjects", "design"]
                + (format == .table ? [] : ["year"]) where keys[key] != nil
            {
                problem(prefix + "." + key, line(keys[key]!), "'\(key)' applies to format microdata only.")
            }
        }
        if format == .microdata {
            microdata = microdataSpec(keys, prefix: prefix, line: line(item))
        } else if format == .table {
            table = tableLayout(keys, columns: columns, prefix: prefix, line: line(item))
            if let measure, measure.needsLevel, columns[.measure] == nil, columns[.level] == nil,
                table.fixed[.level] == nil, table.wide?.role != .level, let columnsNode = keys["columns"]
            {
                problem(
                    prefix + ".columns", line(columnsNode),
                    "values of \(measure.rawValue) need an ISCED level: map the level column with 'level:'.")
            }
            if measure == nil && columns[.measure] == nil && keys["measure"] == nil {
                problem(
                    prefix, line(item),
                    "a table source needs 'measure:' (what the values count) or a 'measure' column.")
            }
        } else if format == .uisBulk || format == .sdmxCSV {
            for key in ["measure", "columns"] where keys[key] != nil {
                problem(
                    prefix + "." + key, line(keys[key]!),
                    "'\(key)' does not apply to format \(format.rawValue): its columns are fixed.")
            }
        }
        let inboxPattern = keys["inbox"].flatMap { string($0, key: prefix + ".inbox") }
        let reading = readingSettings(keys, prefix: prefix)
        return PipelineDefinition.Source(
            id: id, patterns: patterns, format: format, measure: measure, columns: columns,
            inboxPattern: inboxPattern, line: line(item), microdata: microdata, reading: reading, table: table)
    }

    /// How to read a source's files when detection is not enough: `encoding`, `delimiter`,
    /// `decimal`, `thousands`, `missing`.
    mutating func readingSettings(_ keys: [String: Node], prefix: String) -> PipelineDefinition.Reading {
        var reading = PipelineDefinition.Reading()
        if let node = keys["encoding"], let text = string(node, key: prefix + ".encoding") {
            let aliases: [String: TextEncoding] = [
                "utf-8": .utf8, "utf8": .utf8, "utf-16le": .utf16LE, "utf-16be": .utf16BE, "utf-16": .utf16LE,
                "windows-1251": .windows1251, "cp1251": .windows1251, "koi8-r": .koi8r, "koi8r": .koi8r,
            ]
            if let e = aliases[text.lowercased()] {
                reading.encoding = e
            } else {
                problem(
                    prefix + ".encoding", line(node),
                    "unknown encoding '\(text)'; use \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let node = keys["delimiter"], let text = node.scalar?.string {
            let names: [String: UInt8] = [
                ",": 0x2C, ";": 0x3B, "tab": 0x09, "\t": 0x09, "|": 0x7C, "comma": 0x2C, "semicolon": 0x3B,
                "pipe": 0x7C,
            ]
            if let d = names[text.lowercased()] {
                reading.delimiter = d
            } else {
                problem(
                    prefix + ".delimiter", line(node), "unknown delimiter '\(text)'; use \",\", \";\", tab or \"|\".")
            }
        }
        var decimal: UInt8?
        if let node = keys["decimal"], let text = node.scalar?.string {
            switch text {
            case ".", "dot": decimal = UInt8(ascii: ".")
            case ",", "comma": decimal = UInt8(ascii: ",")
            default:
                problem(prefix + ".decimal", line(node), "the decimal mark must be \".\" or \",\", found '\(text)'.")
            }
        }
        var thousands: [[UInt8]]?
        if let node = keys["thousands"] {
            let texts = node.sequence.map { $0.compactMap { $0.scalar?.string } } ?? [node.scalar?.string ?? ""]
            var seps: [[UInt8]] = []
            for t in texts {
                switch t.lowercased() {
                case "none": break
                case "space": seps += NumberStyle.spaces.filter { $0 != [0x27] }
                case "apostrophe", "'": seps.append([0x27])
                case "dot", ".": seps.append([0x2E])
                case "comma", ",": seps.append([0x2C])
                default:
                    problem(
                        prefix + ".thousands", line(node),
                        "unknown thousands separator '\(t)'; use space, apostrophe, dot, comma or none.")
                }
            }
            thousands = seps
        }
        if let d = decimal, let thousands, thousands.contains([d]), let node = keys["thousands"] {
            problem(prefix + ".thousands", line(node), "the thousands separator cannot be the decimal mark.")
        }
        reading.decimal = decimal
        reading.thousands = thousands
        if let node = keys["missing"] {
            if let items = sequence(node, key: prefix + ".missing", expected: "a list of texts that mean 'no value'") {
                reading.missing = items.compactMap { $0.scalar?.string }
            }
        }
        if let node = keys["codes"] { reading.codes = recodes(node, prefix: prefix + ".codes") }
        return reading
    }

    /// The keys of a `format: microdata` source: `kind`, `columns` (roles of the kind),
    /// `school_year_start_month`, `min_cases`.
    mutating func microdataSpec(_ keys: [String: Node], prefix: String, line sourceLine: Int) -> MicrodataSpec? {
        var kind = MicrodataSpec.Kind.householdSurvey
        if let node = keys["kind"], let text = string(node, key: prefix + ".kind") {
            if let k = MicrodataSpec.Kind(rawValue: text) {
                kind = k
            } else {
                problem(
                    prefix + ".kind", line(node),
                    "unknown kind '\(text)'; use \(MicrodataSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
        }
        var columns: [String: String] = [:]
        let roles = MicrodataSpec.roles(kind)
        let year = fixedYear(keys["year"], kind: kind, prefix: prefix)
        if let node = keys["columns"] {
            if let mapping = node.mapping {
                let found = checkKeys(mapping, allowed: roles.all, prefix: prefix + ".columns.")
                for (role, value) in found.sorted(by: { $0.key < $1.key }) {
                    if let header = string(value, key: prefix + ".columns." + role) { columns[role] = header }
                }
                let missing = roles.required.filter { columns[$0] == nil && !($0 == "year" && keys["year"] != nil) }
                if !missing.isEmpty {
                    problem(
                        prefix + ".columns", line(node),
                        "missing \(missing.joined(separator: ", ")): name the header of each.")
                }
                if year != nil, columns["year"] != nil, let yearNode = keys["year"] {
                    problem(
                        prefix + ".year", line(yearNode),
                        "the year is given twice: as 'year:' and as a year column; keep one.")
                }
            } else {
                problem(
                    prefix + ".columns", line(node),
                    "expected a mapping such as {country: Country, year: Year, weight: Weight, age: Age}.")
            }
        } else {
            problem(
                prefix, sourceLine,
                "a microdata source needs 'columns:' naming at least the country, year, weight and age columns.")
        }
        func number(_ key: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Int {
            guard let node = keys[key], let text = string(node, key: prefix + "." + key) else { return fallback }
            guard let n = Int(text), range.contains(n) else {
                problem(
                    prefix + "." + key, line(node),
                    "expected a whole number \(range.lowerBound)-\(range.upperBound), found '\(text)'.")
                return fallback
            }
            return n
        }
        var spec = MicrodataSpec(
            kind: kind, columns: columns, schoolYearStartMonth: number("school_year_start_month", 1...12, 9),
            minimumCases: number("min_cases", 1...100_000, 30))
        if kind == .assessment {
            if let node = keys["stage"], let text = string(node, key: prefix + ".stage") {
                if let stage = Self.stage(text) {
                    spec.stage = stage
                } else {
                    problem(
                        prefix + ".stage", line(node),
                        "unknown stage '\(text)'; use grade-2-3, primary-end or lower-secondary-end.")
                }
            } else if columns["stage"] == nil {
                problem(
                    prefix, sourceLine,
                    "an assessment needs 'stage:' or a stage column (grade-2-3, primary-end, lower-secondary-end).")
            }
            spec.subjects = subjects(keys["subjects"], prefix: prefix + ".subjects", sourceLine: sourceLine)
            for subject in spec.subjects {
                for (m, pv) in subject.plausibleValues.enumerated() { spec.columns["pv:\(subject.name):\(m)"] = pv }
            }
        } else if kind == .studentCensus, let node = keys["subjects"] {
            // A census with test scores: one score column per subject (no plausible values).
            spec.subjects = subjects(node, prefix: prefix + ".subjects", sourceLine: sourceLine, census: true)
            for subject in spec.subjects { spec.columns["pv:\(subject.name):0"] = subject.plausibleValues[0] }
        } else if let node = keys["subjects"] {
            problem(
                prefix + ".subjects", line(node), "'subjects' applies to kind assessment or student-census only.")
        }
        spec.year = year
        if let node = keys["design"] {
            if kind == .studentCensus {
                problem(
                    prefix + ".design", line(node),
                    "'design' applies to a household survey or an assessment: a census has no sampling error.")
            } else {
                spec.design = design(node, prefix: prefix + ".design")
                // Its columns must be in every file, as the mapped ones must.
                for (i, header) in (spec.design?.columns ?? []).enumerated() { spec.columns["design:\(i)"] = header }
            }
        }
        return spec
    }

    /// The point of measurement of an assessment (`CodeLists.stage`).
    static func stage(_ text: String) -> String? { CodeLists.stage(text) }

    /// `subjects: [{name: reading, plausible_values: [PV1READ, ...], cut_score: 407.47}, ...]`.
    ///
    /// For a student census, `{name: reading, score: score_read, cut_score: 400}`: one column.
    mutating func subjects(_ node: Node?, prefix: String, sourceLine: Int, census: Bool = false)
        -> [MicrodataSpec.Subject]
    {
        guard let node else {
            problem(
                prefix, sourceLine, "an assessment needs 'subjects:', each with name, plausible_values and cut_score.")
            return []
        }
        guard let items = sequence(node, key: prefix, expected: "a list of subjects") else { return [] }
        var out: [MicrodataSpec.Subject] = []
        // Each subject's name once: it names the output (`MPL.…READING`, `CUT.…READING`).
        func add(_ subject: MicrodataSpec.Subject, _ key: String, _ item: Node) {
            if out.contains(where: { CodeLists.fold($0.name) == CodeLists.fold(subject.name) }) {
                problem(
                    key + ".name", line(item),
                    "subject '\(subject.name)' is named twice; give each subject its own name.")
            } else {
                out.append(subject)
            }
        }
        for (i, item) in items.enumerated() {
            let key = "\(prefix)[\(i)]"
            guard let mapping = item.mapping else {
                problem(
                    key, line(item), "expected {name: reading, plausible_values: [PV1READ, ...], cut_score: 407.47}.")
                continue
            }
            let keys = checkKeys(
                mapping, allowed: census ? ["name", "score", "cut_score"] : ["name", "plausible_values", "cut_score"],
                prefix: key + ".")
            let name = keys["name"].flatMap { string($0, key: key + ".name") }
            var pvs: [String] = []
            if census {
                if let scoreNode = keys["score"], let column = string(scoreNode, key: key + ".score") { pvs = [column] }
                let cut = keys["cut_score"].flatMap { string($0, key: key + ".cut_score") }.flatMap(Double.init)
                guard let name, !pvs.isEmpty, let cut, cut.isFinite else {
                    problem(
                        key, line(item),
                        "each subject of a student census needs name, score (the column) and cut_score (a number), e.g. {name: reading, score: score_read, cut_score: 400}."
                    )
                    continue
                }
                add(MicrodataSpec.Subject(name: name, plausibleValues: pvs, cutScore: cut), key, item)
                continue
            }
            if let pvNode = keys["plausible_values"],
                let list = sequence(pvNode, key: key + ".plausible_values", expected: "a list of column headers")
            {
                pvs = list.compactMap { string($0, key: key + ".plausible_values") }
            }
            var cut: Double?
            if let cutNode = keys["cut_score"], let text = string(cutNode, key: key + ".cut_score") {
                cut = Double(text)
                if cut == nil || !cut!.isFinite {
                    problem(key + ".cut_score", line(cutNode), "expected a number, found '\(text)'.")
                }
            }
            guard let name, !pvs.isEmpty, let cut else {
                if name == nil || pvs.isEmpty || keys["cut_score"] == nil {
                    problem(key, line(item), "each subject needs name, plausible_values (at least one) and cut_score.")
                }
                continue
            }
            add(MicrodataSpec.Subject(name: name, plausibleValues: pvs, cutScore: cut), key, item)
        }
        return out
    }
}
