/// Where a YAML block mapping repeats a key, found from the text (the YAML library reports one
/// of the repeats, not always the same one).
enum DuplicateKeys {
    /// The 1-based line of the first key of `keys` given a second time in the same block
    /// mapping (same indentation, same parent), or 0 when none is found there (a flow mapping,
    /// `{a: 1, a: 2}`, say).
    static func firstRepeat(of keys: Set<String>, in text: String) -> Int {
        // One frame per open block mapping: its indentation and the keys seen in it.
        var frames: [(indent: Int, seen: Set<String>)] = []
        // Lines as YAML counts them: LF, CR LF (one Character), CR, NEL, LS, PS.
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var indent = line.prefix { $0 == " " }.count
            var rest = line.dropFirst(indent)
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            var item = false
            while rest.hasPrefix("- ") {
                item = true
                rest = rest.dropFirst(2)
                indent += 2 + rest.prefix { $0 == " " }.count
                rest = rest.drop { $0 == " " }
            }
            while let top = frames.last, top.indent > indent || (item && top.indent == indent) { frames.removeLast() }
            guard let colon = rest.firstIndex(of: ":"), !rest.hasPrefix("{"), !rest.hasPrefix("\""),
                rest[rest.index(after: colon)...].first.map({ $0 == " " }) ?? true
            else { continue }
            let key = String(rest[..<colon])
            if frames.last?.indent != indent { frames.append((indent, [])) }
            if frames[frames.count - 1].seen.insert(key).inserted == false, keys.contains(key) { return n + 1 }
        }
        return 0
    }
}
