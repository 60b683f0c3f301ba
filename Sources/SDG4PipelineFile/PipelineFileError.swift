/// One thing wrong with a pipeline file, with the key and line it is about.
public struct PipelineProblem: Sendable, Hashable, CustomStringConvertible {
    /// Dotted key path (`sources[1].format`), empty for the whole file.
    public var key: String
    /// 1-based line in the pipeline file; 0 when unknown.
    public var line: Int
    public var message: String

    public var description: String {
        var s = line > 0 ? "line \(line)" : ""
        if !key.isEmpty { s += s.isEmpty ? "key '\(key)'" : ", key '\(key)'" }
        return s.isEmpty ? message : "\(s): \(message)"
    }
}

/// A pipeline file that cannot be used (exit code 2): every problem found in it.
public struct PipelineFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pipeline file's path.
    public var file: String
    public var problems: [PipelineProblem]

    public var description: String {
        "The pipeline file \(file) cannot be used:\n" + problems.map { "  \(file): \($0)" }.joined(separator: "\n")
    }
}
