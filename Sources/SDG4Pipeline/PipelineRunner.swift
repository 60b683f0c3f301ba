import Foundation
import SDG4Aggregate
import SDG4Clean
import SDG4Ingest
import SDG4Ledger
import SDG4Model
import SDG4PipelineFile
import SDG4Read
import SDG4Report
import Synchronization

/// Runs a pipeline: the stages in order.
///
/// 1. **Resolve**: expand each source's globs (and `.zip` archives) into input files, in a
///    fixed order (source order, then path).
/// 2. **Ingest + clean**, concurrently: `--jobs` workers take files one at a time; each
///    file is streamed through libcsv, its rows normalised and accumulated into the file's own
///    `PartialAggregate` (`FileProcessor`).
/// 3. **Aggregate**: the partial aggregates are merged in the fixed file order (never in
///    completion order) into a `DataCube`, and the indicator engine computes every value.
/// 4. **Report**: `indicators.csv`, `published.csv`, `summary.md`, `quality.json` and
///    `run.json` are rendered and written atomically.
///
/// The same inputs give byte-identical outputs whatever `--jobs` is (`run.json` timings and
/// `jobs` excepted).
public struct PipelineRunner: Sendable {
    /// How to run.
    public struct Options: Sendable {
        /// Worker threads for ingest and clean (at least 1).
        public var jobs: Int
        /// Overrides `outputs.dir`.
        public var outputDirectory: String?
        /// `--country`: keep only these countries (within the pipeline's own filter).
        public var countries: [Country]
        /// `false` for `sdg4 validate`: check everything, write nothing.
        public var writeOutputs: Bool
        /// Show progress on the terminal.
        public var progress: Bool
        /// Bytes read per chunk.
        public var chunkSize: Int
        /// A student-census file larger than this is cut into chunks of this size and read on
        /// every worker (`ChunkedCensusFile`). A property of the run, not of `jobs`, so outputs
        /// stay the same whatever `jobs` is.
        public var splitBytes: Int
        /// The same for household surveys and assessments (`ChunkedMicrodataFile`), whose rows
        /// cost several times a census row (a PISA file: 116 columns, 80 replicate weights):
        /// 1 MiB (or `splitBytes` when smaller), so that a 7 MB file is read on every core.
        public var microdataSplitBytes: Int { min(splitBytes, 1 << 20) }
        /// The ledger to use (absolute path); `nil` reads every file and leaves the inbox alone.
        public var ledgerPath: String?
        /// Seconds to wait for another process holding the ledger.
        public var lockTimeout: Double
        /// `sdg4 watch`: only these inbox file names are taken (those whose size and time
        /// stood still); `nil` takes every file waiting.
        public var inboxOnly: Set<String>?
        /// Inbox files modified less than this many seconds ago are left for a later run: they
        /// may still be being written (`sdg4 run --settle`, 5 by default there).
        public var settleSeconds: Double
        /// Read every file, whatever the ledger says of its size and modification time.
        public var rehash: Bool

        public init(
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, splitBytes: Int = 8 << 20,
            outputDirectory: String? = nil,
            countries: [Country] = [], writeOutputs: Bool = true, progress: Bool = false, chunkSize: Int = 1 << 20,
            ledgerPath: String? = nil, lockTimeout: Double = 30, inboxOnly: Set<String>? = nil,
            settleSeconds: Double = 0, rehash: Bool = false
        ) {
            self.settleSeconds = settleSeconds
            self.rehash = rehash
            self.splitBytes = max(1, splitBytes)
            self.jobs = max(1, jobs)
            self.outputDirectory = outputDirectory
            self.countries = countries
            self.writeOutputs = writeOutputs
            self.progress = progress
            self.chunkSize = chunkSize
            self.ledgerPath = ledgerPath
            self.lockTimeout = lockTimeout
            self.inboxOnly = inboxOnly
        }
    }

    public static let version = "0.1.0"

    public let definition: PipelineDefinition
    public let options: Options

    public init(definition: PipelineDefinition, options: Options) {
        self.definition = definition
        self.options = options
    }

    /// The output folder in use.
    public var outputDirectory: String { options.outputDirectory ?? definition.outputDirectory }

    /// Runs every stage; throws only when outputs or the ledger cannot be written (or the
    /// ledger is held by another process).
    public func run() throws(RunFailure) -> RunResult {
        let clock = ContinuousClock()
        let warmup = RunWarmup(templates: definition.templates, render: options.writeOutputs)
        var timings: [String: Double] = [:]
        let locks = try lock()
        defer { locks.release() }
        let session = locks.session
        let resolved = resolve(session)
        var started = clock.now
        let read = readAndClean(resolved, session)
        timings["ingest_clean"] = seconds(clock.now - started)
        var deliveries = decide(resolved, read, session)
        started = clock.now
        let aggregated = aggregate(&deliveries)
        timings["aggregate"] = seconds(clock.now - started)
        var edition = try compare(aggregated.values, deliveries.outcome, session)
        let problems = Self.ordered(
            resolved.problems + deliveries.problems + aggregated.problems + (edition.changes?.problems ?? []),
            work: deliveries.work)
        started = clock.now
        var rendered = try render(
            aggregated, deliveries, &edition, problems: problems, timings: timings, warmup: warmup)
        rendered.manifest.timings["report"] = seconds(clock.now - started)
        if options.writeOutputs { try publish(rendered) }
        try commit(edition, deliveries.outcome, rendered, session)
        return RunResult(
            values: aggregated.values, quality: rendered.quality, manifest: rendered.manifest, summary: rendered.table,
            outputDirectory: options.writeOutputs ? outputDirectory : nil,
            usableRows: aggregated.inputs.reduce(0) { $0 + $1.rowsAccepted },
            filesRead: deliveries.outcome?.filesRead ?? deliveries.results.count,
            filesReused: deliveries.outcome?.filesReused ?? 0, changes: edition.changes,
            inbox: definition.inbox.map { _ in
                InboxPreview(
                    waiting: Array(Set(resolved.items.compactMap(\.arrivedAt))).sorted().map(relative)
                        + resolved.unmatched.map { relative($0.path) },
                    quarantined: (deliveries.outcome?.quarantinedArrivals ?? [])
                        + resolved.unmatched.map { relative($0.path) })
            })
    }

    /// What shapes the results besides the inputs: the sdg4 version and the pipeline file (and
    /// its structures file). (`--country` runs do not use the ledger.)
    func runContext() -> String {
        var h = SHA256()
        h.update(Array("\(Self.version)\n\(definition.sha256)\n\(definition.structuresFile?.sha256 ?? "")".utf8))
        return h.hexDigest()
    }

    /// A path relative to the pipeline file's folder, made absolute.
    func absolute(_ path: String) -> String { LedgerSession.absolute(path, definition.directory) }

    // MARK: - Stages

    func resolveSources() -> ([SourceSpec], [Diagnostic]) {
        var specs: [SourceSpec] = []
        var problems: [Diagnostic] = []
        for (index, source) in definition.sources.enumerated() {
            var paths: [String] = []
            for pattern in source.patterns { paths += Glob.files(matching: pattern) }
            var files: [InputFile] = []
            for path in Array(Set(paths)).sorted() where !isOutput(path) && !isInInbox(path) {
                files += InputFile.expand(path: path)
            }
            if files.isEmpty {
                problems.append(
                    Diagnostic(
                        code: .sourceNoFiles, source: source.id,
                        message: "No file matches \(source.patterns.map(relative).joined(separator: ", ")).",
                        hint: "Check 'path:' of source '\(source.id)' (line \(source.line) of the pipeline file)."))
            }
            specs.append(source.spec(index: index, files: files))
        }
        return (specs, problems)
    }

    /// Decodes stored contributions on `--jobs` threads, each placed at its file's position
    /// and its source's.
    func decodeConcurrently(_ stored: [(Int, Data)], sourceIndex: [Int]) -> [(Int, FileResult?)] {
        let slots = Mutex([FileResult?](repeating: nil, count: stored.count))
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: min(options.jobs, max(1, stored.count))) { _ in
            while true {
                let k = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard k < stored.count else { return }
                var result = FileResultCodec.decode(stored[k].1)
                let at = stored[k].0
                if let placed = result?.partial.placed(atFileIndex: at, sourceIndex: sourceIndex[at]) {
                    result?.partial = placed
                }
                slots.withLock { $0[k] = result }
            }
        }
        let results = slots.withLock { $0 }
        return zip(stored.map(\.0), results).map { ($0, $1) }
    }

    /// Reads the given items (each with its position in the run's file order) on `--jobs`
    /// worker threads; the results come back in the order given.
    func processConcurrently(_ work: [(WorkItem, Int)], filter: RowFilter) -> [FileResult] {
        let next = Mutex(0)
        let slots = Mutex([FileResult?](repeating: nil, count: work.count))
        // By bytes over all the files read (a zip entry counts its packed size in the total).
        let total = work.reduce(0) { $0 + Int(FileStat.of($1.0.file.path)?.bytes ?? 0) }
        let progress = Progress(enabled: options.progress, totalBytes: total)
        let chunkSize = options.chunkSize
        // Large student-census, survey and assessment files first, one at a time, each on
        // every worker.
        var whole: [Int] = []
        for (i, (item, fileIndex)) in work.enumerated() {
            var processor = FileProcessor(
                source: item.source, file: item.file, fileIndex: fileIndex, displayName: item.display,
                filter: filter, chunkSize: chunkSize)
            processor.progress = { progress.add($0) }
            if ChunkedCensusFile.candidate(item.source, item.file),
                let result = ChunkedCensusFile(processor: processor, chunkBytes: options.splitBytes, jobs: options.jobs)
                    .process()
            {
                slots.withLock { $0[i] = result }
            } else if ChunkedMicrodataFile.candidate(item.source, item.file),
                let result = ChunkedMicrodataFile(
                    processor: processor, chunkBytes: options.microdataSplitBytes, jobs: options.jobs
                ).process()
            {
                slots.withLock { $0[i] = result }
            } else {
                whole.append(i)
            }
        }
        let rest = whole
        let workers = min(options.jobs, max(1, rest.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let w = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                guard w < rest.count else { return }
                let i = rest[w]
                let (item, fileIndex) = work[i]
                var processor = FileProcessor(
                    source: item.source, file: item.file, fileIndex: fileIndex, displayName: item.display,
                    filter: filter, chunkSize: chunkSize)
                processor.progress = { progress.add($0) }
                let result = processor.process()
                slots.withLock { $0[i] = result }
            }
        }
        progress.finish()
        return slots.withLock { $0.map { $0! } }
    }

    // MARK: - Helpers

    /// The files a run writes, which a glob over the output folder could match.
    static let outputFiles: Set<String> = [
        "indicators.csv", "published.csv", "summary.md", "summary.html", "summary.en.html", "summary.ru.html",
        "summary.en.md", "summary.ru.md", "datapackage.json",
        "quality.json", "run.json", "structures.csv", "progress.csv", "changes.json",
    ]

    /// Whether a matched file is one of this run's own outputs (when the output folder is also
    /// an input folder): outputs are never read back as inputs.
    private func isOutput(_ path: String) -> Bool {
        // The pipeline's own output folder as well as --output's: an earlier run's outputs are
        // never inputs, whichever folder this run writes to.
        Set([outputDirectory, definition.outputDirectory]).contains { Self.isOutput(path, of: $0) }
    }

    private static func isOutput(_ path: String, of outputDirectory: String) -> Bool {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        let folder = url.deletingLastPathComponent().path
        // The reports in countries/ and the rejected rows in rejects/ are outputs too.
        if folder == output + "/countries" || folder == output + "/rejects" || folder == output + "/sdmx" {
            return true
        }
        return outputFiles.contains(url.lastPathComponent) && folder == output
    }

    /// Whether a matched file is in the inbox (or its `processed/` and `quarantine/`): those
    /// files are the inbox's, never read through a source's `path:`.
    private func isInInbox(_ path: String) -> Bool {
        guard let inbox = definition.inbox else { return false }
        let folder = URL(fileURLWithPath: inbox).standardizedFileURL.path + "/"
        return URL(fileURLWithPath: path).standardizedFileURL.path.hasPrefix(folder)
    }

    func countryFilter() -> Set<Country>? {
        let pipeline = definition.countries.map(Set.init)
        guard !options.countries.isEmpty else { return pipeline }
        let requested = Set(options.countries)
        return pipeline.map { $0.intersection(requested) } ?? requested
    }

    /// A path as written in reports: relative to the pipeline file's folder.
    func relative(_ path: String) -> String {
        let base = definition.directory.split(separator: "/")
        let target = path.split(separator: "/")
        var common = 0
        while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }

    func relative(_ file: InputFile) -> String {
        file.entry.map { "\(relative(file.path))!\($0)" } ?? relative(file.path)
    }

    func seconds(_ d: Duration) -> Double {
        let c = d.components
        return ((Double(c.seconds) + Double(c.attoseconds) / 1e18) * 1000).rounded() / 1000
    }
}

/// The inbox files of a run.
public struct InboxPreview: Sendable {
    public var waiting: [String]
    public var quarantined: [String]
}

/// What a run produced.
public struct RunResult: Sendable {
    public var values: [IndicatorValue]
    public var quality: QualityReport
    public var manifest: RunManifest
    public var summary: SummaryTable
    /// Where outputs were written; `nil` when nothing was written (`validate`).
    public var outputDirectory: String?
    /// Rows whose values were used: 0 means no usable input.
    public var usableRows: Int
    /// Input files read in this run, and files whose stored contribution was used instead.
    public var filesRead: Int
    public var filesReused: Int
    /// Changes since the previous results (with the ledger).
    public var changes: RunChanges?
    /// The inbox files this run took (or, for `validate`, checked where they wait), and those
    /// it quarantined (would quarantine).
    public var inbox: InboxPreview?

    /// The exit code product.md §2 prescribes: 1 when no usable input was found, or with
    /// `strict` when any row or file was rejected; else 0.
    public func exitCode(strict: Bool) -> Int32 {
        if usableRows == 0 { return 1 }
        if strict && quality.errors > 0 { return 1 }
        return 0
    }
}
