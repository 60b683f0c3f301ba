// Problems of a survey's or assessment's sampling design (issue 16), listed with the input
// problems in docs/errors.md, after them. docs/errors.md is generated from these (`make docs`).

extension ProblemCode {
    /// `row.bad-design`
    public static let rowBadDesign = ProblemCode(
        #"row.bad-design"#, .error, .input,
        example:
            #"`pisa.csv:7:31: Expected a replicate weight (a number, 0 or more) in column W_FSTURWT12. [found: abc]`"#,
        fix:
            #"Every row of a source with `design:` needs its stratum and cluster, jackknife zone and half (0 or 1), or replicate weights; the row is left out until it has them."#
    )

    /// `design.none`
    public static let designNone = ProblemCode(
        #"design.none"#, .info, .input,
        example:
            #"`Source 'pisa' has no design: its values have no standard error (empty se, ci_lower and ci_upper).`"#,
        fix:
            #"Give the source's sampling design (`design:`, docs/pipeline-file.md) to get standard errors and intervals."#
    )

    /// `design.lonely-psu`
    public static let designLonelyPsu = ProblemCode(
        #"design.lonely-psu"#, .warning, .input,
        example:
            #"`KAZ 2015: 1 stratum(s) of the survey have a single cluster (7); their variance is approximated as R's survey.lonely.psu = "adjust" does.`"#,
        fix:
            #"Check the strata and clusters named in `design:`; merge the stratum with a similar one if the survey's documentation says so."#
    )

    /// `design.mixed`
    public static let designMixed = ProblemCode(
        #"design.mixed"#, .warning, .input,
        example:
            #"`KAZ 2015: the survey's rows come from several sources, or from sources with different sampling designs (or one without): pooled, they are not one design, so its values have no standard error.`"#,
        fix:
            #"Read one survey (or one assessment's point of measurement) from one source with its `design:` (a source may have several files); of two surveys of one year, keep one."#
    )

    /// `design.no-variance`
    public static let designNoVariance = ProblemCode(
        #"design.no-variance"#, .info, .input,
        example:
            #"`KAZ 2022: 2 value(s) of mpl have no standard error: under some replicate their group has no weight, so its estimate there is undefined (MPL.L2.GLAST.READING R Q1, …).`"#,
        fix: #"Nothing to do: the values are right; a group this small has no replicate variance."#)

    /// Every code of this group, in the order of docs/errors.md.
    static let designCodes: [ProblemCode] = [
        .rowBadDesign,
        .designNone,
        .designLonelyPsu,
        .designMixed,
        .designNoVariance,
    ]
}
