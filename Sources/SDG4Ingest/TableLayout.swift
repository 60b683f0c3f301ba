/// How the files of a `table` source are laid out beyond `columns:` (docs/pipeline-file.md,
/// "Files as they arrive"): roles fixed for the whole file, values spread over columns, a title
/// above the header, the unit, the year convention and the rows to keep. A file laid out for
/// sdg4 needs none of it.
public struct TableLayout: Sendable, Hashable {
    /// Roles fixed for every row of the file (`country: KAZ`, `year: 2020`, `level: "1"`,
    /// `sex: _T`), as the pipeline file writes them (checked there).
    public var fixed: [FieldRole: String] = [:]
    /// `header_row:`: the 1-based line of the header; the lines above it are titles.
    public var headerRow = 1
    /// `wide:`: which columns hold values, and the role their header gives.
    public var wide: Wide?
    /// `scale:`: every value is multiplied by it (a power of ten: 1000 for a file in thousands).
    public var scale = 1
    /// `year_shift:`: added to every year the file gives (WPP's calendar year + 1 is the
    /// reference year); a fixed `year:` is already a reference year and is not shifted.
    public var yearShift = 0
    /// `where:`: a header and the values a row must have in it to be read (the others are
    /// counted as filtered); sorted by header.
    public var keep: [Condition] = []

    /// One condition of `where:`.
    public struct Condition: Sendable, Hashable {
        public var header: String
        public var values: [String]

        public init(header: String, values: [String]) {
            self.header = header
            self.values = values
        }
    }

    /// A wide table: every column whose header matches holds values, and its header gives the
    /// value of `role` (`year` from `2019/2020`; `sex` from `Женщины` through `map`).
    public struct Wide: Sendable, Hashable {
        public var role: FieldRole
        /// A glob over the headers (`?`, `*`), when given as one.
        public var pattern: String?
        /// Header → the role's value, when given as a map.
        public var map: [String: String]?

        public init(role: FieldRole, pattern: String? = nil, map: [String: String]? = nil) {
            self.role = role
            self.pattern = pattern
            self.map = map
        }

        /// The role's value a header gives, or `nil` when the column is not one of the values.
        public func value(forHeader header: String) -> String? {
            let key = HeaderMapping.normalise(header)
            if let map { return map.first { HeaderMapping.normalise($0.key) == key }?.value }
            guard let pattern, Self.glob(Array(HeaderMapping.normalise(pattern)), Array(key)) else { return nil }
            return header.trimmingCharacters(in: .whitespaces)
        }

        /// Whether `text` matches `pattern` (`?` one character, `*` any run).
        static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
            var (p, t, star, mark) = (0, 0, -1, 0)
            while t < text.count {
                if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                    p += 1
                    t += 1
                } else if p < pattern.count, pattern[p] == "*" {
                    (star, mark) = (p, t)
                    p += 1
                } else if star >= 0 {
                    p = star + 1
                    mark += 1
                    t = mark
                } else {
                    return false
                }
            }
            while p < pattern.count, pattern[p] == "*" { p += 1 }
            return p == pattern.count
        }
    }

    public init() {}

    /// Whether the layout is the plain one (nothing set).
    public var isPlain: Bool { self == TableLayout() }

    /// The layout as the ledger fingerprint records it.
    public var summary: String {
        var parts: [String] = []
        if !fixed.isEmpty { parts.append("fixed " + fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) }
        if headerRow != 1 { parts.append("header_row \(headerRow)") }
        if let wide {
            let map = wide.map.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
            parts.append("wide \(wide.role) \(wide.pattern ?? "") \(map ?? "")")
        }
        if scale != 1 { parts.append("scale \(scale)") }
        if yearShift != 0 { parts.append("year_shift \(yearShift)") }
        for c in keep { parts.append("where \(c.header)=\(c.values.joined(separator: "|"))") }
        return parts.joined(separator: "; ")
    }
}
