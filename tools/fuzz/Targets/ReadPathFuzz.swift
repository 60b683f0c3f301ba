import Foundation
import SDG4Aggregate
import SDG4Clean
import SDG4Ingest
import SDG4PipelineFile
import SDG4Read

/// The whole read path of one file: bytes → encoding detection → CSV → header mapping → the
/// format's row cleaner → the file's contribution. The input's first byte picks the source (its
/// format and reading keys), the second the chunk size; the rest is the file.
///
/// What must hold for any bytes (a failure is a crash, with the reason):
/// - every row read is accounted for (accepted, rejected, missing, filtered, ignored, duplicate);
/// - no problem names a line past the file's end;
/// - the result does not depend on the chunk size the file is read in;
/// - for a student census, the chunked reader (on 1 and 2 threads) gives the whole-file result
///   whenever it takes the file.
struct ReadPathFuzz: Sendable {
    /// One source per format and reading style (the column names of the sample pipeline).
    static let pipeline = """
        sources:
          - id: table
            path: in-table.csv
            format: table
            measure: enrolment
            columns: {country: Country, year: Year, level: ISCED, grade: Grade, sex: Sex, age: Age, value: Pupils}
          - id: table-ru
            path: in-table-ru.csv
            format: table
            columns: {country: Страна, year: Год, level: Уровень, sex: Пол, measure: Показатель, value: Значение}
            missing: [нет данных, "-"]
            thousands: [space, dot]
          - id: uis
            path: in-uis.csv
            format: uis-bdds
          - id: sdmx
            path: in-sdmx.csv
            format: sdmx-csv
          - id: survey
            path: in-survey.csv
            format: microdata
            kind: household-survey
            school_year_start_month: 9
            columns: {country: Country, year: Year, weight: Weight, age: Age, sex: Sex, location: Area, wealth: Quintile, interview_month: Month, attending: Attending, attending_level: LevelAttended, years_of_schooling: YearsSchooling, literate: Literate, participation: Trained12m}
            missing: [DK]
          - id: pisa
            path: in-pisa.csv
            format: microdata
            kind: assessment
            stage: lower-secondary-end
            columns: {country: CNT, year: Year, weight: W_FSTUWT, sex: Gender, location: Area, wealth: ESCS_Q}
            subjects:
              - {name: reading, plausible_values: [PV1READ, PV2READ], cut_score: 407.47}
          - id: census
            path: in-census.csv
            format: microdata
            kind: student-census
            columns: {country: Country, year: Year, level: ISCED, grade: Grade, age: Age, sex: Sex}
            subjects: [{name: exam, score: Exam, cut_score: 50}]
          - id: census-regions
            path: in-census-regions.csv
            format: microdata
            kind: student-census
            columns: {country: Country, year: Year, region: Region, level: Level, grade: Grade, age: Age, sex: Sex, location: Location, weight: Weight}
            subjects: [{name: reading, score: Reading, cut_score: 450}]
            missing: [нет]
        """

    let folder: String
    let definition: PipelineDefinition

    init() {
        folder = NSTemporaryDirectory() + "sdg4-fuzz-read-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for source in ["table", "table-ru", "uis", "sdmx", "survey", "pisa", "census", "census-regions"] {
            _ = FileManager.default.createFile(atPath: "\(folder)/in-\(source).csv", contents: Data())
        }
        let path = folder + "/p.yml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.pipeline.utf8))
        do { definition = try PipelineFileParser.load(path) } catch { fatalError("the fuzz pipeline: \(error)") }
    }

    func run(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 2 else { return }
        let index = Int(bytes[0]) % definition.sources.count
        let source = definition.sources[index]
        let chunk = 1 + Int(bytes[1]) * 5
        let body = Data(bytes[2...])
        let path = "\(folder)/in-\(source.id).csv"
        guard FileManager.default.createFile(atPath: path, contents: body) else { fatalError("cannot write \(path)") }
        let spec = source.spec(index: index, files: [InputFile(path: path)])
        func processor(_ chunkSize: Int) -> FileProcessor {
            FileProcessor(
                source: spec, file: InputFile(path: path), fileIndex: 0, displayName: "in.csv",
                filter: RowFilter(years: nil), chunkSize: chunkSize)
        }
        let small = processor(chunk).process()
        check(small, body: body, source: source.id)
        let whole = processor(1 << 20).process()
        expectSame(small, whole, "chunks of \(chunk) bytes and of 1 MiB")
        guard source.microdata?.kind == .studentCensus else { return }
        // At most about 16 chunks: each chunk's counts are merged at its end, and that dominates
        // the time of a tiny file cut into hundreds.
        let chunkBytes = max(chunk, body.count / 16)
        for jobs in [1, 2] {
            let reader = ChunkedCensusFile(processor: processor(1 << 20), chunkBytes: chunkBytes, jobs: jobs)
            guard let chunked = reader.process() else { continue }
            expectSame(chunked, whole, "the chunked census reader (\(chunkBytes)-byte chunks, \(jobs) jobs)")
        }
    }

    /// Every row accounted for; no problem past the last line.
    func check(_ result: FileResult, body: Data, source: String) {
        let input = result.input
        let accounted =
            input.rowsAccepted + input.rowsRejected + input.rowsMissing + input.rowsFiltered + input.rowsIgnored
            + input.rowsDuplicate
        if accounted != input.rowsRead { fatalError("\(source): \(accounted) rows accounted for of \(input.rowsRead)") }
        if input.bytes != body.count { fatalError("\(source): \(input.bytes) bytes reported of \(body.count)") }
        let lineBreaks = body.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        // UTF-16 halves the bytes per line break; any line number is at most the breaks + 1.
        if let late = result.diagnostics.first(where: { $0.line > lineBreaks + 1 }) {
            fatalError("\(source): a problem at line \(late.line) of a file with \(lineBreaks) line breaks: \(late)")
        }
        if result.rejects.count > input.rowsRejected + input.rowsDuplicate {
            fatalError("\(source): \(result.rejects.count) rejected rows kept of \(input.rowsRejected)")
        }
    }

    /// Score sums are sums of doubles, added per chunk and then chunk by chunk: the same pupils
    /// and counts, the same sums to 1e-12 (the order of addition moves the last bits; see
    /// docs/fuzzing.md).
    static func sameSums(_ a: [ScoreCube.Key: ScoreCube.Cell], _ b: [ScoreCube.Key: ScoreCube.Cell]) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-12 * max(1, abs(x), abs(y)) }
        return a.keys == b.keys
            && a.allSatisfy { key, x in
                let y = b[key]!
                return x.pupils == y.pupils && close(x.weight, y.weight) && close(x.atOrAbove, y.atOrAbove)
                    && close(x.weightedScore, y.weightedScore)
            }
    }

    func expectSame(_ a: FileResult, _ b: FileResult, _ what: String) {
        var differences: [String] = []
        if a.partial.counted != b.partial.counted { differences.append("counts") }
        if a.partial.cells != b.partial.cells { differences.append("values") }
        if a.partial.published != b.partial.published { differences.append("published values") }
        if a.partial.missing != b.partial.missing { differences.append("missing values") }
        if a.partial.censusRegions != b.partial.censusRegions { differences.append("census regions") }
        if a.partial.survey.cells != b.partial.survey.cells { differences.append("survey sums") }
        if a.partial.assessment.cells != b.partial.assessment.cells { differences.append("assessment sums") }
        if !Self.sameSums(a.partial.scores.cells, b.partial.scores.cells) { differences.append("score sums") }
        if a.diagnostics != b.diagnostics {
            differences.append("problems \(a.diagnostics.map(\.code)) against \(b.diagnostics.map(\.code))")
        }
        if a.rejects != b.rejects { differences.append("rejected rows") }
        if a.input != b.input { differences.append("the input summary \(a.input) against \(b.input)") }
        if !differences.isEmpty { fatalError("\(what) differ from the whole-file read: \(differences)") }
    }
}
