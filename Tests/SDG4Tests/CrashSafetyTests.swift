import Foundation
import GRDB
import SDG4Ledger
import Testing

/// The real `sdg4` binary killed with SIGKILL at random moments and at each named step of a
/// run, and run concurrently on one ledger (issue 5, product.md §5).
@Suite("Crash safety and concurrency", .serialized)
struct CrashSafetyTests {
    /// The state the killed runs start from: a first run done (the "old" outputs), then five
    /// files dropped in the inbox: a new year, a correction that supersedes a file, an exact
    /// copy of it, a file matching no source and a file that cannot be used.
    static func startingState() throws -> LedgerWorkspace {
        let w = LedgerWorkspace()
        let first = try TestSupport.runCLI(["run", w.pipeline, "--ledger", w.ledger])
        #expect(first.code == 0, "\(first.err)")
        w.drop("enrolment-TJK-2020.csv", LedgerWorkspace.enrolment("TJK", 2020, pupils: 80))
        let correction = LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100)
        w.drop("enrolment-KGZ-fix.csv", correction)
        w.drop("enrolment-KGZ-fix-copy.csv", correction)
        w.drop("notes.csv", "not a table\n")
        w.drop("population-broken.csv", "Country\nKGZ\n")
        return w
    }

    /// What a run leaves that must match: outputs, the inbox's folders, and the ledger's
    /// files (path, source, status, content, what replaced what).
    struct Snapshot: Equatable {
        var outputs: [String: String]
        var inbox: [String: Data]
        var files: [String]
    }

    static func snapshot(_ w: LedgerWorkspace) throws -> Snapshot {
        let db = try DatabaseQueue(path: w.ledger)
        let files = try db.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT f.source_id || '|' || f.path || '|' || f.status || '|' || f.sha256 || '|'
                        || COALESCE(s.path, '') || '|' || COALESCE(d.path, '')
                    FROM file f LEFT JOIN file s ON s.id = f.superseded_by LEFT JOIN file d ON d.id = f.duplicate_of
                    ORDER BY 1
                    """)
        }
        return Snapshot(outputs: w.outputs(), inbox: LedgerWorkspace.tree(w.inbox), files: files)
    }

    /// Starts the binary on a workspace; returns the process.
    static func start(_ w: LedgerWorkspace, environment: [String: String] = [:], extra: [String] = []) throws
        -> Process
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestSupport.executable)
        p.arguments = ["run", w.pipeline, "--ledger", w.ledger] + extra
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        try p.run()
        return p
    }

    /// After a kill: every output is the old set or the new set, whole (or the new set was
    /// committed and the next start finishes renaming it); the ledger is sound; every dropped
    /// file is somewhere in the inbox, once, with its bytes.
    static func checkAfterKill(
        _ w: LedgerWorkspace, old: [String: String], new: [String: String], dropped: [String: Data], label: String
    ) throws {
        let outputs = w.outputs()
        let committed = FileManager.default.fileExists(atPath: w.out + "/.sdg4-staging/PUBLISH")
        let isOld = outputs == old
        let isNew = outputs == new
        #expect(isOld || isNew || committed, "\(label): outputs are a mix of old and new: \(outputs.keys.sorted())")
        for (name, text) in outputs {
            #expect(text == old[name] || text == new[name], "\(label): \(name) is neither the old nor the new file")
        }
        let db = try Ledger(path: w.ledger)
        #expect(try db.integrityCheck() == ["ok"], "\(label): ledger damaged")
        // Counted by inode: a move killed between its link and its unlink leaves one file under
        // two names (the next run removes the inbox name).
        var found: [Data: Int] = [:]
        var inodes = Set<UInt64>()
        for (name, data) in LedgerWorkspace.tree(w.inbox) where !name.hasSuffix(".error.txt") {
            var st = stat()
            stat(w.inbox + "/" + name, &st)
            if inodes.insert(UInt64(st.st_ino)).inserted { found[data, default: 0] += 1 }
        }
        for (name, data) in dropped {
            // The correction was dropped twice (two names, same bytes).
            let expected = dropped.values.filter { $0 == data }.count
            #expect(found[data] == expected, "\(label): \(name) lost or doubled in the inbox")
        }
    }

    @Test func killedAtRandomMomentsTheNextRunFinishesTheWork() throws {
        let base = try Self.startingState()
        let old = base.outputs()
        let dropped = LedgerWorkspace.tree(base.inbox)
        // The uninterrupted run, and how long it takes.
        let reference = base.copy()
        let clock = ContinuousClock()
        let began = clock.now
        let uninterrupted = try TestSupport.runCLI(["run", reference.pipeline, "--ledger", reference.ledger])
        let duration = clock.now - began
        #expect(uninterrupted.code == 0, "\(uninterrupted.err)")
        let expected = try Self.snapshot(reference)
        #expect(expected.outputs != old)
        #expect(expected.inbox.keys.contains("quarantine/notes.csv.error.txt"))

        // How long a run takes: the slowest of three more (the machine may be busy with other tests).
        var longest = duration
        for _ in 0..<3 {
            let again = base.copy()
            let t0 = clock.now
            _ = try TestSupport.runCLI(["run", again.pipeline, "--ledger", again.ledger])
            longest = max(longest, clock.now - t0)
        }
        let seconds = Double(longest.components.seconds) + Double(longest.components.attoseconds) / 1e18

        // Kill until 30 kills have landed while the process was running (a kill after it
        // ended proves nothing, so it does not count).
        var generator = SystemRandomNumberGenerator()
        var landed = 0
        var attempts = 0
        var phases: [String: Int] = [:]
        while landed < 30 && attempts < 120 {
            attempts += 1
            let w = base.copy()
            let process = try Self.start(w)
            let delay = Double.random(in: 0...seconds, using: &generator)
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                landed += 1
                phases[try Self.phase(w, old: old, new: expected.outputs), default: 0] += 1
            }
            let label = "kill \(attempts) at \(delay) s"
            try Self.checkAfterKill(w, old: old, new: expected.outputs, dropped: dropped, label: label)
            let next = try TestSupport.runCLI(["run", w.pipeline, "--ledger", w.ledger])
            #expect(next.code == 0, "\(label): \(next.err)")
            let after = try Self.snapshot(w)
            #expect(after == expected, "\(label): the next run's results differ from an uninterrupted run")
        }
        #expect(landed >= 30, "only \(landed) of \(attempts) kills landed during a run")
        print("Crash safety: \(landed) kills landed during a run, by phase: \(phases.sorted { $0.key < $1.key })")
    }

    /// Where a killed run had got to, judged from what it left.
    static func phase(_ w: LedgerWorkspace, old: [String: String], new: [String: String]) throws -> String {
        if FileManager.default.fileExists(atPath: w.out + "/.sdg4-staging/PUBLISH") { return "3 renaming outputs" }
        let runs = try Ledger(path: w.ledger).runs(pipeline: "pipeline.yml").count
        let outputs = w.outputs()
        if runs == 1 {
            if outputs == old {
                return FileManager.default.fileExists(atPath: w.out + "/.sdg4-staging")
                    ? "2 staging outputs" : "1 reading"
            }
            return "4 outputs published, ledger not yet committed"
        }
        return try Ledger(path: w.ledger).pendingMoves(pipeline: "pipeline.yml").isEmpty
            ? "6 inbox moved" : "5 ledger committed, moving"
    }

    /// Each named step of a run (outputs staged, committed, half renamed; ledger committed;
    /// inbox half moved): killed there, the next run finishes with the uninterrupted results.
    @Test(arguments: [
        "outputs-staged", "outputs-committed", "outputs-half-renamed", "before-ledger-commit", "ledger-committed",
        "inbox-moved-one",
    ])
    func killedAtANamedStepTheNextRunFinishesTheWork(step: String) throws {
        let base = try Self.startingState()
        let old = base.outputs()
        let dropped = LedgerWorkspace.tree(base.inbox)
        let reference = base.copy()
        #expect(try TestSupport.runCLI(["run", reference.pipeline, "--ledger", reference.ledger]).code == 0)
        let expected = try Self.snapshot(reference)

        let w = base.copy()
        let process = try Self.start(w, environment: ["SDG4_CRASH_AT": step])
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL, "\(step)")
        try Self.checkAfterKill(w, old: old, new: expected.outputs, dropped: dropped, label: step)
        switch step {
        case "outputs-staged", "before-ledger-commit":
            // Nothing recorded yet: every dropped file still waits in the inbox.
            #expect(Set(LedgerWorkspace.tree(w.inbox).keys) == Set(dropped.keys), "\(step)")
        case "ledger-committed":
            #expect(try Ledger(path: w.ledger).pendingMoves(pipeline: "pipeline.yml").count == 5, "\(step)")
        default: break
        }
        let next = try TestSupport.runCLI(["run", w.pipeline, "--ledger", w.ledger])
        #expect(next.code == 0, "\(step): \(next.err)")
        #expect(try Self.snapshot(w) == expected, "\(step): the next run's results differ from an uninterrupted run")
        #expect(try Ledger(path: w.ledger).pendingMoves(pipeline: "pipeline.yml").isEmpty)
    }

    /// Four processes at once on one ledger: they take turns, none fails, and the ledger ends
    /// sound and as one run followed by three with nothing new would leave it.
    @Test func concurrentRunsTakeTurnsAndNeverCorruptTheLedger() throws {
        let base = try Self.startingState()
        let reference = base.copy()
        #expect(try TestSupport.runCLI(["run", reference.pipeline, "--ledger", reference.ledger]).code == 0)
        let expected = try Self.snapshot(reference)

        let w = base.copy()
        let processes = try (0..<4).map { _ in try Self.start(w, extra: ["--lock-timeout", "120"]) }
        for p in processes { p.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
        let db = try Ledger(path: w.ledger)
        #expect(try db.integrityCheck() == ["ok"])
        #expect(try db.runs(pipeline: "pipeline.yml").count == 5)  // the starting state's run and these four
        #expect(try db.runs(pipeline: "pipeline.yml").filter(\.isEdition).count == 2)
        #expect(try Self.snapshot(w) == expected)
    }

    /// A second process that cannot get the ledger in time exits 3 with a clear message and
    /// changes nothing.
    @Test func aLockedLedgerMakesTheSecondRunWaitThenExit3() throws {
        let w = try Self.startingState()
        let before = try Self.snapshot(w)
        let lock = try LedgerLock.acquire(ledgerPath: w.ledger, timeout: 1)
        defer { lock.release() }
        let clock = ContinuousClock()
        let began = clock.now
        let result = try TestSupport.runCLI(["run", w.pipeline, "--ledger", w.ledger, "--lock-timeout", "0.5"])
        let waited = clock.now - began
        #expect(result.code == 3)
        #expect(result.err.contains("is in use by another sdg4 process (pid \(getpid())"))
        #expect(result.err.contains("--lock-timeout"))
        #expect(waited >= .milliseconds(500))
        #expect(try Self.snapshot(w) == before)
    }
}
