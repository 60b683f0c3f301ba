import Foundation
import SDG4CSV
import ZIPFoundation

/// A UIS bulk-download release as UIS ships it (`SDG.zip`, `OPRI.zip`; the layout is in the
/// release's own readme, `<DATASET>_README_RELEASE_<YEAR>_<Month>.md`): the national data
/// (`<DATASET>_DATA_NATIONAL.csv`) with its companions, the indicator labels (`_LABEL.csv`),
/// country names (`_COUNTRY.csv`) and footnotes per value (`_METADATA.csv`); the regional data
/// and the regions' list (`_DATA_REGIONAL.csv`, `_REGION.csv`) are skipped (sdg4 computes its
/// own Central Asia aggregate). Only the national data is read as a data file: no companion
/// is ever reported as a broken one.
public struct UISRelease: Sendable, Hashable {
    /// `SDG`, `OPRI`: the prefix of the members' names.
    public var dataset: String
    /// The readme's `Release date:` (`September 2021`), when it has one.
    public var date: String?
    /// A member of the archive: its position, path and CRC-32 (which the ledger's fingerprint
    /// of the national data records: new footnotes are a new contribution).
    public struct Member: Sendable, Hashable {
        public var index: Int
        public var path: String
        public var checksum: UInt32 = 0
    }

    public var metadata: Member?
    public var labels: Member?
    public var countries: Member?
    /// The members not read (regional data, the regions' list), by path.
    public var skipped: [String] = []

    /// `SDG September 2021`, as `run.json` names the release.
    public var name: String { date.map { "\(dataset) \($0)" } ?? dataset }

    /// The suffixes of a release's members (after `<DATASET>`).
    static let suffixes = [
        "_DATA_NATIONAL.CSV", "_METADATA.CSV", "_LABEL.CSV", "_COUNTRY.CSV", "_DATA_REGIONAL.CSV", "_REGION.CSV",
    ]

    /// The releases among a zip's entries (a dataset in a folder: its members side by side),
    /// each with its national data member(s), and the entries that belong to a release layout
    /// (never read as data files, even without national data beside them).
    static func find(in archive: Archive, entries: [(index: Int, path: String, checksum: UInt32)])
        -> (releases: [(release: UISRelease, data: [Member])], members: Set<Int>)
    {
        struct Place: Hashable, Comparable {
            var folder: String
            var dataset: String
            static func < (a: Place, b: Place) -> Bool { (a.folder, a.dataset) < (b.folder, b.dataset) }
        }
        var groups: [Place: [(suffix: String, member: Member)]] = [:]
        var members = Set<Int>()
        for e in entries {
            let name = (e.path as NSString).lastPathComponent.uppercased()
            guard let suffix = suffixes.first(where: { name.hasSuffix($0) && name.count > $0.count }) else { continue }
            let place = Place(
                folder: (e.path as NSString).deletingLastPathComponent, dataset: String(name.dropLast(suffix.count)))
            groups[place, default: []].append((suffix, Member(index: e.index, path: e.path, checksum: e.checksum)))
            members.insert(e.index)
        }
        var out: [(UISRelease, [Member])] = []
        for place in groups.keys.sorted() {
            let group = groups[place]!
            let data = group.filter { $0.suffix == "_DATA_NATIONAL.CSV" }.map(\.member)
            guard !data.isEmpty else { continue }  // companions without national data: nothing to read
            var release = UISRelease(dataset: place.dataset)
            for (suffix, member) in group {
                switch suffix {
                case "_METADATA.CSV": release.metadata = member
                case "_LABEL.CSV": release.labels = member
                case "_COUNTRY.CSV": release.countries = member
                case "_DATA_REGIONAL.CSV", "_REGION.CSV": release.skipped.append(member.path)
                default: break
                }
            }
            release.date = readmeDate(archive, folder: place.folder, dataset: place.dataset)
            out.append((release, data))
        }
        return (out, members)
    }

    /// The `Release date:` line of the dataset's readme in the archive.
    private static func readmeDate(_ archive: Archive, folder: String, dataset: String) -> String? {
        let prefix = dataset + "_README_RELEASE_"
        guard
            let readme = archive.first(where: {
                let n = ($0.path as NSString).lastPathComponent.uppercased()
                return n.hasPrefix(prefix) && n.hasSuffix(".MD") && $0.type == .file
                    && ($0.path as NSString).deletingLastPathComponent == folder
            }), readme.uncompressedSize < 1 << 20
        else { return nil }
        var data = Data()
        guard (try? archive.extract(readme, consumer: { data.append($0) })) != nil else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.lowercased().hasPrefix("release date:") {
                return t.dropFirst("release date:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}

/// What a release's companions say of its national data: the footnotes of each value and the
/// label of each indicator (country names are the registry's, which UIS's ISO3 codes match).
public struct UISReleaseNotes: Sendable {
    /// `INDICATOR_ID|COUNTRY_ID|YEAR` → `TYPE: text`, in the file's order.
    public var footnotes: [String: [String]] = [:]
    public var labels: [String: String] = [:]
    /// Rows of the metadata file read, and footnotes kept (those of ids `keep` accepts).
    public var metadataRows = 0
    public var countryNames = 0

    public init() {}

    /// Reads the companions of `release` in the archive at `path`, keeping the footnotes of the
    /// values `keep` accepts (id, country, year: a release's metadata covers every country,
    /// region and year; the pipeline's are kept).
    public static func load(
        archive path: String, release: UISRelease, keep: (_ id: String, _ country: String, _ year: String) -> Bool
    ) throws -> UISReleaseNotes {
        var notes = UISReleaseNotes()
        if let m = release.metadata {
            try rows(path, m) { f in
                guard f.count >= 5 else { return }
                notes.metadataRows += 1
                guard keep(f[0], f[1], f[2]) else { return }
                notes.footnotes[Self.key(f[0], f[1], f[2]), default: []].append(Self.oneLine("\(f[3]): \(f[4])"))
            }
        }
        if let m = release.labels {
            try rows(path, m) { f in if f.count >= 2 { notes.labels[f[0]] = f[1] } }
        }
        if let m = release.countries { try rows(path, m) { _ in notes.countryNames += 1 } }
        return notes
    }

    /// A footnote on one line: line breaks and runs of spaces made one space, and `|` (which
    /// joins footnotes in published.csv and separates cells in Markdown tables) made `/`.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").replacingOccurrences(of: "|", with: "/")
    }

    /// The key of a value: its indicator, country and year as the files write them.
    public static func key(_ id: String, _ country: String, _ year: String) -> String {
        "\(id.trimmingCharacters(in: .whitespaces))|\(country.trimmingCharacters(in: .whitespaces))|\(year.trimmingCharacters(in: .whitespaces))"
    }

    /// Every data row of a member (its header skipped), as texts.
    private static func rows(_ path: String, _ member: UISRelease.Member, _ body: ([String]) -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let parser = CSVParser()
            var header = true
            let take: (CSVRecord) throws -> Void = { r in
                if header {
                    header = false
                    return
                }
                body(r.strings)
            }
            _ = try InputFile(path: path, entry: member.path, entryIndex: member.index).read { bytes in
                try parser.feed(bytes, onRecord: take)
            }
            try parser.finish(onRecord: take)
        }
    }
}
