import Foundation
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model
import Yams

/// Reads and checks a pipeline file. Every problem is collected (unknown keys, missing
/// keys, bad values, missing source folders, unknown indicators), each with its key and
/// line, so that one run shows them all.
public struct PipelineFileParser {
    private var problems: [PipelineProblem] = []
    /// `outputs.templates`, once read.
    private var templates: String?
    private let directory: String

    private init(directory: String) { self.directory = directory }

    /// Loads the pipeline file at `path`.
    public static func load(_ path: String) throws(PipelineFileError) -> PipelineDefinition {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw PipelineFileError(
                file: path,
                problems: [PipelineProblem(key: "", line: 0, message: "the file cannot be read: check the path.")])
        }
        let bytes = [UInt8](data)
        var parser = PipelineFileParser(directory: URL(fileURLWithPath: absolute).deletingLastPathComponent().path)
        let text = String(decoding: bytes, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PipelineFileError(file: path, problems: [parser.syntaxProblem(error)])
        } catch {
            throw PipelineFileError(file: path, problems: [PipelineProblem(key: "", line: 0, message: "\(error)")])
        }
        guard let root, let mapping = root.mapping else {
            throw PipelineFileError(
                file: path,
                problems: [
                    PipelineProblem(key: "", line: 1, message: "expected a mapping of keys (name:, sources:, ...).")
                ])
        }
        let definition = parser.definition(mapping, path: absolute, sha256: SHA256.hex(bytes))
        guard parser.problems.isEmpty, let definition else {
            throw PipelineFileError(file: path, problems: parser.problems)
        }
        return definition
    }

    // MARK: - Top level

    static let topLevelKeys = [
        "name", "countries", "years", "inbox", "ledger", "structures", "aggregation", "sources", "indicators",
        "outputs",
    ]

    private mutating func definition(_ root: Node.Mapping, path: String, sha256: String) -> PipelineDefinition? {
        let keys = checkKeys(root, allowed: Self.topLevelKeys, prefix: "")
        let name =
            keys["name"].flatMap { string($0, key: "name") }
            ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let countries = keys["countries"].flatMap { countryList($0) }
        let years = keys["years"].flatMap { yearRange($0) }
        let inbox = keys["inbox"].flatMap { string($0, key: "inbox") }.map(absolute)
        let ledger =
            keys["ledger"].flatMap { string($0, key: "ledger") }.map(absolute) ?? absolute(".sdg4/ledger.sqlite")
        var sources: [PipelineDefinition.Source] = []
        if let node = keys["sources"] {
            sources = sourceList(node)
            // sdg4 applies one survey setting to all survey and assessment sources.
            let weighted = sources.filter { $0.microdata.map { $0.kind != .studentCensus } ?? false }
            if let first = weighted.first?.microdata {
                for s in weighted.dropFirst()
                where s.microdata!.minimumCases != first.minimumCases
                    || s.microdata!.schoolYearStartMonth != first.schoolYearStartMonth
                {
                    problem(
                        "sources", s.line,
                        "source '\(s.id)' has other min_cases or school_year_start_month than '\(weighted[0].id)'; sdg4 applies one setting to every survey and assessment, so give them the same values."
                    )
                }
            }
        } else {
            problem("sources", line(root), "the pipeline has no 'sources:'; list at least one source.")
        }
        let indicators = keys["indicators"].flatMap { indicatorList($0) }
        var outputDirectory = absolute("reports")
        var languages = ["en"]
        if let node = keys["outputs"] {
            (outputDirectory, languages) = outputs(node, default: outputDirectory)
        }
        var definition = PipelineDefinition(
            path: path, directory: directory, sha256: sha256, name: name, countries: countries, years: years,
            inbox: inbox, sources: sources, indicators: indicators, outputDirectory: outputDirectory,
            languages: languages)
        definition.ledger = ledger
        definition.templates = templates
        if let node = keys["inbox"], let overlap = definition.inboxOverlap(outputDirectory: outputDirectory) {
            problem("inbox", line(node), overlap)
        }
        if let node = keys["aggregation"] { definition.regional = aggregation(node) }
        if let node = keys["structures"], let text = string(node, key: "structures") {
            let file = absolute(text)
            let (structures, problems) = StructureFile.load(file)
            for p in problems {
                problem("structures", line(node), "\(text) \(p.description)")
            }
            if let structures {
                definition.structures = EducationStructures.centralAsia.overridden(by: structures)
                let bytes = FileManager.default.contents(atPath: file).map { [UInt8]($0) } ?? []
                definition.structuresFile = (file, SHA256.hex(bytes))
            }
        }
        return definition
    }

    /// Whether a source id is safe as a file name: letters, digits, `.`, `_`, `-`, not
    /// starting with a dot or a dash.
    static func isSafeId(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else {
            return false
        }
        return id.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    // MARK: - Sections

    private mutating func countryList(_ node: Node) -> [Country]? {
        guard let items = sequence(node, key: "countries", expected: "a list of country codes such as [KAZ, KGZ]")
        else {
            return nil
        }
        if items.isEmpty {
            problem(
                "countries", line(node),
                "the list is empty, which would keep no country; leave 'countries' out to keep all.")
            return nil
        }
        var out: [Country] = []
        for item in items {
            guard let text = string(item, key: "countries") else { continue }
            if let country = CodeLists.country(text) {
                out.append(country)
            } else {
                problem(
                    "countries", line(item),
                    "unknown country '\(text)'; closest known: \(CodeLists.closestCountries(to: text).joined(separator: ", "))."
                )
            }
        }
        return out
    }

    private mutating func yearRange(_ node: Node) -> ClosedRange<Int>? {
        guard let mapping = node.mapping else {
            problem("years", line(node), "expected {from: YEAR, to: YEAR}.")
            return nil
        }
        let keys = checkKeys(mapping, allowed: ["from", "to"], prefix: "years.")
        let from = keys["from"].flatMap { year($0, key: "years.from") } ?? plausibleYears.lowerBound
        let to = keys["to"].flatMap { year($0, key: "years.to") } ?? plausibleYears.upperBound
        guard from <= to else {
            problem("years", line(node), "'from' (\(from)) is after 'to' (\(to)).")
            return nil
        }
        return from...to
    }

    private mutating func year(_ node: Node, key: String) -> Int? {
        guard let text = string(node, key: key) else { return nil }
        guard let y = Int(text), plausibleYears.contains(y) else {
            problem(
                key, line(node),
                "expected a year between \(plausibleYears.lowerBound) and \(plausibleYears.upperBound), found '\(text)'."
            )
            return nil
        }
        return y
    }

    static let sourceKeys = [
        "id", "path", "format", "measure", "columns", "inbox", "kind", "school_year_start_month", "min_cases",
        "stage", "subjects", "encoding", "delimiter", "decimal", "thousands", "missing",
    ]

    /// Sources are tracked as bits of a 64-bit set in provenance.
    public static let maximumSources = 64

    private mutating func sourceList(_ node: Node) -> [PipelineDefinition.Source] {
        guard let items = sequence(node, key: "sources", expected: "a list of sources, each starting with '- id:'")
        else {
            return []
        }
        if items.isEmpty { problem("sources", line(node), "the list of sources is empty; add at least one.") }
        if items.count > Self.maximumSources {
            problem(
                "sources", line(node),
                "\(items.count) sources; sdg4 handles at most \(Self.maximumSources). Give a source several paths (a list of globs) instead."
            )
        }
        var out: [PipelineDefinition.Source] = []
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let prefix = "sources[\(i)]"
            guard let mapping = item.mapping else {
                problem(prefix, line(item), "expected a source with keys id, path, format, ...")
                continue
            }
            let keys = checkKeys(mapping, allowed: Self.sourceKeys, prefix: prefix + ".")
            guard let idNode = keys["id"], let id = string(idNode, key: prefix + ".id") else {
                if keys["id"] == nil {
                    problem(prefix, line(item), "the source has no 'id:'; give it a short unique name.")
                }
                continue
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
            if format != .microdata {
                for key in ["kind", "school_year_start_month", "min_cases", "stage", "subjects"] where keys[key] != nil
                {
                    problem(prefix + "." + key, line(keys[key]!), "'\(key)' applies to format microdata only.")
                }
            }
            if format == .microdata {
                microdata = microdataSpec(keys, prefix: prefix, line: line(item))
            } else if format == .table {
                if keys["columns"] == nil {
                    problem(
                        prefix, line(item),
                        "a table source needs 'columns:' naming at least the country, year and value columns.")
                } else {
                    let missing = FieldRole.required.filter { columns[$0] == nil }
                    if !missing.isEmpty {
                        problem(
                            prefix + ".columns", line(keys["columns"]!),
                            "missing \(missing.map(\.rawValue).joined(separator: ", ")): name the header of each.")
                    }
                }
                if let measure, measure.needsLevel, columns[.measure] == nil, columns[.level] == nil,
                    let columnsNode = keys["columns"]
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
            out.append(
                PipelineDefinition.Source(
                    id: id, patterns: patterns, format: format, measure: measure, columns: columns,
                    inboxPattern: inboxPattern, line: line(item), microdata: microdata, reading: reading))
        }
        return out
    }

    /// How to read a source's files when detection is not enough: `encoding`, `delimiter`,
    /// `decimal`, `thousands`, `missing`.
    private mutating func readingSettings(_ keys: [String: Node], prefix: String) -> PipelineDefinition.Reading {
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
        return reading
    }

    /// The keys of a `format: microdata` source: `kind`, `columns` (roles of the kind),
    /// `school_year_start_month`, `min_cases`.
    private mutating func microdataSpec(_ keys: [String: Node], prefix: String, line sourceLine: Int) -> MicrodataSpec?
    {
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
        if let node = keys["columns"] {
            if let mapping = node.mapping {
                let found = checkKeys(mapping, allowed: roles.all, prefix: prefix + ".columns.")
                for (role, value) in found.sorted(by: { $0.key < $1.key }) {
                    if let header = string(value, key: prefix + ".columns." + role) { columns[role] = header }
                }
                let missing = roles.required.filter { columns[$0] == nil }
                if !missing.isEmpty {
                    problem(
                        prefix + ".columns", line(node),
                        "missing \(missing.joined(separator: ", ")): name the header of each.")
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
        return spec
    }

    /// The stage code for a spelling of a point of measurement (4.1.1 a, b, c).
    static func stage(_ text: String) -> String? {
        switch CodeLists.fold(text) {
        case "grade-2-3", "g2t3", "grade 2-3", "2-3", "a": "G2T3"
        case "primary-end", "end of primary", "l1.glast", "b": "L1.GLAST"
        case "lower-secondary-end", "end of lower secondary", "l2.glast", "c": "L2.GLAST"
        default: nil
        }
    }

    /// `subjects: [{name: reading, plausible_values: [PV1READ, ...], cut_score: 407.47}, ...]`.
    ///
    /// For a student census, `{name: reading, score: score_read, cut_score: 400}`: one column.
    private mutating func subjects(_ node: Node?, prefix: String, sourceLine: Int, census: Bool = false)
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

    private mutating func globs(_ node: Node, key: String) -> [String] {
        var texts: [(String, Node)] = []
        if let items = node.sequence {
            for item in items { if let t = string(item, key: key) { texts.append((t, item)) } }
        } else if let t = string(node, key: key) {
            texts.append((t, node))
        }
        if texts.isEmpty { problem(key, line(node), "expected a path or glob, or a list of them.") }
        var out: [String] = []
        for (text, item) in texts {
            let pattern = absolute(text)
            let folder = Glob.fixedFolder(of: pattern)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: pattern, isDirectory: &isDirectory), isDirectory.boolValue {
                problem(key, line(item), "'\(text)' is a folder; name the files in it, for example '\(text)/*.csv'.")
                out.append(pattern)
                continue
            }
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
                problem(
                    key, line(item),
                    "the folder \(folder) does not exist (from '\(text)', relative to the pipeline file's folder \(directory))."
                )
            }
            out.append(pattern)
        }
        return out
    }

    private mutating func columnMap(_ node: Node, key: String) -> [FieldRole: String] {
        guard let mapping = node.mapping else {
            problem(key, line(node), "expected a mapping such as {country: Country, year: Year, value: Pupils}.")
            return [:]
        }
        let keys = checkKeys(mapping, allowed: FieldRole.allCases.map(\.rawValue), prefix: key + ".")
        var out: [FieldRole: String] = [:]
        for (name, value) in keys.sorted(by: { $0.key < $1.key }) {
            if let role = FieldRole(rawValue: name), let header = string(value, key: key + "." + name) {
                if let other = out.first(where: { HeaderMapping.normalise($0.value) == HeaderMapping.normalise(header) }
                ) {
                    problem(
                        key + "." + name, line(value),
                        "'\(name)' and '\(other.key.rawValue)' both name the column '\(header)'; each role needs its own column."
                    )
                }
                out[role] = header
            }
        }
        return out
    }

    private mutating func indicatorList(_ node: Node) -> [String]? {
        if let text = node.scalar?.string, text == "all" { return nil }
        guard let items = sequence(node, key: "indicators", expected: "'all' or a list of indicator ids") else {
            return nil
        }
        let known = IndicatorCatalogue().ids
        if items.isEmpty {
            problem("indicators", line(node), "the list is empty; write 'all' or name at least one indicator.")
            return nil
        }
        var out: [String] = []
        for item in items {
            guard let id = string(item, key: "indicators") else { continue }
            if known.contains(id) {
                out.append(id)
            } else {
                problem(
                    "indicators", line(item),
                    "unknown indicator '\(id)'; known: \(known.joined(separator: ", ")) (see 'sdg4 indicators').")
            }
        }
        return out
    }

    /// `aggregation: {region: central-asia | none, suppress_below: 33, flag_below: 60}`.
    private mutating func aggregation(_ node: Node) -> RegionalAggregate? {
        guard let mapping = node.mapping else {
            problem("aggregation", line(node), "expected {region: central-asia, suppress_below: 33, flag_below: 60}.")
            return RegionalAggregate()
        }
        let keys = checkKeys(mapping, allowed: ["region", "suppress_below", "flag_below"], prefix: "aggregation.")
        if let regionNode = keys["region"], let region = string(regionNode, key: "aggregation.region") {
            if region == "none" { return nil }
            if region != "central-asia" {
                problem("aggregation.region", line(regionNode), "unknown region '\(region)'; use central-asia or none.")
            }
        }
        func percent(_ key: String, _ fallback: Double) -> Double {
            guard let n = keys[key], let text = string(n, key: "aggregation." + key) else { return fallback }
            guard let value = Double(text), (0...100).contains(value) else {
                problem("aggregation." + key, line(n), "expected a percentage between 0 and 100, found '\(text)'.")
                return fallback
            }
            return value
        }
        let suppress = percent("suppress_below", 33)
        let flag = percent("flag_below", 60)
        if suppress > flag {
            problem("aggregation", line(node), "suppress_below (\(suppress)) is above flag_below (\(flag)).")
        }
        return RegionalAggregate(suppressBelow: suppress, flagBelow: flag)
    }

    private mutating func outputs(_ node: Node, default dir: String) -> (String, [String]) {
        guard let mapping = node.mapping else {
            problem("outputs", line(node), "expected {dir: FOLDER, languages: [en, ru]}.")
            return (dir, ["en"])
        }
        let keys = checkKeys(mapping, allowed: ["dir", "languages", "templates"], prefix: "outputs.")
        if let node = keys["templates"], let text = string(node, key: "outputs.templates") {
            let folder = absolute(text)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue {
                templates = folder
            } else {
                problem("outputs.templates", line(node), "the folder \(text) does not exist.")
            }
        }
        let folder = keys["dir"].flatMap { string($0, key: "outputs.dir") }.map(absolute) ?? dir
        var languages = ["en"]
        if let languagesNode = keys["languages"],
            let items = sequence(languagesNode, key: "outputs.languages", expected: "a list such as [en, ru]")
        {
            languages = []
            for item in items {
                guard let lang = string(item, key: "outputs.languages") else { continue }
                if ["en", "ru"].contains(lang) {
                    languages.append(lang)
                } else {
                    problem("outputs.languages", line(item), "unsupported language '\(lang)'; use en or ru.")
                }
            }
        }
        return (folder, languages)
    }

    // MARK: - Helpers

    /// Reports unknown and repeated keys; returns the known ones.
    private mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], prefix: String) -> [String: Node] {
        var out: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                problem(prefix, line(keyNode), "expected a plain key.")
                continue
            }
            if !allowed.contains(key) {
                problem(
                    prefix + key, line(keyNode),
                    "unknown key '\(key)'; allowed here: \(allowed.joined(separator: ", ")).")
            } else if out[key] != nil {
                problem(prefix + key, line(keyNode), "key '\(key)' is given twice.")
            } else {
                out[key] = value
            }
        }
        return out
    }

    private mutating func string(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            problem(key, line(node), "expected a single value, found a list or mapping.")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            problem(key, line(node), "the value is empty.")
            return nil
        }
        return text
    }

    private mutating func sequence(_ node: Node, key: String, expected: String) -> [Node]? {
        if let items = node.sequence { return Array(items) }
        problem(key, line(node), "expected \(expected).")
        return nil
    }

    private func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    private func line(_ node: Node) -> Int { node.mark?.line ?? 0 }
    private func line(_ mapping: Node.Mapping) -> Int { mapping.mark?.line ?? 0 }

    private mutating func problem(_ key: String, _ line: Int, _ message: String) {
        problems.append(PipelineProblem(key: key, line: line, message: message))
    }

    private func syntaxProblem(_ error: YamlError) -> PipelineProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PipelineProblem(
                key: "", line: mark.line, message: "YAML syntax error: \(problem) (column \(mark.column)).")
        default:
            return PipelineProblem(key: "", line: 0, message: "YAML error: \(error)")
        }
    }
}
