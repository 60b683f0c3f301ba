#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on a file, between processes: released by the system
/// when the process ends, even by `SIGKILL`, so a killed run never leaves a stale lock.
public final class FileLock: @unchecked Sendable {
    private let fd: Int32
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Why a lock was not taken.
    public enum Failure: Error, Sendable {
        /// Cannot open the lock file.
        case cannotOpen(String)
        /// Held by another process beyond the wait; what the holder wrote in the file.
        case busy(holder: String)
    }

    /// Takes the lock on `path` (created when missing), waiting up to `timeout` seconds; then
    /// writes who holds it into the file, for the message another process prints.
    public static func acquire(_ path: String, timeout: Double, holder: String) throws(Failure) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        var waited = 0.0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if waited >= timeout {
                var buffer = [UInt8](repeating: 0, count: 256)
                let n = pread(fd, &buffer, 255, 0)
                close(fd)
                let text = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
                throw .busy(holder: text.split(separator: "\n").first.map(String.init) ?? "")
            }
            usleep(50_000)
            waited += 0.05
        }
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        return FileLock(fd: fd, path: path)
    }

    /// Releases the lock (also done when the process ends).
    public func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
