import ArgumentParser
import Foundation
import SDG4Pipeline
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
        let definition = try loadPipeline(options.pipeline)
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
            let stable = first ? [] : stability.poll(folder: inbox)
            if first || !stable.isEmpty {
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

    private func runBatch(_ definition: PipelineDefinition, only: Set<String>) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        if !only.isEmpty { print("[\(stamp)] \(only.count) new file(s): \(only.sorted().joined(separator: ", "))") }
        let runner = PipelineRunner(
            definition: definition,
            options: .init(
                jobs: options.jobs, splitBytes: options.splitBytes,
                outputDirectory: output.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                countries: options.countryCodes, writeOutputs: true, progress: false,
                ledgerPath: ledger.path(for: definition), lockTimeout: ledger.lockTimeout, inboxOnly: only))
        do {
            let result = try runner.run()
            print("[\(stamp)] " + RunSummary.text(result).split(separator: "\n").prefix(3).joined(separator: "\n"))
        } catch {
            // Locked or unwritable this time: tried again at the next poll.
            printError("[\(stamp)] \(error.description) Trying again in \(interval) s.")
        }
    }
}
