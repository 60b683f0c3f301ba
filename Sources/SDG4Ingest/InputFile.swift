import Foundation
import ZIPFoundation

/// One input to read: a CSV file, or a CSV entry inside a `.zip` archive.
public struct InputFile: Sendable, Hashable, Comparable {
    /// Absolute path of the file on disk (of the archive, for a zip entry).
    public var path: String
    /// Path of the entry inside the archive, for a zip entry.
    public var entry: String?

    public init(path: String, entry: String? = nil) {
        self.path = path
        self.entry = entry
    }

    /// How the file is named in reports: `path` or `archive.zip!entry.csv`.
    public var displayName: String {
        entry.map { "\(path)!\($0)" } ?? path
    }

    public static func < (a: InputFile, b: InputFile) -> Bool { a.displayName < b.displayName }

    /// The inputs a matched path stands for: the file itself, or each `.csv` entry of a
    /// `.zip` archive in name order.
    public static func expand(path: String) throws(IngestError) -> [InputFile] {
        guard path.lowercased().hasSuffix(".zip") else { return [InputFile(path: path)] }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .unreadable(file: path, reason: "it is not a readable zip archive (\(error))")
        }
        let names = archive.filter { $0.type == .file && $0.path.lowercased().hasSuffix(".csv") }.map(\.path)
        return names.sorted().map { InputFile(path: path, entry: $0) }
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
        if let entry {
            let archive: Archive
            do {
                archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
            } catch {
                throw IngestError.unreadable(file: displayName, reason: "the zip archive cannot be opened (\(error))")
            }
            guard let item = archive[entry] else {
                throw IngestError.unreadable(file: displayName, reason: "the archive has no entry \(entry)")
            }
            _ = try archive.extract(item, bufferSize: chunkSize, skipCRC32: false) { data in
                try data.withUnsafeBytes { raw in
                    hasher.update(raw)
                    total += raw.count
                    try body(raw)
                }
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
