import SDG4Ingest
import SDG4Ledger

/// One input of a run: a file (or zip entry) to read as a source, and how it is known.
struct WorkItem: Sendable {
    var source: SourceSpec
    /// Where it is read from (for a new inbox file: the inbox).
    var file: InputFile
    /// Its name in outputs, relative to the pipeline file's folder: for a new inbox file, the
    /// place in `inbox/processed/` it moves to, so that later runs name it the same way.
    var display: String
    var origin: FileOrigin
    /// For a new inbox file: where it was dropped (absolute).
    var arrivedAt: String?
    /// For a file delivered through the inbox earlier: where it was dropped (relative).
    var arrivedAs: String?
    /// Size and modification time of the file on disk.
    var stat: FileStat?
    /// What the ledger knows of this path.
    var record: LedgerFile?
    /// Which delivery it is, ranking it among its source's files (docs/inbox.md, rule 2).
    var delivery: Supersession.Rank

    init(
        source: SourceSpec, file: InputFile, display: String, origin: FileOrigin, arrivedAt: String? = nil,
        arrivedAs: String? = nil, stat: FileStat? = nil, record: LedgerFile? = nil
    ) {
        self.source = source
        self.file = file
        self.display = display
        self.origin = origin
        self.arrivedAt = arrivedAt
        self.arrivedAs = arrivedAs
        self.stat = stat
        self.record = record
        delivery =
            switch origin {
            case .source: Supersession.Rank(run: 0, name: display)
            case .inbox:
                arrivedAt != nil || record == nil
                    ? Supersession.Rank(run: .max, name: display)
                    : Supersession.Rank(run: record!.deliveryRun, name: record!.deliveryName)
            }
    }
}
