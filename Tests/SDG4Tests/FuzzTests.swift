import Foundation
import Testing

@testable import SDG4CSV
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// A seeded random-input fuzz of the CSV reader and the clean stage: random bytes and mutated
/// valid files must never crash, hang or lose count of a row. (libFuzzer builds are not part of
/// the test command; this seeded test is, bounded to a few seconds.)
@Suite("Fuzz", .serialized)
struct FuzzTests {
    static let seedFile = Array(
        """
        Страна;Год;Уровень;Пол;Возраст;Значение
        Кыргызстан;2019;1;ж;7;"1 234,5"
        KGZ;2019;"2";M;8;12
        "KAZ";2020;02;F;;..

        """.utf8)

    /// Random bytes, and the seed file with random bytes flipped, inserted and deleted.
    static func inputs(count: Int) -> [[UInt8]] {
        var rng = SplitMix(seed: 2024)
        var out: [[UInt8]] = []
        for i in 0..<count {
            if i % 4 == 0 {
                out.append((0..<Int(rng.next() % 400)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            } else {
                var bytes = seedFile
                for _ in 0..<Int(rng.next() % 8 + 1) {
                    let at = Int(rng.next() % UInt64(max(1, bytes.count)))
                    switch rng.next() % 3 {
                    case 0: if !bytes.isEmpty { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                    case 1: bytes.insert([0x22, 0x3B, 0x0A, 0x0D, 0x2C, 0x00, 0xFF][Int(rng.next() % 7)], at: at)
                    default: if !bytes.isEmpty { bytes.remove(at: at) }
                    }
                }
                out.append(bytes)
            }
        }
        return out
    }

    @Test func theReaderSurvivesAnyBytes() throws {
        for (i, bytes) in Self.inputs(count: 20000).enumerated() {
            let parser = CSVParser(maxFieldBytes: 256, maxRecordBytes: 1024)
            var records = 0
            do {
                try bytes.withUnsafeBytes { try parser.feed($0) { _ in records += 1 } }
                try parser.finish { _ in records += 1 }
            } catch is CSVError {
                // A clear error is a fine outcome for garbage.
            }
            #expect(records <= bytes.count + 1, "input \(i)")
        }
    }

    @Test func theCleanStageSurvivesAnyFileAndAccountsForEveryRow() throws {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        let path = TestSupport.write(
            """
            sources:
              - id: emis
                path: data/*.csv
                format: table
                measure: enrolment
                columns: {country: Страна, year: Год, level: Уровень, sex: Пол, age: Возраст, value: Значение}
            """, to: folder, "p.yml")
        let definition = try PipelineFileParser.load(path)
        for (i, bytes) in Self.inputs(count: 400).enumerated() {
            try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/data/f.csv"))
            let result = try PipelineRunner(
                definition: definition, options: .init(jobs: 1, outputDirectory: folder + "/out\(i % 3)")
            ).run()
            let input = result.manifest.inputs[0]
            let accounted =
                input.rowsAccepted + input.rowsRejected + input.rowsMissing + input.rowsFiltered + input.rowsIgnored
                + input.rowsDuplicate
            #expect(accounted == input.rowsRead, "input \(i): \(input)")
            #expect(input.bytes == bytes.count)
        }
    }
}
