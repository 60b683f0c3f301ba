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
        let folder = try parent(of: path)
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
        if let failure = put(bytes, at: temporary, flush: true) {
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

    /// Writes `bytes` to `path` (creating parent folders) in place and without flushing them:
    /// for the files of a private staging folder, flushed together by `Folder.syncFileSystem`
    /// before anything names them (one flush of the file system instead of two per file).
    public static func writeUnflushed(_ bytes: [UInt8], to path: String) throws(DurableError) {
        _ = try parent(of: path)
        if let failure = put(bytes, at: path, flush: false) {
            unlink(path)
            throw .cannotWrite(path: path, reason: failure)
        }
    }

    /// The folder of `path`, created when missing.
    private static func parent(of path: String) throws(DurableError) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    /// Creates or truncates `path` and writes `bytes` (flushed to disk when `flush`); what went
    /// wrong, or `nil`.
    private static func put(_ bytes: [UInt8], at path: String, flush: Bool) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var offset = 0
        return bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return !flush || fsync(fd) == 0 ? nil : String(cString: strerror(errno))
        }
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

    /// Flushes every file written on the file system that holds `path` (Linux's `syncfs`: one
    /// flush for a folder of new files; elsewhere `sync`). `false` when the flush failed.
    public static func syncFileSystem(_ path: String) -> Bool {
        #if os(Linux)
            let fd = open(path, O_RDONLY | O_DIRECTORY)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            return linuxSyncfs(fd) == 0
        #else
            sync()
            return true
        #endif
    }
}

#if os(Linux)
    /// glibc's `syncfs(2)`, which its Swift overlay does not declare (`_GNU_SOURCE`).
    @_silgen_name("syncfs")
    private func linuxSyncfs(_ fd: Int32) -> Int32
#endif
