import SDG4Model

/// Proportion of children and young people at or above the minimum proficiency level
/// (indicators.md §3.2; SDG 4.1.1; SDG series `SE_TOT_PRFL`), from learning-assessment
/// microdata with plausible values:
///
///     p_m = 100 × Σ_i w_i · 1[PV_m,i ≥ cut] / Σ_i w_i      (students with PV_m)
///     MPL = mean over m of p_m
///
/// By point of measurement (grade 2-3 `G2T3`, end of primary `L1.GLAST`, end of lower
/// secondary `L2.GLAST`), subject, sex, location and socio-economic quintile. Cut scores are set
/// per subject in the pipeline file. A cell with fewer than `minimumCases` students is not
/// published (`survey.suppressed`). The row's numerator and denominator are the weights at or
/// above the cut score and assessed, averaged over the plausible values. With a design, the
/// standard error combines each plausible value's sampling variance (replicate weights, JK2 or
/// Taylor, the domain summed over the whole design) by Rubin's rules (docs/methodology.md).
public struct MinimumProficiency: Indicator {
    public let definition = IndicatorDefinition(
        id: "mpl", name: "Minimum proficiency level (learning assessment)", uisIds: "MPL.<stage>.<subject>[.F|.M]",
        sdgIndicator: "4.1.1", sdgSeries: "SE_TOT_PRFL",
        formula:
            "mean over plausible values of 100 × weighted students at or above the cut score / weighted students assessed",
        unit: "percent", levels: [.primary, .lowerSecondary], methodology: "indicators.md §3.2", validRange: 0...100,
        regional: .notAggregated(.surveyWeights), parity: [.sex, .location, .wealth], better: .higher)
    public let minimumCases: Int

    public init(minimumCases: Int = 30) { self.minimumCases = minimumCases }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let cube = context.cube.assessment
        guard let bits = cube.sources[CountryYear(country: country, year: year)] else { return [] }
        let cells = cube.cells.filter { $0.key.country == country && $0.key.year == year }.sorted { $0.key < $1.key }
        let items = Array(Set(cells.map { "\($0.key.stage)|\($0.key.subject)" })).sorted()
        var out: [IndicatorValue] = []
        var suppressed: [String] = []
        for item in items {
            let parts = item.split(separator: "|").map(String.init)
            let (stage, subject) = (parts[0], parts[1])
            let frame = cube.frame(CountryYear(country: country, year: year), stage: stage)
            for group in SurveyRate.groups {
                // Per plausible value: the weights at or above the cut score (y) and assessed (x),
                // with their replicate and cluster sums, and the students assessed.
                var domain: [DomainSums] = []
                var assessed: [Int] = []
                for (key, cell) in cells
                where key.stage == stage && key.subject == subject && (group.sex == .total || key.sex == group.sex)
                    && (group.location == .total || key.location == group.location)
                    && (group.wealth == .total || key.wealth == group.wealth)
                {
                    Self.add(cell, unit: key.unit, to: &domain)
                    if assessed.count < cell.students.count {
                        assessed += Array(repeating: 0, count: cell.students.count - assessed.count)
                    }
                    for m in cell.students.indices { assessed[m] += cell.students[m] }
                }
                guard let students = assessed.max(), students > 0 else { continue }
                let uisId = "MPL.\(stage).\(subject.uppercased())\(group.sex.uisSuffix)"
                if students < minimumCases {
                    suppressed.append(
                        ([uisId, group.location.rawValue, group.wealth.rawValue].filter { $0 != "_T" }).joined(
                            separator: " ")
                            + " (\(students))")
                    continue
                }
                let values = domain.indices.filter { domain[$0].x > 0 }
                guard !values.isEmpty else { continue }
                let m = Double(values.count)
                let value = values.reduce(0.0) { $0 + Ratio.scaled(domain[$1].y, domain[$1].x, scale: 100) } / m
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, country: country, year: year,
                        level: stage.hasPrefix("L2") ? "2" : "1", sex: group.sex, location: group.location,
                        wealth: group.wealth, value: value,
                        numerator: values.reduce(0.0) { $0 + domain[$1].y } / m,
                        denominator: values.reduce(0.0) { $0 + domain[$1].x } / m, unit: definition.unit,
                        sources: context.sources(bits), sampleSize: students,
                        sampling: frame.estimate(values.map { frame.draw(domain[$0], factor: 100) })))
            }
        }
        if !suppressed.isEmpty {
            notes.append(
                EngineNote(
                    code: .surveySuppressed, uisId: definition.id, country: country, year: year,
                    message: "\(suppressed.count) cell(s) of mpl for \(country.rawValue) \(year) have fewer than "
                        + "\(minimumCases) students and are not published: "
                        + suppressed.prefix(12).joined(separator: ", ") + (suppressed.count > 12 ? ", …" : "") + ".",
                    sources: context.sources(bits)))
        }
        return out
    }

    /// Adds a cell's sums, plausible value by plausible value, to a domain's.
    static func add(_ cell: AssessmentCube.Cell, unit: DesignUnit?, to domain: inout [DomainSums]) {
        if domain.count < cell.scored.count {
            domain += Array(repeating: DomainSums(), count: cell.scored.count - domain.count)
        }
        for m in cell.scored.indices {
            if cell.replicates == 0 { domain[m].missingReplicates = true }  // read only by a replicate design
            let r = cell.replicateSums(m)
            domain[m].add(
                y: cell.proficient[m], x: cell.scored[m], replicateY: r.proficient, replicateX: r.scored, unit: unit)
        }
    }
}
