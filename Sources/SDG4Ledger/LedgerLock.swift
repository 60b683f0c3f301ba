import Foundation
import SDG4Durable
import SDG4Model

/// The exclusive lock one sdg4 process holds on a ledger while it runs: a `FileLock` on
/// `<ledger>.lock`, released by the system when the process ends, even by `SIGKILL`.
public enum LedgerLock {
    /// Takes the lock, waiting up to `timeout` seconds for another process to release it.
    public static func acquire(ledgerPath: String, timeout: Double) throws(LedgerError) -> FileLock {
        let path = ledgerPath + ".lock"
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            return try FileLock.acquire(
                path, timeout: timeout,
                holder: "pid \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))\n")
        } catch {
            switch error {
            case .cannotOpen(let reason): throw .database(path: ledgerPath, reason: "cannot open \(path): \(reason)")
            case .busy(let holder): throw .locked(path: ledgerPath, holder: holder, waited: timeout)
            }
        }
    }
}
