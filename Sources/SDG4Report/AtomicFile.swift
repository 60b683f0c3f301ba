import Foundation

/// Writes outputs so that a reader, or a run killed half-way, only ever sees the old complete
/// file or the new complete file: the bytes go to a temporary file in the same folder, are
/// flushed to disk, and the temporary file is renamed over the target.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `path`, creating parent folders.
    public static func write(_ text: String, to path: String) throws(ReportError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, creating parent folders.
    public static func write(_ bytes: [UInt8], to path: String) throws(ReportError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var offset = 0
        let failure: String? = bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return fsync(fd) == 0 ? nil : String(cString: strerror(errno))
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw .cannotWrite(path: path, reason: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
        OutputPublisher.syncFolder(folder)
    }
}

/// Problems writing outputs (exit code 3).
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    /// An inbox file could not be moved to `processed/` or `quarantine/` (after the run was
    /// recorded: the next run does the move).
    case cannotMove(path: String, reason: String)
    /// `sdg4 report` found no results to render (run `sdg4 run` first).
    case missingResults(path: String)
    /// A report template (built-in or from `outputs.templates`) does not parse.
    case template(name: String, reason: String)
    /// Another sdg4 run writes to the same output folder and did not finish within the wait.
    case busy(path: String, holder: String, waited: Double)

    /// A reason ending in one full stop.
    static func sentence(_ reason: String) -> String {
        var r = reason
        while r.hasSuffix(".") { r.removeLast() }
        return r + "."
    }

    public var description: String {
        switch self {
        case .missingResults(let path):
            "No results to render: \(path) is missing or unreadable. Run 'sdg4 run' on the pipeline first (sdg4 report renders the reports of the last run)."
        case .template(let name, let reason):
            "The report template \(name).mustache cannot be used: \(reason). Correct it in the templates folder (outputs.templates), or remove it to use sdg4's own."
        case .busy(let path, let holder, let waited):
            "Another sdg4 run (\(holder.isEmpty ? "pid unknown" : holder)) is writing to \(path); waited \(Int(waited)) s. Let it finish and try again, or give more time with --lock-timeout."
        case .cannotWrite(let path, let reason):
            "Cannot write \(path): \(Self.sentence(reason)) Check that the output folder exists and is writable, and that the disk is not full."
        case .cannotMove(let path, let reason):
            "Cannot move an inbox file to \(path): \(Self.sentence(reason)) The run is recorded; check that the inbox's processed/ and quarantine/ folders are writable, and the next run does the move."
        }
    }
}
