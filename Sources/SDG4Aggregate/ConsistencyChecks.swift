import SDG4Model

/// A result that breaks one of the consistency rules of indicators.md §8.
public struct ConsistencyFinding: Sendable, Hashable {
    /// `consistency.ner-above-ger`, `plausibility.jump`, ...: hard rules (impossible results)
    /// are errors, with `--strict` the run exits 1; soft rules (unlikely results) are warnings.
    public var code: ProblemCode
    /// A hard rule: the result is impossible (an error).
    public var hard: Bool { code.severity == .error }
    public var country: Country
    public var year: Int
    public var message: String
}

/// The hard and soft checks of indicators.md §8, run on every computed value.
///
/// Hard (errors): NER ≤ ANER ≤ TNER ≤ 100 after capping (`consistency.ner-above-aner`,
/// `consistency.aner-above-tner`, `consistency.tner-above-100`); NER ≤ GER
/// (`consistency.ner-above-ger`); repeaters ≤ enrolment (`consistency.repeaters-above-enrolment`);
/// trained and qualified teachers ≤ teachers (`consistency.trained-above-total`,
/// `consistency.qualified-above-total`); schools with a service ≤ schools
/// (`consistency.facility-above-schools`); rates within [0, 100] (`consistency.rate-out-of-range`);
/// adjusted parity within [0, 2] (`consistency.parity-out-of-range`).
///
/// Soft (warnings): GER above 150 (`plausibility.ger-above-150`); a change from one year to the
/// next above 10 points for rates or 20 % for ratios, parity indices excepted
/// (`plausibility.jump`); a GPIA outside
/// [0.5, 1.5] (`plausibility.gpia-out-of-band`); a change of education structure between two
/// years with values (`plausibility.structure-break`: the series is not comparable across it).
public enum ConsistencyChecks {
    /// Every finding on `values` (sorted as in `indicators.csv`), in a fixed order. Each
    /// indicator's valid range is its own (`IndicatorDefinition.validRange`).
    public static func run(
        _ values: [IndicatorValue], structures: EducationStructures,
        catalogue: IndicatorCatalogue = IndicatorCatalogue()
    ) -> [ConsistencyFinding] {
        let ranges = Dictionary(
            uniqueKeysWithValues: catalogue.definitions.compactMap { d in
                d.validRange.map { (d.id, $0) }
            })
        var out = valueFindings(values, ranges: ranges)
        out += jumps(values)
        out += structureBreaks(values, structures)
        return out
    }

    private static func finding(_ code: ProblemCode, _ v: IndicatorValue, _ message: String)
        -> ConsistencyFinding
    {
        ConsistencyFinding(code: code, country: v.country, year: v.year, message: message)
    }

    private static func label(_ v: IndicatorValue) -> String {
        "\(v.uisId.isEmpty ? v.indicator + " " + v.level : v.uisId) \(v.country.rawValue) \(v.year)"
    }

    private static func number(_ x: Double) -> String { plain((x * 1000).rounded() / 1000) }

    /// The checks of one value against the others of its cell, and against its valid range.
    private static func valueFindings(_ values: [IndicatorValue], ranges: [String: ClosedRange<Double>])
        -> [ConsistencyFinding]
    {
        var out: [ConsistencyFinding] = []
        func add(_ code: ProblemCode, _ v: IndicatorValue, _ message: String) {
            out.append(finding(code, v, message))
        }
        // Values side by side: same country, year, level, sex, location, wealth.
        struct Cell: Hashable {
            var country: Country
            var year: Int
            var level: String
            var sex: Sex
            var location: Location
            var wealth: Wealth
        }
        var byCell: [Cell: [String: IndicatorValue]] = [:]
        for v in values {
            byCell[
                Cell(
                    country: v.country, year: v.year, level: v.level, sex: v.sex, location: v.location, wealth: v.wealth
                ), default: [:]][v.indicator] = v
        }
        let tolerance = 1e-9
        for v in values {
            let cell = Cell(
                country: v.country, year: v.year, level: v.level, sex: v.sex, location: v.location, wealth: v.wealth)
            let here = byCell[cell]!
            switch v.indicator {
            case "ner":
                if let a = here["nera"], v.value > a.value + tolerance {
                    add(
                        .consistencyNerAboveAner, v,
                        "\(label(v)): NER \(number(v.value)) is above ANER \(number(a.value)).")
                }
                if let g = here["ger"], v.value > g.value + tolerance {
                    add(
                        .consistencyNerAboveGer, v,
                        "\(label(v)): NER \(number(v.value)) is above GER \(number(g.value)).")
                }
            case "nera":
                if let t = here["nert"], v.value > t.value + tolerance {
                    add(
                        .consistencyAnerAboveTner, v,
                        "\(label(v)): ANER \(number(v.value)) is above TNER \(number(t.value)).")
                }
            case "nert":
                if v.value > 100 + tolerance {
                    add(
                        .consistencyTnerAbove100, v,
                        "\(label(v)): TNER \(number(v.value)) is above 100 after capping.")
                }
            case "gir.last" where v.numerator < 0:
                add(
                    .consistencyRepeatersAboveEnrolment, v,
                    "\(label(v)): more repeaters than pupils in the last grade.")
            case "trtp" where v.value > 100 + tolerance:
                add(
                    .consistencyTrainedAboveTotal, v,
                    "\(label(v)): \(number(v.numerator)) trained teachers of \(number(v.denominator)).")
            case "qutp" where v.value > 100 + tolerance:
                add(
                    .consistencyQualifiedAboveTotal, v,
                    "\(label(v)): \(number(v.numerator)) qualified teachers of \(number(v.denominator)).")
            case let id where id.hasPrefix("schools.") && v.value > 100 + tolerance:
                add(
                    .consistencyFacilityAboveSchools, v,
                    "\(label(v)): \(number(v.numerator)) schools with the service of \(number(v.denominator)).")
            case "ger" where v.value > 150:
                add(.plausibilityGerAbove150, v, "\(label(v)): GER \(number(v.value)) is above 150.")
            default:
                break
            }
            // Outside its valid range (trained and qualified teachers above all teachers are
            // said above, in their own words).
            let parity = v.indicator.hasSuffix("pia")
            if let range = ranges[v.indicator], !["trtp", "qutp"].contains(v.indicator),
                v.value < range.lowerBound - (parity ? 0 : tolerance)
                    || v.value > range.upperBound + (parity ? 0 : tolerance)
            {
                add(
                    parity ? .consistencyParityOutOfRange : .consistencyRateOutOfRange, v,
                    "\(label(v)): \(number(v.value)) is outside \(number(range.lowerBound))-\(number(range.upperBound))."
                )
            }
            if parity {
                if let range = ranges[v.indicator], !range.contains(v.value) {
                    // Said above.
                } else if v.indicator.hasSuffix(".gpia"), v.value < 0.5 || v.value > 1.5 {
                    add(
                        .plausibilityGpiaOutOfBand, v, "\(label(v)): \(number(v.value)) is outside 0.5-1.5."
                    )
                }
            }
        }

        return out
    }

    /// Year-on-year changes within a series (parity indices excluded [PIPE]: their changes
    /// only echo those of the rates they compare).
    private static func jumps(_ values: [IndicatorValue]) -> [ConsistencyFinding] {
        var out: [ConsistencyFinding] = []
        func add(_ code: ProblemCode, _ v: IndicatorValue, _ message: String) {
            out.append(finding(code, v, message))
        }
        var previous: [String: IndicatorValue] = [:]
        for v in values where !v.indicator.hasSuffix("pia") {
            let series =
                "\(v.indicator)|\(v.country.rawValue)|\(v.level)|\(v.sex.rawValue)|\(v.location)|\(v.wealth)|\(v.uisId)"
            defer { previous[series] = v }
            guard let p = previous[series], p.year == v.year - 1 else { continue }
            if v.unit == "percent" {
                if abs(v.value - p.value) > 10 {
                    add(
                        .plausibilityJump, v,
                        "\(label(v)): \(number(p.value)) → \(number(v.value)), a change of more than 10 points in a year."
                    )
                }
            } else if p.value != 0, abs(v.value - p.value) / abs(p.value) > 0.2 {
                add(
                    .plausibilityJump, v,
                    "\(label(v)): \(number(p.value)) → \(number(v.value)), a change of more than 20 % in a year.")
            }
        }

        return out
    }

    /// Structure changes inside the years that have values.
    private static func structureBreaks(_ values: [IndicatorValue], _ structures: EducationStructures)
        -> [ConsistencyFinding]
    {
        var out: [ConsistencyFinding] = []
        var yearsByCountry: [Country: Set<Int>] = [:]
        for v in values { yearsByCountry[v.country, default: []].insert(v.year) }
        for country in yearsByCountry.keys.sorted() {
            for year in yearsByCountry[country]!.sorted() where yearsByCountry[country]!.contains(year - 1) {
                guard let now = structures.structure(country, year),
                    let before = structures.structure(country, year - 1),
                    now != before
                else { continue }
                out.append(
                    ConsistencyFinding(
                        code: .plausibilityStructureBreak, country: country, year: year,
                        message:
                            "\(country.rawValue) \(year): the education structure changes (\(before.label) → \(now.label)); age-based series are not comparable across \(year - 1)-\(year)."
                    ))
            }
        }
        return out
    }
}
