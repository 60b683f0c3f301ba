import Foundation
import SDG4Read
import Testing

@testable import SDG4Aggregate
@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// A large household survey or assessment read in record-aligned chunks on several workers
/// (`ChunkedMicrodataFile`) must give what the whole-file reader gives: the same sums (weights
/// here are exact in binary, so the order of adding cannot change them), the same problems
/// with their lines and columns, the same rejected rows and counts, whatever the chunk size
/// and number of jobs.
@Suite("Survey and assessment read in chunks")
struct ChunkedMicrodataTests {
    /// A messy stratified cluster survey: quoted fields, a quoted line break, blank lines,
    /// Cyrillic country names, and rows sdg4 must reject (bad age, weight, answer, cluster).
    static func messySurvey(lineEnd: String = "\n") -> String {
        var rows = ["Country,Year,Weight,Age,Sex,Area,Stratum,Cluster,Literate"]
        var seed: UInt64 = 20_261_207
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for i in 0..<400 {
            var age = String(15 + next(50))
            var weight = ["1", "0.5", "2", "1.25"][next(4)]
            var literate = ["1", "0", "", "1"][next(4)]
            var cluster = String(1 + next(6))
            switch i % 19 == 7 ? (i / 19) % 4 : -1 {
            case 0: age = "abc"
            case 1: weight = "-1"
            case 2: literate = "maybe"
            case 3: cluster = ""
            default: break
            }
            let country = ["KAZ", "Казахстан", "398"][next(3)]
            let stratum = next(2) == 0 ? "\"North, urban\"" : "South"
            rows.append(
                "\(country),2018,\(weight),\(age),\(next(2) == 0 ? "F" : "M"),\(next(2) == 0 ? "urban" : "rural"),"
                    + "\(stratum),\(cluster),\(literate)")
            if i % 67 == 30 { rows.append("") }
            if i == 150 { rows.append("KAZ,2018,1,20,F,urban,\"North,\nurban\",3,1") }
        }
        return rows.joined(separator: lineEnd) + lineEnd
    }

    static let pipeline = """
        sources:
          - id: survey
            path: survey.csv
            format: microdata
            kind: household-survey
            min_cases: 1
            columns: {country: Country, year: Year, weight: Weight, age: Age, sex: Sex, location: Area, literate: Literate}
            design: {type: taylor, strata: Stratum, psu: Cluster}
        indicators: [lr]
        """

    static func processor(_ text: String) throws -> FileProcessor {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(text, to: folder, "survey.csv")
        let definition = try PipelineFileParser.load(TestSupport.write(pipeline, to: folder, "p.yml"))
        let s = definition.sources[0]
        let source = s.spec(index: 0, files: [])
        return FileProcessor(
            source: source, file: InputFile(path: folder + "/survey.csv"), fileIndex: 0, displayName: "survey.csv",
            filter: RowFilter(years: nil))
    }

    @Test(arguments: ["\n", "\r\n"])
    func everyChunkSizeGivesTheWholeFileResult(lineEnd: String) throws {
        let processor = try Self.processor(Self.messySurvey(lineEnd: lineEnd))
        let whole = processor.process()
        // The file has what the test is about: rejected rows of each kind, a design.
        #expect(whole.input.rowsRejected >= 16)
        #expect(Set(whole.rejects.flatMap(\.codes)).isSuperset(of: ["row.bad-age", "row.bad-design"]))
        #expect(whole.partial.survey.cells.keys.contains { $0.unit?.stratum == "North, urban" })
        var chunked = 0
        for size in stride(from: 200, through: 2000, by: 37) {
            for jobs in [1, 2] {
                guard let r = ChunkedMicrodataFile(processor: processor, chunkBytes: size, jobs: jobs).process()
                else { continue }  // a cut on the quoted line break: read whole instead
                chunked += 1
                #expect(r.partial.survey.cells == whole.partial.survey.cells, "\(size) bytes, \(jobs) jobs: sums")
                #expect(r.partial.survey.designs == whole.partial.survey.designs)
                #expect(r.diagnostics == whole.diagnostics, "\(size) bytes, \(jobs) jobs: problems")
                #expect(r.rejects == whole.rejects, "\(size) bytes, \(jobs) jobs: rejected rows")
                #expect(r.input == whole.input, "\(size) bytes, \(jobs) jobs: manifest")
            }
        }
        #expect(chunked > 60, "only \(chunked) of 98 reads were chunked")
    }
}
