// Problems of the SDMX export. docs/errors.md is generated from these (`make docs`).

extension ProblemCode {
    /// `sdmx.key-collision`
    public static let sdmxKeyCollision = ProblemCode(
        #"sdmx.key-collision"#, .warning, .export,
        example:
            #"`mpl MPL.L2.GLAST.READING KAZ 2022 has the same SDMX key as another value and is not in sdmx/sdg4.csv.`"#,
        fix:
            #"Two values differ by something the SDG structure has no dimension for; the first (in key order) is exported. Report it: `Sources/SDG4Report/Resources/sdmx-series.csv` or the export's breakdowns need a change."#
    )

    /// Every code of this group, in the order of docs/errors.md.
    static let exportCodes: [ProblemCode] = [
        .sdmxKeyCollision
    ]
}
