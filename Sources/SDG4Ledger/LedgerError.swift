import Foundation

/// Problems with the ledger itself (exit code 3).
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another sdg4 process holds the ledger and did not let go within the wait.
    case locked(path: String, holder: String, waited: Double)
    /// The database cannot be opened, read or written.
    case database(path: String, reason: String)
    /// Made by a newer sdg4 (a migration this version does not know).
    case newerSchema(path: String, versions: [String])
    /// Opened read-only but made by an older sdg4: the next run brings it up to date.
    case olderSchema(path: String)

    public var description: String {
        switch self {
        case .locked(let path, let holder, let waited):
            let who = holder.isEmpty ? "another sdg4 process" : "another sdg4 process (\(holder))"
            return "The ledger \(path) is in use by \(who); waited \(formatSeconds(waited)) s. "
                + "Let that run finish and try again, or give more time with --lock-timeout. "
                + "Nothing was read or written."
        case .database(let path, let reason):
            let damaged = ["malformed", "not a database", "corrupt"].contains { reason.lowercased().contains($0) }
            return "The ledger \(path) cannot be used: \(reason). "
                + (damaged
                    ? "SQLite finds it damaged: restore it from a backup. Moved aside, sdg4 starts a new one and reads "
                        + "every file again, but forgets which inbox deliveries replace which (docs/inbox.md)."
                    : "Check that its folder and file are writable by you and the disk is not full. Do not move it "
                        + "aside for this: it holds which inbox deliveries replace which (docs/inbox.md).")
        case .olderSchema(let path):
            return "The ledger \(path) was made by an older sdg4; the next 'sdg4 run' brings it up to date."
        case .newerSchema(let path, let versions):
            return "The ledger \(path) was made by a newer sdg4 (schema \(versions.joined(separator: ", "))). "
                + "Use that version, or point --ledger at another file."
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
