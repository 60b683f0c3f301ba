import Foundation
import SDG4Durable

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

    /// A durable write that failed, as an output problem.
    public init(_ error: DurableError) {
        switch error {
        case .cannotWrite(let path, let reason): self = .cannotWrite(path: path, reason: reason)
        }
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
