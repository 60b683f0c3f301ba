import Foundation
import SDG4Durable
import SDG4Model

/// Publishes a run's outputs as one set: a run killed at any moment leaves the previous set
/// complete, or the new set committed (and finished by the next start). Readers during the few
/// renames of step 3 can see some files new and some old, each of them whole.
///
/// 1. Every file is written to `.sdg4-staging/` inside the output folder and flushed to disk.
/// 2. A `PUBLISH` list naming them is written there (atomically): from then on the new set is
///    committed.
/// 3. Each staged file is renamed over its output (same file system, so each rename is atomic);
///    outputs the new set no longer has are removed; the staging folder goes last.
///
/// `recover` runs at the start of every run: a committed set that was not fully renamed is
/// finished (rolled forward); a set that was never committed is thrown away, leaving the
/// previous outputs as they were.
public enum OutputPublisher {
    static let staging = ".sdg4-staging"
    static let marker = "PUBLISH"

    /// Locks the output folder (`.sdg4.lock` in it) against other sdg4 runs writing there,
    /// waiting up to `timeout` seconds.
    public static func lock(_ directory: String, timeout: Double) throws(ReportError) -> FileLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        do {
            return try FileLock.acquire(directory + "/.sdg4.lock", timeout: timeout, holder: "pid \(getpid())\n")
        } catch {
            switch error {
            case .cannotOpen(let reason): throw .cannotWrite(path: directory + "/.sdg4.lock", reason: reason)
            case .busy(let holder): throw .busy(path: directory, holder: holder, waited: timeout)
            }
        }
    }

    /// Finishes or discards a publish that a killed run left half-done (call with the folder locked).
    public static func recover(in directory: String) throws(ReportError) {
        let stage = directory + "/" + staging
        guard FileManager.default.fileExists(atPath: stage) else { return }
        removeProbes(in: directory)
        if let list = try? String(contentsOfFile: stage + "/" + marker, encoding: .utf8) {
            try finish(list: list, directory: directory, recovering: true)
        }
        try? FileManager.default.removeItem(atPath: stage)
    }

    /// Writes `files` (name relative to `directory`, bytes) and removes `obsolete` names, as one
    /// set (call with the folder locked).
    public static func publish(_ files: [(String, [UInt8])], removing obsolete: [String], in directory: String)
        throws(ReportError)
    {
        try recover(in: directory)
        let stage = directory + "/" + staging
        // The staging folder is sdg4's own: its files are written in place and flushed together,
        // before the commit point names them.
        for (name, bytes) in files {
            do { try AtomicFile.writeUnflushed(bytes, to: stage + "/" + name) } catch { throw ReportError(error) }
        }
        guard Folder.syncFileSystem(stage) else {
            throw .cannotWrite(path: stage, reason: "the staged outputs could not be flushed to disk; nothing was published")
        }
        CrashPoint.hit("outputs-staged")
        // Every target folder must take the renames before the commit point: a folder that
        // cannot be written fails the publish while the previous set is still whole.
        try checkWritable(Set(files.map { (directory + "/" + $0.0 as NSString).deletingLastPathComponent }))
        var list = ""
        for (name, _) in files { list += "write \(name)\n" }
        for name in obsolete { list += "remove \(name)\n" }
        do { try AtomicFile.write(list, to: stage + "/" + marker) } catch { throw ReportError(error) }
        Folder.sync(stage)
        CrashPoint.hit("outputs-committed")
        try finish(list: list, directory: directory, recovering: false)
        try? FileManager.default.removeItem(atPath: stage)
    }

    private static func finish(list: String, directory: String, recovering: Bool) throws(ReportError) {
        let stage = directory + "/" + staging
        var folders: Set<String> = [directory]
        for (n, line) in list.split(separator: "\n").enumerated() {
            let name = String(line.dropFirst(line.hasPrefix("write ") ? 6 : 7))
            let target = directory + "/" + name
            if line.hasPrefix("write ") {
                let staged = stage + "/" + name
                // Already renamed by the interrupted run when the staged copy is gone.
                guard FileManager.default.fileExists(atPath: staged) else {
                    if recovering { continue }
                    throw .cannotWrite(path: target, reason: "its staged copy \(staged) disappeared")
                }
                let folder = (target as NSString).deletingLastPathComponent
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw .cannotWrite(path: target, reason: "cannot create folder \(folder)")
                }
                folders.insert(folder)
                guard rename(staged, target) == 0 else {
                    throw .cannotWrite(path: target, reason: String(cString: strerror(errno)))
                }
                if n == 0 { CrashPoint.hit("outputs-half-renamed") }
            } else {
                unlink(target)
            }
        }
        for f in folders { Folder.sync(f) }
    }

    /// Creates each folder when missing and checks that a file can be created in it (a probe
    /// file, removed at once).
    private static func checkWritable(_ folders: Set<String>) throws(ReportError) {
        for folder in folders.sorted() {
            let probe = folder + "/" + probePrefix + "\(getpid())"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .cannotWrite(path: folder, reason: "cannot create the folder; nothing was published")
            }
            // An unnamed file (O_TMPFILE): nothing is left in the folder if the process dies
            // here. Where the file system has none, a named probe (removed by `recover`).
            let unnamed = open(folder, oTmpfile | O_WRONLY, 0o600)
            if unnamed >= 0 {
                close(unnamed)
                continue
            }
            guard [EOPNOTSUPP, EISDIR, EINVAL].contains(errno) else {
                throw .cannotWrite(path: folder, reason: "\(String(cString: strerror(errno))); nothing was published")
            }
            let fd = open(probe, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            guard fd >= 0 else {
                throw .cannotWrite(
                    path: folder, reason: "\(String(cString: strerror(errno))); nothing was published")
            }
            close(fd)
            unlink(probe)
        }
    }

    /// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Glibc's Swift overlay lacks.
    private static let oTmpfile: Int32 = 0o20_000_000 | O_DIRECTORY
    private static let probePrefix = ".sdg4-probe-"

    /// Removes the named probes a killed publish left in the output folder and its subfolders.
    private static func removeProbes(in directory: String) {
        for folder in [directory] + ["countries", "sdmx", "rejects"].map({ directory + "/" + $0 }) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasPrefix(probePrefix) {
                unlink(folder + "/" + name)
            }
        }
    }

}
