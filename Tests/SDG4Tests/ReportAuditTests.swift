import Foundation
import SDG4Aggregate
import SDG4Model
import Testing

@testable import SDG4Aggregate
@testable import SDG4Report

/// The audit of the reports, summary, SDMX export and data package
/// (`../shared/audits/reports-2026-12.md`), a test per finding, numbered as the audit numbers
/// them. What only a browser can see (print, page breaks, scrolling) is checked by
/// tools/browser/check-reports.py, which prints every page to PDF.
@Suite("Reports audit 2026-12")
struct ReportAuditTests {
    static let kaz = Country(rawValue: "KAZ")
    static let kgz = Country(rawValue: "KGZ")
    static let region = Country.centralAsiaRegion

    static func v(
        _ id: String, _ c: Country, _ year: Int, _ value: Double, indicator: String = "x", sex: Sex = .total,
        unit: String = "percent", ages: String = "", flags: [String] = [], location: Location = .total,
        wealth: Wealth = .total
    ) -> IndicatorValue {
        IndicatorValue(
            indicator: indicator, uisId: id, country: c, year: year, level: "1", sex: sex, location: location,
            wealth: wealth, ageGroup: ages, value: value, numerator: value, denominator: 100, unit: unit, flags: flags,
            sources: ["s"])
    }

    static func render(_ values: [IndicatorValue], problems: [Diagnostic] = [], inputs: [RunManifest.Input] = [])
        throws -> [String: String]
    {
        let data = ReportData(
            pipelineName: "central-asia", values: values, inputs: inputs, quality: QualityReport(problems: problems),
            changes: nil)
        return Dictionary(uniqueKeysWithValues: try ReportRenderer().render(data, languages: [.en, .ru]))
    }

    /// #1, #16: the summary's headline table has a row per indicator and a column per country,
    /// so that 13 indicators fit a page; its title is not the pipeline's name; its note points at
    /// sections that exist.
    @Test func summaryHasAnIndicatorPerRowAndACountryPerColumn() throws {
        let values = HeadlineIndicator.all.flatMap { h in
            [Self.kaz, Self.kgz, Self.region].map { Self.v(h.uisId, $0, 2024, 50) }
        }
        let files = try Self.render(values)
        let html = try #require(files["summary.en.html"])
        #expect(html.components(separatedBy: "<tr data-uis=").count - 1 == HeadlineIndicator.all.count)
        #expect(html.components(separatedBy: " data-country=").count - 1 == 3)
        #expect(html.contains("data-country=\"143\">Central Asia</th>"))
        #expect(html.contains("<title>SDG 4 summary</title>") && !html.contains("SDG 4 summary: central-asia"))
        #expect(!html.contains("listed under Data quality;") && html.contains("each country report lists under Data quality"))
        #expect(!html.contains("docs/methodology.md"))
        // The links are in a nav the print hides, separators and all.
        #expect(html.contains("header nav { display: none; }") && html.contains("<nav><p><a href=\"countries/KAZ.en.html\">"))
    }

    /// #2: the value axis keeps a minimum span (10 points for percentages, 0.1 for an index),
    /// so a change under one point does not fill the chart; it says when it does not start at 0.
    @Test func axesKeepAMinimumSpanAndSayWhenTheyDoNotStartAtZero() {
        // UZB's net enrolment 98.41-98.78 (audit: 92 % of the height): the span 10 is placed
        // around the values but not above 100 → 90-100 in steps of 2; the values fill 3.7 %.
        let ner = SVGChart.axis([98.41, 98.78], unit: "percent")
        #expect(ner == (90, 100, 2))
        #expect((98.78 - 98.41) / (ner.high - ner.low) < 0.04)
        // KGZ's expenditure 6.11-6.45 % of GDP: widened to 1.28-11.28, which is closer to 0
        // than its span → from 0, in steps of 5 to 15.
        #expect(SVGChart.axis([6.11, 6.45], unit: "percent") == (0, 15, 5))
        // A GPIA of 0.995-1.002: span 0.1 around 0.9985 → 0.9485-1.0485, then round steps; the
        // values fill at most 7 % of the height.
        let gpia = SVGChart.axis([0.995, 1.002], unit: "index")
        #expect(gpia.low <= 0.9485 && gpia.high >= 1.0485 && gpia.high - gpia.low <= 0.2)
        #expect((1.002 - 0.995) / (gpia.high - gpia.low) <= 0.07)
        // An index axis always shows parity: 1.2-1.4 → from 1.
        #expect(SVGChart.axis([1.2, 1.4], unit: "index").low <= 1)
        // Wide enough already: kept (20.1-34.8 pupils per teacher → 20-35 by 5).
        #expect(SVGChart.axis([20.1, 34.8], unit: "pupils per teacher") == (20, 35, 5))
        let chart = SVGChart.lines(
            title: "t", series: [.init(label: "a", color: "#000", points: [(2023, 98.41), (2024, 98.78)])], decimals: 1,
            language: .en, unit: "percent")
        #expect(chart.contains(">% · axis does not start at 0</text>"))
        let ru = SVGChart.lines(
            title: "t", series: [.init(label: "a", color: "#000", points: [(2023, 1.0), (2024, 1.01)])], decimals: 3,
            language: .ru, unit: "index")
        #expect(ru.contains(">индекс · ось не начинается с 0 · паритет (1): штрихпунктир</text>"))
        let fromZero = SVGChart.lines(
            title: "t", series: [.init(label: "a", color: "#000", points: [(2023, 1.2), (2024, 1.6)])], decimals: 1,
            language: .en, unit: "percent")
        #expect(!fromZero.contains("axis does not start at 0"))
    }

    /// #3: a flagged value shows its flag wherever it is shown: the female/male table, the
    /// parity note under a chart, the survey tables, the summary's time series.
    @Test func flagsTravelWithValues() throws {
        let values = [
            Self.v("ROFST.1.CP", Self.kaz, 2023, 0.6), Self.v("ROFST.1.CP", Self.kaz, 2024, 0.5),
            Self.v("ROFST.1.F.CP", Self.kaz, 2023, 0.3, sex: .female),
            Self.v("ROFST.1.F.CP", Self.kaz, 2024, 0.3, sex: .female),
            Self.v("ROFST.1.M.CP", Self.kaz, 2023, 0.7, sex: .male),
            Self.v("ROFST.1.M.CP", Self.kaz, 2024, 0.7, sex: .male),
            Self.v("ROFST.1.GPIA.CP", Self.kaz, 2024, 0.419, unit: "index", flags: ["implausible"]),
            Self.v("CR.1", Self.kaz, 2022, 99.8, flags: ["age-adjusted"]),
            Self.v("CR.1", Self.kaz, 2022, 98.1, flags: ["age-adjusted"], location: .rural),
        ]
        let files = try Self.render(values)
        let en = try #require(files["countries/KAZ.en.html"])
        // The disaggregation table's GPIA cell, and the note under the female/male chart.
        #expect(en.contains("<td class=\"num wrap\">0.419 (implausible)</td>"))
        #expect(en.contains("<p class=\"note\">Gender parity index (GPIA): 0.419 (implausible) (2024)</p>"))
        // The survey table: the rural value keeps its flag.
        #expect(en.contains("<th scope=\"row\">Rural</th><td class=\"num\">98.1 (age-adjusted)</td>"))
        let ru = try #require(files["countries/KAZ.ru.html"])
        #expect(ru.contains("0,419 (неправдоподобно)") && ru.contains("98,1 (с поправкой на возраст)"))
        // The legend: each flag word with its meaning and count, in the page's language.
        #expect(en.contains("<dt>implausible</dt><dd>outside the range the indicator can plausibly take"))
        #expect(ru.contains("<dt>неправдоподобно</dt><dd>вне правдоподобного диапазона"))
        let summary = try #require(files["summary.en.md"])
        #expect(summary.contains("| 99.8 (age-adjusted) |"))
        #expect(summary.contains("- **age-adjusted**: survey rate whose respondents' ages were reduced by one year"))
    }

    /// #4: a change of the official age group breaks the series: the chart does not join the
    /// years across it and marks it, the Central Asia line breaks with it, the change since
    /// 2015 says it spans a break, the summary's time series marks the value.
    @Test func structureBreaksBreakLinesAndAreSaid() throws {
        var values: [IndicatorValue] = []
        for (year, ages) in [(2018, "3-6"), (2019, "3-6"), (2020, "3-5"), (2021, "3-5")] {
            values.append(Self.v("GER.02", Self.kaz, year, 60 + Double(year - 2018), ages: ages))
            values.append(Self.v("GER.02", Self.kgz, year, 40, ages: "3-6"))
            values.append(Self.v("GER.02", Self.region, year, 42))
        }
        values.append(Self.v("GER.02", Self.kaz, 2015, 50, ages: "3-6"))
        let breaks = SeriesBreaks(values)
        #expect(breaks.years("GER.02", Self.kaz) == [2020])
        #expect(breaks.years("GER.02", Self.kgz).isEmpty)
        #expect(breaks.years("GER.02", Self.region) == [2020])
        #expect(breaks.spanned("GER.02", Self.kaz, from: 2015, to: 2021) == 2020)
        #expect(breaks.spanned("GER.02", Self.kaz, from: 2020, to: 2021) == nil)
        let files = try Self.render(values)
        let en = try #require(files["countries/KAZ.en.html"])
        // The change since 2015: 63 − 50 = +13.0, across the 2020 break.
        #expect(en.contains("<td class=\"num wrap\">+13.0 (2015, series break in 2020)</td>"))
        // The trend chart: 2018-2019 and 2020-2021 for KAZ and for Central Asia, not joined.
        let figure = try #require(
            en.components(separatedBy: "<figcaption>Gross enrolment ratio, pre-primary</figcaption>").dropFirst().first)
        let chart = figure.components(separatedBy: "</svg>")[0]
        #expect(chart.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(chart.contains(">series break</text>"))
        let summary = try #require(files["summary.en.md"])
        #expect(summary.contains("| Kazakhstan | 50.0 | 60.0 | 61.0 | 62.0 ‖ | 63.0 |"))
        #expect(summary.contains("‖ series break: not comparable with the year before"))
    }

    /// #3 (review): the Central Asia figure beside the country's, the neighbour bars and the
    /// published-values table keep their flags too; the legend explains a flag only Central Asia's
    /// values carry; Markdown has no HTML entities.
    @Test func flagsTravelToTheRegionBarsAndPublishedValues() throws {
        let values = [
            Self.v("GER.1", Self.kgz, 2024, 100.6), Self.v("GER.1", Self.kaz, 2024, 101.1, flags: ["footnote"]),
            Self.v("GER.1", Self.region, 2024, 99.8, flags: ["footnote"]),
        ]
        var data = ReportData(
            pipelineName: "p", values: values, inputs: [], quality: QualityReport(problems: []), changes: nil)
        data.published = [.init(uisId: "GER.1", country: Self.kaz, year: 2024, value: 101.1, footnotes: ["Source: x"])]
        let files = Dictionary(uniqueKeysWithValues: try ReportRenderer().render(data, languages: [.en, .ru]))
        let kgz = try #require(files["countries/KGZ.en.html"])
        #expect(kgz.contains("<td class=\"num\">99.8 (footnote)</td>"))
        #expect(kgz.contains(">101.1 †</text>") && kgz.contains("Kazakhstan 101.1 (footnote); Kyrgyzstan 100.6;"))
        #expect(kgz.contains("<p class=\"note\">† Kazakhstan: 101.1 (footnote); † Central Asia: 99.8 (footnote)</p>"))
        #expect(
            kgz.contains(
                "<dt>footnote</dt><dd>an input carried a footnote mark in its file — only on values of Central Asia or of other countries shown here</dd>"
            ))
        let kaz = try #require(files["countries/KAZ.ru.html"])
        #expect(kaz.contains("<td class=\"num\">101,1 (сноска)</td><td class=\"num\">0,0</td><td lang=\"en\">Source: x</td>"))
        let md = try #require(files["countries/KGZ.en.md"])
        #expect(!md.contains("&#39;") && md.contains("this country's values"))
    }

    /// #4 (review): a break of Central Asia alone is labelled as Central Asia's, and only its
    /// cell in the table of values says so; a series without an age group (a ratio, a share of
    /// schools, expenditure) does not break; a break across a missing year is found.
    @Test func breaksAreSaidForTheSeriesTheyBelongTo() {
        let values = [
            Self.v("GER.1", Self.kaz, 2019, 104, ages: "7-10"), Self.v("GER.1", Self.kaz, 2020, 101, ages: "6-9"),
            Self.v("GER.1", Self.kgz, 2019, 100, ages: "7-10"), Self.v("GER.1", Self.kgz, 2020, 100, ages: "7-10"),
            Self.v("GER.1", Self.region, 2019, 99), Self.v("GER.1", Self.region, 2020, 99),
            Self.v("PTRHC.1", Self.kaz, 2019, 20, unit: "pupils per teacher"),
            Self.v("PTRHC.1", Self.kaz, 2020, 21, unit: "pupils per teacher"),
            Self.v("GER.2T3", Self.kgz, 2016, 90, ages: "11-17"), Self.v("GER.2T3", Self.kgz, 2018, 91, ages: "10-16"),
        ]
        let breaks = SeriesBreaks(values)
        #expect(breaks.years("PTRHC.1", Self.kaz).isEmpty)
        #expect(breaks.years("GER.1", Self.kgz).isEmpty && breaks.years("GER.1", Self.region) == [2020])
        #expect(breaks.years("GER.2T3", Self.kgz) == [2018])
        let series = [
            SVGChart.Series(label: "Kyrgyzstan", color: "#000", points: [(2019, 100), (2020, 100)]),
            SVGChart.Series(
                label: "Central Asia", color: "#111", points: [(2019, 99), (2020, 99)], breaks: [2020]),
        ]
        let svg = SVGChart.lines(title: "t", series: series, decimals: 1, language: .en, unit: "percent")
        #expect(svg.contains(">Central Asia: series break</text>"))
        let table = SVGChart.dataTable(caption: "t", series: series, decimals: 1, language: .en)
        #expect(table.contains("<tr><th scope=\"row\">2020</th><td class=\"num\">100.0</td><td class=\"num\">99.0 (series break)</td></tr>"))
    }

    /// #3 (review): the plain summary.md explains every flag its two tables show.
    @Test func summaryMarkdownExplainsEveryFlagItShows() {
        let values = [
            Self.v("GER.1", Self.kgz, 2024, 100.6, flags: ["footnote"]),
            Self.v("CR.1", Self.kgz, 2018, 99.2, flags: ["age-adjusted"]),
        ]
        let table = SummaryTable(values: values)
        let md = SummaryMarkdown.render(table, pipelineName: "p", values: values)
        #expect(md.contains("`footnote` (an input carried a footnote mark in its file)"))
        #expect(md.contains("`age-adjusted` (survey rate whose respondents' ages were reduced by one year"))
        #expect(!md.contains("`implausible`"))
    }

    /// #5, #17: female and male differ by dash and marker too, and the colours stay apart in
    /// greyscale and for deuteranopia and protanopia (Machado, Oliveira & Fernandes 2009,
    /// severity 1): luminance contrast of at least 3:1 between them and against white. The
    /// neighbours' bars too reach 3:1 against white.
    @Test func femaleAndMaleLinesDifferBeyondColour() throws {
        let values = (2015...2016).flatMap { y in
            [
                Self.v("GER.1.F", Self.kgz, y, 99, sex: .female), Self.v("GER.1.M", Self.kgz, y, 100, sex: .male),
                Self.v("GER.1", Self.kgz, y, 99.5),
            ]
        }
        let en = try #require(try Self.render(values)["countries/KGZ.en.html"])
        let male = "stroke=\"\(SVGChart.Palette.male)\" stroke-width=\"2.5\" stroke-dasharray=\"6 4\""
        #expect(en.contains("<polyline fill=\"none\" " + male))
        #expect(en.contains("<rect x=") && en.contains("fill=\"\(SVGChart.Palette.male)\"><title>Male 2015"))
        #expect(en.contains("<circle") && en.contains("fill=\"\(SVGChart.Palette.female)\"><title>Female 2015"))
        let (f, m) = (Colour(SVGChart.Palette.female), Colour(SVGChart.Palette.male))
        for simulate in [Colour.normal, Colour.deuteranopia, Colour.protanopia] {
            let (a, b) = (simulate(f), simulate(m))
            #expect(Colour.contrast(a, b) >= 3, "female and male \(a) \(b)")
            #expect(Colour.contrast(a, 1) >= 3 && Colour.contrast(b, 1) >= 3)
        }
        #expect(Colour.contrast(Colour.normal(Colour(SVGChart.Palette.neighbour)), 1) >= 3)
    }

    /// #6: every chart describes its values (`<desc>`), and a line chart has a table of them,
    /// with flags, that a keyboard reaches (`<details>`).
    @Test func chartsHaveTheirValuesInText() throws {
        let series = SVGChart.Series(
            label: "Kyrgyzstan", color: "#000", points: [(2015, 98.5), (2016, 99.04)], flags: [2016: ["estimate"]])
        let svg = SVGChart.lines(title: "GER", series: [series], decimals: 1, language: .en, unit: "percent")
        #expect(svg.contains("<desc>Kyrgyzstan: 2015 98.5 – 2016 99.0 (estimate).</desc>"))
        let table = SVGChart.dataTable(caption: "GER", series: [series], decimals: 1, language: .en)
        #expect(table.hasPrefix("<details class=\"data\"><summary>Values of the chart</summary><table><caption>GER</caption>"))
        #expect(table.contains("<tr><th scope=\"row\">2016</th><td class=\"num\">99.0 (estimate)</td></tr>"))
        let bars = SVGChart.bars(title: "t", bars: [("KGZ", 100.64, true), ("TJK", 97.2, false)], decimals: 1, language: .en)
        #expect(bars.contains("<desc>KGZ 100.6; TJK 97.2.</desc>"))
    }

    /// #17: the year axis labels the latest year with a value, whatever the span.
    @Test func theLatestYearIsLabelled() {
        let points = (2013...2024).map { (year: $0, value: 90.0) }
        let svg = SVGChart.lines(
            title: "t", series: [.init(label: "a", color: "#000", points: points)], decimals: 1, language: .en)
        #expect(svg.contains(">2024</text>") && svg.contains(">2022</text>") && !svg.contains(">2023</text>"))
        // With a 2030 target, the labels still run through 2024.
        let target = SVGChart.lines(
            title: "t", series: [.init(label: "a", color: "#000", points: points)], decimals: 1, language: .en,
            targets: [(2030, 95, "Target")])
        #expect(target.contains(">2024</text>"))
    }

    /// #8: the headline table says that changes come from unrounded values.
    @Test func changesSayTheyComeFromUnroundedValues() throws {
        let files = try Self.render([Self.v("GER.1", Self.kgz, 2015, 99.84), Self.v("GER.1", Self.kgz, 2024, 99.86)])
        let en = try #require(files["countries/KGZ.en.html"])
        #expect(en.contains("Changes are computed from the unrounded values"))
        #expect(try #require(files["countries/KGZ.ru.md"]).contains("Изменения рассчитаны по неокруглённым значениям"))
    }

    /// #9: the Russian pages: labels in Russian, the parity index spelled out, ranges with an
    /// en dash, English messages marked as English.
    @Test func russianPagesAreRussian() throws {
        for h in HeadlineIndicator.all {
            for text in [h.ru, h.en, h.methodRu, h.methodEn] {
                #expect(text.firstMatch(of: /\d-\d/) == nil, "a hyphen in a range: \(text)")
            }
            // No bare adjective after a comma ("…, дошкольное").
            #expect(h.ru.firstMatch(of: /, (дошкольное|начальное|среднее|высшее|полное среднее)( \(%\))?$/) == nil, "\(h.ru)")
        }
        #expect(!HeadlineIndicator.all.contains { $0.ru.contains("ВКО") })
        #expect(HeadlineIndicator.named("CR.3")?.methodRu.hasPrefix("Так же, как для начального, — ") == true)
        let warning = Diagnostic(code: .plausibilityJump, message: "GER.1 KGZ 2024: 98.5 → 100.64, a jump.")
        let files = try Self.render([Self.v("GER.1", Self.kgz, 2023, 98.5), Self.v("GER.1", Self.kgz, 2024, 100.64)], problems: [warning])
        let ru = try #require(files["countries/KGZ.ru.html"])
        #expect(ru.contains("<ul class=\"warnings\" lang=\"en\">"))
        #expect(ru.contains("Сообщения приводятся на английском языке"))
        #expect(!ru.contains("Индекс паритета (GPIA)") && !ru.contains("(GPIA)"))
        #expect(ru.contains("<abbr title=\"Индекс гендерного паритета (скорректированный)\">ИГП</abbr>"))
        let en = try #require(files["countries/KGZ.en.html"])
        #expect(!en.contains("<ul class=\"warnings\" lang="))
        #expect(ru.contains("<code lang=\"en\" translate=\"no\">central-asia</code>"))
    }

    /// #13: a problem found twice (two indicators giving one UIS id) is listed once, and a
    /// value two indicators give is counted once among the flagged values.
    @Test func repeatedWarningsAndFlagsCountOnce() throws {
        let message = "ROFST.1.GPIA.CP KGZ 2015: 1.588 is outside 0.5-1.5."
        let twice = [Diagnostic(code: .plausibilityGpiaOutOfBand, message: message),
                     Diagnostic(code: .plausibilityGpiaOutOfBand, message: message)]
        let values = [
            Self.v("ROFST.1.GPIA.CP", Self.kgz, 2015, 1.588, indicator: "rofst.gpia", unit: "index", flags: ["implausible"]),
            Self.v("ROFST.1.GPIA.CP", Self.kgz, 2015, 1.588, indicator: "rofst.nert.gpia", unit: "index", flags: ["implausible"]),
        ]
        let en = try #require(try Self.render(values, problems: twice)["countries/KGZ.en.html"])
        #expect(en.components(separatedBy: message).count - 1 == 1)
        #expect(en.contains("<dt>implausible</dt><dd>outside the range the indicator can plausibly take; check the inputs — 1</dd>"))
    }

    /// #14: a file of several countries says that its rows are the whole file's.
    @Test func rowsOfAFileOfSeveralCountriesSaySo() throws {
        var input = RunManifest.Input(
            source: "s", path: "uis.csv", sha256: String(repeating: "ab", count: 32), bytes: 10, status: .ok,
            rowsRead: 1248, rowsAccepted: 1248, rowsRejected: 0, rowsMissing: 0, rowsFiltered: 0, rowsIgnored: 0)
        input.countries = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
        let files = try Self.render([Self.v("GER.1", Self.kgz, 2024, 100)], inputs: [input])
        #expect(try #require(files["countries/KGZ.en.html"]).contains(">1,248<br><span class=\"note\">(whole file, 5 countries)</span>"))
        #expect(try #require(files["countries/KGZ.ru.md"]).contains("| 1248 (весь файл, стран: 5) |"))
    }

    /// #15: survey tables have a caption and a header row; rows that name a country, an
    /// indicator or a group have row headers.
    @Test func tablesHaveHeadersAndCaptions() throws {
        let values = [Self.v("CR.1", Self.kgz, 2018, 99.2), Self.v("CR.1", Self.kgz, 2018, 98.8, location: .rural)]
        let en = try #require(try Self.render(values)["countries/KGZ.en.html"])
        #expect(en.contains("<table class=\"survey\">\n<caption>Completion rate, primary, 2018</caption>\n<thead><tr><th scope=\"col\">Group</th>"))
        #expect(en.contains("<th scope=\"row\">Rural</th>"))
        #expect(en.contains("<tr data-uis=\"CR.1\"><th scope=\"row\">Completion rate, primary <code>CR.1</code></th>"))
    }

    /// #10: flags travel to SDMX (OBS_STATUS, COMMENT_OBS); NATURE by the SDG code list, none
    /// for the aggregate; a break year is `B`.
    @Test func sdmxCarriesFlagsAndNature() {
        #expect(SDMXExport.status(["implausible"], isBreak: false) == "U")
        #expect(SDMXExport.status(["estimate", "implausible"], isBreak: true) == "E")
        #expect(SDMXExport.status([], isBreak: true) == "B")
        #expect(SDMXExport.status(["age-adjusted"], isBreak: false) == "A")
        #expect(SDMXExport.nature(["age-adjusted"], country: Self.kgz) == "CA")
        #expect(SDMXExport.nature([], country: Self.kgz) == "C")
        #expect(SDMXExport.nature([], country: Self.region).isEmpty)
        let values = [
            Self.v("TRTP.1.GPIA", Self.kgz, 2024, 1.588, indicator: "trtp.gpia", unit: "index", flags: ["implausible"]),
            Self.v("CR.1", Self.region, 2018, 98.1, indicator: "cr"),
        ]
        let lines = SDMXExport.render(values).text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("OBS_STATUS,UNIT_MULT,UNIT_MEASURE,NATURE,COMMENT_OBS,LOWER_BOUND,UPPER_BOUND"))
        #expect(lines.contains { $0.hasSuffix(",2024,1.588,U,0,IX,C,sdg4 flags: implausible,,") })
        #expect(lines.contains { $0.hasSuffix(",2018,98.1,A,0,PT,,,,") })
    }

    /// #10: equal counts give exactly 100, not 100.00000000000001 (a percentage above 100).
    @Test func equalCountsGiveExactlyAHundred() throws {
        // 94.4833 of 94.4833 weighted persons (KAZ's richest quintile, 2015, in the sample):
        // 100 × 94.4833 / 94.4833 was 100.00000000000001; equal counts are 100.
        let x = 94.48330000000003
        #expect(100 * x / x != 100)  // the artefact this guards against
        let ratio = try #require(Ratio(Quantity(value: x, sources: 1), over: Quantity(value: x, sources: 1), scale: 100))
        #expect(ratio.value == 100 && Ratio.scaled(x, x, scale: 100) == 100)
        #expect(Ratio.scaled(102.5, 100, scale: 100) == 102.5)
    }

    /// #11: indicators.csv's `sdg_series` is the series the SDMX export uses.
    @Test func sdgSeriesMatchesTheExport() {
        let values = [
            Self.v("CR.1", Self.kgz, 2018, 99.2, indicator: "cr"),
            Self.v("CR.1.GPIA", Self.kgz, 2018, 1.01, indicator: "cr.gpia", unit: "index"),
            Self.v("X", Self.kgz, 2018, 50, indicator: "prol.survey"),
        ]
        let csv = IndicatorsCSV.render(values)
        #expect(csv.contains("cr,CR.1,SE_TOT_CPLR,KGZ,"))
        #expect(csv.contains("cr.gpia,CR.1.GPIA,SE_AGP_CPRA,KGZ,"))
        #expect(csv.contains("prol.survey,X,,KGZ,"))
        // Each definition names the series the export writes it under.
        for d in IndicatorCatalogue().definitions {
            #expect(d.sdgSeries == (SDMXSeriesMap.builtIn.entries[d.id]?.series ?? ""), "\(d.id)")
        }
    }

    /// #12: the data package's patterns hold for a whole value (frictionless anchors them
    /// around the whole pattern, so an alternation must be grouped), and `flags` is limited to
    /// the documented words.
    @Test func dataPackagePatternsAreAnchoredAndGrouped() throws {
        func whole(_ pattern: String, _ text: String) throws -> Bool {
            try Regex("^" + pattern + "$").wholeMatch(in: text) != nil
        }
        let country = try #require(DataPackage.indicators.first { $0.name == "country" }?.pattern)
        #expect(try whole(country, "KAZ") && whole(country, "143"))
        #expect(try !whole(country, "KAZX") && !whole(country, "1430"))
        let flags = try #require(DataPackage.indicators.first { $0.name == "flags" }?.pattern)
        #expect(try whole(flags, "") && whole(flags, "implausible") && whole(flags, "age-adjusted;implausible"))
        #expect(try !whole(flags, "bogus-flag") && !whole(flags, "implausible;"))
        // Every flag word has a Russian name and a meaning in both languages.
        for word in IndicatorValue.flagWords {
            #expect(Language.russianFlags[word] != nil && !Language.en.flagMeaning(word).isEmpty)
            #expect(!Language.ru.flagMeaning(word).isEmpty)
        }
        #expect(Set(Language.russianFlags.keys) == Set(IndicatorValue.flagWords))
    }
}

/// An sRGB colour's linear components, for contrast checks.
struct Colour {
    var r, g, b: Double

    init(_ hex: String) {
        let n = Int(hex.dropFirst(), radix: 16)!
        func linear(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        (r, g, b) = (linear(n >> 16 & 255), linear(n >> 8 & 255), linear(n & 255))
    }

    init(r: Double, g: Double, b: Double) { (self.r, self.g, self.b) = (r, g, b) }

    /// Relative luminance (WCAG 2): what greyscale keeps.
    var luminance: Double { 0.2126 * r + 0.7152 * g + 0.0722 * b }

    static func normal(_ c: Colour) -> Double { c.luminance }

    /// Machado et al. (2009), severity 1.0, applied to linear RGB.
    static func simulate(_ c: Colour, _ m: [[Double]]) -> Double {
        func clamp(_ x: Double) -> Double { min(1, max(0, x)) }
        return Colour(
            r: clamp(m[0][0] * c.r + m[0][1] * c.g + m[0][2] * c.b),
            g: clamp(m[1][0] * c.r + m[1][1] * c.g + m[1][2] * c.b),
            b: clamp(m[2][0] * c.r + m[2][1] * c.g + m[2][2] * c.b)
        ).luminance
    }

    static func deuteranopia(_ c: Colour) -> Double {
        simulate(c, [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]])
    }

    static func protanopia(_ c: Colour) -> Double {
        simulate(c, [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]])
    }

    /// WCAG contrast ratio of two luminances.
    static func contrast(_ a: Double, _ b: Double) -> Double { (max(a, b) + 0.05) / (min(a, b) + 0.05) }
}
