import CSDG4Fields
import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4CSV
@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4PipelineFile
@testable import SDG4Read

/// The fast assessment reader (`AssessmentChunkReader`) must judge every row as the reference
/// cleaner (`AssessmentRowCleaner`) does and sum it the same way: the whole file read by the
/// reference cleaner, the chunks read by it, and the chunks read by the fast reader give the
/// same cells, problems, rejected rows and counts. Weights and replicate weights are exact in
/// binary (halves and quarters), so the order of adding cannot change a sum.
@Suite("Assessment fast reader")
struct AssessmentChunkReaderTests {
    /// A PISA-like file: 4 Fay replicate weights, 5 plausible values in two subjects, sex coded
    /// 1/2, quoted text with commas and a line break in a column sdg4 does not read, and rows
    /// of every kind the fast reader must hand to the reference cleaner (`bad` gives which).
    static func messyAssessment() -> (text: String, bad: [Int: String]) {
        let headers: [String] =
            ["CNT", "School", "Year", "W", "Sex"] + (1...4).map { "RW\($0)" } + (1...5).map { "PV\($0)R" }
            + (1...5).map { "PV\($0)M" }
        var rows = [headers.joined(separator: ",")]
        var seed: UInt64 = 4_110_2019
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        var bad: [Int: String] = [:]
        for i in 0..<500 {
            var country = ["792", "TUR", "Turkey", "KAZ"][next(4)]
            var year = ["2018", "2018", "2015"][next(3)]
            var weight = ["0.5", "1", "2", "1.25"][next(4)]
            var sex = ["1", "2", "", "2"][next(4)]
            var rw = (0..<4).map { _ in ["0", "0.5", "1.5", "2", "0.25"][next(5)] }
            var reading = (0..<5).map { _ in String(format: "%.3f", 300 + Double(next(300_000)) / 1000) }
            let math = (0..<5).map { _ in String(format: "%.2f", 300 + Double(next(30_000)) / 100) }
            let school = next(3) == 0 ? "\"A, b\"" : (i == 200 ? "\"two\nlines\"" : "S\(next(9))")
            let kind = i % 23 == 5 ? (i / 23) % 9 : -1
            if kind >= 0 && kind < 4 { year = "2018" }  // rejected, not filtered
            switch kind {
            case 0: reading[2] = "abc"; bad[i] = "row.bad-number"
            case 1: weight = "0"; bad[i] = "row.bad-weight"
            case 2: rw[1] = "-1"; bad[i] = "row.bad-design"
            case 3: sex = "9"; bad[i] = "row.unknown-sex"
            case 4: country = "XXX"; bad[i] = "row.unknown-country"
            case 5: year = "18x"; bad[i] = "row.bad-year"
            case 6: reading[0] = ".."; reading[4] = ""  // missing: not assessed in them
            case 7: weight = " 2"; rw[3] = "1e0"  // numbers the C callback leaves to NumberStyle
            case 8: reading[1] = "n/a"
            default: break
            }
            var row = [country, school, year, weight, sex] + rw + reading + math
            if i % 41 == 17 { row.removeLast(); bad[i] = "row.ragged" }
            rows.append(row.joined(separator: ","))
            if i % 97 == 50 { rows.append("") }
        }
        return (rows.joined(separator: "\n") + "\n", bad)
    }

    static let pipeline = """
        sources:
          - id: pisa
            path: pisa.csv
            format: microdata
            kind: assessment
            stage: lower-secondary-end
            columns: {country: CNT, year: Year, weight: W, sex: Sex}
            codes: {sex: {"1": F, "2": M}}
            design: {type: brr, replicate_weights: {prefix: RW, from: 1, to: 4}, fay: 0.5}
            subjects:
              - {name: reading, plausible_values: [PV1R, PV2R, PV3R, PV4R, PV5R], cut_score: 407.47}
              - {name: math, plausible_values: [PV1M, PV2M, PV3M, PV4M, PV5M], cut_score: 420.07}
        indicators: [mpl]
        """

    static func processor(_ text: String, filter: RowFilter = RowFilter(years: 2018...2018)) throws -> FileProcessor {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(text, to: folder, "pisa.csv")
        let definition = try PipelineFileParser.load(TestSupport.write(pipeline, to: folder, "p.yml"))
        return FileProcessor(
            source: definition.sources[0].spec(index: 0, files: []), file: InputFile(path: folder + "/pisa.csv"),
            fileIndex: 0, displayName: "pisa.csv", filter: filter)
    }

    @Test func everyChunkReadFastGivesTheReferenceResult() throws {
        let processor = try Self.processor(Self.messyAssessment().text)
        let whole = processor.process()
        // The file has what the test is about: rows rejected for each reason, filtered rows.
        let codes = Set(whole.rejects.flatMap(\.codes))
        #expect(codes.isSuperset(of: ["row.bad-number", "row.bad-weight", "row.bad-design", "row.unknown-sex"]))
        #expect(codes.isSuperset(of: ["row.unknown-country", "row.bad-year"]))
        #expect(whole.input.rowsFiltered > 100 && whole.input.rowsAccepted > 250)
        #expect(whole.partial.assessment.cells.values.contains { $0.replicateScored.contains { $0 > 0 } })
        var chunked = 0
        for size in stride(from: 300, through: 3000, by: 61) {
            for jobs in [1, 2] {
                guard let fast = ChunkedMicrodataFile(processor: processor, chunkBytes: size, jobs: jobs).process(),
                    let reference = ChunkedMicrodataFile(
                        processor: processor, chunkBytes: size, jobs: jobs, fast: false
                    ).process()
                else { continue }  // a cut on the quoted line break: read whole instead
                chunked += 1
                for r in [fast, reference] {
                    #expect(r.partial.assessment.cells == whole.partial.assessment.cells, "\(size) bytes: sums")
                    #expect(r.partial.assessment.designs == whole.partial.assessment.designs)
                    #expect(r.partial.assessment.sampleSources == whole.partial.assessment.sampleSources)
                    #expect(r.diagnostics == whole.diagnostics, "\(size) bytes, \(jobs) jobs: problems")
                    #expect(r.rejects == whole.rejects, "\(size) bytes, \(jobs) jobs: rejected rows")
                    #expect(r.input == whole.input, "\(size) bytes, \(jobs) jobs: manifest")
                }
            }
        }
        #expect(chunked > 50, "only \(chunked) of 90 reads were chunked")
    }

    /// The fast reader itself hands the reference cleaner exactly the rows it cannot read for
    /// certain, and reads the rest (markers and numbers with a space or an exponent included).
    @Test func onlyUnusualRowsAreDeferred() throws {
        let (text, bad) = Self.messyAssessment()
        let processor = try Self.processor(text, filter: RowFilter())
        let header = text.prefix { $0 != "\n" }
        var found: MicrodataMapping?
        let parser = CSVParser(delimiter: UInt8(ascii: ","))
        try Array(header.utf8 + [0x0A]).withUnsafeBytes { bytes in
            try parser.feed(bytes) { record in
                found = try MicrodataMapping.make(
                    header: record, columns: processor.source.microdata!.columns, file: "pisa.csv")
            }
        }
        let mapping = try #require(found)
        let layout = try #require(
            AssessmentChunkReader.Layout(
                source: processor.source, mapping: mapping, dialect: Dialect(), filter: processor.filter))
        let body = Array(text.utf8.dropFirst(header.utf8.count + 1))
        let result = body.withUnsafeBytes { AssessmentChunkReader(layout: layout).read($0, last: true) }
        // Rows are records in order: the quoted line break makes no extra record.
        #expect(result.records == 500)
        #expect(result.deferred == bad.keys.sorted())
        #expect(result.accepted == 500 - bad.count)
        #expect(result.cells.count == Set(result.cells.map(\.key)).count)
    }

    /// The C callback's numbers are `ByteNumber`'s bit for bit, and it leaves alone what it
    /// does not read for certain.
    @Test func plainNumbersAreReadBitForBit() {
        var seed: UInt64 = 7
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = String(seed >> 12).prefix(1 + Int(seed % 15))
            let point = Int(seed >> 7) % (digits.count + 1)
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if seed & 1 == 0 { text = "-" + text }
            let bytes = Array(text.utf8)
            var value = 0.0
            let read = sdg4_plain_number(bytes, bytes.count, &value)
            let expected = bytes.withUnsafeBytes { ByteNumber.double($0) }
            #expect(read == 1 && value.bitPattern == expected?.bitPattern, "\(text)")
        }
        for text in ["", "-", ".", "1e5", " 2", "1 234", "+3", "1.2.3", "1234567890123456", "NaN"] {
            var value = 0.0
            let bytes = Array(text.utf8)
            #expect(sdg4_plain_number(bytes, bytes.count, &value) == 0, "\(text)")
        }
    }
}
