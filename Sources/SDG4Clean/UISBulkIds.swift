import Foundation
import SDG4Model

/// What a UIS bulk-download `INDICATOR_ID` means to sdg4.
public enum UISBulkId: Sendable, Hashable {
    /// An input count: enrolment, teachers, school-age population or out-of-school children.
    case input(measure: Measure, level: Level, sex: Sex)
    /// An indicator UIS computed (`GER.1`, `PTRHC.1`, ...): kept as a published value.
    case published(String)
    /// An id sdg4 does not use (numeric ids it does not map, structure ids, ...).
    case unused
    /// An id shaped like an input (`SAP.…`, `OFST.…`) that sdg4 cannot read: probably a typo.
    case unrecognisedInput(String)

    /// The UIS numeric input ids (product.md §3): enrolment and teachers by level and sex.
    public static let numericInputs: [String: (Measure, Level, Sex)] = [
        "20060": (.enrolment, .prePrimary, .total), "20061": (.enrolment, .prePrimary, .female),
        "40033": (.enrolment, .prePrimary, .male),
        "20062": (.enrolment, .primary, .total), "20063": (.enrolment, .primary, .female),
        "40035": (.enrolment, .primary, .male),
        "20082": (.enrolment, .secondary, .total), "20083": (.enrolment, .secondary, .female),
        "40044": (.enrolment, .secondary, .male),
        "20160": (.teachers, .prePrimary, .total), "20161": (.teachers, .prePrimary, .female),
        "42097": (.teachers, .prePrimary, .male),
        "20162": (.teachers, .primary, .total), "20163": (.teachers, .primary, .female),
        "42099": (.teachers, .primary, .male),
        "20182": (.teachers, .secondary, .total), "20183": (.teachers, .secondary, .female),
        "42104": (.teachers, .secondary, .male),
    ]

    /// Classifies an id as found in a bulk file (case and spaces ignored).
    ///
    /// - `SAP.<level>[.F|.M]` → school-age population of the level;
    /// - `OFST.<level>[.F|.M].CP` → out-of-school children of the level's age;
    /// - the numeric ids above → enrolment or teachers;
    /// - other `SAP.`/`OFST.` ids → unrecognised inputs (reported);
    /// - any other id starting with a letter → a published indicator;
    /// - other numeric ids → unused.
    public static func classify(_ raw: String) -> UISBulkId {
        let id = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if let (measure, level, sex) = numericInputs[id] {
            return .input(measure: measure, level: level, sex: sex)
        }
        let parts = id.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "SAP", parts.count >= 2, parts.count <= 3, let level = CodeLists.level(parts[1]) {
            if parts.count == 2 { return .input(measure: .population, level: level, sex: .total) }
            if let sex = sexSuffix(parts[2]) { return .input(measure: .population, level: level, sex: sex) }
        }
        if parts.first == "OFST", parts.last == "CP", parts.count >= 3, parts.count <= 4,
            let level = CodeLists.level(parts[1])
        {
            if parts.count == 3 { return .input(measure: .outOfSchool, level: level, sex: .total) }
            if let sex = sexSuffix(parts[2]) { return .input(measure: .outOfSchool, level: level, sex: sex) }
        }
        if parts.first == "SAP" || parts.first == "OFST" { return .unrecognisedInput(id) }
        if let first = id.unicodeScalars.first, ("A"..."Z").contains(first) { return .published(id) }
        return .unused
    }

    private static func sexSuffix(_ s: String) -> Sex? {
        switch s {
        case "F": .female
        case "M": .male
        default: nil
        }
    }
}
