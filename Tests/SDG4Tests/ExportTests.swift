import Foundation
import SDG4Aggregate
import SDG4Model
import SDG4Pipeline
import Testing

@testable import SDG4PipelineFile
@testable import SDG4Report

/// SDMX-CSV export and import, and the data package (issue 7). The SDMX file is also read by a
/// real SDMX client, and the package checked by `frictionless validate`, in tools/checks
/// (run by `make test`).
@Suite("Exports")
struct ExportTests {
    static func value(
        _ indicator: String, _ uisId: String, _ country: String, _ year: Int, _ v: Double, level: String = "1",
        sex: Sex = .total, flags: [String] = [], interval: ClosedRange<Double>? = nil
    ) -> IndicatorValue {
        var value = IndicatorValue(
            indicator: indicator, uisId: uisId, country: Country(rawValue: country), year: year, level: level,
            sex: sex, value: v, numerator: v, denominator: 100, unit: "percent", flags: flags, sources: ["s"])
        value.interval = interval
        return value
    }

    @Test func sdmxRowsFollowTheSDGStructure() {
        let values = [
            Self.value("cr", "CR.1.F", "KGZ", 2018, 99.25, sex: .female),
            Self.value("trtp", "TRTP.2T3", "KAZ", 2024, 96.5, level: "2T3", flags: ["estimate"]),
            Self.value("mpl", "MPL.L2.GLAST.READING", "UZB", 2022, 14.3, level: "2", interval: 12.25...16.5),
            Self.value("ger", "GER.1", "KGZ", 2024, 100.6),
            Self.value("cr", "CR.1", "143", 2018, 98.1),
        ]
        let result = SDMXExport.render(values)
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,OCCUPATION,CUST_BREAKDOWN,COMPOSITE_BREAKDOWN,DISABILITY_STATUS,ACTIVITY,PRODUCT,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT,UNIT_MEASURE,NATURE,COMMENT_OBS,LOWER_BOUND,UPPER_BOUND"
        )
        // Sorted by key: REPORTING_TYPE (N countries before R, the region), SERIES, REF_AREA
        // (M49: 398 KAZ < 417 KGZ < 860 UZB). 4.1.1 at the end of lower secondary: ISCED11A_2.
        // The survey value's interval in LOWER_BOUND and UPPER_BOUND; empty for the others. An
        // estimate: OBS_STATUS E, NATURE E, its flag in COMMENT_OBS. The region: no NATURE.
        #expect(
            lines[1...] == [
                "datastructure,IAEG-SDGs:SDG(1.8),I,A,N,SE_TOT_CPLR,417,F,_T,_T,_T,ISCED11_1,_T,_T,_T,_T,_T,_T,2018,99.25,A,0,PT,C,,,",
                "datastructure,IAEG-SDGs:SDG(1.8),I,A,N,SE_TOT_PRFL,860,_T,_T,_T,_T,ISCED11A_2,_T,_T,SKILL_READ,_T,_T,_T,2022,14.3,A,0,PT,C,,12.25,16.5",
                "datastructure,IAEG-SDGs:SDG(1.8),I,A,N,SE_TRA_GRDL,398,_T,_T,_T,_T,AGG_2_3,_T,_T,_T,_T,_T,_T,2024,96.5,E,0,PT,E,sdg4 flags: estimate,,",
                "datastructure,IAEG-SDGs:SDG(1.8),I,A,R,SE_TOT_CPLR,143,_T,_T,_T,_T,ISCED11_1,_T,_T,_T,_T,_T,_T,2018,98.1,A,0,PT,,,,",
            ])
        #expect(result.unmapped == ["ger"] && result.collisions.isEmpty)
        #expect(result.byArea.keys.sorted() == ["143", "KAZ", "KGZ", "UZB"])
        #expect(result.byArea["KGZ"]?.split(separator: "\n").count == 2)
        // Youth and adults: the age group of the UIS id becomes AGE.
        let prya = SDMXExport.render([
            Self.value("prya", "PRYA.12MO.AG25T54.F", "KGZ", 2018, 4.2, level: "", sex: .female)
        ])
        #expect(prya.text.contains(",SE_ADT_EDUCTRN,417,F,Y25T54,_T,_T,_T,"))
        // Two values the structure cannot tell apart: the second is reported, not silently lost.
        let twice = SDMXExport.render([
            Self.value("cr", "CR.1", "KGZ", 2018, 1), Self.value("cr", "CR.1", "KGZ", 2018, 2),
        ])
        #expect(twice.collisions == ["cr CR.1 KGZ 2018"])
        #expect(SDMXExport.key(values[0]) == "SE_TOT_CPLR.ISCED11_1.F")
        #expect(SDMXExport.key(values[3]) == nil)
    }

    @Test func theSeriesMapIsADataFile() {
        let map = SDMXSeriesMap.builtIn
        #expect(map.entries["cr"]?.series == "SE_TOT_CPLR" && map.entries["prol"]?.series == "SE_PRE_PARTN")
        #expect(
            map.entries["schools.internet"]?.series == "SE_ACS_INTNT" && map.entries["cr.gpia"]?.unitMeasure == "IX")
        let custom = SDMXSeriesMap(csv: "indicator,series,unit_measure,sdg_indicator,note\nger,SE_XYZ,PT,4.2.4,test\n")
        #expect(SDMXExport.render([Self.value("ger", "GER.1", "KGZ", 2024, 1)], map: custom).unmapped.isEmpty)
        // The catalogue's SDG series (sdg4 indicators, indicators.csv) agree with the data file.
        for definition in IndicatorCatalogue().definitions
        where definition.sdgSeries.hasPrefix("SE_") || definition.sdgSeries.hasPrefix("SD_") {
            // prol.survey: the same series as prol, which is exported from administrative data.
            if definition.id == "prol.survey" { continue }
            #expect(map.entries[definition.id]?.series == definition.sdgSeries, "\(definition.id)")
        }
    }

    /// The sample exported, then read back as an `sdmx-csv` source: every exported value comes
    /// back and equals sdg4's own (published.csv, difference 0).
    @Test func exportThenImportGivesTheSameValues() throws {
        let out = TestSupport.temporaryFolder()
        let sample = TestSupport.repositoryRoot + "/pipelines/central-asia.yml"
        var definition = try PipelineFileParser.load(sample)
        definition.inbox = nil
        _ = try PipelineRunner(definition: definition, options: .init(jobs: 2, outputDirectory: out)).run()
        let export = try String(contentsOfFile: out + "/sdmx/sdg4.csv", encoding: .utf8)
        let exported = export.split(separator: "\n").count - 1
        #expect(exported > 1000)
        try export.write(toFile: out + "/back.csv", atomically: true, encoding: .utf8)
        let text = try String(contentsOfFile: sample, encoding: .utf8)
            .replacingOccurrences(of: "../sample-data/", with: TestSupport.repositoryRoot + "/sample-data/")
            .replacingOccurrences(of: "inbox: ../inbox", with: "")
            .replacingOccurrences(of: "benchmarks: benchmarks.csv", with: "benchmarks: \(TestSupport.repositoryRoot)/pipelines/benchmarks.csv")
            .replacingOccurrences(
                of: "indicators: all",
                with: "  - id: sdmx\n    path: \(out)/back.csv\n    format: sdmx-csv\nindicators: all")
        TestSupport.write(text, to: out, "roundtrip.yml")
        let second = TestSupport.temporaryFolder()
        _ = try PipelineRunner(
            definition: try PipelineFileParser.load(out + "/roundtrip.yml"),
            options: .init(jobs: 2, outputDirectory: second)
        ).run()
        let published = try String(contentsOfFile: second + "/published.csv", encoding: .utf8)
        let rows = published.split(separator: "\n").dropFirst().map { CSVText.fields(of: String($0)) }.filter {
            $0[8] == "sdmx"
        }
        #expect(rows.count == exported)
        #expect(rows.allSatisfy { $0[5] == "0" && $0[3] == $0[4] }, "a value read back differs from sdg4's")
        // The values themselves are untouched by the extra source.
        #expect(
            try String(contentsOfFile: second + "/indicators.csv", encoding: .utf8)
                == String(contentsOfFile: out + "/indicators.csv", encoding: .utf8))
    }

    /// What real SDMX-CSV files hold: labels in headers, another column order, deletions,
    /// UNIT_MULT, NaN, quarters and ranges.
    @Test func importReadsRealWorldSDMXCSV() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            """
            DATAFLOW,SERIES: Series,REF_AREA: Area,TIME_PERIOD,OBS_VALUE,SEX,ACTION,UNIT_MULT,FREQ,OBS_STATUS
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2019,99.1,F,I,0,A,A
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2020,98.0,F,D,0,A,A
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,Kyrgyzstan,2021,0.95,_T,I,2,A,E
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2022,NaN,_T,I,0,A,A
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2023-Q1,5,_T,I,0,Q,A
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2018-2019,5,_T,I,0,A,A
            IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2017,inf,_T,I,0,A,A

            """, to: folder, "platform.csv")
        TestSupport.write(
            "sources:\n  - id: kg\n    path: platform.csv\n    format: sdmx-csv\noutputs:\n  dir: out\n", to: folder,
            "p.yml")
        let result = try PipelineRunner(
            definition: try PipelineFileParser.load(folder + "/p.yml"), options: .init(jobs: 1)
        )
        .run()
        let published = try String(contentsOfFile: folder + "/out/published.csv", encoding: .utf8)
        // 2019 as given; 2021: 0.95 × 10² = 95 (UNIT_MULT 2), status E; 2020 deleted; NaN missing.
        #expect(published.contains("SE_TOT_CPLR.F,KGZ,2019,99.1,,,,A,kg"))
        #expect(published.contains("SE_TOT_CPLR,KGZ,2021,95,,,,E,kg"))
        #expect(!published.contains(",2020,") && !published.contains(",2022,") && !published.contains("inf"))
        let input = try #require(result.manifest.inputs.first)
        // Missing: NaN. Rejected: the range 2018-2019 and inf. Ignored: the deletion and the quarter.
        #expect(input.rowsAccepted == 2 && input.rowsMissing == 1 && input.rowsRejected == 2 && input.rowsIgnored == 2)
        #expect(result.quality.groups.contains { $0.code == "row.bad-year" })
    }

    @Test func theDataPackageDescribesEachCSVOutput() throws {
        let json = DataPackage.json(
            name: "central-asia", files: ["indicators.csv", "published.csv", "sdmx/sdg4.csv", "rejects/e.csv", "x.md"],
            sourceIds: ["e", "f"])
        let package = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let resources = try #require(package["resources"] as? [[String: Any]])
        #expect(
            resources.map { $0["path"] as? String } == [
                "indicators.csv", "published.csv", "sdmx/sdg4.csv", "rejects/e.csv",
            ])
        let indicators = try #require(resources.first?["schema"] as? [String: Any])
        #expect(
            indicators["primaryKey"] as? [String]
                == ["indicator", "uis_id", "country", "year", "level", "sex", "location", "wealth", "age_group"])
        let fields = try #require(indicators["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String } == IndicatorsCSV.columns.map(Optional.init))
        let sex = fields.first { $0["name"] as? String == "sex" }?["constraints"] as? [String: Any]
        #expect(sex?["enum"] as? [String] == ["F", "M", "_T"])
    }
}
