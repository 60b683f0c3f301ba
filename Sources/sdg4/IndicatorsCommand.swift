import ArgumentParser
import SDG4Aggregate
import SDG4Report

/// `sdg4 indicators`: the indicator catalogue.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "List the indicators sdg4 computes: id, UIS id, SDG indicator, formula, unit.",
        discussion: "Use the ids in a pipeline file's 'indicators:' list.")

    @Flag(name: .long, help: "Print one line per indicator as CSV.")
    var csv = false

    @Flag(name: .long, help: "Print the catalogue as Markdown (the text of docs/indicators.md).")
    var markdown = false

    func run() {
        let definitions = IndicatorCatalogue().definitions
        // `better`: which way the value should move, for progress towards benchmarks.
        let header = ["id", "uis_id", "sdg", "sdg_series", "unit", "levels", "better", "formula"]
        let rows = definitions.map { d in
            [
                d.id, d.uisIds, d.sdgIndicator, d.sdgSeries, d.unit,
                (d.levels.isEmpty ? "any" : d.levels.map(\.rawValue).joined(separator: " ")),
                d.better.rawValue, d.formula,
            ]
        }
        if markdown {
            print(CatalogueMarkdown.render(IndicatorCatalogue()), terminator: "")
            return
        }
        if csv {
            var text = CSVText(header: header)
            for row in rows { text.append(row) }
            print(text.text, terminator: "")
        } else {
            print(ConsoleTable.render(header: header, rows: rows), terminator: "")
        }
    }
}
