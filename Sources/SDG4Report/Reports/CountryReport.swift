import Foundation
import SDG4Aggregate
import SDG4Model

/// The content of one country's report in one language, as the values a template shows
/// (strings, already formatted for the language; lists of rows). Templates escape what they
/// print; the charts are SVG built here with their text escaped.
struct CountryReport {
    let data: ReportData
    let country: Country
    let language: Language
    /// Other languages' file names, for the link at the top.
    let otherLanguages: [(Language, String)]

    static let firstYear = 2015
    static let region = Country.centralAsiaRegion
    static let extraNames: [String: (String, String)] = [
        "CR.2": ("Completion rate, lower secondary", "Коэффициент завершения основного среднего образования"),
        "NERA.AgM1.CP": (
            "Participation one year before primary (%)", "Охват за год до поступления в начальную школу (%)"
        ),
        "NERT.1.CP": ("Total net enrolment rate, primary", "Общий чистый коэффициент охвата начальным образованием"),
        "LR.Ag15t24": ("Youth literacy rate (15–24)", "Грамотность молодёжи (15–24 лет)"),
        "MPL.L1.GLAST.READING": (
            "Minimum proficiency in reading, end of primary", "Минимальный уровень владения чтением в конце начального образования"
        ),
        "MPL.L1.GLAST.MATH": (
            "Minimum proficiency in mathematics, end of primary",
            "Минимальный уровень владения математикой в конце начального образования"
        ),
        "MPL.L2.GLAST.READING": (
            "Minimum proficiency in reading, end of lower secondary",
            "Минимальный уровень владения чтением в конце основного среднего образования"
        ),
        "MPL.L2.GLAST.MATH": (
            "Minimum proficiency in mathematics, end of lower secondary",
            "Минимальный уровень владения математикой в конце основного среднего образования"
        ),
    ]

    func name(_ uisId: String) -> String { Self.name(uisId, language) }

    /// An indicator's name in a language: the headline's, else sdg4's other names, else its id.
    static func name(_ uisId: String, _ language: Language) -> String {
        if let h = HeadlineIndicator.named(uisId) { return h.name(language) }
        if let n = extraNames[uisId] { return language == .en ? n.0 : n.1 }
        return uisId
    }

    func decimals(_ uisId: String) -> Int { HeadlineIndicator.named(uisId)?.decimals ?? 1 }

    func number(_ v: Double, _ uisId: String) -> String { language.number(v, decimals: decimals(uisId)) }

    /// The template's context.
    func context() -> [String: Any] {
        let l = language
        var labels: [String: String] = [:]
        for (key, label) in Self.labelTable { labels[key] = l.t(label) }
        let countryName = l.name(of: country)
        let survey = surveyTables()
        let published = publishedTable()
        let progress = progressTable()
        let flags = flagged()
        let gaps = missing()
        let warns = warnings()
        return [
            "lang": l.rawValue,
            "label": labels,
            "title": "\(l.t(.countryReport)): \(countryName)",
            "country": countryName,
            "iso3": country.rawValue,
            "pipeline": data.pipelineName,
            "otherLanguages": otherLanguages.map { ["name": $0.0.t(.language), "href": $0.1, "code": $0.0.rawValue] },
            "englishMessages": l != .en,
            "headline": headline(),
            "trendCharts": trendCharts(),
            "sexCharts": sexCharts(),
            "neighbourCharts": neighbourCharts(),
            "sexTable": sexTable(),
            "surveyTables": survey,
            "hasSurveyTables": !survey.isEmpty,
            "published": published,
            "hasPublished": !published.isEmpty,
            "progress": progress,
            "hasProgress": !progress.isEmpty,
            "benchmarksNote": data.benchmarksNote(language),
            "sources": sources(),
            "flagged": flags,
            "hasFlagged": !flags.isEmpty,
            "missing": gaps,
            "hasMissing": !gaps.isEmpty,
            "warnings": warns,
            "hasWarnings": !warns.isEmpty,
            "changes": changes(),
            "methodology": methodology(),
        ]
    }

    static let labelTable: [(String, Label)] = [
        ("headline", .headline), ("indicator", .indicator), ("latest", .latest), ("year", .year), ("trend", .trend),
        ("region", .region), ("flags", .flags), ("trends", .trends), ("bySex", .bySex), ("neighbours", .neighbours),
        ("disaggregation", .disaggregation), ("dataQuality", .dataQuality), ("sources", .sources), ("file", .file),
        ("rows", .rows), ("rejected", .rejected), ("flagged", .flagged), ("missingYears", .missingYears),
        ("noMissing", .noMissing), ("changes", .changes), ("methodology", .methodology), ("noData", .noData),
        ("value", .value), ("before", .before), ("now", .now), ("country", .country), ("generated", .generated),
        ("gpia", .gpia), ("inputsChanged", .inputsChanged), ("valuesChanged", .valuesChanged),
        ("female", Label(en: "Female", ru: "Женщины")), ("male", Label(en: "Male", ru: "Мужчины")),
        ("publishedValues", .publishedValues), ("publishedNote", .publishedNote), ("published", .published),
        ("difference", .difference), ("footnotes", .footnotes), ("progressTitle", .progressTitle),
        ("progressNote", .progressNote), ("target", .target), ("targetYear", .targetYear), ("baseValue", .baseValue),
        ("status", .status),
        ("total", Label(en: "Total", ru: "Всего")), ("timeSeries", .timeSeries), ("summaryTitle", .summaryTitle),
        ("gpiaShort", Label(en: "GPIA", ru: "ИГП")), ("warnings", .warnings),
        ("source", Label(en: "Source", ru: "Источник")), ("allCountries", .allCountries),
        ("group", Label(en: "Group", ru: "Группа")), ("ci95", .ci95), ("sampleSize", .sampleSize),
        ("intervalNote", .intervalNote), ("pipelineLabel", .pipelineLabel), ("changeNote", .changeNote),
        ("bySexNote", .bySexNote), ("gpiaLong", .gpiaLong), ("gpiaNote", .gpiaNote), ("flagsNote", .flagsNote),
        ("warningsNote", .warningsNote), ("seriesBreakNote", .seriesBreakNote),
        ("change", Label(en: "Change", ru: "Изменение")), ("detail", Label(en: "Detail", ru: "Подробности")),
    ]

    // MARK: - Sections

    func headline() -> [[String: Any]] {
        HeadlineIndicator.all.map { h in
            guard let v = data.latest(h.uisId, country) else {
                return ["name": h.name(language), "uisId": h.uisId, "hasValue": false]
            }
            var row: [String: Any] = [
                "name": h.name(language), "uisId": h.uisId, "hasValue": true,
                "value": language.withInterval(v, decimals: h.decimals),
                "year": String(v.year), "flags": language.flags(v.flags),
            ]
            let base = data.series(h.uisId, country).first { $0.year >= Self.firstYear }
            if let base, base.year < v.year {
                // "+1.2", "−0.3", or "±0.0" when it rounds to nothing.
                let change = language.number(v.value - base.value, decimals: h.decimals)
                let zero = !change.contains { $0 >= "1" && $0 <= "9" }
                let signed =
                    zero
                    ? "±" + change.replacingOccurrences(of: "−", with: "")
                    : change.hasPrefix("−") ? change : "+" + change
                let significant = data.value(h.uisId, country, base.year).flatMap { significance(v, since: $0) }
                let broken = data.breaks.spanned(h.uisId, country, from: base.year, to: v.year).map {
                    language.t(.seriesBreakIn).replacingOccurrences(of: "%1", with: String($0))
                }
                row["trend"] = signed + " (" + ([String(base.year)] + [significant, broken].compactMap { $0 }).joined(separator: ", ") + ")"
            } else {
                row["trend"] = "–"
            }
            row["region"] =
                data.value(h.uisId, Self.region, v.year).map { language.flagged(number($0.value, h.uisId), $0.flags) }
                ?? "–"
            return row
        }
    }

    /// A chart series of a UIS id for a country (or the region) from `firstYear − 5` on: its
    /// points, flags, intervals and breaks.
    func chartSeries(
        _ uisId: String, _ country: Country, label: String, color: String, dashed: Bool = false, square: Bool = false
    ) -> SVGChart.Series {
        let values = data.totals(uisId, country).filter { $0.year >= Self.firstYear - 5 }
        return SVGChart.Series(
            label: label, color: color, points: values.map { ($0.year, $0.value) }, dashed: dashed, square: square,
            intervals: intervals(uisId, country), breaks: data.breaks.years(uisId, country),
            flags: Dictionary(uniqueKeysWithValues: values.filter { !$0.flags.isEmpty }.map { ($0.year, $0.flags) }))
    }

    /// The unit of a UIS id's values (`percent`, `index`, ...), for the charts' axes.
    func unit(_ uisId: String) -> String {
        data.totals(uisId, country).first?.unit ?? data.totals(uisId, Self.region).first?.unit ?? ""
    }

    /// A line chart's template values: its title, SVG and table of values.
    func lineChart(
        _ title: String, _ series: [SVGChart.Series], decimals: Int, unit: String,
        targets: [(year: Int, value: Double, label: String)] = []
    ) -> [String: Any] {
        [
            "title": title,
            "svg": SVGChart.lines(
                title: title, series: series, decimals: decimals, language: language, unit: unit, targets: targets),
            "table": SVGChart.dataTable(caption: title, series: series, decimals: decimals, language: language),
        ]
    }

    func trendCharts() -> [[String: Any]] {
        HeadlineIndicator.all.compactMap { h in
            let own = chartSeries(h.uisId, country, label: language.name(of: country), color: SVGChart.Palette.country)
            guard own.points.count >= 2 else { return nil }
            var series = [own]
            let region = chartSeries(
                h.uisId, Self.region, label: language.name(of: Self.region), color: SVGChart.Palette.region,
                dashed: true)
            if !region.points.isEmpty { series.append(region) }
            let targets = data.benchmarks.filter {
                $0.country == country && $0.uisId.uppercased() == h.uisId.uppercased()
            }.compactMap { b in b.value.map { (year: b.year, value: $0, label: language.t(.target)) } }
            return lineChart(h.name(language), series, decimals: h.decimals, unit: unit(h.uisId), targets: targets)
        }
    }

    /// Female and male lines: told apart by colour, dash and marker (docs/reports.md).
    func sexCharts() -> [[String: Any]] {
        HeadlineIndicator.bySex.compactMap { id in
            let (base, suffix) = Self.split(id)
            let f = chartSeries(
                base + ".F" + suffix, country, label: language.dimension("F"), color: SVGChart.Palette.female)
            let m = chartSeries(
                base + ".M" + suffix, country, label: language.dimension("M"), color: SVGChart.Palette.male,
                dashed: true, square: true)
            guard f.points.count >= 2 || m.points.count >= 2 else { return nil }
            var chart = lineChart(name(id), [f, m], decimals: decimals(id), unit: unit(id))
            chart["gpia"] =
                data.latest(base + ".GPIA" + suffix, country).map {
                    let value = language.flagged(language.number($0.value, decimals: 3), $0.flags)
                    return "\(language.t(.gpia)): \(value) (\($0.year))"
                } ?? ""
            return chart
        }
    }

    /// `ROFST.1.CP` → (`ROFST.1`, `.CP`): where the sex code goes in a UIS id.
    static func split(_ id: String) -> (String, String) {
        id.hasSuffix(".CP") ? (String(id.dropLast(3)), ".CP") : (id, "")
    }

    /// The country beside its neighbours (and Central Asia) in its latest year; flagged values
    /// marked `†` and named in a note under the chart.
    func neighbourCharts() -> [[String: Any]] {
        HeadlineIndicator.compared.compactMap { id in
            guard let own = data.latest(id, country) else { return nil }
            let year = own.year
            var bars: [(label: String, value: Double, highlight: Bool)] = []
            var flags: [String: [String]] = [:]
            for c in data.countries + [Self.region] {
                guard let v = data.value(id, c, year) else { continue }
                bars.append((language.name(of: c), v.value, c == country))
                if !v.flags.isEmpty { flags[language.name(of: c)] = v.flags }
            }
            guard bars.count >= 2 else { return nil }
            let title = "\(name(id)), \(year)"
            let note = bars.filter { flags[$0.label] != nil }.map {
                "† \($0.label): " + language.flagged(number($0.value, id), flags[$0.label]!)
            }
            return [
                "title": title, "note": note.joined(separator: "; "), "hasNote": !note.isEmpty,
                "svg": SVGChart.bars(title: title, bars: bars, decimals: decimals(id), language: language, flags: flags),
            ]
        }
    }

    func sexTable() -> [[String: Any]] {
        HeadlineIndicator.all.compactMap { h -> [String: Any]? in
            guard !h.uisId.contains("GPIA"), let total = data.latest(h.uisId, country) else { return nil }
            let (base, suffix) = Self.split(h.uisId)
            let f = data.value(base + ".F" + suffix, country, total.year)
            let m = data.value(base + ".M" + suffix, country, total.year)
            guard f != nil || m != nil else { return nil }
            let gpia = data.value(base + ".GPIA" + suffix, country, total.year)
            return [
                "name": h.name(language), "year": String(total.year),
                "female": f.map { language.shown($0, decimals: h.decimals) } ?? "–",
                "male": m.map { language.shown($0, decimals: h.decimals) } ?? "–",
                "total": language.shown(total, decimals: h.decimals),
                "gpia": gpia.map { language.shown($0, decimals: 3) } ?? "–",
            ]
        }
    }

    func sources() -> [[String: Any]] {
        let used = Set(data.values.filter { $0.country == country }.flatMap(\.sources))
        // Files that gave values for this country (all files of the sources used, for results
        // from before run.json listed each file's countries).
        return data.inputs.filter { i in
            used.contains(i.source) && (i.countries.map { $0.contains(country.rawValue) } ?? true)
        }.map { i in
            [
                "source": i.source, "path": i.path, "sha": String(i.sha256.prefix(12)),
                "wholeFile": (i.countries?.count ?? 0) > 1,
                "countries": language.t(.wholeFile).replacingOccurrences(of: "%1", with: String(i.countries?.count ?? 0)),
                "rows": language.number(Double(i.rowsAccepted), decimals: 0),
                "rejected": language.number(Double(i.rowsRejected), decimals: 0),
            ]
        }
    }

    /// The flag words of this country's values, with what each means and how many values carry
    /// it (each value the report shows once: one indicator per UIS id, see `ReportData`): the
    /// report's legend of flags.
    func flagged() -> [[String: Any]] {
        var counts: [String: Int] = [:]
        for v in data.shown(country) { for f in v.flags { counts[f, default: 0] += 1 } }
        // Flags of the Central Asia values beside the country's, and of the neighbours' bars, too.
        var others = HeadlineIndicator.all.flatMap { data.totals($0.uisId, Self.region) }
        for id in HeadlineIndicator.compared {
            guard let year = data.latest(id, country)?.year else { continue }
            others += data.countries.compactMap { data.value(id, $0, year) }
        }
        for v in others { for f in v.flags where counts[f] == nil { counts[f] = 0 } }
        return counts.sorted { $0.key < $1.key }.map {
            [
                "flag": language.flag($0.key), "meaning": language.flagMeaning($0.key),
                "count": $0.value > 0 ? language.number(Double($0.value), decimals: 0) : language.t(.othersOnly),
            ]
        }
    }

    func missing() -> [[String: Any]] {
        // From 2015 to the latest year of the results, for every headline indicator (one with
        // no value at all is listed with every year).
        let last = max(data.lastYear, Self.firstYear)
        return HeadlineIndicator.all.compactMap { h in
            let years = Set(data.series(h.uisId, country).map(\.year))
            let gaps = (Self.firstYear...last).filter { !years.contains($0) }
            guard !gaps.isEmpty else { return nil }
            return ["name": h.name(language), "years": Self.ranges(gaps)]
        }
    }

    /// `2015, 2016, 2017, 2020` → `2015–2017, 2020`.
    static func ranges(_ years: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < years.count {
            var j = i
            while j + 1 < years.count && years[j + 1] == years[j] + 1 { j += 1 }
            parts.append(j > i ? "\(years[i])–\(years[j])" : String(years[i]))
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// Warnings about this country's results (plausibility, consistency, suppressed survey
    /// cells): their messages name the country's code.
    func warnings() -> [[String: Any]] {
        let prefixes = ["plausibility.", "consistency.", "indicator.", "survey."]
        let mine = data.quality.problems.filter { p in
            prefixes.contains { p.code.hasPrefix($0) } && p.message.contains(" \(country.rawValue) ")
        }
        // The same problem found twice (two indicators giving one UIS id) is said once.
        var seen: Set<String> = []
        let once = mine.filter { seen.insert($0.code + "|" + $0.message).inserted }
        return Self.grouped(once).prefix(40).map { ["code": $0.code, "message": $0.message, "severity": $0.severity] }
    }

    /// Problems of one code and indicator said once: `ID KGZ 2015: detail` messages grouped,
    /// the years as ranges with their count (`TRTP.1.GPIA KGZ 2015–2024 (10 values), first:
    /// 1.591 is outside 0.5-1.5.`); other messages as they are. In the order first met.
    static func grouped(_ problems: [Diagnostic]) -> [(code: String, message: String, severity: String)] {
        var order: [String] = []
        var groups: [String: (first: Diagnostic, id: String, country: String, detail: String, years: [Int])] = [:]
        for p in problems {
            guard let m = p.message.wholeMatch(of: /(\S+) ([A-Z0-9]{3}) ([0-9]{4}): (.+)/), let year = Int(m.3) else {
                order.append("\(order.count)|" + p.message)
                groups["\(order.count - 1)|" + p.message] = (p, "", "", p.message, [])
                continue
            }
            let key = "\(p.code)|\(m.1)|\(m.2)"
            if groups[key] == nil {
                order.append(key)
                groups[key] = (p, String(m.1), String(m.2), String(m.4), [])
            }
            groups[key]!.years.append(year)
        }
        return order.map { key in
            let g = groups[key]!
            guard g.years.count > 1 else {
                return (g.first.code, g.first.message, g.first.severity.rawValue)
            }
            let years = Set(g.years).sorted()
            return (
                g.first.code,
                "\(g.id) \(g.country) \(yearRanges(years)) (\(g.years.count) values), first: \(g.detail)",
                g.first.severity.rawValue
            )
        }
    }

    /// `2015–2018, 2020, 2022–2024`.
    static func yearRanges(_ years: [Int]) -> String {
        var out: [String] = []
        var start = years.first
        for (i, y) in years.enumerated() {
            let next = i + 1 < years.count ? years[i + 1] : nil
            if next != y + 1 {
                out.append(start == y ? String(y) : "\(start!)–\(y)")
                start = next
            }
        }
        return out.joined(separator: ", ")
    }

    func changes() -> [String: Any] {
        guard let c = data.changes else { return ["note": language.t(.noChangesRun), "hasNote": true] }
        if c.first { return ["note": language.t(.firstRun), "hasNote": true] }
        let mine =
            c.byCountry?[country.rawValue]
            ?? RunChanges.CountryChanges(
                count: 0,
                values: c.values.filter {
                    $0.key.split(separator: ",").dropFirst().first.map(String.init) == country.rawValue
                })
        // The input changes concern files that may hold several countries: all are listed.
        let inputs = c.inputs.map { ["kind": Self.kind($0.kind, language), "path": $0.path, "detail": $0.detail] }
        if inputs.isEmpty && mine.values.isEmpty { return ["note": language.t(.noChanges), "hasNote": true] }
        func show(_ text: String?, _ key: String) -> String {
            guard let text, let v = Double(text) else { return "–" }
            return language.number(v, decimals: key.contains("pia,") ? 3 : 2)
        }
        let note =
            mine.count > mine.values.count
            ? language.t(.largestChanges).replacingOccurrences(of: "%1", with: String(mine.values.count))
                .replacingOccurrences(of: "%2", with: String(mine.count)) : ""
        return [
            "hasNote": false, "inputs": inputs, "hasInputs": !inputs.isEmpty,
            "values": mine.values.map { ["key": $0.key, "old": show($0.old, $0.key), "new": show($0.new, $0.key)] },
            "hasValues": !mine.values.isEmpty, "valuesNote": note,
        ]
    }

    /// A change's kind in words.
    static func kind(_ kind: RunChanges.Kind, _ language: Language) -> String {
        guard language == .ru else { return kind.rawValue }
        switch kind {
        case .added: return "добавлен"
        case .changed: return "изменён"
        case .removed: return "удалён"
        case .superseded: return "заменён"
        case .partlySuperseded: return "частично заменён"
        case .restored: return "восстановлен"
        case .duplicate: return "дубликат"
        case .quarantined: return "в карантине"
        }
    }

    func methodology() -> [[String: Any]] {
        HeadlineIndicator.all.filter { data.latest($0.uisId, country) != nil }.map {
            ["name": $0.name(language), "uisId": $0.uisId, "text": $0.method(language)]
        }
    }
}
