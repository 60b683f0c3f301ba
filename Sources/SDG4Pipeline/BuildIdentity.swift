import Foundation

/// What tells one build of sdg4 from another, beyond its version string: the executable's
/// GNU build ID (a hash the linker writes into every ELF file), or else the executable's size
/// and modification time. Part of every contribution's fingerprint, so that a rebuilt sdg4,
/// whose parsing or cleaning may differ, never serves contributions an older build computed.
enum BuildIdentity {
    static let current: String = gnuBuildID().map { "build-id " + $0 } ?? executableStamp()

    /// The main program's `NT_GNU_BUILD_ID` note, in hex: read from the ELF file's note
    /// segments (a few hundred bytes; a 64-bit little-endian ELF, as on every platform sdg4
    /// builds for).
    private static func gnuBuildID() -> String? {
        let fd = open("/proc/self/exe", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        func bytes(_ offset: Int, _ count: Int) -> [UInt8]? {
            var b = [UInt8](repeating: 0, count: count)
            let n = b.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n == count ? b : nil
        }
        func int(_ b: [UInt8], _ at: Int, _ width: Int) -> Int {
            (0..<width).reversed().reduce(0) { $0 << 8 | Int(b[at + $1]) }
        }
        // ELF64, little-endian: e_phoff at 32, e_phentsize at 54, e_phnum at 56.
        guard let elf = bytes(0, 64), elf[0..<4] == [0x7f, 0x45, 0x4c, 0x46], elf[4] == 2, elf[5] == 1 else {
            return nil
        }
        let (table, size, count) = (int(elf, 32, 8), int(elf, 54, 2), int(elf, 56, 2))
        for i in 0..<min(count, 64) {
            guard let ph = bytes(table + i * size, 56), int(ph, 0, 4) == 4,  // PT_NOTE
                let notes = bytes(int(ph, 8, 8), min(int(ph, 32, 8), 1 << 16))
            else { continue }
            var at = 0
            while at + 12 <= notes.count {
                let (nameSize, descSize, type) = (int(notes, at, 4), int(notes, at + 4, 4), int(notes, at + 8, 4))
                let desc = at + 12 + (nameSize + 3) & ~3
                guard desc + descSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[(at + 12)..<(at + 15)] == [0x47, 0x4e, 0x55] {  // "GNU"
                    return notes[desc..<(desc + descSize)].map { String(format: "%02x", $0) }.joined()
                }
                at = desc + (descSize + 3) & ~3
            }
        }
        return nil
    }

    private static func executableStamp() -> String {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return "unknown build" }
        return "executable \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(st.st_ino)"
    }
}
