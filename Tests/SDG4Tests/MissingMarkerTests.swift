import Foundation
import SDG4Clean
import SDG4Ingest
import SDG4Model
import SDG4Pipeline
import SDG4Read
import Testing

@testable import SDG4PipelineFile

/// A source's `missing:` markers (issue 15): every input format reads them as "no value",
/// never as a bad value. Each case reads one file twice through `FileProcessor`, without and
/// with `missing: ["n.d."]`: the row with `n.d.` is rejected, then it is not.
@Suite("Missing markers in every format")
struct MissingMarkerTests {
    /// Reads `text` as the source described by `yaml` (one source, `path: data.csv`).
    static func read(_ source: String, _ text: String, missing: Bool) throws -> InputSummary {
        try TestSupport.read(source + (missing ? "    missing: [\"n.d.\"]\n" : ""), text).input
    }

    static let cases: [(name: String, source: String, text: String)] = [
        (
            "table",
            "    format: table\n    measure: enrolment\n    columns: {country: C, year: Y, level: L, value: V}\n",
            "C,Y,L,V\nKGZ,2019,1,100\nKGZ,2020,1,n.d.\n"
        ),
        (
            "uis-bdds", "    format: uis-bdds\n",
            "INDICATOR_ID,COUNTRY_ID,YEAR,VALUE,MAGNITUDE,QUALIFIER\nSAP.1,KGZ,2019,380,,\nSAP.1,KGZ,2020,n.d.,,\n"
        ),
        (
            "sdmx-csv", "    format: sdmx-csv\n",
            "DATAFLOW,SERIES,REF_AREA,TIME_PERIOD,OBS_VALUE,SEX\nIAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2019,99.1,F\n"
                + "IAEG-SDGs:DF_SDG_GLH(1.0),SE_TOT_CPLR,417,2020,n.d.,F\n"
        ),
        (
            "household survey",
            "    format: microdata\n    kind: household-survey\n    columns: {country: C, year: Y, weight: W, age: A, literate: L}\n",
            "C,Y,W,A,L\nKGZ,2019,1.5,20,1\nKGZ,2019,1.5,n.d.,1\nKGZ,2019,1.5,21,n.d.\n"
        ),
        (
            "assessment",
            "    format: microdata\n    kind: assessment\n    stage: lower-secondary-end\n    columns: {country: C, year: Y, weight: W}\n"
                + "    subjects:\n      - {name: reading, plausible_values: [PV1, PV2], cut_score: 400}\n",
            "C,Y,W,PV1,PV2\nKGZ,2019,1,450,460\nKGZ,2019,1,n.d.,455\n"
        ),
        (
            "student census",
            "    format: microdata\n    kind: student-census\n    columns: {country: C, year: Y, level: L, age: A}\n",
            "C,Y,L,A\nKGZ,2019,1,8\nKGZ,2019,1,n.d.\n"
        ),
    ]

    @Test(arguments: cases.indices)
    func theSourcesMarkersMeanNoValue(_ index: Int) throws {
        let c = Self.cases[index]
        let without = try Self.read(c.source, c.text, missing: false)
        let with = try Self.read(c.source, c.text, missing: true)
        // Without the marker, n.d. is a bad value: its rows are rejected; with it, none is.
        #expect(without.rowsRejected > 0, "\(c.name): \(without)")
        #expect(with.rowsRejected == 0, "\(c.name): \(with)")
        #expect(with.rowsRead == without.rowsRead, "\(c.name)")
    }
}
