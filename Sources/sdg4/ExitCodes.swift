import ArgumentParser
import Foundation
import SDG4Pipeline
import SDG4PipelineFile

/// The exit codes of product.md §2.
enum Exit {
    /// Success, warnings allowed.
    static let success: Int32 = 0
    /// Data problems (with --strict), or no usable input.
    static let dataProblems: Int32 = 1
    /// Usage error or invalid pipeline file.
    static let usage: Int32 = 2
    /// Cannot write outputs, or an internal failure.
    static let io: Int32 = 3
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Loads a pipeline file, or exits 2 with every problem listed.
func loadPipeline(_ path: String) throws -> PipelineDefinition {
    do {
        return try PipelineFileParser.load(path)
    } catch {
        printError(error.description)
        throw ExitCode(Exit.usage)
    }
}
