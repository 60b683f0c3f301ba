// Problems of input files, their headers and rows. docs/errors.md is generated from these (`make docs`).

extension ProblemCode {
    /// `file.unreadable`
    public static let fileUnreadable = ProblemCode(
        #"file.unreadable"#, .error, .input,
        example:
            #"`data/x.csv: The file cannot be read: Permission denied.`; `uis/bulk.zip!data.csv: The file cannot be read: the archive entry is damaged: its checksum does not match its content.`"#,
        fix:
            #"Check that the file exists, is readable and (for a zip) is complete. Nothing from it was used, even rows read before the failure."#
    )

    /// `file.empty`
    public static let fileEmpty = ProblemCode(
        #"file.empty"#, .error, .input,
        example: #"`data/x.csv: The file is empty: it has no header row.`"#,
        fix: #"Export the table again with its header row."#)

    /// `file.binary`
    public static let fileBinary = ProblemCode(
        #"file.binary"#, .error, .input,
        example:
            #"`data/x.csv: The file holds binary data (a NUL byte at byte 4 of its text), not a CSV table.` (also for control characters in the first MiB)"#,
        fix:
            #"Export the table as CSV (not .xlsx or .dbf); for UTF-16 without a byte-order mark, set `encoding: utf-16le`. Nothing from it was used."#
    )

    /// `header.missing-column`
    public static let headerMissingColumn = ProblemCode(
        #"header.missing-column"#, .error, .input,
        example: #"`data/b.csv:1: The header lacks Country (for country); it has: Land, Year, Pupils.`"#,
        fix: #"Rename the column in the file, or change the source's `columns:`. Nothing from the file was used."#)

    /// `file.no-rows`
    public static let fileNoRows = ProblemCode(
        #"file.no-rows"#, .warning, .input,
        example: #"`data/x.csv:1: The file has a header but no data rows.`"#,
        fix: #"Check that the export is complete."#)

    /// `header.ambiguous-column`
    public static let headerAmbiguousColumn = ProblemCode(
        #"header.ambiguous-column"#, .error, .input,
        example: #"`data/a.csv:1: The header has 2 columns named Pupils (columns 6, 7).`"#,
        fix: #"Rename all but one; nothing from the file was used."#)

    /// `csv.unterminated-quote`
    public static let csvUnterminatedQuote = ProblemCode(
        #"csv.unterminated-quote"#, .error, .input,
        example:
            #"`data/x.csv:3: A quoted field opened on line 3 is never closed. The 1 row(s) before it were read; the rest of the file was not.`"#,
        fix: #"Find the stray `"` on that line and close or remove it."#)

    /// `csv.field-too-long`
    public static let csvFieldTooLong = ProblemCode(
        #"csv.field-too-long"#, .error, .input,
        example: #"`data/x.csv:2:5: A field is longer than the limit (1 MiB); the row was rejected.`"#,
        fix:
            #"The row is rejected and the rest of the file read. The file is probably not a CSV table, or a closing quote is missing."#
    )

    /// `csv.record-too-long`
    public static let csvRecordTooLong = ProblemCode(
        #"csv.record-too-long"#, .error, .input,
        example:
            #"`data/a.csv:3: The record starting on line 3 runs past 4194304 bytes without ending. The 1 row(s) before it were read; the rest of the file was not.`"#,
        fix: #"Usually a `"` that is never closed on that line; or the file is not a CSV table."#)

    /// `csv.parse`
    public static let csvParse = ProblemCode(
        #"csv.parse"#, .error, .input,
        example: #"`The CSV parser stopped: ...`"#,
        fix: #"Check the file around the line given."#)

    /// `row.ragged`
    public static let rowRagged = ProblemCode(
        #"row.ragged"#, .error, .input,
        example: #"`data/x.csv:7: This row has 5 fields but the header has 6.`"#,
        fix: #"A missing or extra delimiter, or an unquoted value containing the delimiter."#)

    /// `row.unknown-country`
    public static let rowUnknownCountry = ProblemCode(
        #"row.unknown-country"#, .error, .input,
        example:
            #"`enrolment.csv:15:1: Unknown country "Kyrgyzztan" in column Country.` hint: closest known: Kyrgyzstan (KGZ), ..."#,
        fix: #"Use an ISO3, ISO2 or M49 code or a known name."#)

    /// `row.bad-year`
    public static let rowBadYear = ProblemCode(
        #"row.bad-year"#, .error, .input,
        example: #"`x.csv:4:2: Expected a reference year between 1950 and 2100 in column Year. [found: 22/23]`"#,
        fix: #"Write the year the school year ends in (2022/23 → 2023)."#)

    /// `row.bad-number`
    public static let rowBadNumber = ProblemCode(
        #"row.bad-number"#, .error, .input,
        example: #"`enrolment.csv:13:6: Expected a number in column Pupils. [found: 12x]`"#,
        fix: #"Plain digits with a dot for decimals; mark missing values with `..` or leave empty."#)

    /// `row.fractional-count`
    public static let rowFractionalCount = ProblemCode(
        #"row.fractional-count"#, .warning, .input,
        example: #"`x.csv:2:5: 469.852 is not a whole number of enrolment; it was used as read.`"#,
        fix:
            #"Often a dot used for thousands (469 852): set `decimal: ","` and `thousands: dot` on the source; or a comma in a `;` file: set `decimal: "."`."#
    )

    /// `row.negative-count`
    public static let rowNegativeCount = ProblemCode(
        #"row.negative-count"#, .error, .input,
        example: #"`x.csv:9:7: A count cannot be negative (measure enrolment). [found: -5]`"#,
        fix: #"Correct the value, or mark it missing."#)

    /// `row.value-too-large`
    public static let rowValueTooLarge = ProblemCode(
        #"row.value-too-large"#, .error, .input,
        example:
            #"`a.csv:2:6: Not a plausible count of enrolment: above the limit of 10 billion. [found: 99999999999999999999999]`"#,
        fix:
            #"Digits run together or a wrong unit; counts (persons, teachers, schools) cannot exceed 10 billion. Money measures have no limit."#
    )

    /// `row.unknown-measure`
    public static let rowUnknownMeasure = ProblemCode(
        #"row.unknown-measure"#, .error, .input,
        example: #"`Unknown measure in column Measure. [found: pupil]`"#,
        fix: #"Use one of the measures of docs/pipeline-file.md."#)

    /// `row.unknown-level`
    public static let rowUnknownLevel = ProblemCode(
        #"row.unknown-level"#, .error, .input,
        example: #"`Unknown ISCED level in column ISCED. [found: 9]`"#,
        fix: #"Use an ISCED 2011 code (02, 1, 2, 3, 2T3, 5T8) or a level name."#)

    /// `row.unknown-sex`
    public static let rowUnknownSex = ProblemCode(
        #"row.unknown-sex"#, .error, .input,
        example: #"`Unknown sex code in column Sex. [found: X]`"#,
        fix: #"Use F, M or _T (or Female, Male, Total)."#)

    /// `row.bad-age`
    public static let rowBadAge = ProblemCode(
        #"row.bad-age"#, .error, .input,
        example: #"`Expected an age in completed years in column Age. [found: 7 years]`"#,
        fix: #"A whole number; `_T` for all ages; empty when unknown."#)

    /// `row.bad-grade`
    public static let rowBadGrade = ProblemCode(
        #"row.bad-grade"#, .error, .input,
        example: #"`Expected a grade number (1-20) in column Grade.`"#,
        fix: #"Count grades from grade 1 of primary; empty for all grades."#)

    /// `row.bad-score`
    public static let rowBadScore = ProblemCode(
        #"row.bad-score"#, .error, .input,
        example: #"`Expected a test score (a number) or an empty field in column Exam.`"#,
        fix: #"Student census with `subjects:`: leave the field empty (or `..`, `n/a`) when the pupil has no score."#)

    /// `row.bad-weight`
    public static let rowBadWeight = ProblemCode(
        #"row.bad-weight"#, .error, .input,
        example:
            #"`Expected a weight (a number, 0 or more) in column Weight.`; `survey.csv:3:3: Expected a positive sampling weight in column Weight. [found: 0]`"#,
        fix:
            #"Student census with `subjects:` and a `weight` column: every pupil with a score needs a weight. Every respondent needs a weight above 0."#
    )

    /// `row.unknown-location`
    public static let rowUnknownLocation = ProblemCode(
        #"row.unknown-location"#, .error, .input,
        example: #"`Unknown location code in column Location.`"#,
        fix: #"U (urban), R (rural) or _T."#)

    /// `row.unknown-wealth`
    public static let rowUnknownWealth = ProblemCode(
        #"row.unknown-wealth"#, .error, .input,
        example: #"`Unknown wealth quintile in column Quintile.`"#,
        fix: #"Q1 (poorest) to Q5 (richest) or _T."#)

    /// `duplicate.identical`
    public static let duplicateIdentical = ProblemCode(
        #"duplicate.identical"#, .warning, .input,
        example:
            #"`data/b.csv:3: Same key as line 2 (enrolment KGZ 2019 level - sex _T) with the same value; the repeat was dropped.`"#,
        fix: #"Remove the repeated row (or give the value in one file only)."#)

    /// `duplicate.conflict`
    public static let duplicateConflict = ProblemCode(
        #"duplicate.conflict"#, .error, .input,
        example:
            #"`data/b.csv:2: enrolment KGZ 2019 level - sex _T is also given by data/a.csv line 2 with a different value (5 was kept); this row was rejected.`"#,
        fix:
            #"Decide which value is right and remove the other; if the rows are for different regions or programmes, map that column or sum them first."#
    )

    /// `consistency.total-vs-breakdown`
    public static let consistencyTotalVsBreakdown = ProblemCode(
        #"consistency.total-vs-breakdown"#, .error, .input,
        example:
            #"`b.csv:2: enrolment KGZ 2019 level 1 sex _T: the sum by age is 400 but all ages (a.csv line 2) is 1000; sdg4 used all ages.`; `a.csv:3: enrolment KGZ 2019 level 1 sex _T: F + M is 120 but the total (a.csv line 2) is 100; sdg4 used the total.`; (location, wealth, part above total): `enr.csv:2: enrolment KGZ 2019 level 1 sex _T: U + R is 400 but the total (enr.csv line 4) is 300; sdg4 used the total.`; `enr.csv:3: enrolment KGZ 2019 level 1 sex _T: F alone is 450 but the total (enr.csv line 2) is 400; sdg4 used the total.`"#,
        fix:
            #"Give each count one way, or make the detail add up to the total. sdg4 prefers, in order: all ages; the sum by age; by grade; by age and grade; and a total given for both sexes (or for 2T3, 5T8) over the sum of its parts. Every breakdown of a total is checked: F + M, U + R, Q1 + … + Q5, 2 + 3, the tertiary levels; with a part absent, no part may exceed the total. Not checked on a student census (it has no total rows)."#
    )

    /// `input.incomplete-breakdown`
    public static let inputIncompleteBreakdown = ProblemCode(
        #"input.incomplete-breakdown"#, .warning, .input,
        example:
            #"`enr.csv:3: enrolment KGZ 2019 level 1 sex _T: the sum by age is incomplete, age 8 is given as missing; no other way of giving this count is there, so no value that needs it was written.`"#,
        fix:
            #"A missing cell (`..`, empty, a `missing:` marker, UIS `NA`/`SUPP`/`INCLUDED`) is never summed as 0. Give the value, or a total for the whole breakdown (then GER and the other totals are computed, the age- or grade-specific rates still not)."#
    )

    /// `consistency.population-mismatch`
    public static let consistencyPopulationMismatch = ProblemCode(
        #"consistency.population-mismatch"#, .error, .input,
        example:
            #"`population KGZ 2019 level 1 sex _T: the population given for the level (uis) is 380 but the single ages 7-10 (pop) add up to 400; sdg4 used the level's 380 for every rate of the level.`"#,
        fix:
            #"Give the school-age population one way, or make the two agree. Every rate of the level (GER, NER, TNER, out-of-school) uses the level's."#
    )

    /// `consistency.grade-outside-level`
    public static let consistencyGradeOutsideLevel = ProblemCode(
        #"consistency.grade-outside-level"#, .error, .input,
        example:
            #"`enrolment KGZ 2019 level 2: grade(s) 1, 2 are not grades of lower secondary, which are grades 5-9 (KGZ 1990-2030: 7+4/5/2); over-age and intake to the last grade were not computed for this level.`"#,
        fix: #"Count grades from grade 1 of primary (KGZ lower secondary: grades 5-9)."#)

    /// `indicator.no-structure`
    public static let indicatorNoStructure = ProblemCode(
        #"indicator.no-structure"#, .warning, .input,
        example:
            #"`KGZ 2031: no education structure covers this year, so no indicator that needs official ages (GER, NER, out-of-school, 4.2.2, over-age, ...) was computed for it.`"#,
        fix:
            #"Built-in structures cover 1990-2030; a `structures:` file replaces a country's structures for the years it names only. Add the years."#
    )

    /// `uis.not-applicable`
    public static let uisNotApplicable = ProblemCode(
        #"uis.not-applicable"#, .info, .input,
        example: #"`uis.csv:2:5: 20082 is marked NA (not applicable): read as no value, not as 0.`"#,
        fix: #"Nothing: rates that need the count are not computed for this country and year."#)

    /// `uis.missing-magnitude`
    public static let uisMissingMagnitude = ProblemCode(
        #"uis.missing-magnitude"#, .info, .input,
        example: #"`uis.csv:2:5: 20062 is marked SUPP (suppressed): read as no value.`"#,
        fix: #"`SUPP` and `INCLUDED` rows are no value; nothing to do unless another source gives the count."#)

    /// `indicator.zero-denominator`
    public static let indicatorZeroDenominator = ProblemCode(
        #"indicator.zero-denominator"#, .warning, .input,
        example: #"`PTRHC.1 for KGZ 2019 was not computed: its denominator is 0 (numerator 87.0).`"#,
        fix: #"A count entered as 0 instead of missing (`..`); no value is written (never 0 or infinity)."#)

    /// `uis.unknown-input-id`
    public static let uisUnknownInputId = ProblemCode(
        #"uis.unknown-input-id"#, .warning, .input,
        example:
            #"`uis.csv: 1 row(s) skipped: UIS id SAP.1.T looks like an input (SAP.<level>[.F\|.M] or OFST.<level>[.F\|.M].CP) but is not one sdg4 reads; check its spelling.`"#,
        fix: #"Correct the id; docs/pipeline-file.md lists the ids sdg4 reads."#)

    /// `indicator.missing-input`
    public static let indicatorMissingInput = ProblemCode(
        #"indicator.missing-input"#, .warning, .input,
        example:
            #"`AIR.1.GLAST for KGZ 2019 was not computed: no repeaters are given for grade 4.`; `NERT.2.CP for KGZ 2017 was not computed: no enrolment of primary (ISCED 1) and upper secondary (ISCED 3) is given, and children aged 11-15 are enrolled there too.`; `NERA.AgM1.CP for KGZ 2019 was not computed: no enrolment of pre-primary (ISCED 02, 0 or 01) is given, and children aged 6 are counted in it.`"#,
        fix:
            #"Add the missing input (repeaters by grade; the enrolment by age of the level named), or ignore if it is not collected. A level not given is not a level with 0 pupils."#
    )

    /// `consistency.negative-leavers`
    public static let consistencyNegativeLeavers = ProblemCode(
        #"consistency.negative-leavers"#, .warning, .input,
        example:
            #"`TATTRR.1 for KGZ 2020 was not computed: teachers went from 980 to 1100 with only 40 new, which leaves -80 leavers.`"#,
        fix: #"New teachers under-reported, or teachers moved between levels: check `new_teachers`."#)

    /// `indicator.not-finite`
    public static let indicatorNotFinite = ProblemCode(
        #"indicator.not-finite"#, .warning, .input,
        example: #"`GER.1 for KGZ 2019 was not computed: 1e+308 / 0.001 is too large to be a number.`"#,
        fix: #"Check the inputs' magnitudes."#)

    /// `consistency.unknown-age-share`
    public static let consistencyUnknownAgeShare = ProblemCode(
        #"consistency.unknown-age-share"#, .warning, .input,
        example: #"`a.csv:2: enrolment KGZ 2019 level 1 sex F: 50.0 % of the total (200) has an unknown age.`"#,
        fix: #"If the row is a total for all ages, write `_T` in the age column: an empty age means unknown."#)

    /// `row.missing-level`
    public static let rowMissingLevel = ProblemCode(
        #"row.missing-level"#, .error, .input,
        example: #"`a.csv:2:3: A value of enrolment needs an ISCED level, and this row has none.`"#,
        fix: #"Fill in the level."#)

    /// `input.none-usable`
    public static let inputNoneUsable = ProblemCode(
        #"input.none-usable"#, .error, .input,
        example:
            #"`No usable input: 1 file(s), 1 rows read, of which 1 outside the countries/years filters, 0 missing values, 0 rejected, 0 not used.`"#,
        fix: #"Check the sources' paths and the filters. Exit code 1."#)

    /// `row.bad-answer`
    public static let rowBadAnswer = ProblemCode(
        #"row.bad-answer"#, .error, .input,
        example: #"`survey.csv:2:10: Expected yes or no (1/0, yes/no, да/нет) in column Literate. [found: maybe]`"#,
        fix: #"Leave the cell empty when the answer is unknown."#)

    /// `row.bad-month`
    public static let rowBadMonth = ProblemCode(
        #"row.bad-month"#, .error, .input,
        example: #"`survey.csv:4:8: Expected a month 1-12 in column Month. [found: 13]`"#,
        fix: #"Write the month of the interview as a number; leave it empty when unknown."#)

    /// `row.bad-schooling`
    public static let rowBadSchooling = ProblemCode(
        #"row.bad-schooling"#, .error, .input,
        example:
            #"`survey.csv:5:9: Expected completed years of schooling (0-30) in column YearsSchooling. [found: 45]`"#,
        fix: #"Count grades completed from grade 1 of primary; leave empty when unknown."#)

    /// `row.unknown-stage`
    public static let rowUnknownStage = ProblemCode(
        #"row.unknown-stage"#, .error, .input,
        example: #"`pisa.csv:2:7: Expected a point of measurement in column Stage.`"#,
        fix: #"Use grade-2-3, primary-end or lower-secondary-end."#)

    /// `survey.suppressed`
    public static let surveySuppressed = ProblemCode(
        #"survey.suppressed"#, .info, .input,
        example:
            #"`3 cell(s) of cr for KGZ 2018 have fewer than 30 respondents and are not published: CR.1.F R Q1 (12), …`"#,
        fix: #"Nothing: too few respondents for a reliable estimate (`min_cases`)."#)

    /// `rejects.truncated`
    public static let rejectsTruncated = ProblemCode(
        #"rejects.truncated"#, .warning, .input,
        example: #"`5000 more rejected row(s) were not copied to rejects/emis.csv (the first 100000 are there).`"#,
        fix: #"Fix the rows listed first; the rest are usually the same mistake."#)

    /// `source.no-files`
    public static let sourceNoFiles = ProblemCode(
        #"source.no-files"#, .warning, .input,
        example: #"`No file matches ../data/*.csv.`"#,
        fix: #"Check the source's `path:`."#)

    /// `row.ignored`
    public static let rowIgnored = ProblemCode(
        #"row.ignored"#, .info, .input,
        example: #"`uis.csv: 1 row(s) skipped: country not covered by sdg4.`"#,
        fix: #"Nothing, unless you expected sdg4 to use them."#)

    /// `row.text-only`
    public static let rowTextOnly = ProblemCode(
        #"row.text-only"#, .error, .input,
        example: #"`kaz.csv:5:1: A line with text in its first cell only, inside the table (data rows follow it): a sub-heading or a note, not data.`"#,
        fix: #"Nothing if it is a heading (its rows are read); lines below the table are read as notes (`input.table-notes`)."#)

    /// `input.table-notes`
    public static let inputTableNotes = ProblemCode(
        #"input.table-notes"#, .info, .input,
        example: #"`kaz-enrolment.csv: 2 note line(s) below the table, kept out of the data: "* Предварительные данные"; "¹ Без учёта колледжей".`"#,
        fix: #"Nothing: read the notes; values marked with their footnote are flagged `footnote`."#)

    /// `uis.release`
    public static let uisRelease = ProblemCode(
        #"uis.release"#, .info, .input,
        example: #"`SDG.zip!SDG_DATA_NATIONAL.csv: UIS release SDG September 2021: its national data read, with SDG_METADATA.csv, SDG_LABEL.csv, SDG_COUNTRY.csv (412 footnotes of the pipeline's countries and years kept, of 96 310); SDG_DATA_REGIONAL.csv, SDG_REGION.csv skipped (regional values: sdg4 computes its own aggregate).`"#,
        fix: #"Nothing; a warning when the release's footnotes could not be read: download the release again."#)

    /// Every code of this group, in the order of docs/errors.md.
    static let inputCodes: [ProblemCode] = [
        .fileUnreadable,
        .fileEmpty,
        .fileBinary,
        .headerMissingColumn,
        .fileNoRows,
        .headerAmbiguousColumn,
        .csvUnterminatedQuote,
        .csvFieldTooLong,
        .csvRecordTooLong,
        .csvParse,
        .rowRagged,
        .rowUnknownCountry,
        .rowBadYear,
        .rowBadNumber,
        .rowFractionalCount,
        .rowNegativeCount,
        .rowValueTooLarge,
        .rowUnknownMeasure,
        .rowUnknownLevel,
        .rowUnknownSex,
        .rowBadAge,
        .rowBadGrade,
        .rowBadScore,
        .rowBadWeight,
        .rowUnknownLocation,
        .rowUnknownWealth,
        .duplicateIdentical,
        .duplicateConflict,
        .consistencyTotalVsBreakdown,
        .inputIncompleteBreakdown,
        .consistencyPopulationMismatch,
        .consistencyGradeOutsideLevel,
        .indicatorNoStructure,
        .uisNotApplicable,
        .uisMissingMagnitude,
        .indicatorZeroDenominator,
        .uisUnknownInputId,
        .indicatorMissingInput,
        .consistencyNegativeLeavers,
        .indicatorNotFinite,
        .consistencyUnknownAgeShare,
        .rowMissingLevel,
        .inputNoneUsable,
        .rowBadAnswer,
        .rowBadMonth,
        .rowBadSchooling,
        .rowUnknownStage,
        .surveySuppressed,
        .rejectsTruncated,
        .sourceNoFiles,
        .rowIgnored,
        .inputTableNotes,
        .rowTextOnly,
        .uisRelease,
    ]
}
