import Foundation
import SDG4Durable
import SDG4Ingest
import SDG4Model
import SDG4Report

/// The inbox folder: files dropped there are read as the source whose `inbox:` pattern their
/// name matches, then moved to `processed/` (or `quarantine/`, with a `.error.txt` saying why)
/// once the ledger has recorded them.
public enum Inbox {
    static func processed(_ inbox: String) -> String { inbox + "/processed" }
    static func quarantine(_ inbox: String) -> String { inbox + "/quarantine" }

    /// The names of the files waiting in the inbox, sorted: regular files at its top level,
    /// leaving out hidden files and partial downloads (`.part`, `.tmp`, `.crdownload`, `~`).
    static func waiting(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { name in
            guard !isIgnored(name) else { return false }
            var st = stat()
            return stat(folder + "/" + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        }.sorted()
    }

    /// Names that are never picked up: hidden files and files still being downloaded or saved.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".error.txt")
            || [".part", ".partial", ".tmp", ".crdownload", ".download"].contains { name.lowercased().hasSuffix($0) }
    }

    /// The names of symbolic links at the top of the inbox whose target does not exist.
    static func brokenLinks(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { name in
            guard !isIgnored(name) else { return false }
            var link = stat()
            var target = stat()
            let path = folder + "/" + name
            return lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK && stat(path, &target) != 0
        }.sorted()
    }

    /// Whether a file name matches a source's `inbox:` pattern (shell wildcards `*`, `?`, `[...]`).
    static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }

    /// A path in `folder` for `name` that is not in `taken` and not on disk: `name`, else
    /// `stem.2.ext`, `stem.3.ext`, ... (added to `taken`).
    static func uniquePath(in folder: String, for name: String, taken: inout Set<String>) -> String {
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        var n = 1
        while true {
            let candidate = n == 1 ? name : ext.isEmpty ? "\(stem).\(n)" : "\(stem).\(n).\(ext)"
            let path = folder + "/" + candidate
            if !taken.contains(path) && !FileManager.default.fileExists(atPath: path) {
                taken.insert(path)
                return path
            }
            n += 1
        }
    }

    /// The `.error.txt` of a file that matches no source.
    static func unmatchedText(name: String, patterns: [(source: String, pattern: String)]) -> String {
        var s = "\(name) was not processed: its name matches no source's inbox pattern.\n\n"
        if patterns.isEmpty {
            s += "No source of the pipeline has an 'inbox:' pattern.\n"
        } else {
            s += "The patterns are:\n"
            for p in patterns { s += "  \(p.pattern)    (source \(p.source))\n" }
        }
        s += "\nRename the file to match one of them and drop it in the inbox again, or add an 'inbox:' pattern "
        s += "to the source it belongs to in the pipeline file.\n"
        return s
    }

    /// The `.error.txt` of a file that could not be used.
    static func unreadableText(name: String, source: String, problems: [Diagnostic]) -> String {
        var s = "\(name) was not processed as source '\(source)': nothing in it could be used.\n\n"
        for d in problems where d.severity == .error { s += d.formatted + "\n" }
        s += "\nCorrect the file and drop it in the inbox again.\n"
        return s
    }

    /// Does a move recorded in the ledger: writes the `.error.txt` (for a quarantined file),
    /// then renames the file. Safe to repeat: a move already done is left as it is.
    static func move(from: String, to: String, errorText: String?) throws(ReportError) {
        let folder = (to as NSString).deletingLastPathComponent
        if let errorText {
            // A run killed while writing it left a temporary file: the ledger lock makes it ours.
            let stale = "." + (to as NSString).lastPathComponent + ".error.txt.tmp-"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(stale)
            {
                unlink(folder + "/" + name)
            }
            do { try AtomicFile.write(errorText, to: to + ".error.txt") } catch {
                if case .cannotWrite(let path, let reason) = error { throw .cannotMove(path: path, reason: reason) }
            }
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard FileManager.default.fileExists(atPath: from) else { return }  // done before
        // link + unlink rather than rename: a file already at `to` is never replaced. If `to`
        // exists, it is this very file (a killed run linked it but did not unlink), or the move
        // was done and a new file of the same name was dropped since: that one stays in the
        // inbox for the next run. A symbolic link is resolved (its content copied: the link
        // would dangle, or follow a file that changes), and so is a `processed/` on another
        // file system, where no hard link can be made.
        var st = stat()
        let isLink = lstat(from, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
        if isLink || link(from, to) != 0 {
            if isLink || errno == EXDEV {
                guard try copy(from, to) else { return }
            } else {
                guard errno == EEXIST else {
                    throw .cannotWrite(
                        path: to, reason: "cannot move \(from) there: \(String(cString: strerror(errno)))")
                }
                var a = stat()
                var b = stat()
                guard stat(from, &a) == 0, stat(to, &b) == 0, a.st_ino == b.st_ino, a.st_dev == b.st_dev else {
                    return
                }
            }
        }
        Folder.sync(folder)
        unlink(from)
        Folder.sync((from as NSString).deletingLastPathComponent)
    }
}

extension Inbox {
    /// Copies one open file to another in 1 MiB pieces (never the whole file in memory); `false`
    /// on a read or write error.
    private static func copyBytes(from source: Int32, to target: Int32) -> Bool {
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(source, buffer, size)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n == 0 }
            var done = 0
            while done < n {
                let w = write(target, buffer + done, n - done)
                if w < 0 && errno == EINTR { continue }
                if w <= 0 { return false }
                done += w
            }
        }
    }

    /// Copies the content `from` points at to `to`, never replacing a file there: into a
    /// temporary file beside `to`, flushed, then hard-linked to `to`. `false` when `to` exists
    /// already (a different file: `from` then stays in the inbox).
    fileprivate static func copy(_ from: String, _ to: String) throws(ReportError) -> Bool {
        let folder = (to as NSString).deletingLastPathComponent
        // One name per target: one a killed run left is replaced (the ledger lock makes it ours).
        let temporary = folder + "/.sdg4-copy-" + (to as NSString).lastPathComponent
        unlink(temporary)
        let source = open(from, O_RDONLY)
        guard source >= 0 else { throw .cannotMove(path: to, reason: "cannot read \(from) to copy it there") }
        defer { close(source) }
        let fd = open(temporary, O_CREAT | O_WRONLY | O_EXCL, 0o644)
        guard fd >= 0 else { throw .cannotMove(path: to, reason: String(cString: strerror(errno))) }
        let copied = Self.copyBytes(from: source, to: fd)
        // The copy keeps the modification time the run recorded, so the next run need not read it.
        var info = stat()
        if fstat(source, &info) == 0 {
            var times = [info.st_atim, info.st_mtim]
            futimens(fd, &times)
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard copied, synced else {
            unlink(temporary)
            throw .cannotMove(path: to, reason: "cannot copy \(from) there: \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        if link(temporary, to) != 0 {
            guard errno == EEXIST else {
                throw .cannotMove(path: to, reason: "cannot move \(from) there: \(String(cString: strerror(errno)))")
            }
            // Already copied by a killed run (the same bytes), or another file of that name.
            let digest = { (path: String) in try? InputFile(path: path).read { _ in }.sha256 }
            return digest(to) != nil && digest(to) == digest(temporary)
        }
        return true
    }
}

/// Size and modification time of a file: with the ledger's record, how a run knows a file is
/// unchanged without reading it.
struct FileStat: Sendable, Hashable {
    var bytes: Int64
    /// Nanoseconds since 1970.
    var modified: Int64

    static func of(_ path: String) -> FileStat? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStat(
            bytes: Int64(st.st_size), modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }
}

extension Inbox {
    /// The names of the files waiting in an inbox folder (what a run would pick up).
    public static func waitingNames(_ folder: String) -> [String] { waiting(in: folder) }
}
