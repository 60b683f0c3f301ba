import Foundation
import SDG4Aggregate
import SDG4Model
import SDG4Report

/// The problems found in the merged inputs and the computed values, in words (stage 3).
extension PipelineRunner {
    /// Problems for keys given in two files: the later file's row is dropped (identical) or
    /// rejected (conflicting), and its counts adjusted.
    func crossFileDuplicates(
        _ cube: DataCube, work: [WorkItem], inputs: inout [RunManifest.Input]
    ) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for dup in cube.duplicates where dup.kept.provenance.fileIndex != dup.other.provenance.fileIndex {
            let k = dup.key
            let laterIndex = dup.other.provenance.fileIndex
            let keptFile = work[dup.kept.provenance.fileIndex].display
            let what = k.description
            inputs[laterIndex].rowsAccepted -= 1
            if dup.isIdentical {
                inputs[laterIndex].rowsDuplicate += 1
                out.append(
                    Diagnostic(
                        code: .duplicateIdentical, source: work[laterIndex].source.id,
                        file: work[laterIndex].display, line: dup.other.provenance.line,
                        message:
                            "\(what) is also given by \(keptFile) line \(dup.kept.provenance.line) with the same value; this copy was dropped.",
                        hint: "Give each value in one file only."))
            } else {
                inputs[laterIndex].rowsRejected += 1
                out.append(
                    Diagnostic(
                        code: .duplicateConflict, source: work[laterIndex].source.id,
                        file: work[laterIndex].display, line: dup.other.provenance.line,
                        value: NumberFormat.exact(dup.other.value),
                        message:
                            "\(what) is also given by \(keptFile) line \(dup.kept.provenance.line) with a different value (\(NumberFormat.exact(dup.kept.value)) was kept); this row was rejected.",
                        hint:
                            "Decide which file is right and remove the value from the other, or narrow a source's path."
                    ))
            }
        }
        return out
    }

    /// Counts given twice in ways that disagree (errors: the preferred way was used).
    func mismatchProblems(_ cube: DataCube, work: [WorkItem]) -> [Diagnostic] {
        cube.mismatches.map { m in
            let usedFile = work[m.usedAt.fileIndex].display
            let otherFile = work[m.otherAt.fileIndex].display
            return Diagnostic(
                code: .consistencyTotalVsBreakdown, source: work[m.otherAt.fileIndex].source.id,
                file: otherFile, line: m.otherAt.line, value: NumberFormat.exact(m.other),
                message: "\(m.description): \(m.otherView) is \(NumberFormat.exact(m.other)) but \(m.usedView) "
                    + "(\(usedFile) line \(m.usedAt.line)) is \(NumberFormat.exact(m.used)); sdg4 used \(m.usedView).",
                hint: "Give each count one way, or make the detail add up to the total.")
        }
    }

    /// Breakdowns with a part given as missing (warnings: the total came from elsewhere, or no
    /// value that needs it was written).
    func incompleteProblems(_ cube: DataCube, work: [WorkItem]) -> [Diagnostic] {
        cube.incompleteBreakdowns.map { b in
            let then =
                if let used = b.usedView, let at = b.usedAt {
                    "sdg4 used \(used) (\(work[at.fileIndex].display) line \(at.line)) for the total, and wrote no value that needs \(b.view)."
                } else {
                    "no other way of giving this count is there, so no value that needs it was written."
                }
            return Diagnostic(
                code: .inputIncompleteBreakdown, source: work[b.missingAt.fileIndex].source.id,
                file: work[b.missingAt.fileIndex].display, line: b.missingAt.line,
                message: "\(b.description): \(b.view) is incomplete, \(b.missing) is given as missing; " + then,
                hint: "A missing part is never counted as 0: give the value, or a total for the whole breakdown.")
        }
    }

    /// Why a run has nothing to compute from: what became of the rows.
    func noUsableInput(_ inputs: [RunManifest.Input]) -> Diagnostic {
        func sum(_ key: KeyPath<RunManifest.Input, Int>) -> Int { inputs.reduce(0) { $0 + $1[keyPath: key] } }
        return Diagnostic(
            code: .inputNoneUsable,
            message: "No usable input: \(inputs.count) file(s), \(sum(\.rowsRead)) rows read, of which "
                + "\(sum(\.rowsFiltered)) outside the countries/years filters, \(sum(\.rowsMissing)) missing values, "
                + "\(sum(\.rowsRejected)) rejected, \(sum(\.rowsIgnored)) not used.",
            hint: "Check the sources' paths and the 'countries', 'years' and --country filters.")
    }

    /// Counts by age with a large share of unknown age (warnings).
    func unknownAgeProblems(_ cube: DataCube, work: [WorkItem]) -> [Diagnostic] {
        cube.unknownAges.map { u in
            let share = NumberFormat.rounded(100 * u.unknown / u.total, decimals: 1)
            return Diagnostic(
                code: .consistencyUnknownAgeShare, source: work[u.at.fileIndex].source.id,
                file: work[u.at.fileIndex].display, line: u.at.line, value: NumberFormat.exact(u.unknown),
                message:
                    "\(u.description): \(share) % of the total (\(NumberFormat.exact(u.total))) has an unknown age.",
                hint: "If this row is a total for all ages, write _T in the age column (an empty age means unknown).")
        }
    }

    /// One note per survey or assessment source without `design:`: its values have no
    /// standard error.
    func designProblems() -> [Diagnostic] {
        definition.sources.filter { $0.microdata.map { $0.kind != .studentCensus && $0.design == nil } ?? false }.map {
            Diagnostic(
                code: .designNone, source: $0.id,
                message: "Source '\($0.id)' has no design: its values have no standard error (empty se, ci_lower "
                    + "and ci_upper).",
                hint: ProblemCode.designNone.fix)
        }
    }

    /// Values the inputs ask for that could not be computed (warnings; suppressed survey cells
    /// are notes).
    func noteProblems(_ notes: [EngineNote]) -> [Diagnostic] {
        notes.map { n in
            let hint: String =
                switch n.code {
                case .indicatorZeroDenominator:
                    "A zero denominator usually means a count was entered as 0 instead of missing (..)."
                case .surveySuppressed:
                    "Too few respondents for a reliable estimate; the threshold is the source's 'min_cases'."
                case .indicatorMissingInput:
                    "Add the missing input, or ignore this if it is not collected."
                case .indicatorNoStructure:
                    "Add the country's structure for these years in a 'structures:' file (docs/pipeline-file.md)."
                case .consistencyPopulationMismatch:
                    "Give the school-age population one way (for the level or by single age), or make them agree."
                case .consistencyGradeOutsideLevel:
                    "Count grades from grade 1 of primary (lower secondary starts after the last primary grade)."
                case .designLonelyPsu, .designMixed, .designNoVariance: n.code.fix
                case .consistencyNegativeLeavers:
                    "New teachers under-reported, or teachers moved between levels: check new_teachers."
                default:
                    "Check the inputs' magnitudes (a wrong unit or digits run together)."
                }
            return Diagnostic(
                code: n.code,
                source: n.sources.joined(separator: ";"), message: n.message, hint: hint)
        }
    }
}
