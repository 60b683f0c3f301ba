import Foundation
import SDG4Model

/// `quality.json`: every problem found, grouped by code with counts (product.md §4).
public struct QualityReport: Sendable, Codable {
    /// How many problems share a code.
    public struct Group: Sendable, Codable, Hashable {
        public var code: String
        public var severity: Severity
        public var count: Int
        /// The first problem's message, as an example.
        public var example: String
    }

    /// Problems by severity, each counted as often as it occurred (the line that sums up the
    /// problems beyond those listed counts for all of them).
    public var errors: Int
    public var warnings: Int
    public var info: Int
    public var groups: [Group]
    public var problems: [Diagnostic]

    /// Groups `problems`, which must already be in the run's fixed order.
    public init(problems: [Diagnostic]) {
        self.problems = problems
        func total(_ severity: Severity) -> Int {
            problems.filter { $0.severity == severity }.reduce(0) { $0 + $1.occurrences }
        }
        errors = total(.error)
        warnings = total(.warning)
        info = total(.info)
        var byCode: [String: Group] = [:]
        for p in problems {
            byCode[p.code, default: Group(code: p.code, severity: p.severity, count: 0, example: p.formatted)].count +=
                p.occurrences
        }
        groups = byCode.values.sorted { ($0.severity, $0.code) < ($1.severity, $1.code) }
    }

    /// The report as JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The grouped report for a terminal: counts per code, then each problem.
    public func text(limitPerCode: Int = 20) -> String {
        if problems.isEmpty { return "No problems found.\n" }
        var out = "\(errors) error(s), \(warnings) warning(s), \(info) note(s)\n"
        for group in groups {
            out += "\n\(group.severity.rawValue) \(group.code): \(group.count)\n"
            let members = problems.filter { $0.code == group.code }
            for p in members.prefix(limitPerCode) {
                var line = "  \(p.location.isEmpty ? "" : p.location + ": ")\(p.message)"
                if !p.value.isEmpty { line += " [found: \(p.value)]" }
                out += line + "\n"
                if !p.hint.isEmpty { out += "    hint: \(p.hint)\n" }
            }
            if members.count > limitPerCode {
                out += "  ... and \(members.count - limitPerCode) more (all of them are in quality.json)\n"
            }
        }
        return out
    }
}
