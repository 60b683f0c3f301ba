import Foundation

/// Writes outputs so that a reader, or a run killed half-way, only ever sees the old complete
/// file or the new complete file: the bytes go to a temporary file in the same folder, are
/// flushed to disk, and the temporary file is renamed over the target.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `path`, creating parent folders.
    public static func write(_ text: String, to path: String) throws(DurableError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, creating parent folders.
    public static func write(_ bytes: [UInt8], to path: String) throws(DurableError) {
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
        Folder.sync(folder)
    }
}

/// A durable write that failed.
public enum DurableError: Error, Sendable, Equatable {
    case cannotWrite(path: String, reason: String)
}

/// Folders whose entries must reach the disk.
public enum Folder {
    /// Flushes a folder's entries (the renames in it) to disk.
    public static func sync(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
