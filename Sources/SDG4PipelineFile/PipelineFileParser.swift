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
            throw PipelineFileError(file: path, problems: [parser.syntaxProblem(error, text: text)])
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
        "name", "countries", "years", "inbox", "ledger", "structures", "benchmarks", "aggregation", "sources", "indicators",
        "outputs", "max_cv",
    ]

    mutating func definition(_ root: Node.Mapping, path: String, sha256: String) -> PipelineDefinition? {
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
        if let node = keys["max_cv"],
            let cv = number(
                node, key: "max_cv", in: Double.leastNonzeroMagnitude..<10,
                meaning: "a coefficient of variation above 0 (se / value), such as 0.3")
        {
            definition.maximumCV = cv
        }
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
        if let node = keys["benchmarks"], let text = string(node, key: "benchmarks") {
            let file = absolute(text)
            let (benchmarks, comments, problems) = BenchmarkFile.load(file)
            for p in problems { problem("benchmarks", line(node), "\(text) \(p.description)") }
            definition.benchmarks = benchmarks
            // `# en: ...` and `# ru: ...` label the file in one language; other comments in all.
            for language in ["", "en", "ru"] {
                let lines = comments.compactMap { c -> String? in
                    let (prefix, rest) = (String(c.prefix(3)).lowercased(), c.dropFirst(3).trimmingCharacters(in: .whitespaces))
                    if ["en:", "ru:"].contains(prefix) { return prefix == language + ":" ? rest : nil }
                    return language.isEmpty ? c : nil
                }
                if !lines.isEmpty { definition.benchmarksNotes[language] = lines.joined(separator: " ") }
            }
        }
        return definition
    }

    /// Whether a source id is safe as a file name: letters, digits, `.`, `_`, `-`, not
    /// starting with a dot or a dash.
    public static func isSafeId(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || ("0"..."9").contains(first) else {
            return false
        }
        return id.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
        }
    }

    // MARK: - Sections

    mutating func countryList(_ node: Node) -> [Country]? {
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

    mutating func yearRange(_ node: Node) -> ClosedRange<Int>? {
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

    mutating func year(_ node: Node, key: String) -> Int? {
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
        "stage", "subjects", "design", "year", "codes", "encoding", "delimiter", "decimal", "thousands", "missing",
        "country", "level", "sex", "age", "grade", "location", "wealth", "header_row", "wide", "scale", "year_shift",
        "where",
    ]

    /// Sources are tracked as bits of a 64-bit set in provenance.
    public static let maximumSources = 64

    mutating func sourceList(_ node: Node) -> [PipelineDefinition.Source] {
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
            if let source = source(item, prefix: "sources[\(i)]", seen: &seen) { out.append(source) }
        }
        return out
    }

    mutating func globs(_ node: Node, key: String) -> [String] {
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

    mutating func columnMap(_ node: Node, key: String) -> [FieldRole: String] {
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

    mutating func indicatorList(_ node: Node) -> [String]? {
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
    mutating func aggregation(_ node: Node) -> RegionalAggregate? {
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

    mutating func outputs(_ node: Node, default dir: String) -> (String, [String]) {
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
    mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], prefix: String) -> [String: Node] {
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

    mutating func string(_ node: Node, key: String) -> String? {
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

    mutating func sequence(_ node: Node, key: String, expected: String) -> [Node]? {
        if let items = node.sequence { return Array(items) }
        problem(key, line(node), "expected \(expected).")
        return nil
    }

    func absolute(_ path: String) -> String {
        let url =
            path.hasPrefix("/")
            ? URL(fileURLWithPath: path) : URL(fileURLWithPath: directory).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }
    func line(_ mapping: Node.Mapping) -> Int { mapping.mark?.line ?? 0 }

    mutating func problem(_ key: String, _ line: Int, _ message: String) {
        problems.append(PipelineProblem(key: key, line: line, message: message))
    }

    func syntaxProblem(_ error: YamlError, text: String) -> PipelineProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PipelineProblem(
                key: "", line: mark.line, message: "YAML syntax error: \(problem) (column \(mark.column)).")
        case .duplicatedKeysInMapping(let duplicates, _):
            // YAML's own message names one of the repeats, a different one from run to run.
            let keys = Set(duplicates).sorted().map { "'\($0)'" }.joined(separator: ", ")
            return PipelineProblem(
                key: "", line: DuplicateKeys.firstRepeat(of: Set(duplicates), in: text),
                message: "a key is given twice in the same mapping (\(keys)); give each key once.")
        default:
            return PipelineProblem(key: "", line: 0, message: "YAML error: \(error)")
        }
    }
}
