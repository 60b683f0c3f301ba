import SDG4Aggregate
import SDG4Ledger
import SDG4Read

/// Corrections delivered through the inbox replace older files' values, slice by slice.
///
/// A slice is what a file gives values for at the grain a statistician corrects: one measure,
/// country, year and ISCED level of a table (`enrolment|KGZ|2024|1`), or one country and year of
/// a survey, an assessment or published values. A file that came through the inbox replaces,
/// in every older file of the same source, the slices it gives: all of their values, including
/// those the correction leaves out (so a correction can also remove a wrong value). Older
/// means ranked lower (`Rank`): any file matched by the source's `path:`, and inbox files
/// delivered in an earlier run (or earlier in name order in the same run). Files of `path:`
/// never replace each other.
///
/// A file all of whose slices are replaced is **superseded**: none of its values, problems or
/// rejected rows are used. It stays in the ledger with its contribution, and comes back into
/// use by itself when the file that replaced it goes.
enum Supersession {
    /// Which file is newer: a delivery's rank is the run that delivered it through the inbox
    /// (`0` for the files of `path:`, which come first; `Int64.max` for the files this run
    /// takes from the inbox), then its name. Fixed when the delivery first arrives (the ledger
    /// keeps it): an edited or returning file keeps its rank, and a duplicate that takes the
    /// place of a file that is gone takes that file's rank.
    struct Rank: Comparable, Sendable {
        var run: Int64
        var name: String

        /// A file of a source's `path:` (or one in its place): it never replaces another.
        var isPathFile: Bool { run == 0 }

        static func < (a: Rank, b: Rank) -> Bool { (a.run, a.name) < (b.run, b.name) }
    }

    /// What happened to one file.
    struct Outcome {
        /// Accepted rows whose values a newer file replaced.
        var rows = 0
        /// The slices replaced.
        var replaced: Set<String> = []
        /// The newest file that replaced some of them (for a superseded file: the one named).
        var by: Int?
        /// Every slice was replaced.
        var whole = false
        /// Census slices replaced whole although the newer files give only part of their
        /// regions (the pupils of one slice cannot be split by region): what is no longer counted.
        var lost: [String] = []
        /// The slices replaced only because their pupils cannot be split from those replaced.
        var forced: Set<String> = []
    }

    static func rank(_ item: WorkItem) -> Rank { item.delivery }

    /// Removes the replaced slices from the results of the included items; returns what
    /// happened to each item (`nil` for items not included).
    static func apply(items: [WorkItem], included: [Bool], results: inout [FileResult?]) -> [Outcome?] {
        var outcomes = [Outcome?](repeating: nil, count: items.count)
        let bySource = Dictionary(grouping: items.indices.filter { included[$0] && results[$0] != nil }) {
            items[$0].source.id
        }
        for (_, members) in bySource.sorted(by: { $0.key < $1.key }) {
            var covered: [String: Int] = [:]
            // A census slice some region of which a newer file gives: that file.
            var coveredRegions: [String: Int] = [:]
            func replacer(_ slice: String) -> Int? {
                covered[slice] ?? region(of: slice).flatMap { covered[$0.base] } ?? coveredRegions[slice]
            }
            for i in members.sorted(by: { rank(items[$0]) > rank(items[$1]) }) {
                var result = results[i]!
                let own = result.partial.slices
                var outcome = Outcome()
                var replaced = own.filter { replacer($0) != nil }
                for s in replaced where region(of: s) == nil && covered[s] == nil {
                    outcome.lost.append("\(describe(s)) (given for the whole country; newer files give only regions)")
                }
                // The pupils of one census slice cannot be split by region: a slice some of
                // whose regions are replaced goes whole, and what is lost is said.
                let regional = Dictionary(grouping: own.compactMap(region(of:)), by: \.base)
                for (base, parts) in regional.sorted(by: { $0.key < $1.key }) {
                    let kept = parts.filter { !replaced.contains($0.slice) }
                    guard !kept.isEmpty, kept.count < parts.count else { continue }
                    outcome.lost.append(
                        "\(describe(base)) region(s) \(kept.map(\.region).sorted().joined(separator: ", "))")
                    for p in kept {
                        replaced.insert(p.slice)
                        outcome.forced.insert(p.slice)
                    }
                }
                if !replaced.isEmpty {
                    let (partial, rows) = result.partial.removing(replaced)
                    result.partial = partial
                    result.input.rowsAccepted -= rows
                    result.input.rowsSuperseded += rows
                    results[i] = result
                    outcome.rows = rows
                    outcome.replaced = replaced
                    // The newest of the files that replaced something.
                    outcome.by = replaced.compactMap(replacer).max { rank(items[$0]) < rank(items[$1]) }
                    outcome.whole = replaced.count == own.count
                }
                outcomes[i] = outcome
                if !items[i].delivery.isPathFile {
                    for s in own where covered[s] == nil {
                        covered[s] = i
                        if let r = region(of: s), coveredRegions[r.base] == nil { coveredRegions[r.base] = i }
                    }
                }
            }
        }
        return outcomes
    }

    /// A census region slice (`enrolment|KGZ|2024|4@Chui`) as its slice and region.
    static func region(of slice: String) -> (slice: String, base: String, region: String)? {
        guard let at = slice.firstIndex(of: "@") else { return nil }
        return (slice, String(slice[..<at]), String(slice[slice.index(after: at)...]))
    }

    /// A slice as people read it: `enrolment|KGZ|2024|1` → `enrolment KGZ 2024 level 1`.
    static func describe(_ slice: String) -> String {
        if let r = region(of: slice) { return describe(r.base) + " region \(r.region)" }
        let p = slice.split(separator: "|").map(String.init)
        guard p.count >= 3 else { return slice }
        var s = "\(p[0]) \(p[1]) \(p[2])"
        if p.count == 4, p[3] != "-" { s += " level \(p[3])" }
        return s
    }

    /// Up to `limit` slices in words, then how many more.
    static func list(_ slices: Set<String>, limit: Int = 6) -> String {
        let sorted = slices.sorted()
        let shown = sorted.prefix(limit).map(describe).joined(separator: ", ")
        return sorted.count > limit ? shown + " and \(sorted.count - limit) more" : shown
    }
}
