import SDG4Model

/// Every indicator sdg4 computes, in the order `sdg4 indicators` lists them.
public struct IndicatorCatalogue: Sendable {
    /// Indicators computed from input counts.
    public let base: [any Indicator]
    /// Parity indices computed from the base indicators' female and male values.
    public let parity: [ParityIndicator]

    public init() {
        let ger = GrossEnrolmentRatio()
        let rofst = OutOfSchoolRate()
        let withSexes: [any Indicator] = [
            ger, NetEnrolmentRate(.net), NetEnrolmentRate(.adjusted), NetEnrolmentRate(.total), rofst,
            NetEnrolmentRate(.outOfSchool), EarlyChildhoodParticipation(), GrossIntakeRatioLastGrade(),
            OverAgeForGrade(), TeacherShare(.trained), TeacherShare(.qualified), TeacherAttritionRate(),
        ]
        base =
            withSexes + [
                PupilTeacherRatio(), PupilTrainedTeacherRatio(.trained), PupilTrainedTeacherRatio(.qualified),
                FemaleTeacherPercentage(),
            ] + SchoolsWithService.services.map(SchoolsWithService.init)
            + [GovernmentExpenditureShare(.gdp), GovernmentExpenditureShare(.totalExpenditure)]
        parity = withSexes.map { ParityIndicator(base: $0) }
    }

    /// Every definition, base indicators first.
    public var definitions: [IndicatorDefinition] {
        base.map(\.definition) + parity.map(\.definition)
    }

    /// Every indicator id.
    public var ids: [String] { definitions.map(\.id) }
}
