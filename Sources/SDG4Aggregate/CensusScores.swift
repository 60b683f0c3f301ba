import SDG4Model

/// An indicator of the test scores of a student-level census (a national assessment sat by
/// every pupil, or an EMIS extract carrying each pupil's scores), by ISCED level, subject and
/// sex, over the pupils with a score in the subject:
///
///     cut-score-share = 100 × Σ w_i · 1[score_i ≥ cut] / Σ w_i
///     mean-score      = Σ w_i · score_i / Σ w_i
///
/// Computed for every ISCED level the file has (the definitions list no level). One score per
/// pupil and subject (no plausible values: see `MinimumProficiency` for sample assessments).
/// The weight is the file's weight column, or 1 for every pupil. Not SDG series themselves: the
/// national counterparts of 4.1.1 computed from a census.
public struct CensusScoreIndicator: Indicator {
    public enum Kind: Sendable {
        /// The weighted share at or above the subject's cut score (`CUT.<level>.<SUBJECT>`).
        case cutScoreShare
        /// The weighted mean score (`MEAN.<level>.<SUBJECT>`).
        case meanScore
    }

    public let kind: Kind
    public let definition: IndicatorDefinition

    public init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case .cutScoreShare:
            definition = IndicatorDefinition(
                id: "cut-score-share", name: "Pupils at or above the cut score (census test scores)",
                uisIds: "CUT.<level>.<SUBJECT>[.F|.M]", sdgIndicator: "4.1.1", sdgSeries: "",
                formula: "100 × weight of pupils scoring at or above the cut score / weight of pupils with a score",
                unit: "percent", levels: [], methodology: "docs/methodology.md", validRange: 0...100,
                regional: .noWeight, parity: [], better: .higher)
        case .meanScore:
            definition = IndicatorDefinition(
                id: "mean-score", name: "Mean score (census test scores)", uisIds: "MEAN.<level>.<SUBJECT>[.F|.M]",
                sdgIndicator: "4.1.1", sdgSeries: "", formula: "weighted sum of scores / weight of pupils with a score",
                unit: "score", levels: [], methodology: "docs/methodology.md", validRange: nil, regional: .noWeight,
                parity: [], better: .higher)
        }
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let (prefix, numerator): (String, (ScoreCube.Cell) -> Double) =
            switch kind {
            case .cutScoreShare: ("CUT", { $0.atOrAbove })
            case .meanScore: ("MEAN", { $0.weightedScore })
            }
        let scale = kind == .cutScoreShare ? 100.0 : 1.0
        return CensusScoreGroups.values(context, country, year) { key, sex, cell, sources in
            IndicatorValue(
                indicator: definition.id, uisId: "\(prefix).\(key.level).\(key.subject.uppercased())\(sex.uisSuffix)",
                country: country, year: year, level: key.level, sex: sex, value: scale * numerator(cell) / cell.weight,
                numerator: numerator(cell), denominator: cell.weight, unit: definition.unit, sources: sources)
        }
    }
}

/// The cells of a country-year summed into total, female and male per level and subject.
enum CensusScoreGroups {
    static func values(
        _ context: IndicatorContext, _ country: Country, _ year: Int,
        _ make: (ScoreCube.Key, Sex, ScoreCube.Cell, [String]) -> IndicatorValue
    ) -> [IndicatorValue] {
        let cube = context.cube.scores
        guard let bits = cube.sources[CountryYear(country: country, year: year)] else { return [] }
        let sources = context.sources(bits)
        var groups: [ScoreCube.Key: ScoreCube.Cell] = [:]
        // In key order: the sums (total = F + M + no sex) must not depend on dictionary order.
        for key in cube.cells.keys.sorted() where key.country == country && key.year == year {
            let cell = cube.cells[key]!
            var total = key
            total.sex = .total
            groups[total] = groups[total].map { $0 + cell } ?? cell
            if key.sex != .total { groups[key] = groups[key].map { $0 + cell } ?? cell }
        }
        return groups.keys.sorted().compactMap { key in
            let cell = groups[key]!
            guard cell.weight > 0 else { return nil }
            return make(key, key.sex, cell, sources)
        }
    }
}
