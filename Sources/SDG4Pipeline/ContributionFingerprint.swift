import SDG4Clean
import SDG4Ingest

/// Everything besides a file's bytes that shapes what reading it gives: a stored contribution
/// is reused only when its fingerprint is the current one (same sdg4 build, same source
/// settings, same filters, same name of the source). The source's position is not part of it:
/// a stored contribution is placed at its source's position when it is decoded.
enum ContributionFingerprint {
    static func of(
        source: SourceSpec, display: String, filter: RowFilter, version: String, build: String = BuildIdentity.current,
        release: UISRelease? = nil
    ) -> String {
        var parts: [String] = ["sdg4 \(version) \(build)", FileResultCodec.format, "file \(display)"]
        parts.append("source \(source.id) \(source.format.rawValue) \(source.measure?.rawValue ?? "-")")
        let columns: [String] = source.columns.map { "\($0.key.rawValue)=\($0.value)" }
        parts.append("columns " + columns.sorted().joined(separator: ","))
        let encoding: String = source.encoding?.rawValue ?? "auto"
        let delimiter: String = source.delimiter.map { String($0) } ?? "auto"
        let decimal: String = source.decimal.map { String($0) } ?? "auto"
        // No `thousands:` (the default separators) and `thousands: none` read differently.
        let thousands: String = source.thousands.map { "\($0)" } ?? "default"
        parts.append("reading \(encoding) \(delimiter) \(decimal) \(thousands) \(source.missingMarkers)")
        // Only with `codes:`, so that the contributions of sources without them keep theirs.
        if !source.recodes.isEmpty {
            let codes = source.recodes.keys.sorted().map { role in
                role + ":"
                    + source.recodes[role]!.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                        separator: ",")
            }
            parts.append("codes " + codes.joined(separator: ";"))
        }
        // Only with a layout, so that the contributions of plain tables keep theirs.
        if !source.table.isPlain { parts.append("table " + source.table.summary) }
        // A release's national data is read with its companions (footnotes, labels): another
        // metadata file is another contribution, even with the same national data.
        if let release {
            let members = [release.metadata, release.labels, release.countries].map { m in
                m.map { "\($0.path):\($0.checksum)" } ?? "-"
            }
            parts.append("release \(release.name) " + members.joined(separator: " "))
        }
        let countries: [String] = filter.countries.map { $0.map(\.rawValue).sorted() } ?? ["all"]
        let years: String = filter.years.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all"
        parts.append("filter \(countries) \(years)")
        if let m = source.microdata {
            let columns: [String] = m.columns.map { "\($0.key)=\($0.value)" }
            let subjects: [String] = m.subjects.map {
                "\($0.name):\($0.plausibleValues.joined(separator: "|")):\($0.cutScore)"
            }
            parts.append(
                "microdata \(m.kind.rawValue) \(m.schoolYearStartMonth) \(m.minimumCases) \(m.stage ?? "-") "
                    + columns.sorted().joined(separator: ",") + " " + subjects.joined(separator: ";"))
            // Only with a design, so that the contributions of sources without one keep theirs.
            if let design = m.design { parts.append("design " + design.summary) }
            if let year = m.year { parts.append("year \(year)") }
        }
        var hasher = SHA256()
        hasher.update(Array(parts.joined(separator: "\n").utf8))
        return hasher.hexDigest()
    }
}
