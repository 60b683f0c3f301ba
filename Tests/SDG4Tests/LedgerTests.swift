import Foundation
import GRDB
import SDG4Ingest
import SDG4Pipeline
import SDG4Report
import Testing

@testable import SDG4Ledger
@testable import SDG4PipelineFile

/// The ledger and the inbox (issue 5), with real files in temporary folders and a real SQLite
/// database. Expected values are worked out by hand in `LedgerWorkspace`.
@Suite("Ledger and inbox")
struct LedgerTests {
    /// Sets a file's modification time (nanoseconds since 1970).
    static func setModified(_ path: String, _ ns: Int64) {
        var times = [
            timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000)),
            timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000)),
        ]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    static func modified(_ path: String) -> Int64 {
        var st = stat()
        stat(path, &st)
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }

    @Test func aSecondRunReadsNoFileAndWritesTheSameBytes() throws {
        let w = LedgerWorkspace()
        let first = try w.run()
        #expect(first.filesRead == 4 && first.filesReused == 0)
        // By hand: 4 x 95 / 400 and 4 x 90 / 400.
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
        #expect(abs((w.values()["ger,TJK,2019,1,F"] ?? .nan) - 90) < 1e-9)
        let before = w.outputs()
        #expect(before.keys.contains("changes.json"))

        let second = try w.run()
        #expect(second.filesRead == 0 && second.filesReused == 4)
        #expect(w.outputs() == before)

        // Not read indeed: other bytes of the same size under the same modification time go
        // unnoticed (what a run trusts is size and time, as make and rsync do) ...
        let path = w.root + "/data/enrolment-KGZ.csv"
        let stamp = Self.modified(path)
        TestSupport.write(LedgerWorkspace.enrolment("KGZ", 2019, pupils: 99), to: w.root, "data/enrolment-KGZ.csv")
        Self.setModified(path, stamp)
        let third = try w.run()
        #expect(third.filesRead == 0)
        #expect(w.outputs() == before)
        // ... and a new modification time has the file read again: 4 x 99 / 400.
        Self.setModified(path, stamp + 1_000_000_000)
        let fourth = try w.run()
        #expect(fourth.filesRead == 1 && fourth.filesReused == 3)
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 99) < 1e-9)
        let changes = try #require(fourth.changes)
        #expect(changes.inputs.map(\.kind.rawValue) == ["changed"])
        #expect(changes.values.contains { $0.key.hasPrefix("ger,KGZ,2019,1,F,") && $0.old == "95" && $0.new == "99" })
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        #expect(records.filter { $0.path == "data/enrolment-KGZ.csv" }.map(\.status) == [.changed, .active])
    }

    @Test func aFileDroppedTwiceCountsOnce() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let tjk2020 = LedgerWorkspace.enrolment("TJK", 2020, pupils: 80)
        w.drop("enrolment-TJK-2020.csv", tjk2020)
        let first = try w.run()
        #expect(first.changes?.inputs.map(\.kind.rawValue) == ["added"])
        // 4 x 80 / 400.
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 80) < 1e-9)
        let after = w.outputs()

        w.drop("enrolment-TJK-2020 (copy).csv", tjk2020)
        w.drop("enrolment-TJK-2020.csv", tjk2020)  // the same name again
        let again = try w.run()
        #expect(again.changes?.inputs.map(\.kind.rawValue) == ["duplicate", "duplicate"])
        // Counted once: the same values, and no duplicate-key problem (which a second copy
        // of the rows would raise).
        #expect(w.values() == LedgerWorkspace.valuesOf(after["indicators.csv"]!))
        #expect(!again.quality.groups.contains { $0.code.hasPrefix("duplicate.") })
        #expect(again.quality.groups.contains { $0.code == "inbox.duplicate" })
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        let original = try #require(records.first { $0.path == "inbox/processed/enrolment-TJK-2020.csv" })
        #expect(original.status == .active)
        let copies = records.filter { $0.status == .duplicate }
        #expect(copies.count == 2 && copies.allSatisfy { $0.duplicateOf == original.id })
        // Both moved to processed/ (the second under a new name), bytes untouched.
        let processed = LedgerWorkspace.tree(w.inbox + "/processed")
        #expect(
            Set(processed.keys) == [
                "enrolment-TJK-2020.csv", "enrolment-TJK-2020.2.csv", "enrolment-TJK-2020 (copy).csv",
            ])
        #expect(processed.values.allSatisfy { $0 == Data(tjk2020.utf8) })
        #expect(Inbox.waitingNames(w.inbox).isEmpty)
    }

    @Test func aCorrectedFileSupersedesTheOldOne() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
        // The correction covers the same source, country and year: girls 100 at each age.
        w.drop("enrolment-KGZ-corrected.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        let result = try w.run()
        // 4 x 100 / 400; boys unchanged; GPIA 1.0 / 0.95 > 1, so 2 - 0.95 / 1.0 = 1.05.
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        #expect(abs((w.values()["ger,KGZ,2019,1,M"] ?? .nan) - 95) < 1e-9)
        #expect(!result.quality.groups.contains { $0.code.hasPrefix("duplicate.") })
        let changes = try #require(result.changes)
        #expect(changes.inputs.map(\.kind.rawValue) == ["added", "superseded"])
        #expect(changes.inputs[1].path == "data/enrolment-KGZ.csv")
        #expect(changes.inputs[1].detail.contains("inbox/processed/enrolment-KGZ-corrected.csv"))
        #expect(changes.values.contains { $0.key.hasPrefix("ger,KGZ,2019,1,F,") && $0.old == "95" && $0.new == "100" })
        let summary = try String(contentsOfFile: w.out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("## Changes since the previous results"))
        #expect(summary.contains("| superseded | enrolment | data/enrolment-KGZ.csv |"))
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        let old = try #require(records.first { $0.path == "data/enrolment-KGZ.csv" })
        let new = try #require(records.first { $0.path == "inbox/processed/enrolment-KGZ-corrected.csv" })
        #expect(old.status == .superseded && old.supersededBy == new.id && new.status == .active)
        #expect(new.periods == "enrolment|KGZ|2019|1")

        // The old file is still on disk (inputs are never touched) but stays superseded, unread.
        let outputs = w.outputs()
        let next = try w.run()
        #expect(next.filesRead == 0)
        #expect(w.outputs() == outputs)
        #expect(FileManager.default.fileExists(atPath: w.root + "/data/enrolment-KGZ.csv"))
    }

    @Test func filesMatchingNoSourceOrUnreadableAreQuarantinedWithTheReason() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let notes = "just some notes\n"
        w.drop("notes.csv", notes)
        let broken = "Country,Year\nKGZ,2019\n"
        w.drop("enrolment-broken.csv", broken)
        w.drop(".hidden.csv", "ignored\n")
        w.drop("enrolment-big.csv.part", "still downloading\n")
        let result = try w.run()
        #expect(result.exitCode(strict: true) == 1)
        #expect(result.quality.groups.contains { $0.code == "inbox.unmatched" })
        #expect(result.quality.groups.contains { $0.code == "header.missing-column" })
        let quarantine = LedgerWorkspace.tree(w.inbox + "/quarantine")
        #expect(quarantine["notes.csv"] == Data(notes.utf8))
        #expect(quarantine["enrolment-broken.csv"] == Data(broken.utf8))
        let unmatched = String(decoding: quarantine["notes.csv.error.txt"] ?? Data(), as: UTF8.self)
        #expect(unmatched.contains("enrolment-*.csv") && unmatched.contains("population-*.csv"))
        let unreadable = String(decoding: quarantine["enrolment-broken.csv.error.txt"] ?? Data(), as: UTF8.self)
        #expect(unreadable.contains("header.missing-column") && unreadable.contains("Pupils"))
        // Hidden files and partial downloads wait in the inbox.
        #expect(Inbox.waitingNames(w.inbox) == [])
        #expect(FileManager.default.fileExists(atPath: w.inbox + "/.hidden.csv"))
        #expect(FileManager.default.fileExists(atPath: w.inbox + "/enrolment-big.csv.part"))
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml").filter { $0.status == .quarantined }
        #expect(Set(records.map(\.path)) == ["inbox/quarantine/notes.csv", "inbox/quarantine/enrolment-broken.csv"])
        // The results are those of the first run.
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
    }

    @Test func aRemovedFileIsRecordedAndItsValuesGo() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        #expect(w.values()["ger,TJK,2019,1,F"] != nil)
        try FileManager.default.removeItem(atPath: w.root + "/data/enrolment-TJK.csv")
        let result = try w.run()
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["removed"])
        #expect(w.values()["ger,TJK,2019,1,F"] == nil)
        #expect(result.changes!.valuesRemoved >= 3)  // F, M and _T at least
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        #expect(records.first { $0.path == "data/enrolment-TJK.csv" }?.status == .removed)
    }

    @Test func aLedgerFromANewerSdg4IsRefused() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let db = try Ledger(path: w.ledger)
        #expect(db.schemaVersion == LedgerSchema.versions.last!)
        #expect(try db.integrityCheck() == ["ok"])
        // A migration this version does not know.
        try DatabaseQueue(path: w.ledger).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99')") }
        #expect(throws: LedgerError.self) { _ = try Ledger(path: w.ledger) }
    }
}

extension LedgerWorkspace {
    /// `values()` of an `indicators.csv` text.
    static func valuesOf(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = CSVText.fields(of: String(line))
            out["\(f[0]),\(f[3]),\(f[4]),\(f[5]),\(f[6])"] = Double(f[10])
        }
        return out
    }
}

extension LedgerTests {
    /// Taking a correction out of `processed/` puts the file it replaced back in use.
    @Test func removingACorrectionRestoresTheFileItReplaced() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let original = w.outputs()["indicators.csv"]!
        w.drop("enrolment-KGZ-corrected.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        _ = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/enrolment-KGZ-corrected.csv")
        let result = try w.run()
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["removed", "restored"])
        #expect(result.filesRead == 0)  // the restored file's contribution was kept
        #expect(w.outputs()["indicators.csv"] == original)
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        #expect(records.first { $0.path == "data/enrolment-KGZ.csv" }?.status == .active)
    }
}

/// Corrections at the grain statisticians send them, and the inbox's corner cases (found in
/// review): each expected value worked out by hand from `LedgerWorkspace`'s numbers.
extension LedgerTests {
    /// Enrolment in lower secondary (ISCED 2, ages 11-15) by age and sex, `pupils` each.
    static func secondary(_ country: String, _ year: Int, pupils: Int) -> String {
        var s = ""
        for sex in ["F", "M"] {
            for age in 11...15 { s += "\(country),\(year),2,\(sex),\(age),\(pupils)\n" }
        }
        return s
    }

    @Test func aCorrectionReplacesOnlyTheLevelsAndYearsItGives() throws {
        let w = LedgerWorkspace()
        // The original has 2019 and 2020, primary and lower secondary.
        TestSupport.write(
            LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95) + Self.secondary("KGZ", 2019, pupils: 90)
                + LedgerWorkspace.enrolment("KGZ", 2020, pupils: 95).split(separator: "\n").dropFirst()
                .joined(separator: "\n") + "\n",
            to: w.root, "data/enrolment-KGZ.csv")
        _ = try w.run()
        // GER.2 = 5 x 90 / 500 = 90 %.
        #expect(abs((w.values()["ger,KGZ,2019,2,F"] ?? .nan) - 90) < 1e-9)
        // A correction of primary 2019 only: girls 100 at each age, and boys' age 10 left out
        // (a value the ministry withdrew).
        let correction = LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100)
            .replacingOccurrences(of: "KGZ,2019,1,M,10,95\n", with: "")
        w.drop("enrolment-KGZ-2019-primary.csv", correction)
        let result = try w.run()
        // Primary 2019 from the correction: F 400/400; M 3 x 95 / 400 = 71.25 (age 10 withdrawn).
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        #expect(abs((w.values()["ger,KGZ,2019,1,M"] ?? .nan) - 71.25) < 1e-9)
        // Lower secondary 2019 and primary 2020 still from the original.
        #expect(abs((w.values()["ger,KGZ,2019,2,F"] ?? .nan) - 90) < 1e-9)
        #expect(abs((w.values()["ger,KGZ,2020,1,F"] ?? .nan) - 95) < 1e-9)
        #expect(!result.quality.groups.contains { $0.code.hasPrefix("duplicate.") })
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["added", "partly superseded"])
        #expect(result.changes?.inputs[1].detail.contains("enrolment KGZ 2019 level 1") == true)
        let original = try #require(result.manifest.inputs.first { $0.path == "data/enrolment-KGZ.csv" })
        // 8 primary 2019 rows replaced; 10 + 8 rows still used.
        #expect(original.rowsSuperseded == 8 && original.rowsAccepted == 18)
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        #expect(records.first { $0.path == "data/enrolment-KGZ.csv" }?.status == .active)
    }

    @Test func aChainOfCorrectionsUnwindsWhenTheLatestGoes() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix1.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        _ = try w.run()
        w.drop("enrolment-KGZ-fix2.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 60))
        let second = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 60) < 1e-9)
        #expect(second.changes?.inputs.map(\.kind.rawValue) == ["added", "superseded"])
        // fix2 goes: fix1 is back (not the original).
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/enrolment-KGZ-fix2.csv")
        let third = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        #expect(third.changes?.inputs.map(\.kind.rawValue) == ["removed", "restored"])
        #expect(third.filesRead == 0)
        // fix1 goes too: the original is back.
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/enrolment-KGZ-fix1.csv")
        _ = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
    }

    @Test func droppingAnOlderVersionAgainBringsItBack() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let original = try String(contentsOfFile: w.root + "/data/enrolment-KGZ.csv", encoding: .utf8)
        w.drop("enrolment-KGZ-fix.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        _ = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        // The ministry withdraws the correction by sending the original again: not a
        // duplicate of the superseded file, but the newest delivery.
        w.drop("enrolment-KGZ-original.csv", original)
        let result = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["added", "superseded"])
    }

    @Test func editingASupersededFileDoesNotUndoTheCorrection() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        _ = try w.run()
        // 2020 appended to the original: its 2019 stays replaced, its 2020 is new.
        let path = w.root + "/data/enrolment-KGZ.csv"
        let extended =
            try String(contentsOfFile: path, encoding: .utf8)
            + LedgerWorkspace.enrolment("KGZ", 2020, pupils: 85).split(separator: "\n").dropFirst()
            .joined(separator: "\n") + "\n"
        try extended.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        #expect(abs((w.values()["ger,KGZ,2020,1,F"] ?? .nan) - 85) < 1e-9)
        #expect(!result.quality.groups.contains { $0.code.hasPrefix("duplicate.") })
    }

    @Test func namesWithBangsSpacesAndCyrillicMoveWhole() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let names = ["enrolment-TJK!2020.csv", "enrolment-KGZ 2020 (новый).csv"]
        w.drop(names[0], LedgerWorkspace.enrolment("TJK", 2020, pupils: 80))
        w.drop(names[1], LedgerWorkspace.enrolment("KGZ", 2020, pupils: 70))
        _ = try w.run()
        #expect(Set(LedgerWorkspace.tree(w.inbox + "/processed").keys) == Set(names))
        let again = try w.run()
        #expect(again.filesRead == 0 && again.changes?.inputs.map(\.kind.rawValue) == ["added", "added"])
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 80) < 1e-9)
        #expect(abs((w.values()["ger,KGZ,2020,1,F"] ?? .nan) - 70) < 1e-9)
    }

    @Test func anInboxInsideASourceFolderIsLeftToTheInbox() throws {
        let w = LedgerWorkspace()
        // The inbox is data/inbox, inside the folder of the sources' data/*.csv (an inbox that
        // is or contains a source's folder is a pipeline-file error: DeliveryModelTests).
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
            .replacingOccurrences(of: "inbox: inbox\n", with: "inbox: data/inbox\n")
        TestSupport.write(text, to: w.root, "pipeline.yml")
        _ = try w.run()
        let path = TestSupport.write(
            LedgerWorkspace.enrolment("TJK", 2020, pupils: 80), to: w.root, "data/inbox/enrolment-TJK-2020.csv")
        LedgerWorkspace.backdate(path)
        _ = try w.run()
        let next = try w.run()
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 80) < 1e-9)
        #expect(next.filesRead == 0)
        let records = try Ledger(path: w.ledger).files(pipeline: "pipeline.yml")
        #expect(records.filter { $0.status == .removed || $0.status == .duplicate }.isEmpty)
    }

    @Test func twoPipelinesShareALedgerWithoutSeeingEachOthersFiles() throws {
        let w = LedgerWorkspace()
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(text.replacingOccurrences(of: "dir: out", with: "dir: out-b"), to: w.root, "pipeline-b.yml")
        _ = try w.run()
        w.drop("enrolment-TJK-2020.csv", LedgerWorkspace.enrolment("TJK", 2020, pupils: 80))
        _ = try w.run()
        let b = try PipelineRunner(
            definition: try PipelineFileParser.load(w.root + "/pipeline-b.yml"),
            options: .init(jobs: 2, ledgerPath: w.ledger)
        ).run()
        #expect(b.changes?.first == true)
        let a = try w.run()
        #expect(a.filesRead == 0 && abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 80) < 1e-9)
        #expect(try Ledger(path: w.ledger).pipelines() == ["pipeline-b.yml", "pipeline.yml"])
    }

    @Test func anInboxFileOfARemovedSourceWaitsForItsSourceToComeBack() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-TJK-2020.csv", LedgerWorkspace.enrolment("TJK", 2020, pupils: 80))
        _ = try w.run()
        let original = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(
            original.replacingOccurrences(of: "id: enrolment", with: "id: pupils"), to: w.root, "pipeline.yml")
        let renamed = try w.run()
        #expect(renamed.quality.groups.contains { $0.code == "inbox.orphaned" })
        #expect(w.values()["ger,TJK,2020,1,F"] == nil)
        TestSupport.write(original, to: w.root, "pipeline.yml")
        _ = try w.run()
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 80) < 1e-9)
    }

    /// The order of the files, and so which value wins a conflict, does not change once a
    /// new file is known: a run with nothing new gives the same values.
    @Test func aRunWithNothingNewNeverChangesTheValues() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        // b: KGZ and TJK 2020 at 70; then a (sorting before b): KGZ 2020 at 50, partly
        // overlapping b (newer: a wins KGZ 2020).
        w.drop(
            "enrolment-b.csv",
            LedgerWorkspace.enrolment("KGZ", 2020, pupils: 70)
                + LedgerWorkspace.enrolment("TJK", 2020, pupils: 70).split(separator: "\n").dropFirst()
                .joined(separator: "\n") + "\n")
        _ = try w.run()
        w.drop("enrolment-a.csv", LedgerWorkspace.enrolment("KGZ", 2020, pupils: 50))
        _ = try w.run()
        let third = w.outputs()
        #expect(abs((w.values()["ger,KGZ,2020,1,F"] ?? .nan) - 50) < 1e-9)
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 70) < 1e-9)
        let fourth = try w.run()
        #expect(fourth.filesRead == 0)
        #expect(w.outputs() == third)
    }

    @Test func aCountryPreviewLeavesTheLedgerAndInboxAlone() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-TJK-2020.csv", LedgerWorkspace.enrolment("TJK", 2020, pupils: 80))
        let preview = try TestSupport.runCLI(
            ["run", w.pipeline, "--ledger", w.ledger, "--country", "KGZ", "--output", w.root + "/preview"])
        #expect(preview.code == 0, "\(preview.err)")
        #expect(Inbox.waitingNames(w.inbox) == ["enrolment-TJK-2020.csv"])
        #expect(try Ledger(path: w.ledger).runs(pipeline: "pipeline.yml").count == 1)
        let full = try w.run()
        #expect(full.changes?.inputs.map(\.kind.rawValue) == ["added"])
        #expect(abs((w.values()["ger,TJK,2020,1,F"] ?? .nan) - 80) < 1e-9)
    }
}

extension LedgerTests {
    /// A ledger of schema v1 (before pipelines were told apart) is migrated to v2 and its
    /// records adopted by the pipeline that opens it.
    @Test func aVersion1LedgerIsMigratedAndAdopted() throws {
        let w = LedgerWorkspace()
        let queue = try DatabaseQueue(
            path: { () -> String in
                try? FileManager.default.createDirectory(atPath: w.root + "/.sdg4", withIntermediateDirectories: true)
                return w.ledger
            }())
        try LedgerSchema.migrator.migrate(queue, upTo: "v1")
        let path = w.root + "/data/enrolment-KGZ.csv"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO file (source_id, path, origin, sha256, bytes, modified, rows_read, rows_accepted,
                    rows_rejected, status, periods, first_seen_run, first_seen_at, last_seen_run, note)
                    VALUES ('enrolment', 'data/enrolment-KGZ.csv', 'source', ?, ?, 0, 8, 8, 0, 'active', '', 1, '', 1, '')
                    """, arguments: [SHA256.hex([UInt8](bytes)), bytes.count])
        }
        try queue.close()
        let result = try w.run()
        // The known file is not "added" again: 3 new files, not 4.
        #expect(result.changes?.inputs.filter { $0.kind.rawValue == "added" }.count == 3)
        let db = try Ledger(path: w.ledger)
        #expect(db.schemaVersion == LedgerSchema.versions.last!)
        #expect(try db.files(pipeline: "pipeline.yml").count == 4)
        #expect(try db.files(pipeline: "").isEmpty)
    }
}

/// Second review: corrections must survive being handled again.
extension LedgerTests {
    static let fix = LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100)

    @Test func aCorrectionMovedBackToTheInboxStaysInEffect() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", Self.fix)
        _ = try w.run()
        try FileManager.default.moveItem(
            atPath: w.inbox + "/processed/enrolment-KGZ-fix.csv", toPath: w.inbox + "/enrolment-KGZ-fix.csv")
        let result = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        #expect(!(result.changes?.inputs.contains { $0.kind.rawValue == "duplicate" } ?? true))
    }

    @Test func aDuplicateTakesOverWhenTheFileItDuplicatedGoes() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", Self.fix)
        w.drop("enrolment-KGZ-fix (1).csv", Self.fix)
        let first = try w.run()
        #expect(first.changes?.inputs.map(\.kind.rawValue) == ["added", "duplicate", "superseded"])
        // "(1)" sorts first, so it is the one in use; it goes.
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/enrolment-KGZ-fix (1).csv")
        let result = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 100) < 1e-9)
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["restored", "removed"])
    }

    @Test func aPartialCorrectionIsWithdrawnByDroppingTheOriginalAgain() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let original = try String(contentsOfFile: w.root + "/data/enrolment-KGZ.csv", encoding: .utf8)
        // Girls of age 7 only: 100 instead of 95: GER.1.F = (100 + 3 x 95) / 400 = 96.25.
        w.drop("enrolment-KGZ-fix.csv", "Country,Year,ISCED,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\n")
        _ = try w.run()
        // The slice (enrolment KGZ 2019 primary) is replaced whole: the fix gives girls of 7 only,
        // so GER.1.F = 100 / 400 = 25 and boys have no value.
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 25) < 1e-9)
        #expect(w.values()["ger,KGZ,2019,1,M"] == nil)
        w.drop("enrolment-KGZ-original-again.csv", original)
        let result = try w.run()
        #expect(abs((w.values()["ger,KGZ,2019,1,F"] ?? .nan) - 95) < 1e-9)
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["added", "superseded"])
    }

    @Test func aCountryPreviewUsesTheCorrectionsTheLedgerKnows() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", Self.fix)
        _ = try w.run()
        let preview = try TestSupport.runCLI(
            ["run", w.pipeline, "--ledger", w.ledger, "--country", "KGZ", "--output", w.root + "/preview"])
        #expect(preview.code == 0, "\(preview.err)")
        let text = try String(contentsOfFile: w.root + "/preview/indicators.csv", encoding: .utf8)
        let f = LedgerWorkspace.valuesOf(text)["ger,KGZ,2019,1,F"]
        #expect(abs((f ?? .nan) - 100) < 1e-9)
        #expect(LedgerWorkspace.valuesOf(text)["ger,TJK,2019,1,F"] == nil)
        // validate sees it too.
        let validate = try TestSupport.runCLI(["validate", w.pipeline, "--ledger", w.ledger])
        #expect(validate.code == 0 && validate.out.contains("4 file(s) checked"), "\(validate.out)")
    }
}
