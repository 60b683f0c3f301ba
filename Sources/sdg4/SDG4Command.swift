import ArgumentParser
import Foundation

/// `sdg4`: SDG 4 education indicators from raw CSV data.
@main
struct SDG4Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdg4",
        abstract: "Compute SDG 4 education indicators from raw enrolment, population and teacher data.",
        discussion: """
            Runs a pipeline file (YAML) that names the input CSV files, the indicators and where the outputs go. Start with:

              sdg4 run pipelines/central-asia.yml

            Exit codes: 0 success (warnings allowed); 1 data problems (with --strict: any rejected row or file; always: no usable input); 2 usage error or invalid pipeline file; 3 cannot write outputs or internal failure.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ReportCommand.self, StatusCommand.self, WatchCommand.self,
            IndicatorsCommand.self, ProblemsCommand.self,
        ]
    )

    /// Runs the command, mapping ArgumentParser's usage-error exit code (64) to sdg4's 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                if !message.isEmpty { printError(message) }
                Foundation.exit(Exit.usage)
            }
            exit(withError: error)
        }
    }
}
