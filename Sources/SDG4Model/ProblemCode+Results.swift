// Checks on the computed values (indicators.md §8). docs/errors.md is generated from these (`make docs`).

extension ProblemCode {
    /// `consistency.ner-above-aner`
    public static let consistencyNerAboveAner = ProblemCode(
        #"consistency.ner-above-aner"#, .error, .results,
        example: #"`NER.1.CP KGZ 2019: NER 96 is above ANER 95.`"#,
        fix: #"Enrolment by age in higher levels is missing or inconsistent."#)

    /// `consistency.aner-above-tner`
    public static let consistencyAnerAboveTner = ProblemCode(
        #"consistency.aner-above-tner"#, .error, .results,
        example: #"`NERA.1.CP KGZ 2019: ANER 95 is above TNER 94.`"#,
        fix: #"As above."#)

    /// `consistency.tner-above-100`
    public static let consistencyTnerAbove100 = ProblemCode(
        #"consistency.tner-above-100"#, .error, .results,
        example: #"`NERT.1.CP …: TNER 100.2 is above 100 after capping.`"#,
        fix: #"Should not happen after capping; report it."#)

    /// `consistency.ner-above-ger`
    public static let consistencyNerAboveGer = ProblemCode(
        #"consistency.ner-above-ger"#, .error, .results,
        example: #"`NER.1.CP KGZ 2019: NER 96 is above GER 95.`"#,
        fix: #"Enrolment by age and total enrolment disagree."#)

    /// `consistency.repeaters-above-enrolment`
    public static let consistencyRepeatersAboveEnrolment = ProblemCode(
        #"consistency.repeaters-above-enrolment"#, .error, .results,
        example: #"`AIR.1.GLAST KGZ 2019: more repeaters than pupils in the last grade.`"#,
        fix: #"Check repeaters and enrolment of the last grade."#)

    /// `consistency.trained-above-total`
    public static let consistencyTrainedAboveTotal = ProblemCode(
        #"consistency.trained-above-total"#, .error, .results,
        example: #"`TRTP.1 KGZ 2019: 19100 trained teachers of 18770.`"#,
        fix: #"Trained (or qualified) teachers must be counted among all teachers of the level."#)

    /// `consistency.qualified-above-total`
    public static let consistencyQualifiedAboveTotal = ProblemCode(
        #"consistency.qualified-above-total"#, .error, .results,
        example: #"`QUTP.1 …: 19000 qualified teachers of 18770.`"#,
        fix: #"As above."#)

    /// `consistency.facility-above-schools`
    public static let consistencyFacilityAboveSchools = ProblemCode(
        #"consistency.facility-above-schools"#, .error, .results,
        example: #"`schools.internet 1 KGZ 2019: 1500 schools with the service of 1407.`"#,
        fix: #"Schools with a service must be among the schools of the level."#)

    /// `consistency.rate-out-of-range`
    public static let consistencyRateOutOfRange = ProblemCode(
        #"consistency.rate-out-of-range"#, .error, .results,
        example: #"`FTP.1 KGZ 2019: 110 is outside 0-100.`"#,
        fix:
            #"A share above 100 (net rates, out-of-school, 4.2.2, over-age, teacher shares, completion, literacy, 4.3.1, minimum proficiency): check its numerator and denominator."#
    )

    /// `consistency.parity-out-of-range`
    public static let consistencyParityOutOfRange = ProblemCode(
        #"consistency.parity-out-of-range"#, .error, .results,
        example: #"`GER.1.GPIA …: 2.1 is outside 0-2.`"#,
        fix: #"An adjusted index is within 0-2 by construction: this is a bug, please report it."#)

    /// `plausibility.ger-above-150`
    public static let plausibilityGerAbove150 = ProblemCode(
        #"plausibility.ger-above-150"#, .warning, .results,
        example: #"`GER.1 KGZ 2019: GER 151 is above 150.`"#,
        fix: #"Check enrolment and population (a wrong unit, a missing age group)."#)

    /// `plausibility.jump`
    public static let plausibilityJump = ProblemCode(
        #"plausibility.jump"#, .warning, .results,
        example: #"`GER.1 KGZ 2019: 80 → 91, a change of more than 10 points in a year.`"#,
        fix:
            #"Rates: more than 10 points; ratios: more than 20 % (not checked on parity indices, whose changes echo their rates'). Check both years' inputs."#
    )

    /// `plausibility.gpia-out-of-band`
    public static let plausibilityGpiaOutOfBand = ProblemCode(
        #"plausibility.gpia-out-of-band"#, .warning, .results,
        example: #"`TRTP.1.GPIA KGZ 2019: 1.587 is outside 0.5-1.5.`"#,
        fix: #"Large disparity: check the sex breakdown."#)

    /// `plausibility.structure-break`
    public static let plausibilityStructureBreak = ProblemCode(
        #"plausibility.structure-break"#, .warning, .results,
        example:
            #"`KAZ 2020: the education structure changes (KAZ 1990-2019: 7+4/5/2 → KAZ 2020-2030: 6+4/5/2); age-based series are not comparable across 2019-2020.`"#,
        fix: #"Mention the break when comparing years."#)

    /// Every code of this group, in the order of docs/errors.md.
    static let resultsCodes: [ProblemCode] = [
        .consistencyNerAboveAner,
        .consistencyAnerAboveTner,
        .consistencyTnerAbove100,
        .consistencyNerAboveGer,
        .consistencyRepeatersAboveEnrolment,
        .consistencyTrainedAboveTotal,
        .consistencyQualifiedAboveTotal,
        .consistencyFacilityAboveSchools,
        .consistencyRateOutOfRange,
        .consistencyParityOutOfRange,
        .plausibilityGerAbove150,
        .plausibilityJump,
        .plausibilityGpiaOutOfBand,
        .plausibilityStructureBreak,
    ]
}
