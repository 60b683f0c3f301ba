import Foundation
import Testing
import ZIPFoundation

@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Bad rows and bad files: each gets its code, line and column, and the good rows still go
/// through.
@Suite("Row and file problems")
struct RowProblemTests {
    static let tableSource = """
        sources:
          - id: e
            path: data/*
            format: table
            measure: enrolment
            columns: {country: Country, year: Year, level: Level, sex: Sex, age: Age, value: Pupils}
        """

    /// The same source's keys, for `TestSupport.read`.
    static let tableColumns =
        "    format: table\n    measure: enrolment\n    columns: {country: Country, year: Year, level: Level, sex: Sex, age: Age, value: Pupils}\n"

    static func run(files: [String: String], pipeline: String = tableSource) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        for (name, text) in files { TestSupport.write(text, to: folder, "data/" + name) }
        let path = TestSupport.write(pipeline, to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 2, outputDirectory: folder + "/out")
        ).run()
    }

    @Test func everyBadRowIsFoundInOnePass() throws {
        let csv = """
            Country,Year,Level,Sex,Age,Pupils
            KGZ,2019,1,F,7,100
            KGZ,2019,1,F,8
            KGZ,19,1,F,9,100
            KGZ,2019,1,F,10,-4
            KGZ,2019,9,F,11,100
            KGZ,2019,1,X,12,100
            KGZ,2019,1,F,seven,100
            KGZ,2019,1,M,7,"1,000"
            KGZ,2019,1,M,8,100

            """
        // The read stage alone: the file in, its problems and counts out.
        let result = try TestSupport.read(Self.tableColumns, csv)
        let found = result.diagnostics.map { "\($0.code)@\($0.line):\($0.column)" }
        #expect(
            found == [
                "row.ragged@3:0", "row.bad-year@4:2", "row.negative-count@5:6", "row.unknown-level@6:3",
                "row.unknown-sex@7:4", "row.bad-age@8:5", "row.bad-number@9:6",
            ])
        #expect(result.input.rowsRead == 9)
        #expect(result.input.rowsAccepted == 2)
        #expect(result.input.rowsRejected == 7)
        #expect(result.diagnostics.first { $0.code == "row.bad-number" }?.value == "1,000")
        #expect(result.rejects.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
    }

    @Test func unterminatedQuoteKeepsTheRowsBeforeAndSaysWhere() throws {
        let csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\nKGZ,2019,1,F,8,\"100\nKGZ,2019,1,F,9,100\n"
        let result = try TestSupport.read(Self.tableColumns, csv)
        let problem = try #require(result.diagnostics.first)
        #expect(problem.code == "csv.unterminated-quote")
        #expect(problem.line == 3)
        #expect(result.input.status == .partial)
        #expect(result.input.rowsAccepted == 1)
    }

    @Test func emptyFileIsReportedAndTheOtherFilesGoThrough() throws {
        let good = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\n"
        let result = try Self.run(files: ["a.csv": "", "b.csv": good])
        #expect(result.quality.problems.map(\.code) == ["file.empty"])
        #expect(result.quality.problems[0].file == "data/a.csv")
        #expect(result.manifest.inputs.map(\.status.rawValue) == ["unreadable", "ok"])
        #expect(result.usableRows == 1)
    }

    @Test func tooManyProblemsOfOneKindAreCounted() throws {
        var csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,6,10\n"
        for _ in 0..<250 { csv += "KGZ,2019,1,F,7,abc\n" }
        let result = try Self.run(files: ["a.csv": csv])
        let badNumbers = result.quality.problems.filter { $0.code == "row.bad-number" }
        // 200 in full, then one summary problem saying 50 more.
        #expect(badNumbers.count == 201)
        #expect(badNumbers.last!.message.hasPrefix("50 more problem(s)"))
        #expect(badNumbers.last!.occurrences == 50)
        #expect(result.manifest.inputs[0].rowsRejected == 250)
        // Every problem is counted, not only the listed ones.
        #expect(result.quality.errors == 250)
        #expect(result.quality.groups.first { $0.code == "row.bad-number" }?.count == 250)
        #expect(result.manifest.problems["error"] == 250)
    }

    @Test func uisBulkInsideAZipIsRead() throws {
        let folder = TestSupport.temporaryFolder()
        let csv =
            "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\n20162,KGZ,2019,4,,\n20163,KGZ,2019,3,,UIS_EST\n"
        try FileManager.default.createDirectory(atPath: folder + "/uis", withIntermediateDirectories: true)
        let archive = try Archive(url: URL(fileURLWithPath: folder + "/uis/bulk.zip"), accessMode: .create)
        let bytes = Data(csv.utf8)
        try archive.addEntry(
            with: "SDG_DATA_NATIONAL.csv", type: .file, uncompressedSize: Int64(bytes.count),
            compressionMethod: .deflate
        ) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
        let path = TestSupport.write(
            "sources:\n  - id: uis\n    path: uis/*.zip\n    format: uis-bdds\n", to: folder, "p.yml")
        let result = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        #expect(result.manifest.inputs.map(\.path) == ["uis/bulk.zip!SDG_DATA_NATIONAL.csv"])
        let ftp = try #require(result.values.first { $0.uisId == "FTP.1" })
        // 100 × 3 / 4 = 75; the female count was a UIS estimate, so the value is flagged.
        #expect(ftp.value == 75)
        #expect(ftp.flags == ["estimate"])
    }
}

extension RowProblemTests {
    @Test func headerOnlyFileIsAWarning() throws {
        let result = try Self.run(files: ["a.csv": "Country,Year,Level,Sex,Age,Pupils\n"])
        #expect(
            result.quality.problems.map { "\($0.code) \($0.severity.rawValue)" } == [
                "file.no-rows warning", "input.none-usable error",
            ])
    }

    @Test func repeatedHeaderNameIsAnError() throws {
        let csv = "Country,Year,Level,Sex,Age,Pupils,Pupils\nKGZ,2019,1,F,7,1,2\n"
        let result = try Self.run(files: ["a.csv": csv])
        let problem = try #require(result.quality.problems.first)
        #expect(problem.code == "header.ambiguous-column")
        #expect(problem.message.contains("columns 6, 7"))
        #expect(result.manifest.inputs[0].rowsAccepted == 0)
    }

    @Test func implausiblyLargeCountIsRejected() throws {
        let csv =
            "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,99999999999999999999999\nKGZ,2019,1,F,8,1e308\nKGZ,2019,1,F,9,10\n"
        let result = try Self.run(files: ["a.csv": csv])
        #expect(
            result.quality.problems.map { "\($0.code)@\($0.line):\($0.column)" } == [
                "row.value-too-large@2:6", "row.value-too-large@3:6",
            ])
        #expect(result.manifest.inputs[0].rowsAccepted == 1)
    }

    @Test func anOpenQuoteCannotSwallowTheFile() throws {
        // Line 3 opens a quote that never closes; 300 000 more lines follow. The record is
        // abandoned once it passes 4 MiB, and the row before it is kept.
        var csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\nKGZ,2019,1,F,8,\"100\n"
        csv += String(repeating: "xxxxxxxxxxxxxxxxxxxx\n", count: 300_000)
        let result = try Self.run(files: ["a.csv": csv])
        let problem = try #require(result.quality.problems.first)
        #expect(problem.code == "csv.record-too-long")
        #expect(problem.line == 3)
        #expect(result.manifest.inputs[0].rowsAccepted == 1)
    }

    @Test func misspelledUISInputIdIsAWarning() throws {
        let csv = "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE\nSAP.1.T,KGZ,2019,100\nSAP.1,KGZ,2019,100\n"
        let result = try Self.run(
            files: ["a.csv": csv], pipeline: "sources:\n  - id: uis\n    path: data/*\n    format: uis-bdds\n")
        let problem = try #require(result.quality.problems.first)
        #expect(problem.code == "uis.unknown-input-id")
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("SAP.1.T"))
        #expect(result.manifest.inputs[0].rowsIgnored == 1)
    }

    @Test func zeroTeachersIsAWarningNotAValue() throws {
        let csv = "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE\n20062,KGZ,2019,87\n20162,KGZ,2019,0\n"
        let result = try Self.run(
            files: ["a.csv": csv], pipeline: "sources:\n  - id: uis\n    path: data/*\n    format: uis-bdds\n")
        #expect(!result.values.contains { $0.uisId == "PTRHC.1" })
        let problem = try #require(result.quality.problems.first { $0.code == "indicator.zero-denominator" })
        #expect(problem.message.contains("PTRHC.1 for KGZ 2019"))
    }

    @Test func manyDuplicatesAreCountedNotStored() throws {
        var csv = "Country,Year,Level,Sex,Age,Pupils\n"
        for _ in 0..<1000 { csv += "KGZ,2019,1,F,7,100\n" }
        let result = try Self.run(files: ["a.csv": csv])
        let input = result.manifest.inputs[0]
        #expect((input.rowsAccepted, input.rowsDuplicate) == (1, 999))
        let duplicates = result.quality.problems.filter { $0.code == "duplicate.identical" }
        #expect(duplicates.count == 201)
        #expect(duplicates.last!.message.hasPrefix("799 more problem(s)"))
    }
}

extension RowProblemTests {
    @Test func oldMacLineEndingsGiveRealLineNumbers() throws {
        let csv = "Country,Year,Level,Sex,Age,Pupils\rKGZ,2019,1,F,7,100\rKGZ,2019,1,F,8,abc\r"
        let result = try Self.run(files: ["a.csv": csv])
        #expect(result.quality.problems.map { "\($0.code)@\($0.line):\($0.column)" } == ["row.bad-number@3:6"])
    }

    @Test func aDamagedZipEntryIsUnreadableAndNothingFromItIsUsed() throws {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/uis", withIntermediateDirectories: true)
        let csv = "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE\n20162,KGZ,2019,4\n20163,KGZ,2019,3\n"
        let zipPath = folder + "/uis/bulk.zip"
        let archive = try Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        let bytes = Data(csv.utf8)
        try archive.addEntry(
            with: "data.csv", type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none
        ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        // Stored uncompressed: change "20163,KGZ,2019,3" to "20163,KGZ,2019,9" inside the zip.
        var zipped = try Data(contentsOf: URL(fileURLWithPath: zipPath))
        let target = Data("2019,3".utf8)
        let range = try #require(zipped.range(of: target))
        zipped[range.upperBound - 1] = UInt8(ascii: "9")
        try zipped.write(to: URL(fileURLWithPath: zipPath))
        let path = TestSupport.write(
            "sources:\n  - id: uis\n    path: uis/*.zip\n    format: uis-bdds\n", to: folder, "p.yml")
        let result = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        let problem = try #require(result.quality.problems.first)
        #expect(problem.code == "file.unreadable")
        #expect(problem.message.contains("checksum"))
        #expect(result.manifest.inputs[0].status == .unreadable)
        #expect(result.manifest.inputs[0].rowsAccepted == 0)
        #expect(result.values.isEmpty)
        // The rows before the damage was found are counted, as read, and rejected with the
        // file: 2 rows, whatever the chunk size the file was read in.
        #expect(result.manifest.inputs[0].rowsRead == 2)
        #expect(result.manifest.inputs[0].rowsRejected == 2)
        #expect(result.manifest.inputs[0].delimiter == ",")
    }

    @Test func aFileThatStopsEarlyIsStillHashedWhole() throws {
        let csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\nKGZ,2019,1,F,8,\"100\nKGZ,2019,1,F,9,100\n"
        let result = try Self.run(files: ["a.csv": csv])
        let input = result.manifest.inputs[0]
        #expect(input.status == .partial)
        #expect(input.bytes == csv.utf8.count)
        #expect(input.sha256 == SHA256.hex(Array(csv.utf8)))
    }

    @Test func countsThatDisagreeWithTheirPartsAreReported() throws {
        // Total 100 but F 60 + M 60 = 120: the total is used, the disagreement is an error.
        let csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,_T,_T,100\nKGZ,2019,1,F,_T,60\nKGZ,2019,1,M,_T,60\n"
        let result = try Self.run(files: ["a.csv": csv])
        let problem = try #require(result.quality.problems.first { $0.code == "consistency.total-vs-breakdown" })
        #expect(problem.message.contains("F + M is 120 but the total"))
        #expect(problem.message.contains("is 100"))
    }

    @Test func aLargeShareOfUnknownAgeIsAWarning() throws {
        // A total row with the age left empty (= unknown) beside ages 7-10: 100 of 200 unknown.
        let csv =
            "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,,100\nKGZ,2019,1,F,7,25\nKGZ,2019,1,F,8,25\nKGZ,2019,1,F,9,25\nKGZ,2019,1,F,10,25\n"
        let result = try Self.run(files: ["a.csv": csv])
        let problem = try #require(result.quality.problems.first { $0.code == "consistency.unknown-age-share" })
        #expect(problem.line == 2)
        #expect(problem.message.contains("50.0 %"))
    }

    @Test func aRowWithoutALevelIsRejectedForEnrolment() throws {
        let csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,,F,7,100\nKGZ,2019,1,F,7,100\n"
        let result = try Self.run(files: ["a.csv": csv])
        #expect(result.quality.problems.map { "\($0.code)@\($0.line):\($0.column)" } == ["row.missing-level@2:3"])
    }

    @Test func filtersThatKeepNothingSaySo() throws {
        let csv = "Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\n"
        let result = try Self.run(files: ["a.csv": csv], pipeline: "years: {from: 2020}\n" + Self.tableSource)
        let problem = try #require(result.quality.problems.first)
        #expect(problem.code == "input.none-usable")
        #expect(problem.message.contains("1 outside the countries/years filters"))
        #expect(result.exitCode(strict: false) == 1)
    }

    @Test func outputsAreNotReadBackAsInputs() throws {
        // outputs.dir is the input folder itself: indicators.csv must not become an input.
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("Country,Year,Level,Sex,Age,Pupils\nKGZ,2019,1,F,7,100\n", to: folder, "data/a.csv")
        let path = TestSupport.write(Self.tableSource, to: folder, "p.yml")
        for _ in 0..<2 {
            let result = try PipelineRunner(
                definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/data")
            ).run()
            #expect(result.manifest.inputs.map(\.path) == ["data/a.csv"])
        }
    }
}
