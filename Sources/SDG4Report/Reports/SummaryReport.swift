import SDG4Aggregate
import SDG4Model

/// The content of `summary.html`: country × headline indicator for the latest year, with the
/// Central Asia aggregate, then a time series per indicator; survey values with their 95 %
/// interval.
struct SummaryReport {
    let data: ReportData
    let language: Language
    let otherLanguages: [(Language, String)]

    /// The template's context. The headline table has a row per indicator and a column per
    /// country (and Central Asia), so that it fits a page whatever the number of indicators.
    func context() -> [String: Any] {
        let l = language
        var labels: [String: String] = [:]
        for (key, label) in CountryReport.labelTable { labels[key] = l.t(label) }
        labels["scorecard"] = l.t(.scorecard)
        labels["scorecardNote"] = l.t(.scorecardNote)
        labels["summaryNote"] = l.t(.summaryNote)
        let countries = data.countries + [CountryReport.region]
        let present = Set(data.values.map(\.uisId))
        let indicators = HeadlineIndicator.all.filter { present.contains($0.uisId) }
        let latest: [[String: Any]] = indicators.map { h in
            [
                "name": h.name(l), "uisId": h.uisId,
                "cells": countries.map { c -> [String: Any] in
                    guard let v = data.latest(h.uisId, c) else { return ["text": "–", "year": "", "hasYear": false] }
                    return ["text": l.shown(v, decimals: h.decimals), "year": String(v.year), "hasYear": true]
                },
            ]
        }
        let years = data.values.map(\.year)
        let legend = flags()
        return [
            "lang": l.rawValue, "label": labels, "title": l.t(.summaryTitle),
            "pipeline": data.pipelineName,
            "scope": l.t(.summaryScope).replacingOccurrences(of: "%1", with: String(data.countries.count))
                .replacingOccurrences(of: "%2", with: years.isEmpty ? "–" : "\(years.min()!)–\(years.max()!)"),
            "otherLanguages": otherLanguages.map { ["name": $0.0.t(.language), "href": $0.1, "code": $0.0.rawValue] },
            "countries": countries.map { ["name": l.name(of: $0), "iso3": $0.rawValue, "isRegion": $0.isRegion] },
            "latest": latest, "series": series(indicators, countries),
            "flags": legend, "hasFlags": !legend.isEmpty,
            "countryLinks": data.countries.map {
                ["name": l.name(of: $0), "href": "countries/\($0.rawValue).\(l.rawValue).html"]
            },
            "scorecard": scorecard(), "hasScorecard": !data.progress.isEmpty,
            "scorecardIds": scorecardIds.map { ["uisId": $0, "name": CountryReport.name($0, l)] },
            "benchmarksNote": data.benchmarksNote(language),
        ]
    }

    /// A table per indicator: country × year, each value with its interval and flags, `‖` after
    /// a value not comparable with the year before (`SeriesBreaks`).
    func series(_ indicators: [HeadlineIndicator], _ countries: [Country]) -> [[String: Any]] {
        indicators.enumerated().map { (i, h) in
            let years = Set(countries.flatMap { data.series(h.uisId, $0).map(\.year) }).sorted()
            return [
                "name": h.name(language), "uisId": h.uisId, "years": years.map(String.init), "first": i == 0,
                "rows": countries.map { c -> [String: Any] in
                    let breaks = data.breaks.years(h.uisId, c)
                    return [
                        "country": language.name(of: c),
                        "cells": years.map { y in
                            guard let v = data.value(h.uisId, c, y) else { return "–" }
                            return language.shown(v, decimals: h.decimals) + (breaks.contains(y) ? " ‖" : "")
                        },
                    ]
                },
            ]
        }
    }

    /// The flag words of the values shown (the headline indicators' series), with what they
    /// mean: the summary's legend.
    func flags() -> [[String: String]] {
        let words = Set(
            (data.countries + [CountryReport.region]).flatMap { c in
                HeadlineIndicator.all.flatMap { data.totals($0.uisId, c).flatMap(\.flags) }
            })
        return words.sorted().map { ["flag": language.flag($0), "meaning": language.flagMeaning($0)] }
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
