import Foundation
import SDG4Aggregate
import SDG4Model
import SDG4Pipeline
import Testing

@testable import SDG4PipelineFile
@testable import SDG4Report

/// Country reports and summary.html (issue 6): the values shown, both languages, escaping,
/// missing-data notes, templates, and the sample's report pinned by golden files.
@Suite("Reports")
struct ReportTests {
    static let kgz = Country(rawValue: "KGZ")

    /// Values chosen so that each expectation below can be checked by hand.
    static func data(path: String = "data/enrolment.csv", detail: String = "new file") -> ReportData {
        func v(_ id: String, _ c: String, _ year: Int, _ value: Double, sex: Sex = .total) -> IndicatorValue {
            IndicatorValue(
                indicator: "x", uisId: id, country: Country(rawValue: c), year: year, level: "1", sex: sex,
                value: value, numerator: value, denominator: 100, unit: "percent", sources: ["enrolment"])
        }
        var values: [IndicatorValue] = []
        // GER.1 for 2015 and 2017-2024 (2016 missing); 2024: 100.64, so +2.14 since 2015.
        for year in [2015] + Array(2017...2024) {
            values.append(v("GER.1", "KGZ", year, year == 2024 ? 100.64 : 98.5))
        }
        values.append(v("GER.1.F", "KGZ", 2024, 101.0, sex: .female))
        values.append(v("GER.1.M", "KGZ", 2024, 100.3, sex: .male))
        values.append(v("GER.1.GPIA", "KGZ", 2024, 1.00698))
        values.append(v("GER.1", "TJK", 2024, 97.95))
        values.append(v("GER.1", "143", 2024, 99.8))
        values.append(v("PTRHC.1", "KGZ", 2024, 23456.7))
        var input = RunManifest.Input(
            source: "enrolment", path: path, sha256: String(repeating: "ab", count: 32), bytes: 10, status: .ok,
            rowsRead: 12345, rowsAccepted: 12340, rowsRejected: 5, rowsMissing: 0, rowsFiltered: 0, rowsIgnored: 0)
        input.encoding = "utf-8"
        input.countries = ["KGZ", "TJK"]
        var other = input
        other.path = "data/enrolment-KAZ.csv"
        other.countries = ["KAZ"]
        var changes = RunChanges(
            first: false, settingsChanged: false,
            inputs: [.init(kind: .added, source: "enrolment", path: path, detail: detail)], problems: [])
        changes.compareValues(
            previous:
                "indicator,uis_id,sdg_series,country,year,level,sex,location,wealth,age_group,value\nger,GER.1,,KGZ,2024,1,_T,_T,_T,7-10,99\n",
            current:
                "indicator,uis_id,sdg_series,country,year,level,sex,location,wealth,age_group,value\nger,GER.1,,KGZ,2024,1,_T,_T,_T,7-10,100.64\n"
        )
        let warning = Diagnostic(
            code: .plausibilityJump,
            message: "GER.1 KGZ 2024: 98.5 → 100.64, a change of more than 10 points in a year.")
        return ReportData(
            pipelineName: "test", values: values, inputs: [input, other], quality: QualityReport(problems: [warning]),
            changes: changes)
    }

    static func render(_ data: ReportData) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try ReportRenderer().render(data, languages: [.en, .ru]))
    }

    @Test func valuesTrendsAndTheRegionInBothLanguages() throws {
        let files = try Self.render(Self.data())
        let en = try #require(files["countries/KGZ.en.html"])
        let ru = try #require(files["countries/KGZ.ru.html"])
        #expect(files["countries/KGZ.html"] == en)
        #expect(files["countries/KGZ.en.md"] != nil && files["summary.html"] != nil && files["summary.ru.html"] != nil)
        // The summary: an indicator per row, a column per country and Central Asia; the latest
        // value with its year; no flag where there is none; the page titled without the
        // pipeline's name (which the header line gives).
        let summary = try #require(files["summary.ru.md"])
        #expect(summary.contains("| Показатель | Кыргызстан | Таджикистан | **Центральная Азия** |"))
        // TJK's 97.95 rounds half up, from its shortest decimal, to 98.0.
        #expect(
            summary.contains(
                "| Валовой коэффициент охвата начальным образованием (`GER.1`) | 100,6 (2024) | 98,0 (2024) | 99,8 (2024) |"
            ))
        #expect(summary.contains("(`PTRHC.1`) | 23\u{00A0}456,7 (2024) | – | – |"))
        #expect(summary.hasPrefix("# Сводка по ЦУР 4\n\nКонвейер `test` ·"))
        #expect(!summary.contains("("+"сноска)"))
        #expect(en.contains("<html lang=\"en\">") && ru.contains("<html lang=\"ru\">"))
        // GER.1 latest 100.64 → 100.6; change since 2015: 100.64 − 98.5 = +2.14 → +2.1; region 99.8.
        #expect(
            en.contains(
                "<td class=\"num value\">100.6</td><td class=\"num\">2024</td><td class=\"num wrap\">+2.1 (2015)</td><td class=\"num\">99.8</td>"
            ))
        #expect(
            ru.contains(
                "<td class=\"num value\">100,6</td><td class=\"num\">2024</td><td class=\"num wrap\">+2,1 (2015)</td><td class=\"num\">99,8</td>"
            ))
        // Thousands: English comma, Russian (non-breaking) space.
        #expect(en.contains(">23,456.7<") && ru.contains(">23\u{00A0}456,7<"))
        #expect(ru.contains("Кыргызстан") && ru.contains("Валовой коэффициент охвата начальным образованием"))
        #expect(en.contains("Kyrgyzstan") && en.contains("Gross enrolment ratio, primary"))
        // Female, male and the parity index (3 decimals).
        #expect(en.contains("101.0") && en.contains("100.3") && en.contains("1.007"))
        // Charts: GER.1's trend (9 years, with Central Asia) and GER.1 beside the neighbours
        // (KGZ, TJK and Central Asia in 2024); one year of F/M or of PTR makes no chart.
        #expect(en.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2)
        #expect(en.contains("<figcaption>Gross enrolment ratio, primary, 2024</figcaption>"))
        // TJK's 97.95 rounds (half to even in the last binary digit) to 97.9 or 98.0.
        #expect(en.contains(">Tajikistan</text>") && (en.contains(">97.9</text>") || en.contains(">98.0</text>")))
        // The changes for this country, and the link to the other language.
        #expect(
            en.contains(
                "<code>ger,KGZ,2024,1,_T,_T,_T,7-10</code></th><td class=\"num\">99.00</td><td class=\"num\">100.64</td>"
            ))
        #expect(
            ru.contains("<td class=\"num\">99,00</td><td class=\"num\">100,64</td>") && ru.contains("<td>добавлен</td>")
        )
        // The link names the other language in it, marked as written in it (audit reports-2026-12 #15).
        #expect(
            en.contains("<a href=\"KGZ.ru.html\" hreflang=\"ru\" lang=\"ru\">Русская версия</a>")
                && ru.contains("<a href=\"KGZ.en.html\" hreflang=\"en\" lang=\"en\">English version</a>"))
        let md = try #require(files["countries/KGZ.en.md"])
        #expect(md.contains("| Gross enrolment ratio, primary (`GER.1`) | 100.6 | 2024 | +2.1 (2015) | 99.8 |  |"))
    }

    @Test func missingDataIsSaid() throws {
        let files = try Self.render(Self.data())
        let en = try #require(files["countries/KGZ.en.html"])
        // GER.1 has no 2016; indicators without any value say so.
        #expect(en.contains("<li>Gross enrolment ratio, primary: 2016</li>"))
        #expect(
            en.contains(
                "<tr data-uis=\"CR.1\"><th scope=\"row\">Completion rate, primary <code>CR.1</code></th><td class=\"num nodata\" colspan=\"5\">No data</td></tr>"
            ))
        let ru = try #require(files["countries/KGZ.ru.html"])
        #expect(ru.contains("Нет данных"))
        // Tajikistan has one year only: no trend since 2015.
        let tjk = try #require(files["countries/TJK.en.html"])
        #expect(tjk.contains("<td class=\"num wrap\">–</td>"))
    }

    @Test func hostileFileNamesAndNotesAreEscaped() throws {
        let path = "data/<script>alert('x')</script>.csv"
        let note = "<img src=x onerror=alert(1)> & \"quotes\""
        let files = try Self.render(Self.data(path: path, detail: note))
        for name in ["countries/KGZ.en.html", "countries/KGZ.ru.html"] {
            let html = try #require(files[name])
            #expect(!html.contains("<script>") && !html.contains("<img"), "\(name) lets markup through")
            #expect(html.contains("data/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv"))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"))
        }
        // In Markdown tables a pipe cannot break the table.
        let piped = try Self.render(Self.data(path: "data/a|b.csv"))
        #expect(piped["countries/KGZ.en.md"]?.contains("data/a\\|b.csv") == true)
    }

    @Test func dataQualityListsThisCountrysFilesAndWarnings() throws {
        let files = try Self.render(Self.data())
        let en = try #require(files["countries/KGZ.en.html"])
        #expect(en.contains("data/enrolment.csv") && !en.contains("data/enrolment-KAZ.csv"))
        #expect(en.contains("<li><code>plausibility.jump</code> GER.1 KGZ 2024: 98.5 → 100.64"))
        let tjk = try #require(files["countries/TJK.en.html"])
        #expect(!tjk.contains("plausibility.jump"))
    }

    @Test func chartLinesBreakAtMissingYearsAndAxesUseRoundSteps() {
        let svg = SVGChart.lines(
            title: "t",
            series: [.init(label: "a", color: "#000", points: [(2015, 1.15), (2016, 1.2), (2018, 1.5), (2019, 1.59)])],
            decimals: 2, language: .en)
        // Two segments (2015-2016, 2018-2019), four points and the legend's marker.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 5)
        // 1.15..1.59 over about five steps: 0.1 each, from 1.1 to 1.6.
        let scale = SVGChart.niceScale([1.15, 1.2, 1.5, 1.59])
        #expect(abs(scale.low - 1.1) < 1e-9 && abs(scale.high - 1.6) < 1e-9 && abs(scale.tick - 0.1) < 1e-9)
        #expect(svg.contains(">1.1</text>") && svg.contains(">1.6</text>") && !svg.contains(">1.15</text>"))
        // Values far from 0 keep their range; near 0, the axis starts at 0.
        #expect(SVGChart.niceScale([20.1, 24.8]) == (20, 25, 1))
        #expect(SVGChart.niceScale([1, 90]).low == 0)
    }

    @Test func chartsEscapeTheirText() {
        let svg = SVGChart.bars(
            title: "<b>x</b>", bars: [("A&B", 1, true), ("<i>", 2, false)], decimals: 1, language: .en)
        #expect(
            svg.contains("<title>&lt;b&gt;x&lt;/b&gt;</title>") && svg.contains(">A&amp;B<") && !svg.contains("<i>"))
    }

    @Test func numbersInEachLanguage() {
        #expect(Language.en.number(1234567.891, decimals: 1) == "1,234,567.9")
        #expect(Language.ru.number(1234567.891, decimals: 1) == "1\u{00A0}234\u{00A0}567,9")
        #expect(Language.ru.number(1234.5, decimals: 1) == "1234,5")  // four digits: not grouped
        #expect(Language.en.number(-0.04, decimals: 1) == "0.0")
        #expect(Language.en.number(-12.5, decimals: 2) == "−12.50")
    }

    @Test func templatesCanBeReplacedFromAFolder() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write(
            "<p>{{country}} ({{iso3}}) {{#headline}}{{#hasValue}}[{{uisId}}={{value}}]{{/hasValue}}{{/headline}}</p>\n",
            to: folder, "country.html.mustache")
        let renderer = try ReportRenderer(overrides: folder)
        #expect(renderer.overridden == ["country.html"])
        let files = Dictionary(uniqueKeysWithValues: renderer.render(Self.data(), languages: [.ru]))
        #expect(
            files["countries/KGZ.ru.html"]
                == "<p>Кыргызстан (KGZ) [GER.1=100,6][PTRHC.1=23\u{00A0}456,7][GER.1.GPIA=1,007]</p>\n")
        // The other templates are still sdg4's.
        #expect(files["countries/KGZ.ru.md"]?.hasPrefix("# Страновой доклад по ЦУР 4: Кыргызстан") == true)
        TestSupport.write("{{#headline}}unclosed\n", to: folder, "country.html.mustache")
        #expect(throws: ReportError.self) { _ = try ReportRenderer(overrides: folder) }
    }

    /// The sample pipeline's report for Kyrgyzstan, in both languages, pinned byte for byte.
    /// After an intended change, regenerate with `SDG4_UPDATE_GOLDEN=1 swift test --filter Reports`.
    @Test func flagsAreWordsOfThePagesLanguage() throws {
        let base = Self.data()
        let words = ["estimate", "low-reliability", "capped", "age-adjusted", "age-redistributed", "implausible",
            "imprecise", "footnote",
        ]
        var values = base.values
        let i = try #require(
            values.firstIndex { $0.uisId == "GER.1" && $0.year == 2024 && $0.country.rawValue == "KGZ" })
        values[i].flags = words
        let data = ReportData(
            pipelineName: base.pipelineName, values: values, inputs: base.inputs, quality: base.quality,
            changes: base.changes)
        let pages = try Self.render(data)
        for (name, text) in pages where name.hasPrefix("countries/KGZ.") || name.hasPrefix("summary.") {
            let russian = name.contains(".ru.")
            for w in words {
                // English words appear on English pages only; Russian ones on Russian pages only.
                #expect(text.contains(w) != russian, "\(name): \(w)")
                #expect(text.contains(Language.russianFlags[w]!) == russian, "\(name): \(Language.russianFlags[w]!)")
            }
        }
        #expect(Set(Language.russianFlags.keys) == Set(words))
    }

    @Test func theSampleReportIsPinned() throws {
        let out = TestSupport.temporaryFolder()
        var definition = try PipelineFileParser.load(TestSupport.repositoryRoot + "/pipelines/central-asia.yml")
        definition.inbox = nil
        _ = try PipelineRunner(definition: definition, options: .init(jobs: 2, outputDirectory: out)).run()
        for name in ["KGZ.en.md", "KGZ.ru.md"] {
            let produced = try String(contentsOfFile: out + "/countries/" + name, encoding: .utf8)
            let golden = TestSupport.repositoryRoot + "/Tests/SDG4Tests/Fixtures/golden/" + name
            if ProcessInfo.processInfo.environment["SDG4_UPDATE_GOLDEN"] == "1" {
                // Re-recording is never a pass: the run that writes the golden file fails, and
                // the next one compares with what was written.
                try produced.write(toFile: golden, atomically: true, encoding: .utf8)
                Issue.record("\(name) re-recorded: check the diff, then run the tests again without SDG4_UPDATE_GOLDEN")
                continue
            }
            let expected = try String(contentsOfFile: golden, encoding: .utf8)
            #expect(produced == expected, "\(name) differs from the golden file (SDG4_UPDATE_GOLDEN=1 to accept)")
        }
    }

    /// A country code that is not three capital letters never names a file (an edited
    /// indicators.csv cannot write outside the output folder).
    @Test func onlyISO3CodesNameReportFiles() throws {
        var data = Self.data()
        data.values.append(
            IndicatorValue(
                indicator: "ger", uisId: "GER.1", country: Country(rawValue: "../../x"), year: 2024, level: "1",
                value: 1, numerator: 1, denominator: 1, unit: "percent"))
        let files = try ReportRenderer().render(data, languages: [.en])
        #expect(files.allSatisfy { !$0.0.contains("..") })
        #expect(Set(files.map(\.0)).contains("countries/KGZ.en.html"))
    }

    /// Pages of a language the pipeline no longer has are removed by the next run.
    @Test func reportsOfADroppedLanguageGo() throws {
        let folder = TestSupport.temporaryFolder()
        let fixture = TestSupport.fixture("e2e")
        for name in ["uis.csv", "enrolment.csv", "population.csv"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + name, toPath: folder + "/" + name)
        }
        let pipeline = try String(contentsOfFile: fixture + "/pipeline.yml", encoding: .utf8)
        TestSupport.write(
            pipeline.replacingOccurrences(of: "  dir: out", with: "  dir: out\n  languages: [en, ru]"), to: folder,
            "p.yml")
        _ = try PipelineRunner(definition: try PipelineFileParser.load(folder + "/p.yml"), options: .init(jobs: 1))
            .run()
        #expect(FileManager.default.fileExists(atPath: folder + "/out/countries/KGZ.ru.html"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/summary.ru.html"))
        TestSupport.write(pipeline, to: folder, "p.yml")
        _ = try PipelineRunner(definition: try PipelineFileParser.load(folder + "/p.yml"), options: .init(jobs: 1))
            .run()
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/countries/KGZ.ru.html"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/summary.ru.html"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/countries/KGZ.en.html"))
    }

    /// `sdg4 report` renders, from the output files, the very bytes the run wrote.
    @Test func theReportCommandRendersTheSameBytesFromTheOutputs() throws {
        let out = TestSupport.temporaryFolder()
        let pipeline = TestSupport.fixture("e2e/pipeline.yml")
        #expect(try TestSupport.runCLI(["run", pipeline, "--output", out, "--ledger", out + "/l.sqlite"]).code == 0)
        let before = LedgerWorkspace.tree(out + "/countries")
        #expect(before.keys.contains("KGZ.en.html") && before.keys.contains("KGZ.md"))
        try FileManager.default.removeItem(atPath: out + "/countries")
        let result = try TestSupport.runCLI(["report", pipeline, "--output", out])
        #expect(result.code == 0, "\(result.err)")
        #expect(LedgerWorkspace.tree(out + "/countries") == before)
        let missing = try TestSupport.runCLI(["report", pipeline, "--output", TestSupport.temporaryFolder()])
        #expect(missing.code == 3 && missing.err.contains("Run 'sdg4 run' on the pipeline first"))
    }
}
