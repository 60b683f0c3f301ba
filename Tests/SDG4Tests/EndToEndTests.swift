import Foundation
import Testing

@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Whole runs: the fixture pipeline against a hand-computed `indicators.csv`, problem reports
/// with file, line and column, and determinism across `--jobs`.
@Suite("End to end")
struct EndToEndTests {
    static func run(_ pipeline: String, jobs: Int, output: String, chunkSize: Int = 1 << 20) throws -> RunResult {
        let definition = try PipelineFileParser.load(pipeline)
        return try PipelineRunner(
            definition: definition, options: .init(jobs: jobs, outputDirectory: output, chunkSize: chunkSize)
        ).run()
    }

    /// A pipeline in `folder` with one `table` source of population (a measure that needs no
    /// level), `data/*.csv`, with columns Country, Year and the given value column.
    static func populationPipeline(in folder: String, valueColumn: String) -> String {
        TestSupport.write(
            "sources:\n  - id: e\n    path: data/*.csv\n    format: table\n    measure: population\n"
                + "    columns: {country: Country, year: Year, value: \(valueColumn)}\n",
            to: folder, "p.yml")
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// `Fixtures/e2e/expected-indicators.csv` was computed by hand from the fixture's counts:
    /// `Fixtures/e2e/make-expected.py` applies the formulas of indicators.md one by one, and
    /// `Fixtures/e2e/README.md` works each number out.
    @Test func fixtureGivesTheHandComputedIndicators() throws {
        let out = TestSupport.temporaryFolder()
        let result = try Self.run(TestSupport.fixture("e2e/pipeline.yml"), jobs: 2, output: out)
        let expected = try Self.read(TestSupport.fixture("e2e/expected-indicators.csv"))
        #expect(try Self.read(out + "/indicators.csv") == expected)
        #expect(result.exitCode(strict: false) == 0)
        #expect(result.exitCode(strict: true) == 1)
    }

    @Test func badRowsAreReportedWithFileLineAndColumnAndTheRestGoesThrough() throws {
        let out = TestSupport.temporaryFolder()
        let result = try Self.run(TestSupport.fixture("e2e/pipeline.yml"), jobs: 1, output: out)
        let errors = result.quality.problems.filter { $0.severity == .error }
        #expect(errors.map(\.code) == ["row.bad-number", "row.unknown-country"])
        #expect(errors.map(\.file) == ["enrolment.csv", "enrolment.csv"])
        #expect(errors.map(\.line) == [13, 15])
        #expect(errors.map(\.column) == [6, 1])
        #expect(errors[0].value == "12x")
        #expect(errors[1].hint.contains("Kyrgyzstan (KGZ)"))
        let enrolment = try #require(result.manifest.inputs.first { $0.source == "enrolment" })
        // 15 data rows: 11 used, 1 bad number, 1 unknown country, 1 missing (..), 1 KAZ (filtered).
        #expect(enrolment.rowsRead == 15)
        #expect(enrolment.rowsAccepted == 11)
        #expect(enrolment.rowsRejected == 2)
        #expect(enrolment.rowsMissing == 1)
        #expect(enrolment.rowsFiltered == 1)
        let quality = try Self.read(out + "/quality.json")
        #expect(quality.contains("\"code\" : \"row.bad-number\""))
        // The rejected rows, verbatim, with their codes (nothing lost).
        #expect(
            try Self.read(out + "/rejects/enrolment.csv") == """
                file,line,codes,row
                enrolment.csv,13,row.bad-number,"KGZ,2019,5T8,F,_T,12x"
                enrolment.csv,15,row.unknown-country,"Kyrgyzztan,2019,02,M,_T,7"

                """)
    }

    @Test func publishedValuesAreKeptApartAndCompared() throws {
        let out = TestSupport.temporaryFolder()
        let result = try Self.run(TestSupport.fixture("e2e/pipeline.yml"), jobs: 1, output: out)
        #expect(!result.values.contains { $0.sources == ["uis"] && $0.uisId == "GER.1" })
        let published = try Self.read(out + "/published.csv").split(separator: "\n")
        #expect(published.count == 2)
        // Published 98.86364 beside the computed 100 × 87 / 88 = 98.863636...
        #expect(published[1].hasPrefix("GER.1,KGZ,2019,98.86364,98.86363636363636,"))
    }

    @Test func runJsonRecordsEveryInputWithItsHash() throws {
        let out = TestSupport.temporaryFolder()
        _ = try Self.run(TestSupport.fixture("e2e/pipeline.yml"), jobs: 1, output: out)
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json")))
            as! [String: Any]
        let inputs = json["inputs"] as! [[String: Any]]
        #expect(inputs.map { $0["path"] as! String } == ["uis.csv", "enrolment.csv", "population.csv"])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("e2e/uis.csv")))
        #expect(inputs[0]["bytes"] as? Int == bytes.count)
        #expect((inputs[0]["sha256"] as! String).count == 64)
        let outputs = json["outputs"] as! [String]
        #expect(
            outputs.filter { !$0.hasPrefix("countries/") && !$0.hasSuffix(".html") && !$0.hasSuffix(".en.md") } == [
                "datapackage.json", "indicators.csv", "progress.csv", "published.csv", "quality.json", "rejects/enrolment.csv",
                "run.json", "sdmx/no-series.csv", "sdmx/sdg4.csv", "structures.csv", "summary.md",
            ])
        // The reports, in the pipeline's one language (English by default); only Kyrgyzstan has
        // values (expected-indicators.csv).
        #expect(
            outputs.filter { $0.hasPrefix("countries/") || $0.hasSuffix(".html") || $0.hasSuffix(".en.md") } == [
                "countries/KGZ.en.html", "countries/KGZ.en.md", "countries/KGZ.html", "countries/KGZ.md",
                "summary.en.html", "summary.en.md", "summary.html",
            ])
        #expect(json["structures"] as? String == "built-in (data/education-structures.csv)")
    }

    /// The sample pipeline with 1 and 2 workers and tiny chunks: byte-identical outputs.
    @Test func jobsOneAndTwoGiveByteIdenticalOutputs() throws {
        let pipeline = TestSupport.repositoryRoot + "/pipelines/central-asia.yml"
        let one = TestSupport.temporaryFolder()
        let two = TestSupport.temporaryFolder()
        _ = try Self.run(pipeline, jobs: 1, output: one)
        let result = try Self.run(pipeline, jobs: 2, output: two, chunkSize: 4093)
        for file in ["indicators.csv", "summary.md", "quality.json", "published.csv"] {
            #expect(try Self.read(one + "/" + file) == Self.read(two + "/" + file), "\(file)")
        }
        // Every one of the five countries has rows, and so has the Central Asia aggregate (143).
        #expect(Set(result.values.map(\.country.rawValue)) == ["KAZ", "KGZ", "TJK", "TKM", "UZB", "143"])
    }

    @Test func noUsableInputExitsOne() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("Country,Year,Value\nKGZ,2019,..\n", to: folder, "data/x.csv")
        let path = Self.populationPipeline(in: folder, valueColumn: "Value")
        let result = try Self.run(path, jobs: 1, output: folder + "/out")
        #expect(result.usableRows == 0)
        #expect(result.exitCode(strict: false) == 1)
    }

    @Test func aFileWithoutTheMappedColumnsIsSkippedAndTheOthersGoThrough() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("Country,Year,Pupils\nKGZ,2019,5\n", to: folder, "data/a.csv")
        TestSupport.write("Land,Year,Pupils\nKGZ,2020,6\n", to: folder, "data/b.csv")
        let path = Self.populationPipeline(in: folder, valueColumn: "Pupils")
        let result = try Self.run(path, jobs: 2, output: folder + "/out")
        let problem = try #require(result.quality.problems.first { $0.code == "header.missing-column" })
        #expect(problem.file == "data/b.csv")
        #expect(problem.line == 1)
        #expect(problem.message.contains("Country (for country)"))
        #expect(result.manifest.inputs.map(\.status.rawValue) == ["ok", "unreadable"])
        #expect(result.manifest.inputs[0].rowsAccepted == 1)
    }

    @Test func conflictingDuplicatesAcrossFilesKeepTheFirstInFileOrder() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("Country,Year,Pupils\nKGZ,2019,5\n", to: folder, "data/a.csv")
        TestSupport.write("Country,Year,Pupils\nKGZ,2019,7\nKGZ,2019,7\n", to: folder, "data/b.csv")
        let path = Self.populationPipeline(in: folder, valueColumn: "Pupils")
        let result = try Self.run(path, jobs: 2, output: folder + "/out")
        let codes = result.quality.problems.map { "\($0.code) \($0.file):\($0.line)" }
        #expect(codes.contains("duplicate.identical data/b.csv:3"))
        #expect(
            result.quality.problems.first { $0.code == "duplicate.conflict" }!.message.hasPrefix("population KGZ 2019"))
        #expect(codes.contains("duplicate.conflict data/b.csv:2"))
        #expect(result.manifest.inputs[1].rowsAccepted == 0)
        #expect(result.manifest.inputs[1].rowsRejected == 1)
        #expect(result.manifest.inputs[1].rowsDuplicate == 1)
    }
}
