import ArgumentParser
import Foundation
import SDG4Pipeline

/// `sdg4 validate`: check the pipeline file and every input, write nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a pipeline file and every input file; print the problems, write nothing.",
        discussion: """
            Reads every input exactly as 'sdg4 run' does and prints the problems grouped by code, with file, line and column. Exit codes as for 'sdg4 run': 1 when nothing usable was found, or, with --strict, when any row or file would be rejected; 2 when the pipeline file itself is invalid; else 0.

            Example:
              sdg4 validate pipelines/central-asia.yml
            """)

    @OptionGroup var options: PipelineOptions

    @Flag(name: .long, help: "Print the problems as JSON (the content of quality.json).")
    var json = false

    @Flag(name: .long, help: "Exit 1 when any row or file would be rejected (for CI), as 'run --strict' does.")
    var strict = false

    @Option(
        name: .long,
        help:
            "The ledger to read (never written); default: the pipeline's 'ledger:', else .sdg4/ledger.sqlite beside it."
    )
    var ledger: String?

    func run() throws {
        let definition = try loadPipeline(options.pipeline)
        let runner = PipelineRunner(
            definition: definition,
            options: .init(
                jobs: options.jobs, splitBytes: options.splitBytes, countries: options.countryCodes,
                writeOutputs: false, progress: isatty(1) == 1,
                ledgerPath: ledger.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? definition.ledger))
        let result: RunResult
        do {
            result = try runner.run()
        } catch {
            printError(error.description)
            throw ExitCode(Exit.io)
        }
        if json {
            print(result.quality.json(), terminator: "")
        } else {
            let m = result.manifest
            print(
                "\(definition.name): \(m.inputs.count) file(s) checked, \(m.inputs.reduce(0) { $0 + $1.rowsRead }) rows."
            )
            if let inbox = result.inbox, !inbox.waiting.isEmpty {
                print(
                    "Inbox: \(inbox.waiting.count) file(s) waiting, checked where they are; "
                        + (inbox.quarantined.isEmpty
                            ? "none would be quarantined."
                            : "\(inbox.quarantined.count) would be quarantined: "
                                + inbox.quarantined.joined(separator: ", ") + "."))
            }
            print(result.quality.text(), terminator: "")
        }
        let code = result.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}
