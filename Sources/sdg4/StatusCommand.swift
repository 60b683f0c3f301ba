import ArgumentParser
import Foundation
import SDG4Ledger
import SDG4Pipeline
import SDG4Report

/// `sdg4 status`: what the ledger knows.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the ledger holds: files processed, superseded, quarantined; the last runs.",
        discussion: """
            Reads the ledger without locking it (a run may be going on). Lists every file the ledger knows with its status, then the last runs.

            Examples:
              sdg4 status pipelines/central-asia.yml
              sdg4 status pipelines/central-asia.yml --all --runs 50
            """)

    @Argument(help: "The pipeline file (YAML), e.g. pipelines/central-asia.yml.")
    var pipeline: String

    @Option(
        name: .long, help: "The ledger to read; default: the pipeline's 'ledger:', else .sdg4/ledger.sqlite beside it.")
    var ledger: String?

    @Flag(name: .long, help: "List files of every status (default: leaves out older contents of changed files).")
    var all = false

    @Option(name: .long, help: "How many of the last runs to list.")
    var runs: Int = 10

    func run() throws {
        let definition = try loadPipeline(pipeline)
        let path = ledger.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? definition.ledger
        let name = URL(fileURLWithPath: definition.path).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else {
            print("No ledger yet at \(path): 'sdg4 run \(pipeline)' creates it.")
            return
        }
        let files: [LedgerFile]
        let lastRuns: [LedgerRun]
        let pending: [PendingMove]
        let db: Ledger
        do {
            do {
                db = try Ledger(path: path, readOnly: true)
            } catch .olderSchema {
                // Made by an older sdg4: brought up to date under the lock, as a run would.
                let lock = try LedgerLock.acquire(ledgerPath: path, timeout: 30)
                defer { lock.release() }
                db = try Ledger(path: path)
                try db.adopt(for: name)
            }
            files = try db.files(pipeline: name)
            lastRuns = try db.runs(pipeline: name, limit: max(1, runs))
            pending = try db.pendingMoves(pipeline: name)
        } catch {
            printError(error.description)
            throw ExitCode(Exit.io)
        }
        print("Ledger \(path) (schema \(db.schemaVersion)), pipeline \(name)")
        var counts: [FileStatus: Int] = [:]
        for f in files { counts[f.status, default: 0] += 1 }
        print(
            "Files: " + FileStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
        if let inbox = definition.inbox {
            print("Inbox \(inbox): \(Inbox.waitingNames(inbox).count) file(s) waiting.")
        }
        if !pending.isEmpty {
            print("Inbox moves recorded but not done (the next run does them): \(pending.count).")
        }
        let shown = files.filter { all || ($0.status != .changed && $0.status != .removed) }
        let byId = Dictionary(uniqueKeysWithValues: files.map { ($0.id!, $0) })
        let sources = Set(definition.sources.map(\.id))
        print("")
        print(
            ConsoleTable.render(
                header: ["id", "source", "status", "file", "rows read", "accepted", "rejected", "first seen", "note"],
                rows: shown.map { f in
                    var note = f.note
                    if f.status == .superseded || f.status == .changed, let s = f.supersededBy, let by = byId[s] {
                        note = "replaced by #\(s) \(by.path)"
                    }
                    if f.status == .duplicate, let d = f.duplicateOf, let of = byId[d] {
                        note = "same content as #\(d) \(of.path)"
                    }
                    if f.status == .active || f.status == .superseded {
                        if !f.sourceId.isEmpty, !sources.contains(f.sourceId) {
                            note = "not used: the pipeline file has no source '\(f.sourceId)'"
                        } else if f.origin == .inbox, definition.inbox == nil {
                            note = "not used: the pipeline file has no 'inbox:'"
                        }
                    }
                    return [
                        "\(f.id!)", f.sourceId.isEmpty ? "-" : f.sourceId, f.status.rawValue, f.path, "\(f.rowsRead)",
                        "\(f.rowsAccepted)", "\(f.rowsRejected)", String(f.firstSeenAt.prefix(19)), note,
                    ]
                }))
        print("Last runs:")
        print(
            ConsoleTable.render(
                header: ["run", "finished", "files read", "not read", "values", "errors", "warnings", "new results"],
                rows: lastRuns.map { r in
                    [
                        "\(r.id!)", String(r.finishedAt.prefix(19)), "\(r.filesRead)", "\(r.filesReused)",
                        "\(r.values)",
                        "\(r.errors)", "\(r.warnings)", r.isEdition ? "yes" : "no (same as before)",
                    ]
                }))
    }
}
