import Foundation
import Testing

@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// What national exports throw at the reader: headers with BOMs and odd case, aliases, names,
/// configured missing markers, binary files, pipeline reading settings.
@Suite("Reading national files")
struct ReadingTests {
    static func run(
        _ bytes: [UInt8], source extra: String = "",
        columns: String = "{country: Country, year: Year, level: Level, sex: Sex, value: Pupils}"
    ) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/data/x.csv"))
        let path = TestSupport.write(
            "sources:\n  - id: e\n    path: data/*.csv\n    format: table\n    measure: enrolment\n    columns: \(columns)\n"
                + extra,
            to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
    }

    static func values(_ r: RunResult) -> [Double] {
        // Read back what went into the cube through GER's numerator is indirect; use accepted rows.
        r.values.map(\.value)
    }

    @Test func headersWithBOMZeroWidthSpacesAndOtherCase() throws {
        let csv = "\u{FEFF} COUNTRY\u{200B} ,year,LEVEL,Sex , pupils\nKGZ,2019,1,F,10\n"
        let r = try Self.run(Array(csv.utf8))
        #expect(r.manifest.inputs[0].rowsAccepted == 1)
        #expect(r.quality.problems.filter { $0.severity == .error }.isEmpty)
    }

    @Test func russianHeadersByAlias() throws {
        let csv = "Страна,Год,Уровень,Пол,Учащиеся\nКыргызстан,2019,начальное,девочки,10\n"
        let r = try Self.run(
            Array(csv.utf8), columns: "{country: Country, year: Year, level: Level, sex: Sex, value: Учащиеся}")
        #expect(r.manifest.inputs[0].rowsAccepted == 1)
    }

    @Test(arguments: [
        ("Қазақстан", "KAZ"), ("Qazaqstan", "KAZ"), ("Кыргыз Республикасы", "KGZ"), ("Тоҷикистон", "TJK"),
        ("Türkmenistan", "TKM"), ("O‘zbekiston", "UZB"), ("Ўзбекистон", "UZB"), ("Монгол Улс", "MNG"), ("IR", "IRN"),
    ])
    func nationalNames(text: String, iso3: String) {
        #expect(CodeLists.country(text)?.rawValue == iso3)
    }

    @Test func codesInRussian() {
        #expect(CodeLists.sex("женский") == .female)
        #expect(CodeLists.sex("юноши") == .male)
        #expect(CodeLists.level("основное среднее") == .lowerSecondary)
        #expect(CodeLists.level("высшее") == .tertiary)
        #expect(CodeLists.location("сельская местность") == .rural)
        #expect(CodeLists.wealth("poorest") == .q1)
        #expect(CodeLists.wealth("5") == .q5)
    }

    @Test func configuredMissingMarkersAreNotZero() throws {
        let csv = "Country,Year,Level,Sex,Pupils\nKGZ,2019,1,F,нет данных\nKGZ,2019,1,M,n.a.\n"
        let r = try Self.run(Array(csv.utf8), source: "    missing: [нет данных, n.a.]\n")
        #expect(r.manifest.inputs[0].rowsMissing == 2)
        #expect(r.manifest.inputs[0].rowsRejected == 0)
    }

    @Test func binaryFilesAreRejectedWhole() throws {
        // An .xlsx (a zip) renamed .csv: NUL bytes in the text.
        let r = try Self.run([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00] + Array("garbage".utf8))
        let problem = try #require(r.quality.problems.first)
        #expect(problem.code == "file.binary")
        #expect(r.manifest.inputs[0].status == .unreadable)
    }

    @Test func readingSettingsOverrideDetection() throws {
        // A pipe-delimited file with apostrophe thousands and a dot decimal, declared explicitly.
        let csv = "Country|Year|Level|Sex|Pupils\nKGZ|2019|1|F|1'234\n"
        let r = try Self.run(
            Array(csv.utf8), source: "    delimiter: \"|\"\n    decimal: \".\"\n    thousands: apostrophe\n")
        #expect(r.manifest.inputs[0].rowsAccepted == 1)
        #expect(r.manifest.inputs[0].delimiter == "|")
        // The value read: 1'234 = 1234 pupils (fractional-count would warn otherwise).
        #expect(!r.quality.problems.contains { $0.code == "row.fractional-count" })
        let bad = try? PipelineFileParser.load(
            {
                let folder = TestSupport.temporaryFolder()
                TestSupport.write("a\n", to: folder, "data/x.csv")
                return TestSupport.write(
                    "sources:\n  - id: e\n    path: data/*.csv\n    format: table\n    measure: population\n    columns: {country: C, year: Y, value: V}\n    encoding: latin-9\n",
                    to: folder, "p.yml")
            }())
        #expect(bad == nil)
    }

    @Test func aBinaryTailDiscardsTheWholeFile() throws {
        // 2 MiB of good rows, then a NUL: the file is binary, and nothing from it is used.
        var csv = "Country,Year,Level,Sex,Pupils\n"
        for i in 0..<60_000 { csv += "KGZ,\(1950 + i % 150),1,F,\(i)\n" }
        let r = try Self.run(Array(csv.utf8) + [0x00, 0x0A])
        #expect(r.quality.problems.map(\.code).contains("file.binary"))
        #expect(r.manifest.inputs[0].status == .unreadable)
        #expect(r.manifest.inputs[0].rowsAccepted == 0)
        #expect(r.values.isEmpty)
    }

    @Test func fractionalCountsAreUsedButWarned() throws {
        // "469.852" in a file with dots: 469.852 pupils, which is likely 469 852 with dots for
        // thousands: used as read, with a warning that says how to fix it.
        let csv = "Country;Year;Level;Sex;Pupils\nKGZ;2019;1;F;469.852\n"
        let r = try Self.run(Array(csv.utf8))
        let warning = try #require(r.quality.problems.first { $0.code == "row.fractional-count" })
        #expect((warning.line, warning.column, warning.severity) == (2, 5, .warning))
        #expect(r.manifest.inputs[0].rowsAccepted == 1)
    }

    @Test func aFieldOverTheLimitRejectsItsRowOnly() throws {
        let csv =
            "Country,Year,Level,Sex,Pupils\nKGZ,2019,1,F,\(String(repeating: "9", count: 1_100_000))\nKGZ,2019,1,M,5\n"
        let r = try Self.run(Array(csv.utf8))
        #expect(r.quality.problems.map { "\($0.code)@\($0.line):\($0.column)" } == ["csv.field-too-long@2:5"])
        #expect(r.manifest.inputs[0].rowsAccepted == 1)
        #expect(r.manifest.inputs[0].status == .ok)
    }
}
