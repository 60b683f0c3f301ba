import ArgumentParser
import Foundation
import SDG4Model
import SDG4Pipeline
import SDG4Report

/// `sdg4 report`: renders the reports again from the last run's results.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render the country reports and summary.html again from the last run's results, without recomputing.",
        discussion: """
            Reads indicators.csv, run.json, quality.json and changes.json from the output folder and writes countries/<ISO3>.<lang>.html and .md (the first language also as countries/<ISO3>.html and .md), summary.<lang>.html and .md, and summary.html. Templates come from outputs.templates when the pipeline names a folder (docs/reports.md).

            Examples:
              sdg4 report pipelines/central-asia.yml
              sdg4 report pipelines/central-asia.yml --country KGZ --lang ru --format html
            """)

    @Argument(help: "The pipeline file (YAML), e.g. pipelines/central-asia.yml.")
    var pipeline: String

    @Option(name: .long, help: "The output folder of the run; default: the pipeline's outputs.dir.")
    var output: String?

    @Option(name: .customLong("country"), help: "Only this country (ISO3); repeat for several.")
    var countries: [String] = []

    @Option(name: .customLong("lang"), help: "en or ru; repeat for both. Default: the pipeline's outputs.languages.")
    var languages: [String] = []

    @Option(name: .customLong("format"), help: "html or md; repeat for both. Default: both.")
    var formats: [String] = []

    func validate() throws {
        for l in languages where Language(rawValue: l) == nil {
            throw ValidationError("Unknown language '\(l)' for --lang; use en or ru.")
        }
        for f in formats where !["html", "md"].contains(f) {
            throw ValidationError("Unknown format '\(f)' for --format; use html or md.")
        }
        for c in countries where c.count != 3 || !c.uppercased().allSatisfy({ $0 >= "A" && $0 <= "Z" }) {
            throw ValidationError("'\(c)' is not an ISO3 code for --country; use one such as KGZ.")
        }
    }

    func run() throws {
        let definition = try loadPipeline(pipeline)
        let folder = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? definition.outputDirectory
        let langs = (languages.isEmpty ? definition.languages : languages).compactMap(Language.init(rawValue:))
        do {
            // Locked first: a run writing the folder is waited for, not read half-way.
            let lock = try OutputPublisher.lock(folder, timeout: 30)
            defer { lock.release() }
            let data = try ReportData.load(from: folder)
            let renderer = try ReportRenderer(overrides: definition.templates)
            let chosen = countries.isEmpty ? nil : countries.map { Country(rawValue: $0.uppercased()) }
            let files = renderer.render(
                data, languages: langs, primary: definition.languages.first.flatMap(Language.init(rawValue:)),
                countries: chosen, formats: Set(formats.isEmpty ? ["html", "md"] : formats))
            try OutputPublisher.publish(files.map { ($0.0, Array($0.1.utf8)) }, removing: [], in: folder)
            print(
                "sdg4 report: \(files.count) file(s) written in \(folder)/: " + files.map(\.0).joined(separator: ", "))
        } catch {
            printError(error.description)
            throw ExitCode(Exit.io)
        }
    }
}
