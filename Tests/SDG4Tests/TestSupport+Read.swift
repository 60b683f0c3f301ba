import Foundation
import SDG4Clean
import SDG4Ingest
import SDG4Read

@testable import SDG4PipelineFile

extension TestSupport {
    /// One file through the read stage, as a run reads it: `source` is one source's keys after
    /// `- id: s` and `path: data.csv` (YAML, indented four spaces), `text` the file. A cleaner
    /// rule's test is then a CSV string in, rows and problems out.
    static func read(_ source: String, _ text: String, chunkSize: Int = 1 << 20) throws -> FileResult {
        let folder = temporaryFolder()
        write(text, to: folder, "data.csv")
        let yaml = "sources:\n  - id: s\n    path: data.csv\n" + source
        let definition = try PipelineFileParser.load(write(yaml, to: folder, "p.yml"))
        let file = InputFile(path: folder + "/data.csv")
        return FileProcessor(
            source: definition.sources[0].spec(index: 0, files: [file]), file: file, fileIndex: 0,
            displayName: "data.csv", filter: RowFilter(), chunkSize: chunkSize
        ).process()
    }
}
