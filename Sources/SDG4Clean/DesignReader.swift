import Foundation
import SDG4CSV
import SDG4Ingest
import SDG4Model

/// Reads where a row sits in its source's sampling design (`design:`): the stratum and
/// cluster (Taylor), the jackknife zone and half (JK2), or the replicate weights. A row whose
/// design fields cannot be read is rejected (`row.bad-design`): a respondent placed in no
/// cluster, or with a replicate weight missing, would make every standard error wrong.
struct DesignReader {
    private let design: SamplingDesign?
    /// The field of every column the design reads, in `SamplingDesign.columns` order.
    private let fields: [Int]
    // Strata and clusters of a whole survey (hundreds): more slots than a code list needs.
    private var texts = ByteInterner<String>(capacity: 4096)

    /// A field that could not be read: which, what was expected, and what to do.
    struct Problem {
        var field: Int
        var expected: String
        var hint: String
    }

    init(_ design: SamplingDesign?, mapping: MicrodataMapping) {
        self.design = design
        fields = (design?.columns ?? []).indices.map { mapping.index["design:\($0)"]! }
    }

    /// The row's position in the design (`.none` without a design), or the problems.
    mutating func read(_ record: CSVRecord, numbers: NumberStyle) -> (DesignPosition, [Problem]) {
        guard let design else { return (.none, []) }
        switch design {
        case .taylor(let strata, _):
            let clusterField = fields[strata == nil ? 0 : 1]
            let stratum = strata == nil ? "" : text(record, fields[0])
            let cluster = text(record, clusterField)
            var problems: [Problem] = []
            if strata != nil, stratum.isEmpty {
                problems.append(Problem(field: fields[0], expected: "the row's stratum", hint: Self.hint))
            }
            if cluster.isEmpty {
                problems.append(Problem(field: clusterField, expected: "the row's cluster (PSU)", hint: Self.hint))
            }
            return (DesignPosition(unit: DesignUnit(stratum: stratum, cluster: cluster)), problems)
        case .jk2:
            let zone = text(record, fields[0])
            var problems: [Problem] = []
            if zone.isEmpty {
                problems.append(Problem(field: fields[0], expected: "the row's jackknife zone", hint: Self.hint))
            }
            let half = ByteNumber.int(record[fields[1]])
            if half != 0 && half != 1 {
                problems.append(
                    Problem(field: fields[1], expected: "the jackknife replicate code 0 or 1", hint: Self.hint))
            }
            return (DesignPosition(unit: DesignUnit(stratum: zone, cluster: half == 1 ? "1" : "0")), problems)
        case .brr, .replicate:
            var weights: [Double] = []
            weights.reserveCapacity(fields.count)
            var problems: [Problem] = []
            for i in fields {
                if let w = numbers.double(record[i]), w >= 0, w.isFinite {
                    weights.append(w)
                } else {
                    weights.append(0)
                    problems.append(Problem(field: i, expected: "a replicate weight (a number, 0 or more)", hint: Self.hint))
                }
            }
            return (DesignPosition(replicateWeights: weights), problems)
        }
    }

    private static let hint =
        "Every row of a source with a design needs its place in it; correct the row, or remove the source's design: to compute values without standard errors."

    /// A field's text, trimmed, through the cache (strata and clusters repeat).
    private mutating func text(_ record: CSVRecord, _ field: Int) -> String {
        texts.value(for: record[field]) { $0.trimmingCharacters(in: .whitespaces) }
    }
}
