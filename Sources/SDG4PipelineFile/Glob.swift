import Foundation

/// File-name patterns (`*`, `?`, `[...]`) as the shell expands them, via POSIX `glob(3)`.
public enum Glob {
    /// The files matching an absolute pattern, sorted; folders are left out.
    public static func files(matching pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            guard let p = result.gl_pathv[i] else { continue }
            let path = String(cString: p)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(path)
            }
        }
        return out.sorted()
    }

    /// The longest leading folder of a pattern that has no wildcard: it must exist.
    public static func fixedFolder(of pattern: String) -> String {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        var fixed: [Substring] = []
        for part in parts.dropLast() {
            if part.contains(where: { "*?[".contains($0) }) { break }
            fixed.append(part)
        }
        let folder = fixed.joined(separator: "/")
        return folder.isEmpty ? "/" : folder
    }
}
