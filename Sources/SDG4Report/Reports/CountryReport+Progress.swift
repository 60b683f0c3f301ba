import SDG4Aggregate
import SDG4Model

/// Progress towards the national benchmarks in the reports (issue 18): each benchmark's status
/// in words, a colour and a symbol (readable in print and without colour), and whether the
/// change is beyond sampling error.
extension Language {
    /// The status in words.
    func status(_ s: ProgressStatus) -> String {
        switch s {
        case .targetAchieved: t(Label(en: "target achieved", ru: "цель достигнута"))
        case .substantialProgress: t(Label(en: "substantial progress", ru: "значительный прогресс"))
        case .moderateProgress: t(Label(en: "moderate progress", ru: "умеренный прогресс"))
        case .limitedProgress: t(Label(en: "limited progress", ru: "ограниченный прогресс"))
        case .deterioration: t(Label(en: "deterioration", ru: "ухудшение"))
        case .notAvailable: t(Label(en: "not available", ru: "нет данных"))
        }
    }
}

extension ProgressStatus {
    /// A symbol per status, so that a page printed in grey still tells them apart.
    var symbol: String {
        switch self {
        case .targetAchieved: "✔"
        case .substantialProgress: "▲"
        case .moderateProgress: "△"
        case .limitedProgress: "▽"
        case .deterioration: "▼"
        case .notAvailable: "–"
        }
    }
}

extension CountryReport {
    /// One row per benchmark of the country: indicator, target, base and latest values, status.
    func progressTable() -> [[String: Any]] {
        data.progress.filter { $0.country == country }.map { r in
            let d = decimals(r.uisId)
            func point(_ year: Int?, _ value: Double?) -> String {
                guard let year, let value else { return "–" }
                return "\(language.number(value, decimals: d)) (\(year))"
            }
            let significance = r.significant.map { language.t($0 ? .significant : .notSignificant) } ?? ""
            return [
                "indicator": name(r.uisId), "uisId": r.uisId, "targetYear": String(r.targetYear),
                "target": r.target.map { language.number($0, decimals: d) } ?? "–",
                "base": point(r.baseYear, r.baseValue), "latest": point(r.latestYear, r.latestValue),
                "status": language.status(r.status), "symbol": r.status.symbol, "css": r.status.rawValue,
                "significance": significance, "hasSignificance": !significance.isEmpty,
            ]
        }
    }
}
