import Foundation
import SDG4Ingest
import SDG4Ledger
import SDG4Report
import Testing

/// `sdg4 watch` and `sdg4 status` with the real binary.
@Suite("Watch and status")
struct WatchStatusTests {
    /// Waits up to `seconds` for `condition`.
    static func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Starts `sdg4 watch` on the workspace, polling every 0.2 s; its output goes to the log.
    static func startWatch(_ w: LedgerWorkspace) throws -> (Process, String) {
        let log = w.root + "/watch.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestSupport.executable)
        p.arguments = ["watch", w.pipeline, "--ledger", w.ledger, "--interval", "0.2"]
        p.standardOutput = FileHandle(forWritingAtPath: log)
        p.standardError = FileHandle(forWritingAtPath: log)
        try p.run()
        return (p, log)
    }

    @Test func watchTakesAFileOnlyOnceItIsCompleteAndStopsCleanlyOnSIGTERM() throws {
        let w = LedgerWorkspace()
        let (p, log) = try Self.startWatch(w)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        // The first batch brings the outputs up to date.
        #expect(Self.waitFor(30) { FileManager.default.fileExists(atPath: w.out + "/indicators.csv") })

        // A file written slowly: a line every 0.1 s for about 1.5 s, across several polls.
        let full = LedgerWorkspace.enrolment("TJK", 2020, pupils: 80)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }.dropLast()
        let path = w.inbox + "/enrolment-TJK-2020.csv"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        for line in lines {
            handle.write(Data(line.utf8))
            usleep(100_000)
            // Never taken while it grows.
            #expect(FileManager.default.fileExists(atPath: path), "taken while still being written")
        }
        try handle.close()
        #expect(
            Self.waitFor(30) { FileManager.default.fileExists(atPath: w.inbox + "/processed/enrolment-TJK-2020.csv") })
        #expect(Self.waitFor(10) { w.values()["ger,TJK,2020,1,F"] != nil })
        // Whole: 4 x 80 / 400 for both sexes, and one record with the full file's hash.
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? 0) - 80) < 1e-9)
        #expect(abs((w.values()["ger,TJK,2020,1,M"] ?? 0) - 80) < 1e-9)
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml").filter {
            $0.arrivedAs == "inbox/enrolment-TJK-2020.csv"
        }
        #expect(records.map(\.sha256) == [SHA256.hex(Array(full.utf8))])

        kill(p.processIdentifier, SIGTERM)
        let stopped = Self.waitFor(10) { !p.isRunning }
        #expect(stopped, "still running 10 s after SIGTERM")
        if stopped { #expect(p.terminationReason == .exit && p.terminationStatus == 0) }
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("1 new file(s): enrolment-TJK-2020.csv"))
        #expect(text.contains("sdg4 watch: stopped."))
    }

    /// Audit F9: watch used the pipeline file as it was when it started.
    @Test func watchReadsAnEditedPipelineFileAgain() throws {
        let w = LedgerWorkspace()
        let (p, log) = try Self.startWatch(w)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        #expect(Self.waitFor(30) { w.values()["ger,TJK,2019,1,F"] != nil })
        // Tajikistan left out: the next look at the inbox reads the new file and runs with it.
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "countries: [KGZ, TJK]", with: "countries: [KGZ]")
        TestSupport.write(edited, to: w.root, "pipeline.yml")
        let sha = SHA256.hex(Array(edited.utf8))
        // run.json is the last file of a set to be renamed into place: the whole set is there.
        #expect(
            Self.waitFor(30) {
                ((try? String(contentsOfFile: w.out + "/run.json", encoding: .utf8)) ?? "").contains(sha)
            })
        #expect(w.values()["ger,TJK,2019,1,F"] == nil)
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
        // A broken edit is reported, and the last good file stays in use.
        TestSupport.write("name: [\n", to: w.root, "pipeline.yml")
        #expect(
            Self.waitFor(30) { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("has problems") })
        #expect(p.isRunning)
        kill(p.processIdentifier, SIGTERM)
        #expect(Self.waitFor(10) { !p.isRunning })
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(output.contains("The pipeline file changed: read again"))
    }

    @Test func watchWithoutAnInboxIsAUsageError() throws {
        let w = LedgerWorkspace()
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(text.replacingOccurrences(of: "inbox: inbox\n", with: ""), to: w.root, "pipeline.yml")
        let result = try TestSupport.runCLI(["watch", w.pipeline])
        #expect(result.code == 2)
        #expect(result.err.contains("has no 'inbox:' folder"))
    }

    @Test func statusListsWhatTheLedgerHolds() throws {
        let w = LedgerWorkspace()
        let none = try TestSupport.runCLI(["status", w.pipeline, "--ledger", w.ledger])
        #expect(none.code == 0 && none.out.contains("No ledger yet"))
        #expect(!FileManager.default.fileExists(atPath: w.ledger))
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        w.drop("notes.csv", "x\n")
        _ = try w.run()
        let result = try TestSupport.runCLI(["status", w.pipeline, "--ledger", w.ledger])
        #expect(result.code == 0)
        #expect(result.out.contains("(schema v3), pipeline pipeline.yml"))
        #expect(
            result.out.contains(
                "Files: 4 active, 1 superseded, 0 duplicate, 1 quarantined, 0 changed, 0 removed"))
        #expect(result.out.contains("Inbox \(w.inbox): 0 file(s) waiting."))
        let superseded = result.out.split(separator: "\n").first { $0.contains("data/enrolment-KGZ.csv") } ?? ""
        #expect(superseded.contains("superseded") && superseded.contains("inbox/processed/enrolment-KGZ-fix.csv"))
        #expect(result.out.contains("inbox/quarantine/notes.csv"))
        let runs = result.out.components(separatedBy: "Last runs:").last ?? ""
        #expect(runs.split(separator: "\n").count == 4)  // header, rule, two runs
    }
}
