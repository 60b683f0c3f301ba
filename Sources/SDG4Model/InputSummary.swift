/// One input file and what became of its rows.
public struct InputSummary: Sendable, Codable, Hashable {
    public var source: String
    /// Path relative to the pipeline file's folder (`archive.zip!entry.csv` for zip entries).
    public var path: String
    public var sha256: String
    public var bytes: Int
    /// How far the file could be read.
    public var status: Status
    /// Data rows read (the header not counted).
    public var rowsRead: Int
    /// Rows whose value went to the indicator engine (or kept as a published value).
    public var rowsAccepted: Int
    public var rowsRejected: Int
    /// Rows whose value was a missing marker (`..`, empty).
    public var rowsMissing: Int
    /// Rows outside the `countries`/`years` filters.
    public var rowsFiltered: Int
    /// Rows not used by sdg4 (UIS ids or countries it does not cover).
    public var rowsIgnored: Int
    /// Rows dropped because an earlier row gave the same key and the same value.
    public var rowsDuplicate: Int = 0
    /// Rows whose values a newer delivery of the same source replaced (docs/inbox.md).
    /// `accepted + rejected + missing + filtered + ignored + duplicate + superseded = read`.
    public var rowsSuperseded: Int = 0
    /// The countries the file's values used in this run are for (ISO3), sorted.
    public var countries: [String]?
    /// The text encoding read (detected or set): `utf-8`, `utf-16le`, `windows-1251`, ...
    public var encoding: String = ""
    /// Field delimiter and decimal mark used.
    public var delimiter: String = ""
    public var decimal: String = ""
    /// For a UIS bulk-download release (`SDG.zip`): the dataset and its release date from the
    /// release's readme (`SDG September 2021`).
    public var release: String?

    public init(
        source: String, path: String, sha256: String, bytes: Int, status: Status, rowsRead: Int,
        rowsAccepted: Int, rowsRejected: Int, rowsMissing: Int, rowsFiltered: Int, rowsIgnored: Int
    ) {
        self.source = source
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.status = status
        self.rowsRead = rowsRead
        self.rowsAccepted = rowsAccepted
        self.rowsRejected = rowsRejected
        self.rowsMissing = rowsMissing
        self.rowsFiltered = rowsFiltered
        self.rowsIgnored = rowsIgnored
    }

    /// How far a file could be read, as `run.json` says it.
    public enum Status: String, Sendable, Codable, Hashable {
        /// Read to its end.
        case ok
        /// A CSV error stopped the reading part-way; the rows before it were used.
        case partial
        /// Nothing from the file was used.
        case unreadable
    }
}
