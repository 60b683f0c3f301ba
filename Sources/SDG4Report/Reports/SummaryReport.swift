import SDG4Aggregate
import SDG4Model

/// The content of `summary.html`: country × headline indicator for the latest year, with the
/// Central Asia aggregate, then a time series per indicator; survey values with their 95 %
/// interval.
struct SummaryReport {
    let data: ReportData
    let language: Language
    let otherLanguages: [(Language, String)]

    func context() -> [String: Any] {
        let l = language
        var labels: [String: String] = [:]
        for (key, label) in CountryReport.labelTable { labels[key] = l.t(label) }
        labels["scorecard"] = l.t(.scorecard)
        labels["scorecardNote"] = l.t(.scorecardNote)
        let countries = data.countries + [CountryReport.region]
        let present = Set(data.values.map(\.uisId))
        let indicators = HeadlineIndicator.all.filter { present.contains($0.uisId) }
        let rows: [[String: Any]] = countries.map { c in
            [
                "country": l.name(of: c), "iso3": c.rawValue, "isRegion": c == CountryReport.region,
                "cells": indicators.map { h -> [String: Any] in
                    guard let v = data.latest(h.uisId, c) else {
                        return ["text": "–", "year": "", "flags": "", "hasYear": false, "hasFlags": false]
                    }
                    return [
                        "text": l.withInterval(v, decimals: h.decimals), "year": String(v.year),
                        "flags": l.flags(v.flags), "hasYear": true, "hasFlags": !v.flags.isEmpty,
                    ]
                },
            ]
        }
        let series: [[String: Any]] = indicators.map { h in
            let years = Set(countries.flatMap { data.series(h.uisId, $0).map(\.year) }).sorted()
            return [
                "name": h.name(l), "uisId": h.uisId, "years": years.map(String.init),
                "rows": countries.map { c -> [String: Any] in
                    [
                        "country": l.name(of: c),
                        "cells": years.map { y in
                            data.value(h.uisId, c, y).map { l.withInterval($0, decimals: h.decimals) } ?? "–"
                        },
                    ]
                },
            ]
        }
        return [
            "lang": l.rawValue, "label": labels, "title": "\(l.t(.summaryTitle)): \(data.pipelineName)",
            "pipeline": data.pipelineName,
            "otherLanguages": otherLanguages.map { ["name": $0.0.t(.language), "href": $0.1] },
            "indicators": indicators.map { ["name": $0.name(l), "uisId": $0.uisId] },
            "rows": rows, "series": series,
            "countryLinks": data.countries.map {
                ["name": l.name(of: $0), "href": "countries/\($0.rawValue).\(l.rawValue).html"]
            },
            "scorecard": scorecard(), "hasScorecard": !data.progress.isEmpty,
            "scorecardIds": scorecardIds.map { ["uisId": $0, "name": CountryReport.name($0, l)] },
            "benchmarksNote": data.benchmarksNote(language),
        ]
    }

    /// The benchmark indicators, in the order of progress.csv (by country, then id).
    var scorecardIds: [String] {
        var seen: Set<String> = []
        return data.progress.map(\.uisId).filter { seen.insert($0.uppercased()).inserted }
    }

    /// Countries × benchmark indicators: the status towards each indicator's latest benchmark
    /// year, a colour (`css`) and a symbol.
    func scorecard() -> [[String: Any]] {
        let ids = scorecardIds
        let countries = Array(Set(data.progress.map(\.country))).sorted()
        return countries.map { c in
            [
                "country": language.name(of: c),
                "cells": ids.map { id -> [String: Any] in
                    let rows = data.progress.filter { $0.country == c && $0.uisId.uppercased() == id.uppercased() }
                    guard let r = rows.max(by: { $0.targetYear < $1.targetYear }) else {
                        return ["symbol": "", "status": "", "css": "none", "year": ""]
                    }
                    return [
                        "symbol": r.status.symbol, "status": language.status(r.status), "css": r.status.rawValue,
                        "year": String(r.targetYear),
                    ]
                },
            ]
        }
    }
}
