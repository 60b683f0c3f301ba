import Foundation
import SDG4Model

/// A language reports are written in: its labels, names and number style.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, ru

    /// A number for people: `decimals` places; English `1,234.5`, Russian `1 234,5` (a
    /// non-breaking space between thousands, a decimal comma). `–` when not finite.
    public func number(_ value: Double, decimals: Int) -> String {
        let plain = NumberFormat.rounded(value, decimals: decimals)
        guard plain != "–" else { return plain }
        var negative = false
        var text = Substring(plain)
        if text.hasPrefix("-") {
            negative = true
            text = text.dropFirst()
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        let separator = self == .en ? "," : "\u{00A0}"
        // Russian style groups only numbers of five digits or more (1000, but 10 000).
        if self == .en ? whole.count > 3 : whole.count > 4 {
            var grouped = ""
            for (i, ch) in whole.enumerated() {
                if i > 0 && (whole.count - i) % 3 == 0 { grouped += separator }
                grouped.append(ch)
            }
            whole = grouped
        }
        let decimalMark = self == .en ? "." : ","
        let fraction = parts.count > 1 ? decimalMark + parts[1] : ""
        return (negative ? "−" : "") + whole + fraction
    }

    /// A label of the reports' fixed text.
    public func t(_ key: Label) -> String { self == .en ? key.en : key.ru }

    /// A flag word of `indicators.csv` (docs/outputs.md) as the reports show it: as it is in
    /// English, in Russian words in Russian; an unknown word is shown as it is.
    public func flag(_ word: String) -> String {
        self == .en ? word : Self.flagTexts[word]?.ru ?? word
    }

    /// The flags of a value, joined for a table cell.
    public func flags(_ words: [String]) -> String { words.map(flag).joined(separator: ", ") }

    /// A value shown with its flags, wherever it is shown: `0.419 (implausible)`,
    /// `0,419 (неправдоподобно)`; the value alone when it has none.
    public func flagged(_ text: String, _ words: [String]) -> String {
        words.isEmpty ? text : text + " (" + flags(words) + ")"
    }

    /// What each flag word means, in this language (the reports' legend of flags).
    public func flagMeaning(_ word: String) -> String {
        guard let t = Self.flagTexts[word] else { return "" }
        return self == .en ? t.meaningEn : t.meaningRu
    }

    /// Every flag word sdg4 writes, in Russian.
    public static var russianFlags: [String: String] { flagTexts.mapValues(\.ru) }

    /// Each flag word of `IndicatorValue.flagWords`: its Russian name, and what it means in
    /// English and in Russian.
    static let flagTexts: [String: (ru: String, meaningEn: String, meaningRu: String)] = [
        "estimate": ("оценка", "an input was an estimate", "во входных данных была оценка"),
        "low-reliability": (
            "низкая надёжность", "an input was marked as of low reliability", "входные данные отмечены как ненадёжные"
        ),
        "footnote": (
            "сноска", "an input carried a footnote mark in its file", "у входного значения в файле была сноска"
        ),
        "capped": (
            "ограничено", "the value was capped at its upper limit (100 %), as UIS does",
            "значение ограничено сверху (100 %), как это делает ИСЮ"
        ),
        "age-adjusted": (
            "с поправкой на возраст",
            "survey rate whose respondents' ages were reduced by one year, the median interview being 6 months or more after the school year began",
            "показатель обследования, в котором возраст респондентов уменьшен на один год: медианная дата интервью — через 6 месяцев или более после начала учебного года"
        ),
        "age-redistributed": (
            "возраст перераспределён", "counts of unknown age were shared out over the known ages",
            "численность с неизвестным возрастом распределена по известным возрастам"
        ),
        "implausible": (
            "неправдоподобно", "outside the range the indicator can plausibly take; check the inputs",
            "вне правдоподобного диапазона показателя; проверьте входные данные"
        ),
        "imprecise": (
            "низкая точность", "standard error above max_cv (30 % of the value by default)",
            "стандартная ошибка больше max_cv (по умолчанию 30 % от значения)"
        ),
    ]

    /// A unit as the value axis of a chart names it.
    public func unit(_ unit: String) -> String {
        let names: [String: (String, String)] = [
            "percent": ("%", "%"), "index": ("index", "индекс"),
            "pupils per teacher": ("pupils per teacher", "учащихся на учителя"), "score": ("score", "баллы"),
        ]
        guard let n = names[unit] else { return unit }
        return self == .en ? n.0 : n.1
    }

    /// The name of a country, or of the Central Asia aggregate (`143`).
    public func name(of country: Country) -> String {
        if country.isRegion { return self == .en ? "Central Asia" : "Центральная Азия" }
        guard let info = CountryInfo.lookup(country) else { return country.rawValue }
        return self == .en ? info.name : info.nameRussian
    }

    /// An ISCED level in words.
    public func level(_ code: String) -> String {
        let names: [String: (String, String)] = [
            "02": ("pre-primary", "дошкольное"), "1": ("primary", "начальное"),
            "2": ("lower secondary", "основное среднее"),
            "3": ("upper secondary", "полное среднее"), "2T3": ("secondary", "среднее"), "5T8": ("tertiary", "высшее"),
        ]
        guard let n = names[code] else { return code }
        return self == .en ? n.0 : n.1
    }

    /// Sex, location and wealth codes in words.
    public func dimension(_ code: String) -> String {
        let names: [String: (String, String)] = [
            "F": ("Female", "Женщины"), "M": ("Male", "Мужчины"), "_T": ("Total", "Всего"), "U": ("Urban", "Город"),
            "R": ("Rural", "Село"), "Q1": ("Poorest 20%", "1-й квинтиль (беднейшие)"),
            "Q2": ("Second 20%", "2-й квинтиль"),
            "Q3": ("Middle 20%", "3-й квинтиль"), "Q4": ("Fourth 20%", "4-й квинтиль"),
            "Q5": ("Richest 20%", "5-й квинтиль (богатейшие)"),
        ]
        guard let n = names[code] else { return code }
        return self == .en ? n.0 : n.1
    }
}

/// The fixed text of the reports, in English and Russian.
public struct Label: Sendable {
    public let en: String
    public let ru: String

    static let countryReport = Label(en: "SDG 4 country report", ru: "Страновой доклад по ЦУР 4")
    static let summaryTitle = Label(en: "SDG 4 summary", ru: "Сводка по ЦУР 4")
    static let headline = Label(en: "Headline indicators", ru: "Основные показатели")
    static let indicator = Label(en: "Indicator", ru: "Показатель")
    static let latest = Label(en: "Latest value", ru: "Последнее значение")
    static let year = Label(en: "Year", ru: "Год")
    static let trend = Label(en: "Change since 2015", ru: "Изменение с 2015 г.")
    static let region = Label(en: "Central Asia", ru: "Центральная Азия")
    static let flags = Label(en: "Flags", ru: "Отметки")
    static let trends = Label(en: "Trends", ru: "Динамика")
    static let bySex = Label(en: "Female and male", ru: "Женщины и мужчины")
    static let neighbours = Label(en: "Compared with the neighbours", ru: "В сравнении с соседями")
    static let disaggregation = Label(en: "Disaggregation", ru: "Разбивка")
    static let dataQuality = Label(en: "Data quality", ru: "Качество данных")
    static let sources = Label(en: "Sources", ru: "Источники")
    static let file = Label(en: "File", ru: "Файл")
    static let rows = Label(en: "Rows used", ru: "Использовано строк")
    static let rejected = Label(en: "Rows rejected", ru: "Отклонено строк")
    static let flagged = Label(en: "Flagged values", ru: "Значения с отметками")
    static let missingYears = Label(en: "Missing years", ru: "Пропущенные годы")
    static let noMissing = Label(en: "No year missing since 2015.", ru: "С 2015 г. пропусков нет.")
    static let changes = Label(en: "Changes since the last run", ru: "Изменения с прошлого запуска")
    static let noChanges = Label(
        en: "No change to the inputs or the values for this country.",
        ru: "Входные данные и значения по этой стране не изменились.")
    static let methodology = Label(en: "Methodology", ru: "Методология")
    static let noData = Label(en: "No data", ru: "Нет данных")
    static let value = Label(en: "Value", ru: "Значение")
    static let before = Label(en: "Before", ru: "Было")
    static let now = Label(en: "Now", ru: "Стало")
    static let country = Label(en: "Country", ru: "Страна")
    static let timeSeries = Label(en: "Time series", ru: "Временные ряды")
    static let generated = Label(
        en:
            "Computed by sdg4 from the inputs listed under Data quality; values rounded for reading (indicators.csv holds them unrounded).",
        ru:
            "Рассчитано sdg4 по данным, перечисленным в разделе «Качество данных»; значения округлены (в indicators.csv — без округления)."
    )
    static let gpia = Label(en: "Gender parity index (GPIA)", ru: "Индекс гендерного паритета (ИГП)")
    static let inputsChanged = Label(en: "Inputs", ru: "Входные данные")
    static let valuesChanged = Label(en: "Values", ru: "Значения")
    static let firstRun = Label(
        en: "First results: no earlier run to compare with.", ru: "Первые результаты: сравнивать не с чем.")
    static let noChangesRun = Label(
        en: "Changes are recorded when the ledger is used.", ru: "Изменения учитываются при работе с журналом (ledger)."
    )
    static let warnings = Label(en: "Warnings about these results", ru: "Предупреждения по этим результатам")
    static let allCountries = Label(
        en: "Input files (they may hold several countries):",
        ru: "Входные файлы (могут содержать данные нескольких стран):")
    static let largestChanges = Label(en: "The %1 largest of %2 changes.", ru: "%1 крупнейших из %2 изменений.")
    static let ci95 = Label(en: "95 % CI", ru: "95 % ДИ")
    static let sampleSize = Label(en: "Sample (n)", ru: "Выборка (n)")
    static let significant = Label(en: "significant", ru: "значимо")
    static let notSignificant = Label(en: "not significant", ru: "незначимо")
    static let changeSince = Label(
        en: "Change since %1: %2 (%3 at the 95 % level).", ru: "Изменение с %1 г.: %2 (%3 на уровне 95 %).")
    static let intervalNote = Label(
        en:
            "Survey and assessment values are shown with their 95 % confidence interval (in brackets, error bars on the charts); a change between two surveys is called significant only when it exceeds 1.96 √(se₁² + se₂²).",
        ru:
            "Значения обследований и оценок знаний приведены с 95-процентным доверительным интервалом (в скобках, на графиках — планки погрешностей); изменение между двумя обследованиями считается значимым, только если оно больше 1,96 √(se₁² + se₂²)."
    )
    static let progressTitle = Label(
        en: "Progress towards national benchmarks", ru: "Прогресс в достижении национальных ориентиров")
    static let progressNote = Label(
        en: "Status by the method of Statistics Canada as Open SDG implements it: progress since 2015 (or the first later year) against the progress needed to reach the benchmark by its year; a change within sampling error is marked not significant (docs/methodology.md).",
        ru: "Статус по методу Статистического управления Канады в реализации Open SDG: прогресс с 2015 г. (или первого более позднего года) по сравнению с прогрессом, необходимым для достижения ориентира к его году; изменение в пределах выборочной ошибки отмечено как незначимое (docs/methodology.md).")
    static let target = Label(en: "Target", ru: "Цель")
    static let targetYear = Label(en: "Target year", ru: "Год цели")
    static let baseValue = Label(en: "Base", ru: "Исходное")
    static let status = Label(en: "Status", ru: "Статус")
    static let scorecard = Label(en: "Scorecard: national benchmarks", ru: "Оценочная таблица: национальные ориентиры")
    static let scorecardNote = Label(
        en: "Each cell: the status towards the latest benchmark year of the indicator; ✔ target achieved, ▲ substantial, △ moderate, ▽ limited progress, ▼ deterioration, – not available.",
        ru: "В каждой ячейке — статус по последнему году ориентира показателя; ✔ цель достигнута, ▲ значительный, △ умеренный, ▽ ограниченный прогресс, ▼ ухудшение, – нет данных.")
    static let publishedValues = Label(en: "Published values and sdg4", ru: "Опубликованные значения и sdg4")
    static let publishedNote = Label(
        en: "The latest year of each value a publisher (UIS) computed, beside the value sdg4 computes for the same indicator, with the footnotes of the publisher; every year is in published.csv.",
        ru: "Последний год каждого значения, рассчитанного публикатором (ИСЮ), рядом со значением sdg4 для того же показателя, со сносками публикатора; все годы — в published.csv.")
    static let published = Label(en: "Published", ru: "Опубликовано")
    static let difference = Label(en: "sdg4 − published", ru: "sdg4 − опубликовано")
    static let footnotes = Label(en: "Footnotes", ru: "Сноски")
    static let summaryScope = Label(en: "%1 countries and Central Asia; %2", ru: "стран: %1 и Центральная Азия; %2 гг.")
    static let summaryNote = Label(
        en: "Computed by sdg4 from the inputs each country report lists under Data quality (all of them in run.json), by the methods each country report describes under Methodology; values rounded for reading (indicators.csv holds them unrounded).",
        ru: "Рассчитано sdg4 по входным данным, перечисленным в разделе «Качество данных» каждого странового доклада (все — в run.json), методами, описанными в разделе «Методология» каждого доклада; значения округлены (в indicators.csv — без округления).")
    static let pipelineLabel = Label(en: "Pipeline", ru: "Конвейер")
    static let changeNote = Label(
        en: "Changes are computed from the unrounded values, so they can differ by one unit of the last decimal shown (0.1; 0.001 for a parity index) from the difference of the rounded values.",
        ru: "Изменения рассчитаны по неокруглённым значениям и могут на единицу последнего знака (0,1; для индекса паритета 0,001) отличаться от разности показанных округлённых значений.")
    static let bySexNote = Label(
        en: "Female: solid line, round points; male: dashed line, square points.",
        ru: "Женщины — сплошная линия, круглые точки; мужчины — пунктир, квадратные точки.")
    static let gpiaLong = Label(en: "Gender parity index (adjusted)", ru: "Индекс гендерного паритета (скорректированный)")
    static let gpiaNote = Label(
        en: "GPIA: the adjusted gender parity index, female value over male value, kept between 0 and 2; 0.97–1.03 counts as parity.",
        ru: "ИГП — скорректированный индекс гендерного паритета: значение для женщин, делённое на значение для мужчин, в пределах от 0 до 2; 0,97–1,03 считается паритетом.")
    static let flagsNote = Label(
        en: "Flags are shown in brackets after the values they concern, in every table; what each means, and how many of this country's values carry it (all its values, shown here or not; a value two sdg4 indicators both give counted once):",
        ru: "Отметки приводятся в скобках после значений, к которым относятся, во всех таблицах; что означает каждая и сколько значений по стране её имеют (все значения, показанные здесь или нет; значение, которое дают два показателя sdg4, учтено один раз):")
    static let othersOnly = Label(
        en: "only on values of Central Asia or of other countries shown here",
        ru: "только у показанных здесь значений по Центральной Азии или другим странам")
    static let warningsNote = Label(
        en: "", ru: "Сообщения приводятся на английском языке, как в quality.json (коды — в docs/errors.md).")
    static let seriesBreakNote = Label(
        en: "‖ series break: not comparable with the year before (the official age group of the level changed).",
        ru: "‖ разрыв ряда: значение несопоставимо с предыдущим годом (изменилась официальная возрастная группа уровня).")
    static let seriesBreakIn = Label(en: "series break in %1", ru: "разрыв ряда в %1 г.")
    static let wholeFile = Label(en: "whole file, %1 countries", ru: "весь файл, стран: %1")
    static let seriesBreak = Label(en: "series break", ru: "разрыв ряда")
    static let axisNotFromZero = Label(en: "axis does not start at 0", ru: "ось не начинается с 0")
    static let parity = Label(en: "parity (1): dash-dot line", ru: "паритет (1): штрихпунктир")
    static let chartData = Label(en: "Values of the chart", ru: "Значения графика")
    /// A link to the report in this language, named in it.
    static let language = Label(en: "English version", ru: "Русская версия")
}
