import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// Education structures as data: the versioned file, the built-in copy, and overrides.
@Suite("Education structures")
struct StructureTests {
    @Test func theBuiltInStructuresAreTheDataFile() throws {
        let (structures, problems) = StructureFile.load(TestSupport.repositoryRoot + "/data/education-structures.csv")
        #expect(problems.isEmpty, "\(problems)")
        #expect(try #require(structures).entries == EducationStructures.centralAsia.entries)
    }

    /// A pipeline in a new folder with `structures: structures.csv` holding these rows.
    static func pipeline(structureRows: String) -> (folder: String, path: String) {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            StructureFile.columns.joined(separator: ",") + "\n" + structureRows, to: folder, "structures.csv")
        TestSupport.write("a,b\n", to: folder, "data/x.csv")
        let path = TestSupport.write(
            "structures: structures.csv\nsources:\n  - id: uis\n    path: data/*.csv\n    format: uis-bdds\n",
            to: folder, "p.yml")
        return (folder, path)
    }

    @Test func aPipelineCanOverrideACountrysStructure() throws {
        // Kyrgyzstan moved to entry at 6 from 2026 (a 12-year reform): primary ages become 6-9.
        let (folder, path) = Self.pipeline(
            structureRows: "KGZ,1990,2025,7,4,5,2,3,UIS\nKGZ,2026,2030,6,4,5,2,3,reform\n")
        let definition = try PipelineFileParser.load(path)
        #expect(definition.structures.structure(Country(rawValue: "KGZ"), 2026)?.ageGroup(.primary) == 6...9)
        #expect(definition.structures.structure(Country(rawValue: "KGZ"), 2025)?.ageGroup(.primary) == 7...10)
        // Other countries keep the built-in structures.
        #expect(definition.structures.structure(Country(rawValue: "KAZ"), 2020)?.ageGroup(.primary) == 6...9)
        #expect(definition.structuresFile?.path == folder + "/structures.csv")
    }

    @Test func aBadStructuresFileIsAPipelineError() throws {
        let (_, path) = Self.pipeline(
            structureRows:
                "KGZ,1990,2025,7,4,5,2,3,UIS\nKGZ,2020,2030,six,4,5,2,3,typo\nKGZ,2024,2030,6,4,5,2,3,overlap\n")
        #expect {
            try PipelineFileParser.load(path)
        } throws: { error in
            guard let error = error as? PipelineFileError else { return false }
            let messages = error.problems.map(\.message)
            return error.problems.allSatisfy { $0.key == "structures" && $0.line == 1 }
                && messages.contains { $0.contains("line 3, column 4") && $0.contains("whole number") }
                && messages.contains { $0.contains("line 4, column 2") && $0.contains("overlap") }
        }
    }
}
