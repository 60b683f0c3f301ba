import ArgumentParser
import Foundation
import SDG4Clean
import SDG4Model

/// Options shared by the commands that read a pipeline.
struct PipelineOptions: ParsableArguments {
    @Argument(help: "The pipeline file (YAML), e.g. pipelines/central-asia.yml.")
    var pipeline: String

    @Option(name: .long, help: "Worker threads for reading files; defaults to the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("country"), help: "Only this country (ISO3, e.g. KGZ); repeat for several.")
    var countries: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
        for c in countries where CodeLists.country(c) == nil {
            throw ValidationError(
                "Unknown country '\(c)' for --country; closest known: \(CodeLists.closestCountries(to: c).joined(separator: ", "))."
            )
        }
    }

    /// The `--country` values as countries.
    var countryCodes: [Country] { countries.compactMap(CodeLists.country) }
}
