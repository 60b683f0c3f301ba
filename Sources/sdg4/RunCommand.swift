import ArgumentParser
import Foundation
import SDG4Model
import SDG4Pipeline
import SDG4PipelineFile
import SDG4Report

/// `sdg4 run`: ingest, clean, aggregate, report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: read the inputs, compute the indicators, write the outputs.",
        discussion: """
            Writes indicators.csv, published.csv, summary.md, quality.json, structures.csv, changes.json, run.json and rejects/<source>.csv to the pipeline's outputs.dir, or to --output (docs/outputs.md).

            With the ledger (.sdg4/ledger.sqlite beside the pipeline file, or --ledger), files unchanged since the last run are not read again, and the files waiting in the pipeline's inbox are processed (docs/inbox.md). With --country the run is a preview: it reads every file and leaves the ledger and the inbox alone.

            Examples:
              sdg4 run pipelines/central-asia.yml
              sdg4 run pipelines/central-asia.yml --output /tmp/out --jobs 2 --country KGZ --strict
            """)

    @OptionGroup var options: PipelineOptions

    @Option(name: .long, help: "Write outputs here instead of the pipeline's outputs.dir.")
    var output: String?

    @Flag(name: .long, help: "Exit 1 when any row or file was rejected (for CI).")
    var strict = false

    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let definition = try loadPipeline(options.pipeline)
        try checkOutput(output, of: definition)
        let runner = PipelineRunner(
            definition: definition,
            options: .init(
                jobs: options.jobs, splitBytes: options.splitBytes,
                outputDirectory: output.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                countries: options.countryCodes, writeOutputs: true, progress: isatty(1) == 1,
                ledgerPath: ledger.path(for: definition),
                lockTimeout: ledger.lockTimeout, settleSeconds: ledger.settle, rehash: ledger.rehash))
        let result: RunResult
        do {
            result = try runner.run()
        } catch {
            printError(error.description)
            throw ExitCode(Exit.io)
        }
        print(RunSummary.text(result))
        let code = result.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Exits 2 when `--output` is, or is inside, the pipeline's inbox.
func checkOutput(_ output: String?, of definition: PipelineDefinition) throws {
    guard let output else { return }
    let folder = URL(fileURLWithPath: output).standardizedFileURL.path
    if let overlap = definition.inboxOverlap(outputDirectory: folder) {
        printError("--output \(output): " + overlap)
        throw ExitCode(Exit.usage)
    }
}

/// What `sdg4 run` prints at the end.
enum RunSummary {
    static func text(_ result: RunResult) -> String {
        let m = result.manifest
        let rows = m.inputs.reduce(into: (0, 0, 0)) {
            $0.0 += $1.rowsRead; $0.1 += $1.rowsAccepted; $0.2 += $1.rowsRejected
        }
        var out =
            "sdg4 \(m.version): \(m.pipelineName): \(m.inputs.count) file(s), \(rows.0) rows read, \(rows.1) accepted, \(rows.2) rejected; \(m.values) indicator values.\n"
        if let l = m.ledger {
            out += "Ledger \(l.path): \(l.filesRead) file(s) read, \(l.filesReused) unchanged (not read again).\n"
        }
        if let c = result.changes {
            let kinds = Dictionary(grouping: c.inputs, by: \.kind).mapValues(\.count)
            let list = RunChanges.Kind.allCases.compactMap { k in kinds[k].map { "\($0) \(k.rawValue)" } }
            out +=
                "Changes since the previous results: "
                + (c.first
                    ? "first results."
                    : (list.isEmpty
                        ? (c.settingsChanged
                            ? "the pipeline file, its structures file or sdg4 changed. " : "no input changed. ")
                        : (c.settingsChanged ? "the pipeline file, its structures file or sdg4 changed; " : "")
                            + list.joined(separator: ", ") + ". ")
                        + "\(c.valuesChanged) value(s) changed, \(c.valuesAdded) new, \(c.valuesRemoved) gone.")
                + "\n"
        }
        let settling = result.quality.problems.filter { $0.code == ProblemCode.inboxSettling.id }
        if !settling.isEmpty {
            out +=
                "Inbox: \(settling.count) file(s) left for a later run, modified too recently to be complete: "
                + settling.map(\.file).joined(separator: ", ") + "\n"
        }
        if !result.summary.countries.isEmpty {
            out += "\nLatest year per country (full table in summary.md):\n"
            out += ConsoleTable.render(result.summary)
        }
        let q = result.quality
        if q.errors + q.warnings > 0 {
            out += "\nProblems: \(q.errors) error(s), \(q.warnings) warning(s):\n"
            for g in q.groups where g.severity != .info { out += "  \(g.severity.rawValue) \(g.code): \(g.count)\n" }
            out += "Details in quality.json; 'sdg4 validate' prints them grouped.\n"
        }
        if result.usableRows == 0 { out += "\nNo usable input was found: nothing could be computed.\n" }
        if let dir = result.outputDirectory {
            out += "\nOutputs in \(dir)/: " + m.outputs.joined(separator: ", ")
        }
        return out
    }
}
