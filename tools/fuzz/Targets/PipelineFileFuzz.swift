import Foundation
import SDG4PipelineFile

/// The pipeline-file parser on any bytes. What must hold: it either gives a definition or a
/// `PipelineFileError` with at least one problem, every problem's line is in the file, the same
/// bytes give the same answer twice, and every source id of a definition is a safe file name.
struct PipelineFileFuzz: Sendable {
    let folder: String

    init() {
        folder = NSTemporaryDirectory() + "sdg4-fuzz-pipeline-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/data/a.csv", contents: Data("a\n".utf8))
        _ = FileManager.default.createFile(atPath: folder + "/structures.csv", contents: Data())
    }

    enum Outcome: Equatable {
        case definition([String])
        case problems([PipelineProblem])
    }

    func run(_ bytes: UnsafeRawBufferPointer) {
        let path = folder + "/p.yml"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write") }
        let first = parse(path)
        // YAML's line breaks: LF, CR, NEL (C2 85), LS and PS (E2 80 A8/A9); an upper bound.
        let lines = bytes.reduce(1) {
            $0 + ($1 == 0x0A || $1 == 0x0D || $1 == 0x85 || $1 == 0xA8 || $1 == 0xA9 ? 1 : 0)
        }
        switch first {
        case .problems(let problems):
            if problems.isEmpty { fatalError("an error without a problem") }
            if let late = problems.first(where: { $0.line < 0 || $0.line > lines + 1 }) {
                fatalError("a problem at line \(late.line) of a \(lines)-line file: \(late)")
            }
            if let blank = problems.first(where: { $0.message.isEmpty }) {
                fatalError("a problem without words: \(blank)")
            }
        case .definition(let ids):
            if ids.isEmpty { fatalError("a definition without sources") }
            if let bad = ids.first(where: { !PipelineFileParser.isSafeId($0) }) {
                fatalError("unsafe source id \(bad)")
            }
        }
        let second = parse(path)
        if second != first { fatalError("the same file parsed twice gave two answers: \(first) and \(second)") }
    }

    func parse(_ path: String) -> Outcome {
        do {
            return .definition(try PipelineFileParser.load(path).sources.map(\.id))
        } catch {
            return .problems(error.problems)
        }
    }
}
