import Foundation
import SDG4Read
import Testing

@testable import SDG4Aggregate

/// The `sdg4` executable: exit codes of product.md §2 and what it prints.
@Suite("Command line")
struct CLITests {
    @Test func indicatorsListsTheCatalogue() throws {
        let result = try TestSupport.runCLI(["indicators", "--csv"])
        #expect(result.code == 0)
        let ids = result.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }
        // Every indicator of the catalogue, in its order, among them these.
        #expect(ids == IndicatorCatalogue().ids.map { Substring($0) })
        for id in [
            "ger", "ner", "nert", "prol", "gir.last", "overage", "trtp", "tattrr", "schools.internet", "xgdp",
            "ger.gpia",
        ] {
            #expect(ids.contains(Substring(id)), "\(id)")
        }
        #expect(result.out.contains("GER.<level>[.F|.M]"))
    }

    @Test func runPrintsASummaryAndWhereTheOutputsAre() throws {
        let out = TestSupport.temporaryFolder()
        let result = try TestSupport.runCLI([
            "run", TestSupport.fixture("e2e/pipeline.yml"), "--output", out, "--ledger", out + "/ledger.sqlite",
        ])
        #expect(result.code == 0)
        #expect(result.out.contains("98.9 (2019)"))  // GER.1 KGZ 2019 = 98.8636... rounded
        #expect(result.out.contains("Outputs in \(out)/"))
        #expect(FileManager.default.fileExists(atPath: out + "/indicators.csv"))
        #expect(result.out.contains("3 file(s) read, 0 unchanged (not read again)."))
        #expect(result.out.contains("Changes since the previous results: first results."))
    }

    @Test func strictRunExitsOneOnRejectedRows() throws {
        let out = TestSupport.temporaryFolder()
        let result = try TestSupport.runCLI([
            "run", TestSupport.fixture("e2e/pipeline.yml"), "--output", out, "--strict", "--no-ledger",
        ])
        #expect(result.code == 1)
        // Outputs are still written: the good rows went through.
        #expect(FileManager.default.fileExists(atPath: out + "/indicators.csv"))
    }

    @Test func validatePrintsGroupedProblemsAndWritesNothing() throws {
        // A copy of the fixture, so that anything written would land in a folder we can check.
        let folder = TestSupport.temporaryFolder()
        for name in ["pipeline.yml", "enrolment.csv", "population.csv", "uis.csv"] {
            try FileManager.default.copyItem(atPath: TestSupport.fixture("e2e/" + name), toPath: folder + "/" + name)
        }
        // Exit codes as for run (product.md §2): 0 without --strict, 1 with it.
        #expect(try TestSupport.runCLI(["validate", folder + "/pipeline.yml"]).code == 0)
        let result = try TestSupport.runCLI(["validate", folder + "/pipeline.yml", "--strict"])
        #expect(result.code == 1)
        #expect(result.out.contains("error row.bad-number: 1"))
        #expect(result.out.contains("enrolment.csv:13:6: Expected a number in column Pupils. [found: 12x]"))
        // The pipeline's outputs.dir is `out` beside it: validate must not create it.
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                "enrolment.csv", "pipeline.yml", "population.csv", "uis.csv",
            ])
    }

    /// Separate processes (different hash seeds) with 1, 2 and 3 workers on the fixture, which
    /// has problems of several kinds: every output but run.json is byte-identical.
    @Test func jobsGiveByteIdenticalOutputsAcrossProcesses() throws {
        var outputs: [[String]] = []
        for jobs in 1...3 {
            let out = TestSupport.temporaryFolder()
            let result = try TestSupport.runCLI([
                "run", TestSupport.fixture("e2e/pipeline.yml"), "--output", out, "--jobs", "\(jobs)", "--no-ledger",
            ])
            #expect(result.code == 0)
            outputs.append(
                try ["indicators.csv", "summary.md", "quality.json", "published.csv"].map {
                    try String(contentsOfFile: out + "/" + $0, encoding: .utf8)
                })
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        #expect(outputs[0][2].contains("row.bad-number"))
    }

    @Test func unknownCountryOptionIsAUsageError() throws {
        let result = try TestSupport.runCLI(["run", TestSupport.fixture("e2e/pipeline.yml"), "--country", "XX"])
        #expect(result.code == 2)
        #expect(result.err.contains("Unknown country 'XX'"))
    }

    @Test func unwritableOutputExitsThree() throws {
        let folder = TestSupport.temporaryFolder()
        let blocker = TestSupport.write("not a folder", to: folder, "file")
        let result = try TestSupport.runCLI([
            "run", TestSupport.fixture("e2e/pipeline.yml"), "--output", blocker + "/out", "--no-ledger",
        ])
        #expect(result.code == 3)
        #expect(result.err.contains("Cannot write"))
    }
}

extension CLITests {
    /// Files that clash across one another (Fixtures/messy): duplicates across files, a total
    /// that disagrees with F + M, a breakdown that disagrees with a total, a zero denominator.
    /// Separate processes with 1, 2 and 3 workers write the same bytes.
    @Test func problemsComeOutInTheSameOrderWhateverTheJobs() throws {
        var outputs: [[String]] = []
        for jobs in 1...3 {
            let out = TestSupport.temporaryFolder()
            let result = try TestSupport.runCLI([
                "run", TestSupport.fixture("messy/pipeline.yml"), "--output", out, "--jobs", "\(jobs)", "--no-ledger",
            ])
            #expect(result.code == 0)
            outputs.append(
                try ["indicators.csv", "quality.json"].map {
                    try String(contentsOfFile: out + "/" + $0, encoding: .utf8)
                })
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        let quality = outputs[0][1]
        for code in [
            "duplicate.conflict", "duplicate.identical", "consistency.total-vs-breakdown", "row.bad-number",
            "indicator.zero-denominator",
        ] {
            #expect(quality.contains("\"code\" : \"\(code)\""), "\(code)")
        }
    }
}

extension CLITests {
    /// The sample pipeline (every kind of input, the survey included) in separate processes,
    /// which hash dictionaries differently: outputs must not depend on it.
    @Test func samplePipelineIsByteIdenticalAcrossProcesses() throws {
        var outputs: [[String]] = []
        for jobs in [1, 2] {
            let out = TestSupport.temporaryFolder()
            let result = try TestSupport.runCLI([
                "run", TestSupport.repositoryRoot + "/pipelines/central-asia.yml", "--output", out, "--jobs", "\(jobs)",
                "--no-ledger",
            ])
            #expect(result.code == 0)
            outputs.append(
                try ["indicators.csv", "quality.json", "summary.md", "published.csv", "structures.csv"].map {
                    try String(contentsOfFile: out + "/" + $0, encoding: .utf8)
                })
        }
        #expect(outputs[0] == outputs[1])
    }
}

extension CLITests {
    /// docs/indicators.md is the catalogue as the code has it: regenerate it with
    /// `sdg4 indicators --markdown > docs/indicators.md` when an indicator changes.
    @Test func indicatorDocsAreCurrent() throws {
        let result = try TestSupport.runCLI(["indicators", "--markdown"])
        let docs = try String(contentsOfFile: TestSupport.repositoryRoot + "/docs/indicators.md", encoding: .utf8)
        #expect(
            result.out == docs,
            "docs/indicators.md is out of date: run 'sdg4 indicators --markdown > docs/indicators.md'")
        #expect(docs.contains("| `cr` | Completion rate (household survey) | `CR.<level>[.F\\|.M]` | 4.1.2"))
    }
}

extension CLITests {
    /// The sample data exercise every indicator of the catalogue.
    @Test func theSampleDataExerciseEveryIndicator() throws {
        let out = TestSupport.temporaryFolder()
        let result = try TestSupport.runCLI([
            "run", TestSupport.repositoryRoot + "/pipelines/central-asia.yml", "--output", out, "--no-ledger",
        ])
        #expect(result.code == 0)
        let csv = try String(contentsOfFile: out + "/indicators.csv", encoding: .utf8)
        let written = Set(
            csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", maxSplits: 1)[0]) })
        let missing = IndicatorCatalogue().ids.filter { !written.contains($0) }
        #expect(missing.isEmpty, "no value in the sample output for: \(missing)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        for id in ["CR.1", "MPL.L2.GLAST.READING", "NERA.AgM1.CP", "TRTP.1", "XGDP.FSgov", "LR.Ag15t24"] {
            #expect(summary.contains("`\(id)`"), "\(id) missing from summary.md")
        }
    }
}
