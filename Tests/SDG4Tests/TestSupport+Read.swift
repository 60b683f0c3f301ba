import Foundation
import SDG4CSV
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

extension TestSupport {
    /// The rows of `text` (comma-separated, UTF-8) through the row cleaner of the source
    /// described by `source` (as for `read`): a cleaner rule's test without reading a file.
    static func clean(_ source: String, _ text: String) throws -> [CleanedRow] {
        let folder = temporaryFolder()
        let yaml = "sources:\n  - id: s\n    path: data.csv\n" + source
        write("", to: folder, "data.csv")
        let definition = try PipelineFileParser.load(write(yaml, to: folder, "p.yml"))
        let spec = definition.sources[0].spec(index: 0, files: [])
        let context = CleaningContext(source: spec, file: "data.csv", fileIndex: 0, filter: RowFilter(), numbers: .dot)
        var cleaner: (any RowCleaner)?
        var rows: [CleanedRow] = []
        func take(_ record: CSVRecord) throws {
            guard cleaner != nil else { return cleaner = try spec.cleaner.init(header: record, context: context) }
            rows.append(cleaner!.clean(record))
        }
        let parser = CSVParser()
        try Array(text.utf8).withUnsafeBytes { try parser.feed($0, onRecord: take) }
        try parser.finish(onRecord: take)
        return rows
    }
}
