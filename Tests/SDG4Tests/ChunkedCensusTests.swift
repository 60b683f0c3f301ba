import Foundation
import SDG4Read
import Testing

@testable import SDG4Aggregate
@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// A large student census read in record-aligned chunks on several workers
/// (`ChunkedCensusFile`) must give exactly what the whole-file reader (`FileProcessor`) gives:
/// the same counts with the same first lines, the same problems with their lines and columns,
/// the same rejected rows and row counts. Checked on a deliberately messy file cut at every
/// chunk size from 40 to 400 bytes, with LF and CRLF line ends.
@Suite("Student census read in chunks")
struct ChunkedCensusTests {
    static let header = "Country,Year,Region,Level,Grade,Age,Sex,Location,Reading,Weight"

    /// A messy census: quoted regions with commas, a quoted line break, blank lines, long
    /// Cyrillic and English country names, unknown ages, and rows sdg4 must reject.
    static func messyCensus(lineEnd: String = "\n") -> String {
        var rows = [header]
        let countries = ["KGZ", "UZB", "Кыргызстан", "Kyrgyzstan", "860"]
        let regions = ["Бишкек", "\"Ош, юг\"", "Чуй", "Нарын"]
        var seed: UInt64 = 20_261_127
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for i in 0..<400 {
            let level = 1 + next(3)
            let grade = level == 1 ? 1 + next(4) : (level == 2 ? 5 + next(5) : 10 + next(2))
            var age = String(6 + grade + next(3))
            var sex = next(2) == 0 ? "F" : "M"
            var year = String(2023 + next(2))
            var reading = next(5) == 0 ? "" : String(300 + next(400)) + (next(2) == 0 ? ".5" : "")
            var weight = ["1", "0.5", "2", "1.25"][next(4)]
            var levelText = String(level)
            var extra = ""
            // Every 17th row has a problem or an unusual but valid value.
            switch i % 17 == 5 ? (i / 17) % 9 : -1 {
            case 0: age = "abc"  // rejected
            case 1: sex = "X"  // rejected
            case 2: age = "NA"  // unknown age: counted
            case 3: age = ""  // unknown age: counted
            case 4: reading = "abc"  // rejected
            case 5: weight = ""  // rejected when there is a score
            case 6: year = "20x3"  // rejected
            case 7: levelText = "9"  // rejected
            case 8: extra = ",surplus"  // ragged: rejected
            default: break
            }
            if i % 23 == 7 { reading = "n/a" }  // a missing marker: no score
            let country = countries[next(countries.count)]
            rows.append(
                "\(country),\(year),\(regions[next(regions.count)]),\(levelText),\(grade),\(age),\(sex),"
                    + "\(next(2) == 0 ? "U" : "R"),\(reading),\(weight)\(extra)")
            if i % 61 == 30 { rows.append("") }  // a blank line
            if i == 200 { rows.append("KGZ,2023,\"Нарын\nобласть\",1,1,7,F,R,455,1") }  // a quoted line break
        }
        return rows.joined(separator: lineEnd) + lineEnd
    }

    static let pipeline = """
        sources:
          - id: census
            path: census.csv
            format: microdata
            kind: student-census
            columns: {country: Country, year: Year, level: Level, grade: Grade, age: Age, sex: Sex, location: Location, weight: Weight}
            subjects: [{name: reading, score: Reading, cut_score: 450}]
        indicators: [cut-score-share, mean-score]
        """

    static func processor(_ text: String, years: ClosedRange<Int>? = nil) throws -> FileProcessor {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(text, to: folder, "census.csv")
        let definition = try PipelineFileParser.load(TestSupport.write(pipeline, to: folder, "p.yml"))
        let s = definition.sources[0]
        let source = SourceSpec(
            id: s.id, index: 0, format: s.format, measure: s.measure, columns: s.columns, microdata: s.microdata)
        return FileProcessor(
            source: source, file: InputFile(path: folder + "/census.csv"), fileIndex: 0, displayName: "census.csv",
            filter: RowFilter(years: years))
    }

    static func expectSame(_ a: FileResult, _ b: FileResult, _ label: String) {
        let keys = Set(a.partial.counted.keys).union(b.partial.counted.keys)
        let differing = keys.filter { a.partial.counted[$0] != b.partial.counted[$0] }.sorted().prefix(3)
        #expect(
            differing.isEmpty,
            "\(label): counts differ, e.g. \(differing.map { "\($0): \(String(describing: a.partial.counted[$0])) against \(String(describing: b.partial.counted[$0]))" })"
        )
        #expect(a.partial.scores.cells == b.partial.scores.cells, "\(label): score sums")
        #expect(a.diagnostics == b.diagnostics, "\(label): problems")
        #expect(a.rejects == b.rejects, "\(label): rejected rows")
        #expect(a.input == b.input, "\(label): manifest")
    }

    /// LF, CRLF, and CR CR LF (each line then counts two line breaks for the CSV reader, the
    /// header too).
    @Test(arguments: ["\n", "\r\n", "\r\r\n"])
    func everyChunkSizeGivesTheWholeFileResult(lineEnd: String) throws {
        let processor = try Self.processor(Self.messyCensus(lineEnd: lineEnd), years: 2023...2023)
        let whole = processor.process()
        // The file has what the test is about.
        #expect(whole.input.rowsRejected >= 10)
        #expect(whole.input.rowsFiltered > 100)
        #expect(whole.partial.counted.keys.contains { $0.age == .unknown })
        #expect(whole.rejects.contains { $0.codes == ["row.ragged"] })
        var chunked = 0
        for size in stride(from: 40, through: 400, by: 3) {
            for jobs in [1, 2] {
                guard let r = ChunkedCensusFile(processor: processor, chunkBytes: size, jobs: jobs).process() else {
                    continue  // a chunk boundary on a quoted line break: read whole instead
                }
                chunked += 1
                Self.expectSame(r, whole, "chunks of \(size) bytes, \(jobs) jobs")
            }
        }
        // Most sizes take the chunked path; those whose cut falls in the quoted line break do not.
        #expect(chunked > 150, "only \(chunked) of 242 reads were chunked")
        #expect(chunked < 242, "no cut fell on the quoted line break: the fallback was not exercised")
    }

    @Test func aFileWithoutQuotedLineBreaksIsAlwaysChunked() throws {
        let text = Self.messyCensus().replacingOccurrences(of: "\"Нарын\nобласть\"", with: "Нарын")
        #expect(!text.contains("Нарын\n"))
        let processor = try Self.processor(text)
        let whole = processor.process()
        for size in [64, 100, 1000, 4096] {
            let r = try #require(ChunkedCensusFile(processor: processor, chunkBytes: size, jobs: 2).process())
            Self.expectSame(r, whole, "chunks of \(size) bytes")
        }
    }

    @Test func anUnterminatedQuoteIsLeftToTheWholeFileReader() throws {
        let processor = try Self.processor(Self.messyCensus() + "KGZ,2023,\"Ош,1,1,7,F,U,400,1\n")
        #expect(ChunkedCensusFile(processor: processor, chunkBytes: 100, jobs: 2).process() == nil)
        let whole = processor.process()
        #expect(whole.diagnostics.contains { $0.code == "csv.unterminated-quote" })
    }

    /// Hand-computed: four girls and boys of primary in KGZ 2023, cut score 400.
    /// F: 300 (weight 1) and 500 (weight 2): share 2/3 = 66.67 %, mean (300 + 1000) / 3 = 433.33.
    /// M: 450 (weight 1) and no score: share 100 %, mean 450.
    /// Both: weight 4, at or above 3 → 75 %; mean (300 + 1000 + 450) / 4 = 437.5.
    @Test(arguments: [1, 2])
    func scoresByHand(jobs: Int) throws {
        let folder = TestSupport.temporaryFolder()
        var text = "Country,Year,Level,Grade,Age,Sex,Reading,Weight\n"
        text += "KGZ,2023,1,1,7,F,300,1\nKGZ,2023,1,1,7,F,500,2\nKGZ,2023,1,2,8,M,450,1\nKGZ,2023,1,2,8,M,,1\n"
        TestSupport.write(text, to: folder, "census.csv")
        let yaml = """
            sources:
              - id: census
                path: census.csv
                format: microdata
                kind: student-census
                columns: {country: Country, year: Year, level: Level, grade: Grade, age: Age, sex: Sex, weight: Weight}
                subjects: [{name: reading, score: Reading, cut_score: 400}]
            indicators: [cut-score-share, mean-score]
            """
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        // Chunks of 30 bytes: each row in a chunk of its own.
        let r = try PipelineRunner(
            definition: PipelineFileParser.load(path),
            options: .init(jobs: jobs, splitBytes: 30, outputDirectory: folder + "/out")
        ).run()
        func value(_ id: String) throws -> Double { try #require(r.values.first { $0.uisId == id }).value }
        #expect(try value("CUT.1.READING") == 75)
        #expect(abs(try value("CUT.1.READING.F") - 200.0 / 3) < 1e-12)
        #expect(try value("CUT.1.READING.M") == 100)
        #expect(try value("MEAN.1.READING") == 437.5)
        #expect(abs(try value("MEAN.1.READING.F") - 1300.0 / 3) < 1e-12)
        #expect(try value("MEAN.1.READING.M") == 450)
        #expect(r.manifest.inputs[0].rowsAccepted == 4)
    }

    @Test func outputsAreTheSameForAnyJobsAndChunkSize() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(Self.messyCensus(), to: folder, "census.csv")
        let path = TestSupport.write(Self.pipeline, to: folder, "p.yml")
        func run(jobs: Int, split: Int) throws -> [String: Data] {
            let out = folder + "/out-\(jobs)-\(split)"
            _ = try PipelineRunner(
                definition: PipelineFileParser.load(path),
                options: .init(jobs: jobs, splitBytes: split, outputDirectory: out)
            ).run()
            var files: [String: Data] = [:]
            for name in ["indicators.csv", "quality.json", "rejects/census.csv", "sdmx/sdg4.csv"] {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            }
            return files
        }
        let reference = try run(jobs: 1, split: 1 << 30)  // read whole
        #expect(String(decoding: reference["indicators.csv"]!, as: UTF8.self).contains("MEAN.1.READING"))
        for (jobs, split) in [(1, 500), (2, 500), (2, 97), (1, 97)] {
            #expect(try run(jobs: jobs, split: split) == reference, "jobs \(jobs), chunks of \(split) bytes")
        }
    }

    @Test func lineBreaksAreCountedAsTheCSVReaderCountsLines() {
        for (text, expected) in [("a\nb\n", 2), ("a\r\nb\r\n", 2), ("a\rb\r", 2), ("a\r\n\rb", 2), ("", 0)] {
            let n = Array(text.utf8).withUnsafeBytes { RecordChunks.lineBreaks($0) }
            #expect(n == expected, "\(text.debugDescription)")
        }
        let long = String(repeating: "abc,\"d\ne\"\n", count: 37)
        #expect(Array(long.utf8).withUnsafeBytes { RecordChunks.lineBreaks($0) } == 74)
    }

    /// A field over the reader's 1 MiB limit in a column sdg4 does not use still rejects its row
    /// (`csv.field-too-long`), as in a whole-file read.
    @Test func aHugeFieldInAnUnusedColumnRejectsItsRow() throws {
        var text = Self.header + ",Note\n"
        for i in 0..<40 {
            let note = i == 17 ? String(repeating: "x", count: (1 << 20) + 1) : "ok"
            text += "KGZ,2023,Бишкек,1,1,7,F,U,400,1,\(note)\n"
        }
        let processor = try Self.processor(text)
        let whole = processor.process()
        #expect(whole.input.rowsRejected == 1)
        #expect(whole.diagnostics.contains { $0.code == "csv.field-too-long" && $0.line == 19 })
        let r = try #require(ChunkedCensusFile(processor: processor, chunkBytes: 4096, jobs: 2).process())
        Self.expectSame(r, whole, "chunks of 4096 bytes")
    }

    /// The source's own `missing:` texts mean an unknown age and no score, in both readers, even
    /// a marker that reads as a number.
    @Test func theSourcesMissingMarkersApply() throws {
        let folder = TestSupport.temporaryFolder()
        var text = "Country,Year,Level,Grade,Age,Sex,Reading\n"
        for i in 0..<30 {
            let score = i % 5 == 0 ? "нет" : (i % 5 == 1 ? "-9" : "500")
            text += "KGZ,2023,1,1,\(i % 3 == 0 ? "нет" : "7"),F,\(score)\n"
        }
        TestSupport.write(text, to: folder, "census.csv")
        let yaml = """
            sources:
              - id: census
                path: census.csv
                format: microdata
                kind: student-census
                columns: {country: Country, year: Year, level: Level, grade: Grade, age: Age, sex: Sex}
                subjects: [{name: reading, score: Reading, cut_score: 400}]
                missing: [нет, "-9"]
            indicators: [mean-score]
            """
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        for split in [1 << 30, 64] {
            let r = try PipelineRunner(
                definition: PipelineFileParser.load(path),
                options: .init(jobs: 2, splitBytes: split, outputDirectory: folder + "/out-\(split)")
            ).run()
            // 30 pupils, none rejected; 12 without a score (`нет` and `-9`, a marker that reads as
            // a number); 10 of unknown age.
            #expect(r.manifest.inputs[0].rowsAccepted == 30, "split \(split)")
            let mean = try #require(r.values.first { $0.uisId == "MEAN.1.READING.F" })
            #expect((mean.value, mean.denominator) == (500, 18), "split \(split)")
        }
    }

    /// The total of the scores (F + M + pupils without a sex) is summed in key order: the same
    /// bytes in every process (Swift's dictionary order changes from process to process).
    @Test func scoreTotalsAreTheSameInEveryProcess() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            "Country,Year,Level,Sex,Weight,Exam\nKGZ,2024,1,F,0.1,60\nKGZ,2024,1,M,0.2,60\nKGZ,2024,1,,0.3,60\n",
            to: folder, "census.csv")
        let yaml = """
            sources:
              - id: census
                path: census.csv
                format: microdata
                kind: student-census
                columns: {country: Country, year: Year, level: Level, sex: Sex, weight: Weight}
                subjects: [{name: exam, score: Exam, cut_score: 50}]
            indicators: [mean-score]
            """
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        var outputs = Set<Data>()
        for i in 0..<6 {
            let result = try TestSupport.runCLI(["run", path, "--no-ledger", "--output", folder + "/o\(i)"])
            #expect(result.code == 0)
            outputs.insert(try Data(contentsOf: URL(fileURLWithPath: folder + "/o\(i)/indicators.csv")))
        }
        #expect(outputs.count == 1)
    }
}

extension ChunkedCensusTests {
    /// The fast chunked reader knows the standard spellings only: a census whose source has
    /// `codes:` is read whole, by the cleaner that applies them.
    @Test func aCensusWithCodesIsReadWhole() throws {
        let processor = try Self.processor(Self.messyCensus())
        #expect(ChunkedCensusFile.candidate(processor.source, processor.file))
        var recoded = processor.source
        recoded.recodes = ["sex": ["1": "F", "2": "M"]]
        #expect(!ChunkedCensusFile.candidate(recoded, processor.file))
    }
}
