import Foundation

/// The exclusive lock one sdg4 process holds on a ledger while it runs: an advisory `flock`
/// on `<ledger>.lock`, released by the kernel when the process ends, even by `SIGKILL`, so a
/// crashed run never leaves a stale lock behind.
public final class LedgerLock: @unchecked Sendable {
    private let fd: Int32
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Takes the lock, waiting up to `timeout` seconds for another process to release it.
    public static func acquire(ledgerPath: String, timeout: Double) throws(LedgerError) -> LedgerLock {
        let path = ledgerPath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .database(path: ledgerPath, reason: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        let start = Date()
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let waited = Date().timeIntervalSince(start)
            if waited >= timeout {
                let holder =
                    (try? String(contentsOfFile: path, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                close(fd)
                throw .locked(path: ledgerPath, holder: holder, waited: timeout)
            }
            usleep(50_000)
        }
        // Who holds it, for the message another process prints.
        let stamp = "pid \(getpid()), since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = stamp.withCString { pwrite(fd, $0, strlen($0), 0) }
        return LedgerLock(fd: fd, path: path)
    }

    /// Releases the lock (also done when the process ends).
    public func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
