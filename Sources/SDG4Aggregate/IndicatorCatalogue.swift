import SDG4Model

/// Every indicator sdg4 computes, in the order `sdg4 indicators` lists them.
public struct IndicatorCatalogue: Sendable {
    /// Indicators computed from input counts.
    public let base: [any Indicator]
    /// Parity indices computed from the base indicators' female and male values.
    public let parity: [ParityIndicator]

    /// - Parameters:
    ///   - minimumCases: fewest survey respondents behind a published survey value.
    ///   - schoolYearStartMonth: month the school year starts, for the survey age adjustment.
    public init(minimumCases: Int = 30, schoolYearStartMonth: Int = 9) {
        let ger = GrossEnrolmentRatio()
        let rofst = OutOfSchoolRate()
        let withSexes: [any Indicator] = [
            ger, NetEnrolmentRate(.net), NetEnrolmentRate(.adjusted), NetEnrolmentRate(.total), rofst,
            NetEnrolmentRate(.outOfSchool), EarlyChildhoodParticipation(), GrossIntakeRatioLastGrade(),
            OverAgeForGrade(), TeacherShare(.trained), TeacherShare(.qualified), TeacherAttritionRate(),
        ]
        let survey: [any Indicator] =
            [
                SurveyRate.Kind.completion, .outOfSchool, .earlyParticipation, .literacy, .participation,
            ].map { SurveyRate($0, minimumCases: minimumCases, schoolYearStartMonth: schoolYearStartMonth) }
            + [MinimumProficiency(minimumCases: minimumCases)]
        base =
            withSexes + survey + [
                PupilTeacherRatio(), PupilTrainedTeacherRatio(.trained), PupilTrainedTeacherRatio(.qualified),
                FemaleTeacherPercentage(),
            ] + SchoolsWithService.services.map(SchoolsWithService.init)
            + [GovernmentExpenditureShare(.gdp), GovernmentExpenditureShare(.totalExpenditure)]
            + [CensusScoreIndicator(.cutScoreShare), CensusScoreIndicator(.meanScore)]
        // As each indicator declares them: every GPIA first, then each one's LPIA and WPIA.
        parity =
            base.filter { $0.definition.parity.contains(.sex) }.map { ParityIndicator(base: $0) }
            + base.flatMap { b in
                b.definition.parity.filter { $0 != .sex }.map { ParityIndicator(base: b, dimension: $0) }
            }
    }

    /// Every definition, base indicators first.
    public var definitions: [IndicatorDefinition] {
        base.map(\.definition) + parity.map(\.definition)
    }

    /// Every indicator id.
    public var ids: [String] { definitions.map(\.id) }
}
