import Foundation
import SDG4Clean
import SDG4Ingest
import SDG4Report
import Testing

@testable import SDG4Ledger
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// The rules of docs/inbox.md ("Which delivery wins"), one test per case of the ledger audit
/// (`../shared/audits/ledger-2026-12.md`, F1-F21), each replayed on `LedgerWorkspace` with
/// values worked out by hand: GER.1.F is 4 × girls per age / 400, so a file giving 100 girls
/// at each age 7-10 makes it 100 %, 110 makes it 110 %, the original 95 %. Every scenario ends
/// with a run with nothing new, which must read no file and write the same bytes (rule 5).
@Suite("Deliveries: which file wins (docs/inbox.md)")
struct DeliveryModelTests {
    /// Kyrgyz enrolment of 2019 with `girls` girls at each age (boys 95).
    static func fix(_ girls: Int, year: Int = 2019) -> String {
        LedgerWorkspace.enrolment("KGZ", year, pupils: 95, femalePupils: girls)
    }

    /// A file with 2019 and 2020: 2019 with `girls2019` girls at each age, 2020 with `girls2020`.
    static func twoYears(_ girls2019: Int, _ girls2020: Int) -> String {
        fix(girls2019) + fix(girls2020, year: 2020).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
    }

    static func original(_ w: LedgerWorkspace) throws -> String {
        try String(contentsOfFile: w.root + "/data/enrolment-KGZ.csv", encoding: .utf8)
    }

    static func near(_ value: Double?, _ expected: Double) -> Bool { abs((value ?? .nan) - expected) < 1e-9 }

    static func records(_ w: LedgerWorkspace, pipeline: String = "pipeline.yml") throws -> [LedgerFile] {
        try Ledger(path: w.ledger).files(pipeline: pipeline)
    }

    // MARK: - F1: a duplicate is never used while the file it duplicates is known

    @Test func theOriginalResentWithItsCorrectionNeverUndoesIt() throws {
        // F1a: the corrected file and the original, dropped together; the original is a
        // duplicate of the file the correction supersedes.
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-2025-03-corrected.csv", Self.fix(100))
        w.drop("enrolment-KGZ.csv", try Self.original(w))
        let first = try w.run()
        #expect(first.changes?.inputs.map(\.kind.rawValue).sorted() == ["added", "duplicate", "superseded"])
        #expect(Self.near(w.girls(), 100))
        #expect(try w.nothingNewDiffers() == [])
        #expect(Self.near(w.girls(), 100))
        let copy = try #require(try Self.records(w).first { $0.path == "inbox/processed/enrolment-KGZ.csv" })
        #expect(copy.status == .duplicate)
    }

    @Test func aCopyOfAPathFileStaysUnusedWhenThePathFileIsEdited() throws {
        // F1b: the ministry updates the file of `path:` in place; an old copy in processed/
        // must not come back.
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-copy.csv", try Self.original(w))
        #expect(try w.run().changes?.inputs.map(\.kind.rawValue) == ["duplicate"])
        let path = w.root + "/data/enrolment-KGZ.csv"
        let stamp = LedgerTests.modified(path)
        TestSupport.write(Self.fix(100), to: w.root, "data/enrolment-KGZ.csv")
        LedgerTests.setModified(path, stamp + 2_000_000_000)
        #expect(try w.run().changes?.inputs.map(\.kind.rawValue) == ["changed"])
        #expect(Self.near(w.girls(), 100))
        #expect(try w.nothingNewDiffers() == [])
        #expect(Self.near(w.girls(), 100))
    }

    @Test func aDuplicateComesBackInThePlaceOfTheFileItDuplicated() throws {
        // a and c are the same March correction, b the June one, all in one run: in name order
        // a < b < c, so b is newer than a and c is a's duplicate. When a goes, c takes a's
        // place: still older than b.
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-a.csv", Self.fix(100))
        w.drop("enrolment-KGZ-b.csv", Self.fix(110))
        w.drop("enrolment-KGZ-c.csv", Self.fix(100))
        _ = try w.run()
        #expect(Self.near(w.girls(), 110))
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/enrolment-KGZ-a.csv")
        let result = try w.run()
        // c is back in a's place, and so still replaced by b: one change, superseded. a was
        // superseded too, and its going is said.
        #expect(result.changes?.inputs.map(\.kind.rawValue).sorted() == ["removed", "superseded"])
        #expect(
            result.changes?.inputs.first { $0.kind.rawValue == "removed" }?.detail
                == "no longer found (it was superseded)")
        #expect(Self.near(w.girls(), 110))
        let c = try #require(try Self.records(w).first { $0.path == "inbox/processed/enrolment-KGZ-c.csv" })
        #expect(c.status == .superseded && c.deliveryName == "inbox/processed/enrolment-KGZ-a.csv")
        #expect(try w.nothingNewDiffers() == [])
    }

    @Test func aCorrectionSavedTwiceThenCorrectedAgainStaysPut() throws {
        // F1c: the docs' own workflow, then a second correction.
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-2025-03-corrected.csv", Self.fix(100))
        w.drop("enrolment-KGZ-2025-03-corrected (1).csv", Self.fix(100))
        _ = try w.run()
        w.drop("enrolment-KGZ-2025-06-corrected.csv", Self.fix(110))
        let june = try w.run()
        #expect(Self.near(w.girls(), 110))
        #expect(june.changes?.valuesChanged ?? 0 > 0)
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F2: a delivery's rank is fixed when it first arrives

    @Test func anEditedDeliveryKeepsItsRankInEveryRun() throws {
        // F2a: March gives 2019 and 2020, June (newer) 2019 only. March edited in processed/:
        // its 2020 edit counts, its 2019 stays replaced by June, then and in every later run.
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-march.csv", Self.twoYears(100, 100))
        _ = try w.run()
        w.drop("enrolment-KGZ-june.csv", Self.fix(110))
        _ = try w.run()
        #expect(Self.near(w.girls(2019), 110) && Self.near(w.girls(2020), 100))
        let march = w.inbox + "/processed/enrolment-KGZ-march.csv"
        let stamp = LedgerTests.modified(march)
        TestSupport.write(Self.twoYears(120, 105), to: w.inbox, "processed/enrolment-KGZ-march.csv")
        LedgerTests.setModified(march, stamp + 2_000_000_000)
        _ = try w.run()
        #expect(Self.near(w.girls(2019), 110) && Self.near(w.girls(2020), 105))
        #expect(try w.nothingNewDiffers() == [])
        #expect(Self.near(w.girls(2019), 110) && Self.near(w.girls(2020), 105))
    }

    @Test func aDeliveryThatComesBackKeepsItsRank() throws {
        // F2b: processed/ away for one run (an unmounted share), then back with the same files:
        // June was delivered after March and stays newer, although "june" < "march" by name.
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-march.csv", Self.fix(100))
        _ = try w.run()
        w.drop("enrolment-KGZ-june.csv", Self.fix(110))
        _ = try w.run()
        #expect(Self.near(w.girls(), 110))
        let away = w.root + "/away"
        try FileManager.default.moveItem(atPath: w.inbox + "/processed", toPath: away)
        let gone = try w.run()
        #expect(Self.near(w.girls(), 95))
        // June (in use) and March (superseded) are both said to be gone; the original is back.
        #expect(gone.changes?.inputs.map(\.kind.rawValue).sorted() == ["removed", "removed", "restored"])
        try FileManager.default.moveItem(atPath: away, toPath: w.inbox + "/processed")
        let back = try w.run()
        // Both back under their records: June in use, March and the original superseded by it.
        #expect(back.changes?.inputs.map(\.kind.rawValue).sorted() == ["restored", "superseded", "superseded"])
        let june = try #require(try Self.records(w).first { $0.path == "inbox/processed/enrolment-KGZ-june.csv" })
        #expect(june.status == .active && june.note == "arrived in the inbox as inbox/enrolment-KGZ-june.csv")
        #expect(Self.near(w.girls(), 110))
        #expect(try w.nothingNewDiffers() == [])
        #expect(Self.near(w.girls(), 110))
    }

    // MARK: - F3: a file still being written is left for a later run

    @Test func aFileModifiedInTheLastSecondsWaits() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let full = Self.fix(100)
        let path = TestSupport.write(String(full.prefix(full.count / 2)), to: w.inbox, "enrolment-KGZ-fix.csv")
        let half = try w.run(settle: 5)
        #expect(half.quality.groups.contains { $0.code == "inbox.settling" })
        // The same words in every run while it settles (no age in them).
        let again = try w.run(settle: 5)
        #expect(
            again.quality.problems.filter { $0.code == "inbox.settling" }
                == half.quality.problems.filter {
                    $0.code == "inbox.settling"
                })
        #expect(Inbox.waitingNames(w.inbox) == ["enrolment-KGZ-fix.csv"])
        #expect(Self.near(w.girls(), 95))
        // The copy completes; a few seconds later it is taken whole.
        TestSupport.write(full, to: w.inbox, "enrolment-KGZ-fix.csv")
        LedgerWorkspace.backdate(path, seconds: 6)
        _ = try w.run(settle: 5)
        #expect(Self.near(w.girls(), 100) && Self.near(w.values()["ger,KGZ,2019,1,M"], 95))
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F4 and F19: what the fingerprint holds

    @Test func everyReadingSettingAndTheBuildChangeTheFingerprint() {
        var spec = SourceSpec(id: "population", index: 0, format: .table, measure: .population, columns: [:], files: [])
        let filter = RowFilter(countries: nil, years: nil)
        func print(_ s: SourceSpec, build: String = "b1") -> String {
            ContributionFingerprint.of(source: s, display: "data/p.csv", filter: filter, version: "0.1.0", build: build)
        }
        let defaults = print(spec)
        spec.thousands = []  // thousands: none
        #expect(print(spec) != defaults)
        spec.thousands = nil
        #expect(print(spec) == defaults)
        // Another build of the same version: another fingerprint.
        #expect(print(spec, build: "b2") != defaults)
        #expect(BuildIdentity.current.hasPrefix("build-id ") || BuildIdentity.current.hasPrefix("executable "))
        // The source's position is not in it (F19): a stored contribution is placed at the
        // source's position when decoded.
        spec.index = 3
        #expect(print(spec) == defaults)
    }

    @Test func aSourceAddedBeforeOthersReadsNoOtherFile() throws {
        // F19: adding a source at the top used to re-read every file after it.
        let w = LedgerWorkspace()
        _ = try w.run()
        let before = w.values()
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        let extra = """
            sources:
              - id: teachers
                path: data/teachers-*.csv
                format: table
                measure: teachers
                columns: {country: Country, year: Year, level: ISCED, value: Teachers}

            """
        TestSupport.write(text.replacingOccurrences(of: "sources:\n", with: extra), to: w.root, "pipeline.yml")
        let result = try w.run()
        #expect(result.filesRead == 0 && result.filesReused == 4)
        #expect(w.values() == before)
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F5: deliveries the results leave out are said loudly

    @Test func deliveriesThePipelineNoLongerReadsAreErrors() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", Self.fix(100))
        _ = try w.run()
        // The pipeline file renamed: its ledger records are under the old name.
        let renamed = w.root + "/pipeline-2025.yml"
        try FileManager.default.copyItem(atPath: w.pipeline, toPath: renamed)
        let result = try w.run(pipeline: renamed)
        let unknown = result.quality.problems.first { $0.code == "inbox.unknown-processed" }
        #expect(unknown?.severity == .error && result.exitCode(strict: true) == 1)
        #expect(unknown?.file == "inbox/processed/enrolment-KGZ-fix.csv")
        #expect(try w.nothingNewDiffers(pipeline: renamed) == [])
        // Another ledger: the same.
        let other = try w.run(ledger: w.root + "/other.sqlite")
        #expect(other.quality.groups.contains { $0.code == "inbox.unknown-processed" })
        // 'inbox:' removed: the delivery is known but not read.
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(text.replacingOccurrences(of: "inbox: inbox\n", with: ""), to: w.root, "pipeline.yml")
        let noInbox = try w.run()
        #expect(Self.near(w.girls(), 95))
        let notRead = noInbox.quality.problems.first { $0.code == "inbox.not-read" }
        #expect(notRead?.severity == .error && notRead?.file == "inbox/processed/enrolment-KGZ-fix.csv")
        #expect(try w.nothingNewDiffers() == [])
        let status = try TestSupport.runCLI(["status", w.pipeline, "--ledger", w.ledger])
        #expect(status.out.contains("not used: the pipeline file has no 'inbox:'"), "\(status.out)")
    }

    // MARK: - F6: a census split by region

    /// A census pipeline on the workspace: one pupil per row, with its region.
    static func census(_ w: LedgerWorkspace) {
        TestSupport.write(
            """
            name: census-test
            countries: [KGZ]
            inbox: inbox
            sources:
              - id: students
                path: data/students-*.csv
                format: microdata
                kind: student-census
                columns: {country: Country, year: Year, level: ISCED, age: Age, sex: Sex, region: Region}
                inbox: "students-*.csv"
              - id: population
                path: data/population-*.csv
                format: table
                measure: population
                columns: {country: Country, year: Year, sex: Sex, age: Age, value: Population}
            indicators: [ger]
            outputs:
              dir: out

            """, to: w.root, "pipeline.yml")
    }

    /// `n` pupils of each sex and age 7-10 in primary, KGZ 2019, in each of `regions`.
    static func pupils(_ n: Int, _ regions: [String]) -> String {
        var s = "Country,Year,ISCED,Age,Sex,Region\n"
        for region in regions {
            for sex in ["F", "M"] {
                for age in 7...10 { s += String(repeating: "KGZ,2019,1,\(age),\(sex),\(region)\n", count: n) }
            }
        }
        return s
    }

    @Test func aCorrectionForOneRegionOfACensusReplacesThatRegionOnly() throws {
        let w = LedgerWorkspace()
        Self.census(w)
        TestSupport.write(Self.pupils(50, ["North"]), to: w.root, "data/students-north.csv")
        TestSupport.write(Self.pupils(45, ["South"]), to: w.root, "data/students-south.csv")
        _ = try w.run()
        // Summed: 4 × (50 + 45) / 400.
        #expect(Self.near(w.girls(), 95))
        w.drop("students-north-corrected.csv", Self.pupils(55, ["North"]))
        let result = try w.run()
        // North replaced, South kept: 4 × (55 + 45) / 400.
        #expect(Self.near(w.girls(), 100))
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["added", "superseded"])
        #expect(result.changes?.inputs.last?.path == "data/students-north.csv")
        #expect(try w.nothingNewDiffers() == [])
        // A correction for the South of a file that counts both: the file's pupils cannot be
        // split, so it goes whole, and the North it also counted is an error, not a silent loss.
        TestSupport.write(Self.pupils(50, ["North", "South"]), to: w.root, "data/students-north.csv")
        try FileManager.default.removeItem(atPath: w.root + "/data/students-south.csv")
        try FileManager.default.removeItem(atPath: w.inbox + "/processed/students-north-corrected.csv")
        _ = try w.run()
        #expect(Self.near(w.girls(), 100))  // 4 × (50 + 50) / 400
        w.drop("students-south-corrected.csv", Self.pupils(40, ["South"]))
        let partial = try w.run()
        let lost = partial.quality.problems.first { $0.code == "inbox.census-part-replaced" }
        #expect(
            lost?.severity == .error && lost?.message.contains("region(s) North") == true, "\(String(describing: lost))"
        )
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F7: validate says what a run will quarantine

    @Test func validateAgreesWithRunOnQuarantine() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-bad-header.csv", "Land,Jahr,Schueler\nKGZ,2020,5\n")
        w.drop("enrolment-KGZ-all-rejected.csv", "Country,Year,ISCED,Sex,Age,Pupils\nKGZ,2019,1,F,7,12x\n")
        let check = try w.run(validate: true)
        let codes = Set(check.quality.groups.filter { $0.severity == .error }.map(\.code))
        #expect(codes == ["header.missing-column", "row.bad-number"])
        #expect(check.inbox?.quarantined.count == 2 && check.inbox?.waiting.count == 2)
        let cli = try TestSupport.runCLI(["validate", w.pipeline, "--ledger", w.ledger])
        #expect(
            cli.out.contains("Inbox: 2 file(s) waiting, checked where they are; 2 would be quarantined"), "\(cli.out)")
        #expect(Inbox.waitingNames(w.inbox).count == 2)
        let run = try w.run()
        #expect(Set(run.quality.groups.filter { $0.severity == .error }.map(\.code)) == codes)
        #expect(run.changes?.inputs.map(\.kind.rawValue) == ["quarantined", "quarantined"])
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F8: pipelines sharing a ledger keep their own "before" values

    @Test func anotherPipelineOnTheLedgerLeavesThisOnesEditionsAlone() throws {
        let w = LedgerWorkspace()
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        let other = TestSupport.write(
            text.replacingOccurrences(of: "inbox: inbox\n", with: "").replacingOccurrences(
                of: "dir: out", with: "dir: out-b"), to: w.root, "other.yml")
        _ = try w.run()
        for i in 1...4 {
            try (String(contentsOfFile: other, encoding: .utf8) + "# edit \(i)\n").write(
                toFile: other, atomically: true, encoding: .utf8)
            _ = try w.run(pipeline: other)
        }
        #expect(try w.nothingNewDiffers() == [])
        w.drop("enrolment-KGZ-fix.csv", Self.fix(100))
        let result = try w.run()
        // Girls and both sexes together change, and the parity index: 95 → 100 for girls.
        let changes = try #require(result.changes)
        #expect(changes.values.contains { $0.key.hasPrefix("ger,KGZ,2019,1,F,") && $0.old == "95" && $0.new == "100" })
    }

    // MARK: - F10, F16: folders and ids that cannot work are pipeline-file errors

    @Test func anInboxOverlappingAnotherFolderIsAPipelineFileError() throws {
        let w = LedgerWorkspace()
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        for inbox in ["out", ".", "data", "data/.."] {
            TestSupport.write(
                text.replacingOccurrences(of: "inbox: inbox\n", with: "inbox: \(inbox)\n"), to: w.root, "p.yml")
            #expect(throws: PipelineFileError.self, "inbox: \(inbox)") {
                _ = try PipelineFileParser.load(w.root + "/p.yml")
            }
            do { _ = try PipelineFileParser.load(w.root + "/p.yml") } catch {
                #expect(error.description.contains("inbox"), "\(error.description)")
            }
        }
        let cli = try TestSupport.runCLI(["run", w.pipeline, "--ledger", w.ledger, "--output", w.inbox])
        #expect(cli.code == 2 && cli.err.contains("output folder"), "\(cli.err)")
        #expect(!FileManager.default.fileExists(atPath: w.inbox + "/indicators.csv"))
    }

    @Test func aSourceIdThatIsNotAPlainNameIsAPipelineFileError() throws {
        let w = LedgerWorkspace()
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        for id in ["../../escaped", ".hidden", "a/b"] {
            TestSupport.write(
                text.replacingOccurrences(of: "- id: enrolment", with: "- id: \"\(id)\""), to: w.root, "p.yml")
            #expect(throws: PipelineFileError.self, "id \(id)") { _ = try PipelineFileParser.load(w.root + "/p.yml") }
        }
    }

    // MARK: - F11, F20: moving files that are not plain files on the same disk

    @Test func aSymlinkDroppedInTheInboxIsCopiedIntoProcessed() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let target = TestSupport.write(Self.fix(100), to: w.root, "deliveries/kgz-fix.csv")
        LedgerWorkspace.backdate(target)
        try FileManager.default.createSymbolicLink(
            atPath: w.inbox + "/enrolment-KGZ-fix.csv", withDestinationPath: "../deliveries/kgz-fix.csv")
        _ = try w.run()
        #expect(Self.near(w.girls(), 100))
        let moved = w.inbox + "/processed/enrolment-KGZ-fix.csv"
        var st = stat()
        #expect(lstat(moved, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
        #expect(FileManager.default.contents(atPath: moved) == Data(Self.fix(100).utf8))
        #expect(try w.nothingNewDiffers() == [])
        #expect(Self.near(w.girls(), 100))
    }

    @Test func aBrokenLinkInTheInboxIsAnError() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        try FileManager.default.createSymbolicLink(
            atPath: w.inbox + "/enrolment-KGZ-fix.csv", withDestinationPath: "/nonexistent/kgz-fix.csv")
        let result = try w.run()
        let broken = result.quality.problems.first { $0.code == "inbox.broken-link" }
        #expect(broken?.severity == .error && broken?.message.contains("/nonexistent/kgz-fix.csv") == true)
        #expect(try w.nothingNewDiffers() == [])
    }

    @Test func processedOnAnotherFileSystemIsCopiedThenRemoved() throws {
        let w = LedgerWorkspace()
        let elsewhere = "/dev/shm/sdg4-tests-" + UUID().uuidString
        var a = stat()
        var b = stat()
        guard (try? FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)) != nil,
            stat(elsewhere, &a) == 0, stat(w.inbox, &b) == 0, a.st_dev != b.st_dev
        else {
            print("skipped: /dev/shm is not another file system here")
            return
        }
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createSymbolicLink(atPath: w.inbox + "/processed", withDestinationPath: elsewhere)
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", Self.fix(100))
        _ = try w.run()
        #expect(Self.near(w.girls(), 100))
        #expect(Inbox.waitingNames(w.inbox).isEmpty)
        #expect(FileManager.default.contents(atPath: elsewhere + "/enrolment-KGZ-fix.csv") == Data(Self.fix(100).utf8))
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F12, F15: the output folder holds one whole set

    @Test func staleSDMXAndRejectsFilesAreRemoved() throws {
        let w = LedgerWorkspace()
        TestSupport.write(
            try Self.original(w) + "KGZ,2020,1,F,7,12x\n", to: w.root, "data/enrolment-KGZ.csv")
        _ = try w.run()
        // GER has no SDG series, so this pipeline writes no per-area SDMX file: the ones an
        // earlier run with other indicators wrote stand in the folder.
        TestSupport.write("STRUCTURE,STRUCTURE_ID\n", to: w.out, "sdmx/TJK.csv")
        #expect(FileManager.default.fileExists(atPath: w.out + "/rejects/enrolment.csv"))
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(
            text.replacingOccurrences(of: "countries: [KGZ, TJK]", with: "countries: [KGZ]")
                .replacingOccurrences(of: "- id: enrolment", with: "- id: enrol"), to: w.root, "pipeline.yml")
        _ = try w.run()
        #expect(!FileManager.default.fileExists(atPath: w.out + "/sdmx/TJK.csv"))
        #expect(FileManager.default.fileExists(atPath: w.out + "/sdmx/sdg4.csv"))
        #expect(!FileManager.default.fileExists(atPath: w.out + "/rejects/enrolment.csv"))
        #expect(FileManager.default.fileExists(atPath: w.out + "/rejects/enrol.csv"))
        #expect(try w.nothingNewDiffers() == [])
    }

    @Test func thePipelinesOwnOutputsAreNeverInputsWhateverTheOutputFolder() throws {
        // The output folder is also a source's folder (a glob of `*`), and a run writes elsewhere.
        let w = LedgerWorkspace()
        try FileManager.default.createDirectory(atPath: w.out, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(
            text.replacingOccurrences(of: "path: data/population-*.csv", with: "path: [data/population-*.csv, out/*]"),
            to: w.root, "pipeline.yml")
        _ = try w.run()
        let definition = try PipelineFileParser.load(w.pipeline)
        let elsewhere = try PipelineRunner(
            definition: definition,
            options: .init(jobs: 2, outputDirectory: w.root + "/elsewhere", ledgerPath: w.ledger)
        ).run()
        #expect(elsewhere.manifest.inputs.count == 4 && elsewhere.quality.errors == 0)
        #expect(Self.near(w.girls(), 95))
    }

    @Test func aPublishThatCannotFinishLeavesThePreviousSetWhole() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let before = w.outputs()
        // The reports' folder cannot be written: a file stands where it should be.
        try FileManager.default.removeItem(atPath: w.out + "/countries")
        TestSupport.write("in the way\n", to: w.out, "countries")
        w.drop("enrolment-KGZ-fix.csv", Self.fix(100))
        #expect(throws: RunFailure.self) { _ = try w.run() }
        var now = w.outputs()
        now["countries"] = nil
        #expect(now == before.filter { !$0.key.hasPrefix("countries/") })
        #expect(Self.near(w.girls(), 95))
        try FileManager.default.removeItem(atPath: w.out + "/countries")
        _ = try w.run()
        #expect(Self.near(w.girls(), 100))
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F13: an edit that keeps size and time

    @Test func runJsonSaysWhichHashesWereNotComputedAndRehashReadsAll() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        let path = w.root + "/data/enrolment-KGZ.csv"
        let stamp = LedgerTests.modified(path)
        TestSupport.write(Self.fix(99), to: w.root, "data/enrolment-KGZ.csv")  // same size: 95 → 99
        LedgerTests.setModified(path, stamp)
        let unseen = try w.run()
        #expect(unseen.filesRead == 0 && Self.near(w.girls(), 95))
        #expect(unseen.manifest.ledger?.notRead.contains("data/enrolment-KGZ.csv") == true)
        let definition = try PipelineFileParser.load(w.pipeline)
        let rehashed = try PipelineRunner(
            definition: definition, options: .init(jobs: 2, ledgerPath: w.ledger, rehash: true)
        ).run()
        #expect(rehashed.filesRead == 4 && rehashed.manifest.ledger?.notRead == [])
        #expect(Self.near(w.girls(), 99))
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F14: a ledger the user can only read

    @Test func statusAndValidateWorkOnALedgerTheUserCanOnlyRead() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-fix.csv", Self.fix(100))
        _ = try w.run()
        let folder = w.root + "/.sdg4"
        let before = LedgerWorkspace.tree(folder)
        var prefix: [String] = []
        if getuid() == 0 {
            // root can write anything: run as nobody, who can read the tree only.
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                print("skipped: running as root without setpriv to drop privileges")
                return
            }
            prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            _ = try TestSupport.run("/bin/chmod", ["-R", "a+rX", w.root])
            var dir = (w.root as NSString).deletingLastPathComponent
            while dir != "/" {
                chmod(dir, 0o755 | (Self.mode(dir) & 0o1000))
                dir = (dir as NSString).deletingLastPathComponent
            }
        } else {
            chmod(folder + "/ledger.sqlite", 0o444)
            chmod(folder, 0o555)
        }
        defer { chmod(folder, 0o755) }
        for command in ["status", "validate"] {
            let r = try TestSupport.run(
                prefix.first ?? TestSupport.executable,
                Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [TestSupport.executable])
                    + [command, w.pipeline, "--ledger", w.ledger])
            #expect(r.code == 0, "\(command): \(r.err)")
            if command == "status" { #expect(r.out.contains("1 superseded"), "\(r.out)") }
        }
        #expect(LedgerWorkspace.tree(folder) == before)
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        stat(path, &st)
        return st.st_mode
    }

    // MARK: - F17: a slice given only as missing

    @Test func aSliceGivenOnlyAsMissingIsWithdrawn() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        var text = "Country,Year,ISCED,Sex,Age,Pupils\n"
        for sex in ["F", "M"] { for age in 7...10 { text += "KGZ,2019,1,\(sex),\(age),..\n" } }
        w.drop("enrolment-KGZ-2019-withdrawn.csv", text)
        let result = try w.run()
        #expect(w.girls() == nil && w.values()["ger,KGZ,2019,1,M"] == nil)
        #expect(result.changes?.inputs.map(\.kind.rawValue) == ["added", "superseded"])
        // Tajikistan is another slice: untouched.
        #expect(Self.near(w.values()["ger,TJK,2019,1,F"], 90))
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F18: status says what is

    @Test func theLedgerNamesTheNewestReplacementAndFollowsARenamedSource() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-a.csv", Self.fix(100))
        _ = try w.run()
        w.drop("enrolment-KGZ-b.csv", Self.fix(110))
        _ = try w.run()
        var records = try Self.records(w)
        let b = try #require(records.first { $0.path == "inbox/processed/enrolment-KGZ-b.csv" })
        #expect(records.first { $0.path == "data/enrolment-KGZ.csv" }?.supersededBy == b.id)
        // The source renamed: its records follow, and a copy dropped for it is a duplicate.
        let text = try String(contentsOfFile: w.pipeline, encoding: .utf8)
        TestSupport.write(
            text.replacingOccurrences(of: "- id: enrolment", with: "- id: enrol"), to: w.root, "pipeline.yml")
        _ = try w.run()
        records = try Self.records(w)
        #expect(records.filter { $0.path.hasPrefix("data/enrolment-") }.allSatisfy { $0.sourceId == "enrol" })
        w.drop(
            "enrolment-TJK-copy.csv", try String(contentsOfFile: w.root + "/data/enrolment-TJK.csv", encoding: .utf8))
        #expect(try w.run().changes?.inputs.map(\.kind.rawValue) == ["duplicate"])
        #expect(try w.nothingNewDiffers() == [])
    }

    // MARK: - F21: a quarantined file is an error while it is in quarantine/

    @Test func aQuarantinedFileStaysAnErrorUntilItLeavesQuarantine() throws {
        let w = LedgerWorkspace()
        _ = try w.run()
        w.drop("enrolment-KGZ-bad-header.csv", "Land,Jahr,Schueler\nKGZ,2020,5\n")
        #expect(try w.run().exitCode(strict: true) == 1)
        // An unrelated good file arrives: the bad one is still not fixed.
        w.drop("enrolment-TJK-2020.csv", LedgerWorkspace.enrolment("TJK", 2020, pupils: 80))
        let next = try w.run()
        #expect(next.quality.groups.contains { $0.code == "header.missing-column" })
        #expect(next.exitCode(strict: true) == 1)
        #expect(try w.nothingNewDiffers() == [])
        // Dealt with: out of quarantine, and the error goes.
        try FileManager.default.removeItem(atPath: w.inbox + "/quarantine/enrolment-KGZ-bad-header.csv")
        let fixed = try w.run()
        #expect(!fixed.quality.groups.contains { $0.code == "header.missing-column" })
        #expect(fixed.exitCode(strict: true) == 0)
        #expect(fixed.changes?.inputs.map(\.kind.rawValue) == ["removed"])
        #expect(try Self.records(w).filter { $0.status == .quarantined }.isEmpty)
        #expect(try w.nothingNewDiffers() == [])
    }
}
