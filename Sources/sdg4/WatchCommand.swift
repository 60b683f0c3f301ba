import ArgumentParser
import Foundation
import SDG4Ingest
import SDG4Pipeline
import SDG4PipelineFile
import Synchronization

/// Set by SIGINT or SIGTERM: stop after the batch in hand.
private let stopRequested = Atomic<Bool>(false)

/// `sdg4 watch`: keeps processing the inbox as files arrive.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Keep processing the pipeline's inbox as files arrive, until interrupted.",
        discussion: """
            Polls the inbox every --interval seconds. A file is taken once its size and modification time are the same at two polls in a row (so a file still being copied waits), then the pipeline runs as 'sdg4 run' would, with the ledger. Ctrl-C (SIGINT) or SIGTERM stops after the batch in hand; a second Ctrl-C stops at once, which is safe too (the next run finishes the work).

            Examples:
              sdg4 watch pipelines/central-asia.yml
              sdg4 watch pipelines/central-asia.yml --interval 60
            """)

    @OptionGroup var options: PipelineOptions

    @Option(name: .long, help: "Write outputs here instead of the pipeline's outputs.dir.")
    var output: String?

    @Option(name: .long, help: "Seconds between two looks at the inbox.")
    var interval: Double = 10

    @Option(name: .long, help: "Stop after this many batches (for scripts and tests); default: run until interrupted.")
    var batches: Int?

    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        guard interval > 0 else { throw ValidationError("--interval must be more than 0 seconds.") }
        guard !ledger.noLedger else { throw ValidationError("watch needs the ledger: leave out --no-ledger.") }
        guard options.countries.isEmpty else {
            throw ValidationError(
                "watch processes the whole pipeline: leave out --country (use 'sdg4 run --country' for a preview).")
        }
    }

    func run() throws {
        var definition = try loadPipeline(options.pipeline)
        try checkOutput(output, of: definition)
        guard let inbox = definition.inbox else {
            printError(
                "The pipeline \(options.pipeline) has no 'inbox:' folder, so there is nothing to watch. Add 'inbox: <folder>' and an 'inbox:' file-name pattern to the sources that receive files (docs/inbox.md)."
            )
            throw ExitCode(Exit.usage)
        }
        // Handled, and not blocked (a parent may have blocked them for us).
        var mask = sigset_t()
        sigemptyset(&mask)
        for s in [SIGINT, SIGTERM] {
            signal(s) { _ in
                if stopRequested.exchange(true, ordering: .relaxed) { _exit(130) }
            }
            sigaddset(&mask, s)
        }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        print("sdg4 watch: watching \(inbox) every \(interval) s; Ctrl-C stops after the batch in hand.")
        var stability = InboxStability()
        _ = stability.poll(folder: inbox)
        var done = 0
        var first = true
        while !stopRequested.load(ordering: .relaxed) {
            // An edited pipeline file is read again, and brings the outputs up to date at once.
            let reloaded = first ? false : reload(&definition)
            let stable = first ? [] : stability.poll(folder: definition.inbox ?? inbox)
            if first || reloaded || !stable.isEmpty {
                // The first batch brings the outputs up to date; then one per group of complete files.
                runBatch(definition, only: stable)
                done += 1
                if let batches, done >= batches { break }
            }
            first = false
            var slept = 0.0
            while slept < interval && !stopRequested.load(ordering: .relaxed) {
                let step = min(0.1, interval - slept)
                usleep(UInt32(step * 1_000_000))
                slept += step
            }
        }
        print("sdg4 watch: stopped.")
    }

    /// Reads the pipeline file again when its bytes changed; `true` when the new one is in use.
    /// A pipeline file with errors is reported and the old one kept until it is fixed.
    private func reload(_ definition: inout PipelineDefinition) -> Bool {
        guard let bytes = FileManager.default.contents(atPath: definition.path),
            SHA256.hex([UInt8](bytes)) != definition.sha256
        else { return false }
        let stamp = ISO8601DateFormatter().string(from: Date())
        do {
            let new = try PipelineFileParser.load(options.pipeline)
            guard new.sha256 != definition.sha256 else { return false }
            if new.inbox == nil || new.inboxOverlap(outputDirectory: new.outputDirectory) != nil {
                printError(
                    "[\(stamp)] The edited pipeline file has no usable 'inbox:'; still watching with the old one.")
                return false
            }
            definition = new
            print("[\(stamp)] The pipeline file changed: read again (sha256 \(new.sha256.prefix(12))…).")
            return true
        } catch {
            printError(
                "[\(stamp)] The edited pipeline file has problems; still watching with the old one until they are fixed:\n\(error.description)"
            )
            return false
        }
    }

    private func runBatch(_ definition: PipelineDefinition, only: Set<String>) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        if !only.isEmpty { print("[\(stamp)] \(only.count) new file(s): \(only.sorted().joined(separator: ", "))") }
        let runner = PipelineRunner(
            definition: definition,
            options: .init(
                jobs: options.jobs, splitBytes: options.splitBytes,
                outputDirectory: output.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                countries: options.countryCodes, writeOutputs: true, progress: false,
                ledgerPath: ledger.path(for: definition), lockTimeout: ledger.lockTimeout, inboxOnly: only,
                settleSeconds: 0, rehash: ledger.rehash))
        do {
            let result = try runner.run()
            print("[\(stamp)] " + RunSummary.text(result).split(separator: "\n").prefix(3).joined(separator: "\n"))
        } catch {
            // Locked or unwritable this time: tried again at the next poll.
            printError("[\(stamp)] \(error.description) Trying again in \(interval) s.")
        }
    }
}
