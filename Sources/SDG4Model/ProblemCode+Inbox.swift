// Problems of files dropped in the inbox (docs/inbox.md). docs/errors.md is generated from these (`make docs`).

extension ProblemCode {
    /// `inbox.unmatched`
    public static let inboxUnmatched = ProblemCode(
        #"inbox.unmatched"#, .error, .inbox,
        example:
            #"`inbox/notes.csv: notes.csv matches no source's inbox pattern (enrolment-*.csv, population-*.csv); it was moved to inbox/quarantine/notes.csv.`"#,
        fix:
            #"Rename the file to match a source's `inbox:` pattern and drop it again, or add a pattern to the source it belongs to."#
    )

    /// `inbox.duplicate`
    public static let inboxDuplicate = ProblemCode(
        #"inbox.duplicate"#, .info, .inbox,
        example:
            #"`inbox/processed/enrolment-TJK-2020.2.csv: Same content (sha256) as inbox/processed/enrolment-TJK-2020.csv: counted once, not read again.`"#,
        fix: #"Nothing; a corrected file must differ from the file it corrects."#)

    /// `inbox.supersedes`
    public static let inboxSupersedes = ProblemCode(
        #"inbox.supersedes"#, .info, .inbox,
        example:
            #"(`sdg4 validate` only) `inbox/enrolment-KGZ-fix.csv: A run would use this file instead of data/enrolment-KGZ.csv for enrolment KGZ 2019 level 1.`"#,
        fix: #"Nothing if the file is the correction."#)

    /// `inbox.settling`
    public static let inboxSettling = ProblemCode(
        #"inbox.settling"#, .info, .inbox,
        example:
            #"`../inbox/enrolment-KGZ-fix.csv: Modified 1.2 s ago, so it may still be being written: left in the inbox for a later run.`"#,
        fix:
            #"Nothing: the next run takes it (`sdg4 run --settle SECONDS`, 5 by default). Copy files in under a hidden or `.part` name and rename them when complete."#
    )

    /// `inbox.unknown-processed`
    public static let inboxUnknownProcessed = ProblemCode(
        #"inbox.unknown-processed"#, .error, .inbox,
        example:
            #"`../inbox/processed/enrolment-KGZ-fix.csv: This file is in the inbox's processed/ folder, but the ledger .sdg4/ledger.sqlite has no record of it for central-asia-2025.yml, so its values are not used (the pipeline file renamed, another ledger, or .sdg4/ deleted?).`"#,
        fix:
            #"Use the pipeline file name and ledger that delivered it; or move the file back into the inbox, where it is the newest delivery; or move it out of `processed/`."#
    )

    /// `inbox.not-read`
    public static let inboxNotRead = ProblemCode(
        #"inbox.not-read"#, .error, .inbox,
        example:
            #"`../inbox/processed/enrolment-KGZ-fix.csv: This file was delivered through the inbox (as ../inbox/enrolment-KGZ-fix.csv), but the pipeline file has no 'inbox:' any more, so its values are not used.`"#,
        fix: #"Put `inbox:` back, or move the file out of `processed/` if it is no longer wanted."#)

    /// `inbox.census-part-replaced`
    public static let inboxCensusPartReplaced = ProblemCode(
        #"inbox.census-part-replaced"#, .error, .inbox,
        example:
            #"`data/students-north.csv: A newer delivery gives only some regions of what this file counts, and a census slice's pupils cannot be split by region: enrolment KGZ 2019 level 1 region(s) North of this file are no longer counted.`"#,
        fix:
            #"Deliver those regions again (one file per region, with the census's `region` column), or the whole country's census."#
    )

    /// `inbox.broken-link`
    public static let inboxBrokenLink = ProblemCode(
        #"inbox.broken-link"#, .error, .inbox,
        example:
            #"`../inbox/enrolment-KGZ-fix.csv: This is a symbolic link to /mnt/share/kgz-fix.csv, which does not exist: there is nothing to read, and it is left in the inbox.`"#,
        fix: #"Point the link at the file, or put the file itself in the inbox."#)

    /// `inbox.orphaned`
    public static let inboxOrphaned = ProblemCode(
        #"inbox.orphaned"#, .warning, .inbox,
        example:
            #"`../inbox/processed/pupils-KGZ.csv: This file came through the inbox as source 'pupils', which the pipeline file no longer has; its values are not used.`"#,
        fix:
            #"Put the source back in the pipeline file (its files are used again), or move the file out of `processed/`."#
    )

    /// Every code of this group, in the order of docs/errors.md.
    static let inboxCodes: [ProblemCode] = [
        .inboxUnmatched,
        .inboxDuplicate,
        .inboxSupersedes,
        .inboxSettling,
        .inboxUnknownProcessed,
        .inboxNotRead,
        .inboxCensusPartReplaced,
        .inboxBrokenLink,
        .inboxOrphaned,
    ]
}
