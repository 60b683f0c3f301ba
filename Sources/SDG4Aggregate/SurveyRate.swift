import SDG4Model

/// Indicators from household-survey microdata (indicators.md §3), each a weighted share of
/// the respondents of an age group, `100 × Σ w·1[condition] / Σ w` over those whose answer is
/// known, by sex, location and wealth quintile:
///
/// | id | UIS id | age group | condition | § |
/// |---|---|---|---|---|
/// | `cr` | `CR.<n>` | `L_n+3 … L_n+5` | years of schooling ≥ duration up to level n | §3.1 (4.1.2) |
/// | `rofst.survey` | `ROFST.H.<n>` | official age of level n | attends no level | §2.9 (4.1.4) |
/// | `prol.survey` | — | `a_1 − 1` | attends early childhood education or primary | §2.5 (4.2.2) |
/// | `lr` | `LR.Ag15t24`, `LR.Ag15t99` | 15-24, 15+ | literate | §3.4 (4.6.2) |
/// | `prya` | `PRYA.12MO.AG15T24`, `.AG25T54` | 15-24, 25-54 | education or training in the last 12 months | §3.3 (4.3.1) |
///
/// `L_n` is the intended age of the last grade of level n in the structure of the survey year.
/// Ages are adjusted as §1.3 says: when the weighted median interview month is 6 or more
/// months after the start of the school year, every age is reduced by 1 (flag `age-adjusted`)
/// for the school-age indicators (completion, out-of-school, 4.2.2); literacy and 4.3.1 use the
/// age at interview [PIPE]. The 15+ literacy group is ages 15-120.
/// A cell with fewer than `minimumCases` respondents (30, after GEM) is not published; the
/// suppressed cells are listed in the problem report (`survey.suppressed`). Each value carries
/// its sample size (respondents in the denominator) and, where the source declares a design,
/// what its standard error is computed from, the domain summed over the whole design
/// (docs/methodology.md, "Sampling error").
public struct SurveyRate: Indicator {
    /// Which indicator.
    public enum Kind: Sendable {
        case completion, outOfSchool, earlyParticipation, literacy, participation
    }

    public let kind: Kind
    public let definition: IndicatorDefinition
    /// Fewest respondents behind a published cell.
    public let minimumCases: Int
    /// Month the school year starts (1-12), for the age adjustment.
    public let schoolYearStartMonth: Int

    public init(_ kind: Kind, minimumCases: Int = 30, schoolYearStartMonth: Int = 9) {
        self.kind = kind
        self.minimumCases = minimumCases
        self.schoolYearStartMonth = schoolYearStartMonth
        let levels: [Level] = [.primary, .lowerSecondary, .upperSecondary]
        switch kind {
        case .completion:
            definition = IndicatorDefinition(
                id: "cr", name: "Completion rate (household survey)", uisIds: "CR.<level>[.F|.M]",
                sdgIndicator: "4.1.2",
                sdgSeries: "SE_TOT_CPLR",
                formula:
                    "100 × weighted persons aged 3-5 years above the intended age of the last grade who completed the level / weighted persons of those ages",
                unit: "percent", levels: levels, methodology: "indicators.md §3.1", validRange: 0...100,
                regional: .notAggregated(.surveyWeights), parity: [.sex, .location, .wealth], better: .higher)
        case .outOfSchool:
            definition = IndicatorDefinition(
                id: "rofst.survey", name: "Out-of-school rate (household survey)", uisIds: "ROFST.H.<level>[.F|.M]",
                sdgIndicator: "4.1.4", sdgSeries: "",
                formula:
                    "100 × weighted persons of the level's official age attending no level / weighted persons of that age",
                unit: "percent", levels: levels, methodology: "indicators.md §2.9", validRange: 0...100,
                regional: .notAggregated(.surveyWeights), parity: [.sex, .location, .wealth], better: .lower)
        case .earlyParticipation:
            definition = IndicatorDefinition(
                id: "prol.survey", name: "Participation one year before primary entry age (household survey)",
                uisIds: "",
                // SE_PRE_PARTN is exported from the administrative `prol`; a survey value
                // of the same country and year would have the same SDMX key (docs/outputs.md).
                sdgIndicator: "4.2.2", sdgSeries: "",
                formula:
                    "100 × weighted children aged (primary entry age − 1) attending early childhood education or primary / weighted children of that age",
                unit: "percent", levels: [], methodology: "indicators.md §2.5", validRange: 0...100,
                regional: .notAggregated(.surveyWeights), parity: [.sex, .location, .wealth], better: .higher)
        case .literacy:
            definition = IndicatorDefinition(
                id: "lr", name: "Literacy rate (household survey)", uisIds: "LR.Ag15t24[.F|.M], LR.Ag15t99[.F|.M]",
                sdgIndicator: "4.6.2", sdgSeries: "",
                formula: "100 × weighted literate persons / weighted persons of known literacy, aged 15-24 and 15+",
                unit: "percent", levels: [], methodology: "indicators.md §3.4", validRange: 0...100,
                regional: .notAggregated(.surveyWeights), parity: [.sex, .location, .wealth], better: .higher)
        case .participation:
            definition = IndicatorDefinition(
                id: "prya", name: "Participation of youth and adults in education and training, last 12 months",
                uisIds: "PRYA.12MO.AG15T24[.F|.M], PRYA.12MO.AG25T54[.F|.M]", sdgIndicator: "4.3.1",
                sdgSeries: "SE_ADT_EDUCTRN",
                formula:
                    "100 × weighted persons in formal or non-formal education or training in the last 12 months / weighted persons, aged 15-24 and 25-54",
                unit: "percent", levels: [], methodology: "indicators.md §3.3", validRange: 0...100,
                regional: .notAggregated(.surveyWeights), parity: [.sex, .location, .wealth], better: .higher)
        }
    }

    /// The disaggregations computed: every sex by location, and every sex by wealth quintile.
    static let groups: [(sex: Sex, location: Location, wealth: Wealth)] =
        Sex.allCases.flatMap { s in [Location.total, .urban, .rural].map { (s, $0, Wealth.total) } }
        + Sex.allCases.flatMap { s in Wealth.quintiles.map { (s, Location.total, $0) } }

    /// One thing computed: its UIS id stem, level, ages and which tallies it divides.
    struct Item {
        var uisId: String
        var level: String
        var ages: ClosedRange<Int>
        var numerator: (SurveyCube.Cell) -> SurveyCube.Tally
        var denominator: (SurveyCube.Cell) -> SurveyCube.Tally
    }

    func items(_ structure: EducationStructure?) -> [Item] {
        switch kind {
        case .completion:
            guard let s = structure, let primaryAges = s.ageGroup(.primary) else { return [] }
            let a1 = primaryAges.lowerBound
            let durations = [
                s.primaryDuration, s.primaryDuration + s.lowerSecondaryDuration,
                s.primaryDuration + s.lowerSecondaryDuration + s.upperSecondaryDuration,
            ]
            return zip([Level.primary, .lowerSecondary, .upperSecondary], durations).map { level, total in
                let lastAge = a1 + total - 1
                return Item(
                    uisId: "CR.\(level.rawValue)", level: level.rawValue, ages: (lastAge + 3)...(lastAge + 5),
                    numerator: { cell in
                        // In years order: a sum never depends on the dictionary's order.
                        cell.schooling.keys.sorted().filter { $0 >= total }.reduce(SurveyCube.Tally()) {
                            $0 + cell.schooling[$1]!
                        }
                    }, denominator: { $0.schoolingKnown })
            }
        case .outOfSchool:
            guard let s = structure else { return [] }
            return [Level.primary, .lowerSecondary, .upperSecondary].compactMap { level in
                s.ageGroup(level).map { ages in
                    Item(
                        uisId: "ROFST.H.\(level.rawValue)", level: level.rawValue, ages: ages,
                        numerator: { $0.notAttending },
                        denominator: { $0.attendanceKnown })
                }
            }
        case .earlyParticipation:
            guard let entry = structure?.primaryEntryAge else { return [] }
            return [
                Item(
                    uisId: "", level: "", ages: (entry - 1)...(entry - 1), numerator: { $0.attendingEarlyOrPrimary },
                    denominator: { $0.attendanceKnown })
            ]
        case .literacy:
            return [
                Item(
                    uisId: "LR.Ag15t24", level: "", ages: 15...24, numerator: { $0.literate },
                    denominator: { $0.literacyKnown }),
                Item(
                    uisId: "LR.Ag15t99", level: "", ages: 15...120, numerator: { $0.literate },
                    denominator: { $0.literacyKnown }),
            ]
        case .participation:
            return [
                Item(
                    uisId: "PRYA.12MO.AG15T24", level: "", ages: 15...24, numerator: { $0.participating },
                    denominator: { $0.participationKnown }),
                Item(
                    uisId: "PRYA.12MO.AG25T54", level: "", ages: 25...54, numerator: { $0.participating },
                    denominator: { $0.participationKnown }),
            ]
        }
    }

    /// Whether ages of this survey are reduced by one (§1.3): the weighted median interview month
    /// is 6 or more months after the start of the school year.
    func ageShift(_ months: [Int: Double]?) -> Int {
        guard let months, !months.isEmpty else { return 0 }
        let offsets = months.map { (offset: ($0.key - schoolYearStartMonth + 12) % 12, weight: $0.value) }
            .sorted { $0.offset < $1.offset }
        let half = offsets.reduce(0) { $0 + $1.weight } / 2
        var running = 0.0
        for o in offsets {
            running += o.weight
            if running >= half { return o.offset >= 6 ? 1 : 0 }
        }
        return 0
    }

    public func compute(
        _ context: IndicatorContext, _ country: Country, _ year: Int, notes: inout [EngineNote]
    ) -> [IndicatorValue] {
        let cy = CountryYear(country: country, year: year)
        let survey = context.cube.survey
        guard let bits = survey.sources[cy] else { return [] }
        let cells = survey.cells.filter { $0.key.country == country && $0.key.year == year }.sorted { $0.key < $1.key }
        // The §1.3 adjustment concerns school ages (completion, attendance); literacy and
        // adult participation use age at interview [PIPE].
        let schoolAge = kind == .completion || kind == .outOfSchool || kind == .earlyParticipation
        let shift = schoolAge ? ageShift(survey.interviewMonths[cy]) : 0
        let frame = survey.frame(cy)
        var out: [IndicatorValue] = []
        var suppressed: [String] = []
        for item in items(context.structures.structure(country, year)) {
            for group in Self.groups {
                // The weights (and replicate and cluster sums) of numerator and denominator, and
                // the respondents in the denominator.
                var sums = DomainSums()
                var cases = 0
                for (key, cell) in cells
                where item.ages.contains(key.age - shift) && (group.sex == .total || key.sex == group.sex)
                    && (group.location == .total || key.location == group.location)
                    && (group.wealth == .total || key.wealth == group.wealth)
                {
                    let (n, d) = (item.numerator(cell), item.denominator(cell))
                    cases += d.cases
                    sums.add(y: n.weight, x: d.weight, replicateY: n.replicates, replicateX: d.replicates, unit: key.unit)
                }
                guard cases > 0, sums.x > 0 else { continue }
                let uisId = item.uisId.isEmpty ? "" : item.uisId + group.sex.uisSuffix
                if cases < minimumCases {
                    let label = uisId.isEmpty ? [definition.id, group.sex.rawValue] : [uisId]
                    suppressed.append(
                        (label + [group.location.rawValue, group.wealth.rawValue]).filter { $0 != "_T" }.joined(
                            separator: " ")
                            + " (\(cases))")
                    continue
                }
                out.append(
                    IndicatorValue(
                        indicator: definition.id, uisId: uisId, country: country, year: year, level: item.level,
                        sex: group.sex, location: group.location, wealth: group.wealth,
                        ageGroup: EducationStructure.label(item.ages), value: Ratio.scaled(sums.y, sums.x, scale: 100),
                        numerator: sums.y, denominator: sums.x, unit: definition.unit,
                        flags: shift > 0 ? ["age-adjusted"] : [], sources: context.sources(bits),
                        sampleSize: cases, sampling: frame.estimate([frame.draw(sums, factor: 100)])))
            }
        }
        if !suppressed.isEmpty {
            notes.append(
                EngineNote(
                    code: .surveySuppressed, uisId: definition.id, country: country, year: year,
                    message:
                        "\(suppressed.count) cell(s) of \(definition.id) for \(country.rawValue) \(year) have fewer than "
                        + "\(minimumCases) respondents and are not published: "
                        + suppressed.prefix(12).joined(separator: ", ") + (suppressed.count > 12 ? ", …" : "") + ".",
                    sources: context.sources(bits)))
        }
        return out
    }
}
