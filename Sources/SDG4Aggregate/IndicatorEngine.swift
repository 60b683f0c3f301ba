import SDG4Model

/// Computes the selected indicators for every country and year of a cube, in a fixed order.
public struct IndicatorEngine: Sendable {
    public let catalogue: IndicatorCatalogue
    public let selected: Set<String>
    public let structures: EducationStructures

    /// - Parameter selected: indicator ids to compute; `nil` computes all.
    public init(selected: Set<String>? = nil, structures: EducationStructures = .centralAsia) {
        catalogue = IndicatorCatalogue()
        self.selected = selected ?? Set(catalogue.ids)
        self.structures = structures
    }

    /// Every selected indicator value the data allows, sorted as in `indicators.csv`.
    ///
    /// A parity index needs its base indicator's female and male values, so the base is
    /// computed whenever its parity index is selected (and written only if selected itself).
    public func compute(cube: DataCube, sourceIds: [String]) -> [IndicatorValue] {
        let context = IndicatorContext(cube: cube, structures: structures, sourceIds: sourceIds)
        let neededBase = Set(catalogue.parity.filter { selected.contains($0.definition.id) }.map(\.base.definition.id))
        var values: [IndicatorValue] = []
        for cy in cube.countryYears {
            for indicator in catalogue.base
            where selected.contains(indicator.definition.id) || neededBase.contains(indicator.definition.id) {
                values += indicator.compute(context, cy.country, cy.year)
            }
        }
        for parity in catalogue.parity where selected.contains(parity.definition.id) {
            values += parity.compute(from: values)
        }
        return values.filter { selected.contains($0.indicator) }.sorted()
    }
}
