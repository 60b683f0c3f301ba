import Foundation
import GRDB
import SDG4Ledger
import SDG4Pipeline
import SDG4Report
import Testing

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
        #expect(abs(w.values()["ger,KGZ,2019,1,F"]! - 95) < 1e-9)
        #expect(abs(w.values()["ger,TJK,2019,1,F"]! - 90) < 1e-9)
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
        #expect(abs(w.values()["ger,KGZ,2019,1,F"]! - 99) < 1e-9)
        let changes = try #require(fourth.changes)
        #expect(changes.inputs.map(\.kind) == ["changed"])
        #expect(changes.values.contains { $0.key.hasPrefix("ger,KGZ,2019,1,F,") && $0.old == "95" && $0.new == "99" })
        let records = try Ledger(path: w.ledger).files()
        #expect(records.filter { $0.path == "data/enrolment-KGZ.csv" }.map(\.status) == [.changed, .active])
    }

    @Test func aFileDroppedTwiceCountsOnce() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let tjk2020 = LedgerWorkspace.enrolment("TJK", 2020, pupils: 80)
        w.drop("enrolment-TJK-2020.csv", tjk2020)
        let first = try w.run()
        #expect(first.changes?.inputs.map(\.kind) == ["added"])
        // 4 x 80 / 400.
        #expect(abs(w.values()["ger,TJK,2020,1,F"]! - 80) < 1e-9)
        let after = w.outputs()

        w.drop("enrolment-TJK-2020 (copy).csv", tjk2020)
        w.drop("enrolment-TJK-2020.csv", tjk2020)  // the same name again
        let again = try w.run()
        #expect(again.changes?.inputs.map(\.kind) == ["duplicate", "duplicate"])
        // Counted once: the same values, and no duplicate-key problem (which a second copy
        // of the rows would raise).
        #expect(w.values() == LedgerWorkspace.valuesOf(after["indicators.csv"]!))
        #expect(!again.quality.groups.contains { $0.code.hasPrefix("duplicate.") })
        #expect(again.quality.groups.contains { $0.code == "inbox.duplicate" })
        let records = try Ledger(path: w.ledger).files()
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
        #expect(abs(w.values()["ger,KGZ,2019,1,F"]! - 95) < 1e-9)
        // The correction covers the same source, country and year: girls 100 at each age.
        w.drop("enrolment-KGZ-corrected.csv", LedgerWorkspace.enrolment("KGZ", 2019, pupils: 95, femalePupils: 100))
        let result = try w.run()
        // 4 x 100 / 400; boys unchanged; GPIA 1.0 / 0.95 > 1, so 2 - 0.95 / 1.0 = 1.05.
        #expect(abs(w.values()["ger,KGZ,2019,1,F"]! - 100) < 1e-9)
        #expect(abs(w.values()["ger,KGZ,2019,1,M"]! - 95) < 1e-9)
        #expect(!result.quality.groups.contains { $0.code.hasPrefix("duplicate.") })
        let changes = try #require(result.changes)
        #expect(changes.inputs.map(\.kind) == ["added", "superseded"])
        #expect(changes.inputs[1].path == "data/enrolment-KGZ.csv")
        #expect(changes.inputs[1].detail.contains("inbox/processed/enrolment-KGZ-corrected.csv"))
        #expect(changes.values.contains { $0.key.hasPrefix("ger,KGZ,2019,1,F,") && $0.old == "95" && $0.new == "100" })
        let summary = try String(contentsOfFile: w.out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("## Changes since the previous results"))
        #expect(summary.contains("| superseded | enrolment | data/enrolment-KGZ.csv |"))
        let records = try Ledger(path: w.ledger).files()
        let old = try #require(records.first { $0.path == "data/enrolment-KGZ.csv" })
        let new = try #require(records.first { $0.path == "inbox/processed/enrolment-KGZ-corrected.csv" })
        #expect(old.status == .superseded && old.supersededBy == new.id && new.status == .active)
        #expect(new.periods == "KGZ:2019")

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
        let records = try Ledger(path: w.ledger).files().filter { $0.status == .quarantined }
        #expect(Set(records.map(\.path)) == ["inbox/quarantine/notes.csv", "inbox/quarantine/enrolment-broken.csv"])
        // The results are those of the first run.
        #expect(abs(w.values()["ger,KGZ,2019,1,F"]! - 95) < 1e-9)
    }

    @Test func aRemovedFileIsRecordedAndItsValuesGo() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        #expect(w.values()["ger,TJK,2019,1,F"] != nil)
        try FileManager.default.removeItem(atPath: w.root + "/data/enrolment-TJK.csv")
        let result = try w.run()
        #expect(result.changes?.inputs.map(\.kind) == ["removed"])
        #expect(w.values()["ger,TJK,2019,1,F"] == nil)
        #expect(result.changes!.valuesRemoved >= 3)  // F, M and _T at least
        let records = try Ledger(path: w.ledger).files()
        #expect(records.first { $0.path == "data/enrolment-TJK.csv" }?.status == .removed)
    }

    @Test func aLedgerFromANewerSdg4IsRefused() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let db = try Ledger(path: w.ledger)
        #expect(db.schemaVersion == "v1")
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
        #expect(abs(w.values()["ger,KGZ,2019,1,F"]! - 100) < 1e-9)
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/enrolment-KGZ-corrected.csv")
        let result = try w.run()
        #expect(result.changes?.inputs.map(\.kind) == ["restored", "removed"])
        #expect(result.filesRead == 0)  // the restored file's contribution was kept
        #expect(w.outputs()["indicators.csv"] == original)
        let records = try Ledger(path: w.ledger).files()
        #expect(records.first { $0.path == "data/enrolment-KGZ.csv" }?.status == .active)
    }
}
