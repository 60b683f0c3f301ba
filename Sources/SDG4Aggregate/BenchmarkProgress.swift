import Foundation
import SDG4Model

/// A national SDG 4 benchmark (the UIS/GEM benchmark process): the value a country set for an
/// indicator and year, from the pipeline's `benchmarks:` file. `nil` value: no target, progress
/// by the growth thresholds alone.
public struct Benchmark: Sendable, Hashable {
    public var country: Country
    /// A UIS id as `indicators.csv` writes it (`CR.3`, `ROFST.1.CP`), compared ignoring case.
    public var uisId: String
    public var year: Int
    public var value: Double?

    public init(country: Country, uisId: String, year: Int, value: Double?) {
        (self.country, self.uisId, self.year, self.value) = (country, uisId, year, value)
    }
}

/// How far an indicator is on its way to a benchmark (`progress.csv`).
public enum ProgressStatus: String, Sendable, Hashable, CaseIterable {
    case targetAchieved = "target_achieved"
    case substantialProgress = "substantial_progress"
    case moderateProgress = "moderate_progress"
    case limitedProgress = "limited_progress"
    case deterioration
    case notAvailable = "not_available"
}

/// One benchmark's progress: `progress.csv`'s row.
public struct ProgressRow: Sendable, Hashable {
    public var country: Country
    public var uisId: String
    public var baseYear: Int?
    public var baseValue: Double?
    public var latestYear: Int?
    public var latestValue: Double?
    public var targetYear: Int
    public var target: Double?
    /// The progress ratio R (or, without a target, the observed growth), where there is one.
    public var progress: Double?
    public var status: ProgressStatus
    /// Whether the change from base to latest exceeds sampling error (both with a standard
    /// error); `nil` otherwise.
    public var significant: Bool?
}

/// Progress towards national benchmarks by the method of Statistics Canada as Open SDG
/// implements it (`sdg/ProgressMeasure.py` of open-sdg/sdg-build), with the changes
/// docs/methodology.md ("Progress towards benchmarks") gives: a target of 0 (or a base of 0)
/// by the linear form of the same ratio, parity indices as the distance from parity (at parity
/// within 0.97-1.03), the base and latest years at least two years apart, and a change smaller
/// than sampling error called not significant.
public enum BenchmarkProgress {
    /// Base year of the method: 2015, or the first later year with a value.
    public static let baseYear = 2015
    /// Years between base and latest below which there is no progress to measure.
    public static let minimumSpan = 2
    /// A parity index in this band is at parity.
    public static let parityBand = 0.97...1.03

    /// The progress of every benchmark whose indicator sdg4 computes, from the run's values;
    /// `better` tells which way an id should move (its indicator's declaration).
    public static func rows(
        _ benchmarks: [Benchmark], values: [IndicatorValue], definition: (String) -> IndicatorDefinition?
    ) -> [ProgressRow] {
        var series: [String: [IndicatorValue]] = [:]
        for v in values where v.location == .total && v.wealth == .total {
            series["\(v.uisId.uppercased())|\(v.country.rawValue)", default: []].append(v)
        }
        return benchmarks.sorted { ($0.country, $0.uisId, $0.year) < ($1.country, $1.uisId, $1.year) }.map { b in
            // One indicator per id and country (ROFST.1.CP from counts or from enrolment): the
            // one with more values, as the reports show it.
            let all = series["\(b.uisId.uppercased())|\(b.country.rawValue)"] ?? []
            let byIndicator = Dictionary(grouping: all, by: \.indicator)
            let chosen = byIndicator.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.value ?? []
            let d = definition(b.uisId)
            // A natural limit only for a share of a whole (0-100) that should rise.
            let limit: Double? = d?.validRange == 0...100 && d?.better == .higher ? 100 : nil
            return row(
                b, chosen.map { ($0.year, $0.value, $0.standardError) }, better: d?.better ?? .neither, limit: limit)
        }
    }

    /// One benchmark from its series (year, value, standard error); `limit`: the natural limit
    /// of an indicator that should rise (100 for a percentage), for the method without a target.
    static func row(
        _ b: Benchmark, _ points: [(year: Int, value: Double, se: Double?)], better: Better, limit: Double? = nil
    ) -> ProgressRow {
        var out = ProgressRow(
            country: b.country, uisId: b.uisId, targetYear: b.year, target: b.value, status: .notAvailable)
        let sorted = points.sorted { $0.year < $1.year }
        guard let latest = sorted.last, let base = sorted.first(where: { $0.year >= baseYear }) else { return out }
        (out.baseYear, out.baseValue, out.latestYear, out.latestValue) = (base.year, base.value, latest.year, latest.value)
        if let s0 = base.se, let s1 = latest.se, latest.year != base.year {
            out.significant = abs(latest.value - base.value) > 1.959964 * (s0 * s0 + s1 * s1).squareRoot()
        }
        if let target = b.value, achieved(latest.value, target: target, better: better) {
            out.status = .targetAchieved
            return out
        }
        guard latest.year - base.year >= minimumSpan, better != .neither else { return out }
        let (r, thresholds) = ratio(
            base: (base.year, base.value), latest: (latest.year, latest.value), target: b.value.map { (b.year, $0) },
            better: better, limit: limit)
        out.progress = r
        if let r { out.status = status(r, thresholds) }
        return out
    }

    /// Whether the latest value has reached the target (checked before anything else).
    static func achieved(_ latest: Double, target: Double, better: Better) -> Bool {
        switch better {
        case .higher: latest >= target
        case .lower: latest <= target
        case .parity: parityBand.contains(latest) || abs(latest - 1) <= abs(target - 1)
        case .neither: false
        }
    }

    /// The progress value and the thresholds of its status (high, medium, low).
    static func ratio(
        base: (year: Int, value: Double), latest: (year: Int, value: Double), target: (year: Int, value: Double)?,
        better: Better, limit: Double? = nil
    ) -> (Double?, (Double, Double, Double)) {
        var (v0, v1, goal, d) = (base.value, latest.value, target?.value, better == .lower ? -1.0 : 1.0)
        if better == .parity {
            // The distance from parity, which should fall to the target's, or to the edge of
            // the parity band (0.03) for a target of parity.
            let band = parityBand.upperBound - 1
            (v0, v1, goal, d) = (abs(v0 - 1), abs(v1 - 1), goal.map { max(abs($0 - 1), band) }, -1)
        }
        let t = Double(latest.year - base.year)
        guard let goal, let targetYear = target?.year else {
            // No target: the observed growth against the thresholds 1.5 %, 0.5 % and 0 a year,
            // reduced near the natural limit (C) of a percentage that should rise.
            guard v0 != 0 else { return (nil, (0, 0, 0)) }
            let c = limit.map { limitFactor(base: v0, limit: $0) } ?? 1
            let g = (v0 < 0 ? -1 : 1) * d * growth(v1, v0, years: t)
            return (g.isFinite ? g : nil, (0.015 * c, 0.005 * c, 0))
        }
        let required = Double(targetYear - base.year)
        guard required > 0 else { return (nil, (0.95, 0.6, 0)) }
        if goal == 0 || v0 == 0 {
            // Linear: the observed average change a year over the required one, in the
            // direction that is better.
            let needed = (goal - v0) / required
            guard needed != 0 else { return (nil, (0.95, 0.6, 0)) }
            return (d * ((v1 - v0) / t) / abs(needed), (0.95, 0.6, 0))
        }
        let s = v0 < 0 ? -1.0 : 1.0
        let gRequired = growth(goal, v0, years: required)
        guard gRequired != 0, gRequired.isFinite else { return (nil, (0.95, 0.6, 0)) }
        let r = s * d * growth(v1, v0, years: t) / abs(gRequired)
        return (r.isFinite ? r : nil, (0.95, 0.6, 0))
    }

    /// g(v₁, v₀) = (v₁/v₀)^(1/(t₁−t₀)) − 1, the compound annual growth.
    static func growth(_ v1: Double, _ v0: Double, years: Double) -> Double {
        pow(v1 / v0, 1 / years) - 1
    }

    /// The natural-limit factor C of the method without a target: 1 far from the limit, 0 at
    /// it (a = 4.44, as Open SDG has it).
    static func limitFactor(base: Double, limit: Double) -> Double {
        let (b, l) = (abs(base), abs(limit))
        if b >= 2 * l { return 1 }
        if b <= l { return 1 - pow(b / l, 4.44) }
        return 1 - pow((2 * l - b) / l, 4.44)
    }

    /// The status of a progress value given the thresholds (high, medium, low).
    static func status(_ r: Double, _ t: (high: Double, medium: Double, low: Double)) -> ProgressStatus {
        if r >= t.high { return .substantialProgress }
        if r >= t.medium { return .moderateProgress }
        if r >= t.low { return .limitedProgress }
        return .deterioration
    }
}

/// Which definition a concrete UIS id (`GER.1.F`, case ignored) belongs to, from the
/// definitions' patterns (`GER.<level>[.F|.M]`), compiled once: build one per run and ask it
/// for every benchmark.
public struct UISIdIndex {
    private let entries: [(head: String, regex: Regex<AnyRegexOutput>, definition: IndicatorDefinition)]

    public init(_ catalogue: IndicatorCatalogue = IndicatorCatalogue()) {
        entries = catalogue.definitions.flatMap { d in
            Self.patterns(d).map { (head: $0.head, regex: $0.regex, definition: d) }
        }
    }

    /// The definition whose pattern matches `id`, ignoring case; `nil` for an id sdg4 does not
    /// compute.
    public func definition(for id: String) -> IndicatorDefinition? {
        let wanted = id.uppercased()
        let head = Self.head(wanted)
        return entries.first { $0.head == head && wanted.wholeMatch(of: $0.regex) != nil }?.definition
    }

    /// An id's part before its first dot (`GER`): only patterns with the same are tried.
    private static func head(_ id: String) -> String { String(id.prefix { $0 != "." }) }

    /// The regular expressions of a definition's UIS ids, with their heads.
    static func patterns(_ d: IndicatorDefinition) -> [(head: String, regex: Regex<AnyRegexOutput>)] {
        let levels = d.levels.map { NSRegularExpression.escapedPattern(for: $0.rawValue.uppercased()) }
        // The placeholders become control characters, the rest is escaped, then each
        // placeholder its pattern.
        let parts: [(String, String)] = [
            ("<LEVEL>", "(" + (levels.isEmpty ? "[0-9T]+" : levels.joined(separator: "|")) + ")"),
            ("[.F|.M]", "(\\.F|\\.M)?"), ("<STAGE>", "[A-Z0-9.]+"), ("<SUBJECT>", "[A-Z0-9]+"),
        ]
        var out: [(head: String, regex: Regex<AnyRegexOutput>)] = []
        for alternative in d.uisIds.split(separator: ",") {
            var id = alternative.trimmingCharacters(in: .whitespaces)
            // `CR.<level> + .LPIA`: the base id with the suffix.
            if let plus = id.range(of: " + ") { id = String(id[..<plus.lowerBound]) + String(id[plus.upperBound...]) }
            guard !id.isEmpty else { continue }
            var text = id.uppercased()
            for (k, part) in parts.enumerated() {
                text = text.replacingOccurrences(of: part.0, with: String(UnicodeScalar(UInt8(k + 1))))
            }
            var p = NSRegularExpression.escapedPattern(for: text)
            for (k, part) in parts.enumerated() {
                p = p.replacingOccurrences(of: String(UnicodeScalar(UInt8(k + 1))), with: part.1)
            }
            if let r = try? Regex(p) { out.append((head(id.uppercased()), r)) }
        }
        return out
    }
}

extension IndicatorCatalogue {
    /// The definition a concrete UIS id belongs to (`UISIdIndex`, built for this one question:
    /// build an index to ask many).
    public func definition(forUISId id: String) -> IndicatorDefinition? {
        UISIdIndex(self).definition(for: id)
    }
}
