import SDG4CSV
import SDG4Model

/// The sex, location and wealth codes of a file's rows, for every format: each spelling is
/// decoded once per file (`ByteInterner`), and a spelling that is no code is one problem,
/// worded the same way whatever the format (`RowCleaning.unknown`).
package struct BreakdownCodes {
    private var sexes = ByteInterner<Sex?>()
    private var locations = ByteInterner<Location?>()
    private var wealths = ByteInterner<Wealth?>()

    /// Which breakdown a field holds.
    enum Kind {
        case sex, location, wealth

        var code: ProblemCode {
            switch self {
            case .sex: .rowUnknownSex
            case .location: .rowUnknownLocation
            case .wealth: .rowUnknownWealth
            }
        }

        var what: String {
            switch self {
            case .sex: "sex code"
            case .location: "location code"
            case .wealth: "wealth quintile"
            }
        }

        var hint: String {
            switch self {
            case .sex: "Use F, M or _T (or Female, Male, Total, ж, м)."
            case .location: "Use U (urban), R (rural) or _T (or urban/rural, город/село)."
            case .wealth: "Use Q1 (poorest) to Q5 (richest), 1-5, or _T."
            }
        }
    }

    /// The source's `codes:` of each breakdown (the file's value → an sdg4 spelling), looked
    /// up once here, not per row.
    private let sexCodes: [String: String]?
    private let locationCodes: [String: String]?
    private let wealthCodes: [String: String]?

    package init(recodes: [String: [String: String]] = [:]) {
        sexCodes = recodes["sex"]
        locationCodes = recodes["location"]
        wealthCodes = recodes["wealth"]
    }

    // A spelling is decoded (and recoded) only on a cache miss: once per file.
    package mutating func sex(_ bytes: UnsafeRawBufferPointer) -> Sex? {
        sexes.value(for: bytes) { [sexCodes] in CodeLists.sex(sexCodes?[$0] ?? $0) }
    }

    package mutating func location(_ bytes: UnsafeRawBufferPointer) -> Location? {
        locations.value(for: bytes) { [locationCodes] in CodeLists.location(locationCodes?[$0] ?? $0) }
    }

    package mutating func wealth(_ bytes: UnsafeRawBufferPointer) -> Wealth? {
        wealths.value(for: bytes) { [wealthCodes] in CodeLists.wealth(wealthCodes?[$0] ?? $0) }
    }
}

extension RowCleaning {
    /// "Unknown sex code in column Gender.": field `i` holds no code of its kind.
    func unknown(_ kind: BreakdownCodes.Kind, _ record: CSVRecord, _ i: Int, header: String) -> Diagnostic {
        problem(
            kind.code, record.line, i + 1, record.string(i), "Unknown \(kind.what) in column \(header).", kind.hint)
    }
}
