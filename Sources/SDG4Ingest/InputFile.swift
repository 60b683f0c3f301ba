import Foundation
import ZIPFoundation

/// One input to read: a CSV file, or a CSV entry inside a `.zip` archive.
public struct InputFile: Sendable, Hashable, Comparable {
    /// Absolute path of the file on disk (of the archive, for a zip entry).
    public var path: String
    /// Path of the entry inside the archive, for a zip entry.
    public var entry: String?
    /// Position of the entry in the archive (names can repeat inside a zip).
    public var entryIndex: Int?
    /// Why the input cannot be read at all, when that is known before reading (a damaged zip).
    public var unreadable: String?
    /// The UIS bulk-download release this entry is the national data of (`SDG.zip`).
    public var release: UISRelease?

    public init(
        path: String, entry: String? = nil, entryIndex: Int? = nil, unreadable: String? = nil,
        release: UISRelease? = nil
    ) {
        self.path = path
        self.entry = entry
        self.entryIndex = entryIndex
        self.unreadable = unreadable
        self.release = release
    }

    /// How the file is named in reports: `path` or `archive.zip!entry.csv`.
    public var displayName: String {
        entry.map { "\(path)!\($0)" } ?? path
    }

    public static func < (a: InputFile, b: InputFile) -> Bool { a.displayName < b.displayName }

    /// The inputs a matched path stands for: the file itself, or each `.csv` entry of a
    /// `.zip` archive in name order. A zip that cannot be opened stands for itself, marked
    /// unreadable, so that it is reported and listed like any other input. A UIS release's
    /// members (`UISRelease`) stand for its national data alone, which carries the release.
    public static func expand(path: String) -> [InputFile] {
        guard path.lowercased().hasSuffix(".zip") else { return [InputFile(path: path)] }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            return [InputFile(path: path, unreadable: "it is not a readable zip archive")]
        }
        let entries = archive.enumerated()
            .filter { $0.element.type == .file && $0.element.path.lowercased().hasSuffix(".csv") }
            .map { (index: $0.offset, path: $0.element.path, checksum: $0.element.checksum) }
            .sorted { ($0.path, $0.index) < ($1.path, $1.index) }
        let (releases, members) = UISRelease.find(in: archive, entries: entries)
        var files = entries.filter { !members.contains($0.index) }.map {
            InputFile(path: path, entry: $0.path, entryIndex: $0.index)
        }
        for (release, data) in releases {
            files += data.map { InputFile(path: path, entry: $0.path, entryIndex: $0.index, release: release) }
        }
        return files.sorted { ($0.entry ?? "", $0.entryIndex ?? 0) < ($1.entry ?? "", $1.entryIndex ?? 0) }
    }
}

/// What reading a whole input gave: its size and content hash.
public struct InputDigest: Sendable, Hashable {
    public var bytes: Int
    public var sha256: String

    public init(bytes: Int, sha256: String) {
        self.bytes = bytes
        self.sha256 = sha256
    }
}

extension InputFile {
    /// Streams the file's bytes in chunks of `chunkSize`, hashing them on the way; never holds
    /// the whole file in memory.
    public func read(
        chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> InputDigest {
        var hasher = SHA256()
        var total = 0
        if let entryIndex {
            let archive: Archive
            do {
                archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            } catch {
                throw IngestError.unreadable(file: displayName, reason: "the zip archive cannot be opened")
            }
            guard let item = archive.enumerated().first(where: { $0.offset == entryIndex })?.element else {
                throw IngestError.unreadable(file: displayName, reason: "the archive has no entry \(entry ?? "")")
            }
            let checksum: CRC32
            var bodyError: (any Error)?
            do {
                checksum = try archive.extract(item, bufferSize: chunkSize, skipCRC32: false) { data in
                    try data.withUnsafeBytes { raw in
                        hasher.update(raw)
                        total += raw.count
                        do { try body(raw) } catch {
                            bodyError = error
                            throw error
                        }
                    }
                }
            } catch {
                // The caller's own error passes through; anything else is a damaged archive.
                if let bodyError { throw bodyError }
                throw IngestError.unreadable(file: displayName, reason: "the archive entry is damaged (\(error))")
            }
            guard checksum == item.checksum else {
                throw IngestError.unreadable(
                    file: displayName, reason: "the archive entry is damaged: its checksum does not match its content")
            }
            return InputDigest(bytes: total, sha256: hasher.hexDigest())
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            hasher.update(chunk)
            total += n
            try body(chunk)
        }
        return InputDigest(bytes: total, sha256: hasher.hexDigest())
    }
}
