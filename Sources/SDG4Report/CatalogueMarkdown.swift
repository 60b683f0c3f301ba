import Foundation
import SDG4Aggregate

/// `docs/indicators.md`: the indicator catalogue as implemented, written from the catalogue
/// itself (`sdg4 indicators --markdown`), so the document cannot drift from the code.
public enum CatalogueMarkdown {
    /// The document's text.
    public static func render(_ catalogue: IndicatorCatalogue) -> String {
        var md = """
            # Indicators

            Every indicator sdg4 computes, as implemented. This page is generated from the code
            (`sdg4 indicators --markdown > docs/indicators.md`; a test checks it is current). The
            methodology sections refer to the project's methodology reference (`indicators.md`,
            outside the repository); the choices sdg4 makes where it leaves room are in
            [methodology.md](methodology.md).

            | id | name | UIS id | SDG | SDG series | unit | levels | better | formula | methodology |
            |---|---|---|---|---|---|---|---|---|---|

            """
        for d in catalogue.definitions {
            let cells = [
                "`\(d.id)`", d.name, d.uisIds.isEmpty ? "—" : "`\(d.uisIds)`", d.sdgIndicator, d.sdgSeries,
                d.unit, (d.levels.isEmpty ? "any" : d.levels.map(\.rawValue).joined(separator: " ")),
                d.better.rawValue, d.formula, d.methodology,
            ]
            md += "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        md += """

            Parity indices (`.gpia`, `.lpia`, `.wpia`) compare females with males, rural with urban
            areas, and the poorest with the richest quintile, for the same country, year, level and
            age group (indicators.md §4). Every indicator is also computed for the Central Asia
            aggregate (country `143`) unless methodology.md says otherwise.

            """
        return md
    }
}
