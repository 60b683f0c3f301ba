import Foundation
import SDG4Aggregate
import SDG4Model
import SDG4Report

/// Stage 4 of a run: every output rendered in memory, with what the publish removes.
extension PipelineRunner {
    /// The outputs of a run, before they are published.
    struct Rendered {
        /// Name (relative to the output folder) and text of each output but `run.json`.
        var files: [(String, String)]
        /// Outputs of earlier runs this run no longer writes.
        var obsolete: [String]
        var manifest: RunManifest
        var quality: QualityReport
        var table: SummaryTable
    }

    /// Stage 4: the data files, the SDMX export, the reports, the rejected rows and `run.json`.
    func render(
        _ aggregated: Aggregated, _ deliveries: Deliveries, _ edition: inout Edition, problems: [Diagnostic],
        timings: [String: Double], warmup: RunWarmup
    ) throws(RunFailure) -> Rendered {
        let values = aggregated.values
        let quality = QualityReport(problems: problems)
        let table = SummaryTable(values: values)
        if edition.isNew {
            edition.changes!.compareValues(previous: edition.previous?.results, current: edition.indicatorsText)
        }
        // Computed once, for the CSV files and the reports.
        let progress = progress(values)
        let published = aggregated.cube.published.filter { definition.years?.contains($0.year) ?? true }
        var files = dataFiles(
            aggregated, edition, table: table, quality: quality, progress: progress, published: published)
        // Country reports and summary.html, in every language of outputs.languages.
        var obsolete: [String] = []
        if options.writeOutputs {
            let renderer: ReportRenderer
            do { renderer = try warmup.reportRenderer() } catch { throw .output(error) }
            var reportData = ReportData(
                pipelineName: definition.name, values: values, inputs: aggregated.inputs, quality: quality,
                changes: edition.changes)
            reportData.progress = progress
            reportData.benchmarksNotes = definition.benchmarksNotes
            reportData.benchmarks = definition.benchmarks
            reportData.published = published.map {
                ReportData.Published(
                    uisId: $0.uisId, country: $0.country, year: $0.year, value: $0.value, footnotes: $0.footnotes,
                    label: $0.label)
            }
            files += renderer.render(reportData, languages: definition.languages.compactMap(Language.init(rawValue:)))
            for lang in ["en", "ru"] {
                for ext in ["html", "md"] where !files.contains(where: { $0.0 == "summary.\(lang).\(ext)" }) {
                    obsolete.append("summary.\(lang).\(ext)")
                }
            }
        }
        if let changes = edition.changes {
            files.append(("changes.json", changes.json()))
        } else {
            obsolete.append("changes.json")
        }
        files += rejectsFiles(deliveries)
        // Pages of countries or languages this run no longer has, SDMX files of areas it no longer
        // has and rejects of sources without rejected rows (or no longer in the pipeline) go, so
        // that no stale file lingers beside new results.
        if options.writeOutputs { obsolete += Self.stale(in: outputDirectory, written: Set(files.map(\.0))) }
        files.append(
            (
                "datapackage.json",
                DataPackage.json(name: definition.name, files: files.map(\.0), sourceIds: definition.sources.map(\.id))
            ))
        let manifest = self.manifest(aggregated, deliveries, files: files, quality: quality, timings: timings)
        return Rendered(files: files, obsolete: obsolete, manifest: manifest, quality: quality, table: table)
    }

    /// The progress towards the pipeline's national benchmarks (none without `benchmarks:`).
    func progress(_ values: [IndicatorValue]) -> [ProgressRow] {
        guard !definition.benchmarks.isEmpty else { return [] }
        let index = UISIdIndex()
        return BenchmarkProgress.rows(definition.benchmarks, values: values) { index.definition(for: $0) }
    }

    /// `indicators.csv`, `summary.md`, `quality.json`, `published.csv`, `structures.csv`,
    /// `progress.csv` and the SDMX export.
    private func dataFiles(
        _ aggregated: Aggregated, _ edition: Edition, table: SummaryTable, quality: QualityReport,
        progress: [ProgressRow], published: [PublishedValue]
    ) -> [(String, String)] {
        let values = aggregated.values
        var summary = SummaryMarkdown.render(table, pipelineName: definition.name, values: values)
        if let changes = edition.changes { summary += "\n" + changes.markdown() }
        // published.csv is written even when empty, so a stale one from an earlier run never
        // lingers beside new results.
        var files: [(String, String)] = [
            ("indicators.csv", edition.indicatorsText),
            ("summary.md", summary),
            ("quality.json", quality.json()),
            (
                "published.csv",
                PublishedComparison.render(
                    published: published,
                    computed: values, sourceIds: definition.sources.map(\.id))
            ),
            ("structures.csv", StructuresCSV.render(definition.structures, countries: Set(values.map(\.country)))),
            ("progress.csv", ProgressCSV.render(progress)),
        ]
        // SDMX-CSV for national SDG platforms.
        let sdmx = aggregated.sdmx
        files.append(("sdmx/sdg4.csv", sdmx.text))
        for (area, text) in sdmx.byArea.sorted(by: { $0.key < $1.key }) { files.append(("sdmx/\(area).csv", text)) }
        // Which indicators the export leaves out, having no SDG series (with how many values).
        var noSeries = CSVText(header: ["indicator", "values"])
        let counts = Dictionary(grouping: values, by: \.indicator).mapValues(\.count)
        for id in sdmx.unmapped { noSeries.append([id, String(counts[id] ?? 0)]) }
        files.append(("sdmx/no-series.csv", noSeries.text))
        return files
    }

    /// Rejected rows, verbatim, one file per source that has any (in file order).
    private func rejectsFiles(_ deliveries: Deliveries) -> [(String, String)] {
        var files: [(String, String)] = []
        for source in definition.sources {
            let rows = zip(deliveries.work, deliveries.results).filter { $0.0.source.id == source.id }.flatMap { pair in
                pair.1.rejects.map { (pair.0.display, $0) }
            }
            if rows.isEmpty { continue }
            var csv = CSVText(header: ["file", "line", "codes", "row"])
            for (file, row) in rows {
                csv.append([file, String(row.line), row.codes.joined(separator: ";"), row.text])
            }
            files.append(("rejects/\(source.id).csv", csv.text))
        }
        return files
    }

    /// `run.json`: what was read, what was written, and how the ledger was used.
    private func manifest(
        _ aggregated: Aggregated, _ deliveries: Deliveries, files: [(String, String)], quality: QualityReport,
        timings: [String: Double]
    ) -> RunManifest {
        var manifest = RunManifest(
            version: Self.version, pipeline: URL(fileURLWithPath: definition.path).lastPathComponent,
            pipelineName: definition.name, pipelineSha256: definition.sha256, jobs: options.jobs,
            inputs: aggregated.inputs, outputs: (files.map(\.0) + ["run.json"]).sorted(),
            values: aggregated.values.count,
            problems: ["error": quality.errors, "warning": quality.warnings, "info": quality.info], timings: timings)
        manifest.structures =
            definition.structuresFile.map { "\(relative($0.path)) (sha256 \($0.sha256)) over the built-in structures" }
            ?? "built-in (data/education-structures.csv)"
        if let outcome = deliveries.outcome, let ledger = deliveries.ledgerPath {
            let work = deliveries.work
            manifest.ledger = RunManifest.LedgerUse(
                path: relative(ledger), filesRead: outcome.filesRead, filesReused: outcome.filesReused,
                notRead: work.indices.filter { !deliveries.workWasRead[$0] }.map { work[$0].display })
        }
        return manifest
    }
}
