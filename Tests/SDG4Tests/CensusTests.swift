import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// A student-level EMIS census (one pupil per row) feeds the same enrolment counts as a table.
@Suite("Student census")
struct CensusTests {
    static let pipeline = """
        sources:
          - id: census
            path: census/*.csv
            format: microdata
            kind: student-census
            columns: {country: Country, year: Year, level: Level, grade: Grade, age: Age, sex: Sex}
          - id: population
            path: population.csv
            format: table
            measure: population
            columns: {country: Country, year: Year, sex: Sex, age: Age, value: Population}
        indicators: [ger, ner]
        """

    static func run(extraTable: String? = nil) throws -> RunResult {
        let folder = TestSupport.temporaryFolder()
        // Two files of the same census (two regions): pupils add up across them.
        TestSupport.write(
            "Country,Year,Level,Grade,Age,Sex\nKGZ,2019,1,1,7,F\nKGZ,2019,1,1,7,F\nKGZ,2019,1,2,8,F\n", to: folder,
            "census/north.csv")
        TestSupport.write(
            "Country,Year,Level,Grade,Age,Sex\nKGZ,2019,1,1,7,F\nKGZ,2019,1,4,11,F\n", to: folder, "census/south.csv")
        var population = "Country,Year,Sex,Age,Population\n"
        for age in 7...10 { population += "KGZ,2019,F,\(age),2\n" }
        TestSupport.write(population, to: folder, "population.csv")
        var yaml = pipeline
        if let extraTable {
            TestSupport.write(extraTable, to: folder, "table.csv")
            yaml = yaml.replacingOccurrences(
                of: "indicators:",
                with: """
                      - id: table
                        path: table.csv
                        format: table
                        measure: enrolment
                        columns: {country: Country, year: Year, level: Level, grade: Grade, age: Age, sex: Sex, value: Pupils}
                    indicators:
                    """)
        }
        let path = TestSupport.write(yaml, to: folder, "p.yml")
        return try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 2, outputDirectory: folder + "/out")
        ).run()
    }

    @Test func pupilsAreCountedAcrossFiles() throws {
        // Girls in primary: grade 1 age 7 ×3 (two in one file, one in the other), grade 2 age 8,
        // grade 4 age 11 = 5 pupils over 8 girls aged 7-10 → GER 62.5 %; of official age (7-10):
        // 4 → NER 50 %.
        let r = try Self.run()
        let ger = try #require(r.values.first { $0.uisId == "GER.1.F" })
        #expect((ger.value, ger.numerator, ger.denominator) == (62.5, 5, 8))
        let ner = try #require(r.values.first { $0.uisId == "NER.1.F.CP" })
        #expect((ner.value, ner.numerator) == (50, 4))
        #expect(r.manifest.inputs.filter { $0.source == "census" }.map(\.rowsAccepted) == [3, 2])
    }

    @Test func aTableValueForTheSameKeyIsADuplicate() throws {
        let r = try Self.run(extraTable: "Country,Year,Level,Grade,Age,Sex,Pupils\nKGZ,2019,1,1,7,F,10\n")
        let conflict = try #require(r.quality.problems.first { $0.code == "duplicate.conflict" })
        #expect(conflict.message.contains("enrolment KGZ 2019 level 1 sex F age 7 grade 1"))
    }
}
