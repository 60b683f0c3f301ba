import Foundation
import Testing

/// The `sdg4` executable: exit codes of product.md §2 and what it prints.
@Suite("Command line")
struct CLITests {
    @Test func indicatorsListsTheCatalogue() throws {
        let result = try TestSupport.runCLI(["indicators", "--csv"])
        #expect(result.code == 0)
        let ids = result.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] }
        #expect(ids == ["ger", "ptr", "ftp", "rofst", "ger.gpia", "rofst.gpia"])
        #expect(result.out.contains("GER.<level>[.F|.M]"))
    }

    @Test func runPrintsASummaryAndWhereTheOutputsAre() throws {
        let out = TestSupport.temporaryFolder()
        let result = try TestSupport.runCLI(["run", TestSupport.fixture("e2e/pipeline.yml"), "--output", out])
        #expect(result.code == 0)
        #expect(result.out.contains("98.9 (2019)"))  // GER.1 KGZ 2019 = 98.8636... rounded
        #expect(result.out.contains("Outputs in \(out)/"))
        #expect(FileManager.default.fileExists(atPath: out + "/indicators.csv"))
    }

    @Test func strictRunExitsOneOnRejectedRows() throws {
        let out = TestSupport.temporaryFolder()
        let result = try TestSupport.runCLI([
            "run", TestSupport.fixture("e2e/pipeline.yml"), "--output", out, "--strict",
        ])
        #expect(result.code == 1)
        // Outputs are still written: the good rows went through.
        #expect(FileManager.default.fileExists(atPath: out + "/indicators.csv"))
    }

    @Test func validatePrintsGroupedProblemsAndWritesNothing() throws {
        let result = try TestSupport.runCLI(["validate", TestSupport.fixture("e2e/pipeline.yml")])
        #expect(result.code == 1)
        #expect(result.out.contains("error row.bad-number: 1"))
        #expect(result.out.contains("enrolment.csv:13:6: Expected a number in column Pupils. [found: 12x]"))
        #expect(!FileManager.default.fileExists(atPath: TestSupport.fixture("e2e/out")))
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
            "run", TestSupport.fixture("e2e/pipeline.yml"), "--output", blocker + "/out",
        ])
        #expect(result.code == 3)
        #expect(result.err.contains("Cannot write"))
    }
}
