import SDG4Model

/// Every indicator sdg4 computes, in the order `sdg4 indicators` lists them.
public struct IndicatorCatalogue: Sendable {
    /// Indicators computed from input counts.
    public let base: [any Indicator]
    /// Parity indices computed from the base indicators' female and male values.
    public let parity: [GenderParityIndicator]

    public init() {
        let ger = GrossEnrolmentRatio()
        let rofst = OutOfSchoolRate()
        base = [ger, PupilTeacherRatio(), FemaleTeacherPercentage(), rofst]
        parity = [GenderParityIndicator(base: ger), GenderParityIndicator(base: rofst)]
    }

    /// Every definition, base indicators first.
    public var definitions: [IndicatorDefinition] {
        base.map(\.definition) + parity.map(\.definition)
    }

    /// Every indicator id.
    public var ids: [String] { definitions.map(\.id) }
}
