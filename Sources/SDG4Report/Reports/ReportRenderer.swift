import Foundation
import Mustache
import SDG4Model

/// Renders the country reports and `summary.html` with Mustache templates: the ones shipped
/// with sdg4 (`Sources/SDG4Report/Templates`), each replaceable by a file of the same name in
/// the pipeline's `outputs.templates` folder, so an office can brand its reports.
public struct ReportRenderer: Sendable {
    /// The templates sdg4 uses, by name (`country.html` is `country.html.mustache`).
    public static let templateNames = ["country.html", "country.md", "summary.html", "summary.md"]

    private let library: MustacheLibrary
    /// Templates taken from the override folder.
    public let overridden: [String]

    /// Loads the built-in templates, then those of `overrides` (a folder) with the same names.
    public init(overrides: String? = nil) throws(ReportError) {
        var library = MustacheLibrary()
        var overridden: [String] = []
        for name in Self.templateNames {
            var text = Self.builtIn(name)
            if let folder = overrides {
                let path = folder + "/" + name + ".mustache"
                if FileManager.default.fileExists(atPath: path) {
                    guard let custom = try? String(contentsOfFile: path, encoding: .utf8) else {
                        throw .template(name: name, reason: "\(path) cannot be read as UTF-8 text")
                    }
                    text = custom
                    overridden.append(name)
                }
            }
            guard !text.isEmpty else { throw .template(name: name, reason: "the built-in template is missing") }
            do {
                try library.register(text, named: name)
            } catch {
                throw .template(name: name, reason: "\(error)")
            }
        }
        self.library = library
        self.overridden = overridden
    }

    /// A built-in template's text.
    public static func builtIn(_ name: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }

    /// The report files (path relative to the output folder, text): for each language and
    /// country, `countries/<ISO3>.<lang>.html` and `.md`; the `primary` language (the
    /// pipeline's first) also as `countries/<ISO3>.html` and `.md`; `summary.<lang>.html`, and
    /// `summary.html` in the primary language.
    public func render(
        _ data: ReportData, languages: [Language], primary: Language? = nil, countries: [Country]? = nil,
        formats: Set<String> = ["html", "md"]
    ) -> [(String, String)] {
        var out: [(String, String)] = []
        let chosen = countries.map { Set($0) }
        let primary = primary ?? languages.first
        for language in languages {
            let index = language == primary ? 0 : 1
            for country in data.countries where chosen?.contains(country) ?? true {
                let others = Language.allCases.filter { $0 != language && (languages.contains($0) || $0 == primary) }
                    .map { ($0, "\(country.rawValue).\($0.rawValue).html") }
                let context = CountryReport(data: data, country: country, language: language, otherLanguages: others)
                    .context()
                for format in ["html", "md"] where formats.contains(format) {
                    let ctx = format == "md" ? Self.markdownSafe(context) as! [String: Any] : context
                    let text = library.render(ctx, withTemplate: "country.\(format)") ?? ""
                    out.append(("countries/\(country.rawValue).\(language.rawValue).\(format)", text))
                    if index == 0 { out.append(("countries/\(country.rawValue).\(format)", text)) }
                }
            }
            if chosen == nil {
                let others = Language.allCases.filter { $0 != language && (languages.contains($0) || $0 == primary) }
                    .map { ($0, "summary.\($0.rawValue).html") }
                let context = SummaryReport(data: data, language: language, otherLanguages: others).context()
                if formats.contains("html") {
                    let text = library.render(context, withTemplate: "summary.html") ?? ""
                    out.append(("summary.\(language.rawValue).html", text))
                    if index == 0 { out.append(("summary.html", text)) }
                }
                if formats.contains("md") {
                    // summary.md itself is the run's English summary with the changes (outputs.md).
                    let md = Self.markdownSafe(context) as! [String: Any]
                    out.append(
                        ("summary.\(language.rawValue).md", library.render(md, withTemplate: "summary.md") ?? ""))
                }
            }
        }
        return out
    }

    /// Strings made safe for Markdown tables: `|` escaped, line breaks as spaces.
    static func markdownSafe(_ value: Any) -> Any {
        switch value {
        case let s as String:
            return s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        case let d as [String: Any]: return d.mapValues(markdownSafe)
        case let d as [String: String]: return d.mapValues { markdownSafe($0) as! String }
        case let a as [[String: Any]]: return a.map { markdownSafe($0) as! [String: Any] }
        case let a as [Any]: return a.map(markdownSafe)
        default: return value
        }
    }
}
