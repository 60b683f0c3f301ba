import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4CSV
@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile
@testable import SDG4Read

/// UN World Population Prospects 2015 read as UIS reads it (`../shared/reference/wpp`, see its
/// README): in thousands (`scale: 1000`), the calendar year in which the school year starts
/// (`year_shift: 1`), `100+` an open group, the male population the total less the female
/// (only the both-sexes file and the female rows of the by-sex file are read: `where:`). With
/// the age groups of that vintage, every school-age population of UIS's July 2016 export
/// (`../shared/reference/uis/oracle.csv`, rows `@b4de357`) comes out exact, and the export's
/// GERs to 5e-6 (UIS stores five decimals) from its own enrolment counts.
@Suite(
    "WPP populations as UIS uses them",
    .enabled(if: TestSupport.hasWPP, "../shared/reference (wpp, uis) is absent (only the project's own machines have it)"))
struct PopulationReferenceTests {
    static let countries: Set<String> = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]

    /// The official age groups of that vintage (the WPP README's table): pre-primary from 3 to
    /// the primary entry age, primary, and lower + upper secondary.
    static let structures = """
        country,from_year,to_year,primary_entry_age,primary_duration,lower_secondary_duration,upper_secondary_duration,pre_primary_entry_age,source
        KAZ,1990,2015,7,4,5,2,3,UIS July 2016 (WPP README)
        KAZ,2016,2016,7,4,5,3,3,UIS July 2016 (WPP README)
        KGZ,1990,2030,7,4,5,2,3,UIS July 2016 (WPP README)
        TJK,1990,2030,7,4,5,2,3,UIS July 2016 (WPP README)
        TKM,1990,2007,7,3,5,1,3,UIS July 2016 (WPP README)
        TKM,2008,2012,7,3,5,2,3,UIS July 2016 (WPP README)
        TKM,2013,2015,6,4,6,2,3,UIS July 2016 (WPP README)
        TKM,2016,2016,7,3,5,2,3,UIS July 2016 (WPP README)
        UZB,1990,2004,7,4,5,2,3,UIS July 2016 (WPP README)
        UZB,2005,2015,7,4,5,3,3,UIS July 2016 (WPP README)
        UZB,2016,2016,7,4,5,2,3,UIS July 2016 (WPP README)

        """

    /// The oracle's July 2016 rows of the five countries: id → (country year → value).
    static func oracle() throws -> [String: [String: Double]] {
        let parser = CSVParser()
        var header: [String] = []
        var out: [String: [String: Double]] = [:]
        func take(_ r: CSVRecord) {
            if header.isEmpty {
                header = r.strings
                return
            }
            let f = Dictionary(uniqueKeysWithValues: zip(header, r.strings))
            guard f["source"]!.contains("@b4de357"), countries.contains(f["country"]!), let v = Double(f["value"]!)
            else { return }
            out[f["indicator_id"]!, default: [:]]["\(f["country"]!) \(f["year"]!)"] = v
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.uisOracle))
        try data.withUnsafeBytes { try parser.feed($0, onRecord: take) }
        try parser.finish(onRecord: take)
        return out
    }

    /// The pipeline: both WPP files of every country, the export's enrolment (T and F; M is
    /// their difference, as for the population), the vintage's structures.
    static func pipeline(_ oracle: [String: [String: Double]]) -> String {
        let folder = TestSupport.temporaryFolder()
        var enrolment = "country,year,level,sex,value\n"
        for (id, level, sex) in [
            ("20060", "02", "_T"), ("20061", "02", "F"), ("20062", "1", "_T"), ("20063", "1", "F"),
            ("20082", "2T3", "_T"), ("20083", "2T3", "F"),
        ] {
            for (cy, v) in oracle[id] ?? [:] {
                let parts = cy.split(separator: " ")
                enrolment += "\(parts[0]),\(parts[1]),\(level),\(sex),\(Int(v))\n"
            }
        }
        TestSupport.write(enrolment, to: folder, "enrolment.csv")
        TestSupport.write(structures, to: folder, "structures.csv")
        let wpp = TestSupport.wppFolder
        return TestSupport.write(
            """
            years: {from: 1999, to: 2016}
            structures: structures.csv
            indicators: [ger]
            sources:
              - id: wpp-total
                path: \(wpp)/ddf--datapoints--population--by--country_code-*--year--age.csv
                format: table
                measure: population
                sex: _T
                scale: 1000
                year_shift: 1
                columns: {country: country_code, year: year, age: age, value: population}
              - id: wpp-female
                path: \(wpp)/ddf--datapoints--population--by--country_code-*--year--gender--age.csv
                format: table
                measure: population
                scale: 1000
                year_shift: 1
                where: {gender: female}
                columns: {country: country_code, year: year, sex: gender, age: age, value: population}
              - id: uis-enrolment
                path: enrolment.csv
                format: table
                measure: enrolment
                columns: {country: country, year: year, level: level, sex: sex, value: value}
            """, to: folder, "p.yml")
    }

    @Test func schoolAgePopulationsAndGERsAreUISs() throws {
        let oracle = try Self.oracle()
        let path = Self.pipeline(oracle)
        let definition = try PipelineFileParser.load(path)
        // The populations, from the files as the run reads them.
        var partials: [PartialAggregate] = []
        var fileIndex = 0
        for (index, source) in definition.sources.enumerated() where source.id.hasPrefix("wpp") {
            for pattern in source.patterns {
                for file in Glob.files(matching: pattern) {
                    let result = FileProcessor(
                        source: source.spec(index: index, files: []), file: InputFile(path: file),
                        fileIndex: fileIndex, displayName: file, filter: RowFilter(years: 1999...2016)
                    ).process()
                    #expect(result.input.rowsRejected == 0, "\(file): \(result.diagnostics.map(\.message))")
                    #expect(result.input.rowsIgnored > 0, "\(file): the 100+ rows are read as an open group")
                    partials.append(result.partial)
                    fileIndex += 1
                }
            }
        }
        #expect(fileIndex == 10)
        let cube = DataCube(merging: partials)
        let structures = try #require(StructureFile.load(definition.directory + "/structures.csv").structures)
        var compared = 0
        for (level, id) in [(Level.prePrimary, "sap_02"), (.primary, "sap_1"), (.secondary, "sap_2t3")] {
            for (sex, suffix) in [(Sex.total, ""), (.female, "_f"), (.male, "_m")] {
                for (cy, published) in oracle[id + suffix] ?? [:] {
                    let parts = cy.split(separator: " ")
                    let country = Country(rawValue: String(parts[0])), year = Int(parts[1])!
                    let ages = try #require(structures.structure(country, year)?.ageGroup(level))
                    let mine = cube.population(country, year, ages: ages, sex: sex)?.value
                    #expect(mine == published, "\(id + suffix) \(cy): sdg4 \(mine ?? -1), UIS \(published)")
                    compared += 1
                }
            }
        }
        #expect(compared == 9 * 90, "every SAP of the five countries, 1999-2016")
        // The GERs of the whole run.
        let result = try PipelineRunner(
            definition: definition, options: .init(jobs: 2, outputDirectory: definition.directory + "/out")
        ).run()
        var mine: [String: Double] = [:]
        for v in result.values { mine["\(v.uisId) \(v.country.rawValue) \(v.year)"] = v.value }
        var gers = 0
        for (id, uis) in [("ger_02", "GER.02"), ("ger_1", "GER.1"), ("ger_2t3", "GER.2T3")] {
            for (suffix, uisSuffix) in [("", ""), ("_f", ".F"), ("_m", ".M")] {
                for (cy, published) in oracle[id + suffix] ?? [:] {
                    let value = mine["\(uis + uisSuffix) \(cy)"]
                    #expect(value.map { abs($0 - published) <= 5e-6 } == true, "\(uis + uisSuffix) \(cy): \(value ?? -1) vs \(published)")
                    gers += 1
                }
            }
        }
        #expect(gers > 400)
    }
}
