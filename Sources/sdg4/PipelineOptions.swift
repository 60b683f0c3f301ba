import ArgumentParser
import Foundation
import SDG4Clean
import SDG4Model
import SDG4Pipeline
import SDG4PipelineFile

/// Options shared by the commands that read a pipeline.
struct PipelineOptions: ParsableArguments {
    @Argument(help: "The pipeline file (YAML), e.g. pipelines/central-asia.yml.")
    var pipeline: String

    @Option(name: .long, help: "Worker threads for reading files; defaults to the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("country"), help: "Only this country (ISO3, e.g. KGZ); repeat for several.")
    var countries: [String] = []

    @Option(
        name: .customLong("split-bytes"),
        help: ArgumentHelp(
            "Chunk size for reading a large student-census file on several threads (for tests and benchmarks).",
            visibility: .hidden))
    var splitBytes: Int = 8 << 20

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
        guard splitBytes >= 1 else { throw ValidationError("--split-bytes must be at least 1.") }
        for c in countries where CodeLists.country(c) == nil {
            throw ValidationError(
                "Unknown country '\(c)' for --country; closest known: \(CodeLists.closestCountries(to: c).joined(separator: ", "))."
            )
        }
    }

    /// The `--country` values as countries.
    var countryCodes: [Country] { countries.compactMap(CodeLists.country) }
}

/// Options of the commands that use the ledger.
struct LedgerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The ledger (SQLite) to use; default: the pipeline's 'ledger:', else .sdg4/ledger.sqlite beside it.")
    var ledger: String?

    @Flag(name: .customLong("no-ledger"), help: "Read every file again and leave the inbox alone; record nothing.")
    var noLedger = false

    @Option(name: .long, help: "Seconds to wait for another sdg4 process using the same ledger (then exit 3).")
    var lockTimeout: Double = 30

    @Option(
        name: .long,
        help: "Leave inbox files modified in the last SECONDS for a later run: they may still be being written.")
    var settle: Double = 5

    @Flag(
        name: .long,
        help: "Read every file again, even those whose size and modification time are as the ledger recorded.")
    var rehash = false

    func validate() throws {
        guard lockTimeout >= 0 else { throw ValidationError("--lock-timeout must be 0 or more seconds.") }
        guard settle >= 0 else { throw ValidationError("--settle must be 0 or more seconds.") }
        if noLedger && ledger != nil { throw ValidationError("Give --ledger or --no-ledger, not both.") }
    }

    /// The ledger's absolute path, or `nil` with --no-ledger.
    func path(for definition: PipelineDefinition) -> String? {
        if noLedger { return nil }
        return ledger.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? definition.ledger
    }
}
