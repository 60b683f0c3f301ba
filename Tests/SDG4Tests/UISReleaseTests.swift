import Foundation
import Testing
import ZIPFoundation

@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile
@testable import SDG4Report

/// A whole UIS bulk-download release as UIS ships it (issue 17; the layout of UIS's readme,
/// `SDG_README_RELEASE_2021_September.md`): the national data is read, the metadata gives each
/// published value its footnotes, the labels name the ids, the regional files are skipped with
/// one note, no member is a broken data file, and run.json names the release.
@Suite("UIS bulk-download release")
struct UISReleaseTests {
    static func zip(_ members: [String: String], at path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for name in members.keys.sorted() {
            let bytes = Data(members[name]!.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
        }
    }

    static let members: [String: String] = [
        "SDG_README_RELEASE_2021_September.md":
            "Dataset: Sustainable Development Goal 4\nRelease date: September 2021\nData extracted on: 2021-Sep-21\n",
        "SDG_DATA_NATIONAL.csv": """
            INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER
            GER.1,KGZ,2019,98.12345,,
            GER.1,KGZ,2020,99.5,,UIS_EST
            20062,KGZ,2019,450000,,
            20062,KGZ,2020,460000,,
            SAP.1,KGZ,2019,460000,,
            SAP.1,KGZ,2020,462000,,
            299905,KGZ,2019,7,,

            """,
        "SDG_METADATA.csv": """
            INDICATOR_ID,COUNTRY_ID,YEAR,TYPE,METADATA
            GER.1,KGZ,2019,Source,"MoES, administrative data"
            GER.1,KGZ,2019,Under Coverage,Private schools
            GER.1,KGZ,2020,Source,UIS estimate
            299905,KGZ,2019,Source,dropped
            GER.1,SDG: World,2019,Source,a region's: dropped

            """,
        "SDG_LABEL.csv": "INDICATOR_ID,INDICATOR_LABEL_EN\nGER.1,\"Gross enrolment ratio, primary, both sexes (%)\"\n",
        "SDG_COUNTRY.csv": "COUNTRY_ID,COUNTRY_NAME_EN\nKGZ,Kyrgyzstan\nFRA,France\n",
        "SDG_DATA_REGIONAL.csv": "INDICATOR_ID,REGION_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\nGER.1,SDG: World,2019,100.1,,\n",
        "SDG_REGION.csv": "REGION_ID,COUNTRY_ID,COUNTRY_NAME_EN\nSDG: World,KGZ,Kyrgyzstan\n",
    ]

    static func run(_ members: [String: String] = members) throws -> (RunResult, String) {
        let folder = TestSupport.temporaryFolder()
        try zip(members, at: folder + "/SDG.zip")
        let path = TestSupport.write(
            "sources:\n  - id: uis\n    path: SDG.zip\n    format: uis-bdds\nindicators: [ger]\n", to: folder, "p.yml")
        let result = try PipelineRunner(
            definition: PipelineFileParser.load(path), options: .init(jobs: 1, outputDirectory: folder + "/out")
        ).run()
        return (result, folder + "/out")
    }

    @Test func theNationalDataIsReadWithItsFootnotes() throws {
        let (result, out) = try Self.run()
        // One input: the national data; the companions are never data files.
        #expect(result.manifest.inputs.map(\.path) == ["SDG.zip!SDG_DATA_NATIONAL.csv"])
        let input = try #require(result.manifest.inputs.first)
        #expect(input.release == "SDG September 2021")
        #expect(input.rowsRead == 7 && input.rowsAccepted == 6 && input.rowsIgnored == 1 && input.rowsRejected == 0)
        let run = try String(contentsOfFile: out + "/run.json", encoding: .utf8)
        #expect(run.contains("\"release\" : \"SDG September 2021\""))
        // Footnotes in published.csv, several joined with " | ", the unused id's dropped.
        let published = try String(contentsOfFile: out + "/published.csv", encoding: .utf8)
        let lines = published.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix(",source,footnotes"))
        #expect(lines.contains { $0.hasPrefix("GER.1,KGZ,2019,98.12345,") && $0.hasSuffix(#","Source: MoES, administrative data | Under Coverage: Private schools""#) })
        #expect(lines.contains { $0.hasPrefix("GER.1,KGZ,2020,99.5,") && $0.hasSuffix(",uis,Source: UIS estimate") })
        // One note on the release; nothing about its companions as files.
        let notes = result.quality.problems.filter { $0.code == "uis.release" }
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains("SDG_DATA_REGIONAL.csv, SDG_REGION.csv skipped") == true)
        #expect(notes.first?.message.contains("3 footnotes of the pipeline's countries and years kept, of 5") == true)
        #expect(!result.quality.problems.contains { $0.code.hasPrefix("file.") || $0.code.hasPrefix("csv.") })
        // The country report shows the published value with its footnotes and the release's label.
        let report = try String(contentsOfFile: out + "/countries/KGZ.en.md", encoding: .utf8)
        // sdg4's GER.1 for 2020: 460,000 / 462,000 × 100 = 99.567...
        #expect(report.contains("| GER.1 (Gross enrolment ratio, primary) | 2020 | 99.5 | 99.6 | 0.1 | Source: UIS estimate |"))
        #expect(report.contains("Source: UIS estimate"))
    }

    /// A release without its readme or metadata is still one: no date, no footnotes.
    @Test func aReleaseWithoutReadmeOrMetadata() throws {
        var members = Self.members
        members["SDG_README_RELEASE_2021_September.md"] = nil
        members["SDG_METADATA.csv"] = nil
        let (result, out) = try Self.run(members)
        #expect(result.manifest.inputs.map(\.release) == ["SDG"])
        let published = try String(contentsOfFile: out + "/published.csv", encoding: .utf8)
        #expect(published.contains("GER.1,KGZ,2019,98.12345,") && published.contains(",uis,\n"))
    }

    /// `sdg4 report` rebuilds the section from the output folder's published.csv.
    @Test func reportsFromFilesKeepTheFootnotes() throws {
        let (_, out) = try Self.run()
        let data = try ReportData.load(from: out)
        let kgz = data.published.filter { $0.country.rawValue == "KGZ" && $0.year == 2019 }
        #expect(kgz.map(\.footnotes) == [["Source: MoES, administrative data", "Under Coverage: Private schools"]])
    }

    /// The ledger reads the national data again when the release's footnotes change.
    @Test func newFootnotesAreANewContribution() {
        let source = SourceSpec(id: "uis", index: 0, format: .uisBulk)
        var first = UISRelease(dataset: "SDG", date: "September 2021")
        first.metadata = UISRelease.Member(index: 2, path: "SDG_METADATA.csv", checksum: 1)
        var second = first
        second.metadata?.checksum = 2
        func print(_ r: UISRelease?) -> String {
            ContributionFingerprint.of(
                source: source, display: "SDG.zip!SDG_DATA_NATIONAL.csv", filter: RowFilter(), version: "1", release: r)
        }
        #expect(print(first) != print(second))
        #expect(print(nil) != print(first))
        #expect(print(first) == print(first))
    }

    /// Two releases in folders of one zip keep their own footnotes; regional data without its
    /// national file is never read as data.
    @Test func releasesInFoldersAndAnOrphanRegionalFile() throws {
        var members: [String: String] = [:]
        for (name, text) in Self.members { members["2021/" + name] = text }
        for (name, text) in Self.members {
            members["2022/" + name.replacingOccurrences(of: "2021", with: "2022")] =
                text.replacingOccurrences(of: "UIS estimate", with: "UIS estimate 2022")
                .replacingOccurrences(of: "September 2021", with: "March 2022")
        }
        members["OPRI_DATA_REGIONAL.csv"] = "INDICATOR_ID,REGION_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\nX,Y,2019,1,,\n"
        let (result, _) = try Self.run(members)
        #expect(result.manifest.inputs.map(\.path) == ["SDG.zip!2021/SDG_DATA_NATIONAL.csv", "SDG.zip!2022/SDG_DATA_NATIONAL.csv"])
        #expect(result.manifest.inputs.map(\.release) == ["SDG September 2021", "SDG March 2022"])
        #expect(!result.quality.problems.contains { $0.code.hasPrefix("header.") || $0.code.hasPrefix("file.") })
    }
}
