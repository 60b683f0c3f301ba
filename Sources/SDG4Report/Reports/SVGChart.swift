import Foundation

/// Charts as inline SVG: no script, no network, scaled to the page's width (a `viewBox`), with
/// a title, a description of the values for screen readers (`<desc>`) and, beside each chart,
/// a table of its values (`dataTable`). All text is escaped.
///
/// How a value axis is drawn is one documented rule (`axis`, docs/reports.md "Charts").
enum SVGChart {
    struct Series {
        var label: String
        var color: String
        var points: [(year: Int, value: Double)]
        var dashed = false
        /// The shape of the points: circles, or squares (the second of two lines that must be
        /// told apart without colour).
        var square = false
        /// The 95 % interval of a survey or assessment value, by year: drawn as an error bar.
        var intervals: [Int: ClosedRange<Double>] = [:]
        /// Years whose value is not comparable with the year before (`SeriesBreaks`): the line
        /// is not drawn across them.
        var breaks: Set<Int> = []
        /// The flag words of a year's value, for the table and the description.
        var flags: [Int: [String]] = [:]
    }

    /// The colours of the charts, chosen to stay apart in greyscale and for colour-blind
    /// readers (tested: luminance contrast of at least 3:1 between the pair and against white,
    /// also under simulated deuteranopia and protanopia).
    enum Palette {
        static let country = "#1f5f99"
        static let region = "#b35806"
        static let female = "#3b0f70"
        static let male = "#c17d11"
        static let neighbour = "#5b8fc7"
        static let target = "#6a3d9a"
    }

    static let width = 520.0
    static let height = 290.0
    static let margin = (left: 64.0, right: 26.0, top: 34.0, bottom: 62.0)

    /// The smallest span of a value axis that does not start at 0, by unit: a change smaller
    /// than about a tenth of it should not fill the chart.
    static func minimumSpan(unit: String) -> Double {
        switch unit {
        case "percent": return 10
        case "index": return 0.1
        case "pupils per teacher": return 5
        case "score": return 50
        default: return 0
        }
    }

    /// The value axis for `values` of a unit, from `low` to `high` in steps of `tick`:
    /// 1. it covers every value (points, intervals, targets) and, for an index, parity (1);
    /// 2. when the values span less than the unit's `minimumSpan`, the span is widened to it,
    ///    evenly around the values, but not below 0 nor, for percentages up to 100, above 100;
    /// 3. it starts at 0 when the lowest value is closer to 0 than the span;
    /// 4. then round steps (`niceScale`).
    /// Whether it starts at 0 is said on the chart.
    static func axis(_ values: [Double], unit: String) -> (low: Double, high: Double, tick: Double) {
        guard var lo = values.min(), var hi = values.max() else { return (0, 1, 0.2) }
        if unit == "index" { (lo, hi) = (min(lo, 1), max(hi, 1)) }
        let span = minimumSpan(unit: unit)
        if hi - lo < span {
            let mid = (lo + hi) / 2
            var (a, b) = (mid - span / 2, mid + span / 2)
            if a < 0 && lo >= 0 { (a, b) = (0, b - a) }
            if unit == "percent" && hi <= 100 && b > 100 { (a, b) = (a - (b - 100), 100) }
            (lo, hi) = (min(lo, a), max(hi, b))
        }
        return niceScale([lo, hi])
    }

    /// Lines over years, one per series, with a legend under the plot. A missing year or a
    /// series break breaks a line (the points on either side are not joined); breaks are marked
    /// by a dotted vertical line. The unit is written over the value axis, with a note when
    /// the axis does not start at 0; an index axis has a line at parity (1).
    ///
    /// `targets` (a national benchmark's year and value) are drawn as hollow diamonds, labelled,
    /// the year axis reaching them. The last year is always labelled.
    static func lines(
        title: String, series: [Series], decimals: Int, language: Language, unit: String = "",
        targets: [(year: Int, value: Double, label: String)] = []
    ) -> String {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return "" }
        let years = all.map(\.year) + targets.map(\.year)
        let (minYear, maxYear) = (years.min()!, max(years.max()!, years.min()! + 1))
        let bounds = series.flatMap { $0.intervals.values.flatMap { [$0.lowerBound, $0.upperBound] } }
        let (low, high, tick) = axis(all.map(\.value) + bounds + targets.map(\.value), unit: unit)
        let plot = Plot(minYear: minYear, maxYear: maxYear, low: low, high: high)
        var s = open(title: title, description: describe(series, decimals: decimals, language: language))
        s += valueAxis(plot, tick: tick, unit: unit, language: language)
        s += yearAxis(plot, latest: all.map(\.year).max()!)
        let breaks = Set(series.flatMap(\.breaks)).filter { $0 > minYear && $0 <= maxYear }.sorted()
        for year in breaks {
            // Whose break it is, when not every line's.
            let drawn = series.filter { $0.points.contains { $0.year >= year } && $0.points.contains { $0.year < year } }
            let broken = drawn.filter { $0.breaks.contains(year) }
            let label =
                broken.count == drawn.count
                ? language.t(.seriesBreak)
                : broken.map(\.label).joined(separator: ", ") + ": " + language.t(.seriesBreak)
            let xx = (plot.x(year - 1) + plot.x(year)) / 2
            s += line(xx, margin.top, xx, height - margin.bottom, stroke: "#555", dash: "2 3")
            s += text(xx + 3, margin.top - 4, label, anchor: "start", size: 11)
        }
        for (k, series) in series.enumerated() {
            s += draw(series, plot, decimals: decimals, language: language)
            s += legend(series, at: margin.left + Double(k) * 200)
        }
        for t in targets {
            let (xx, yy) = (plot.x(t.year), plot.y(t.value))
            let tip = "\(t.label) \(t.year): \(language.number(t.value, decimals: decimals))"
            s +=
                "<polygon points=\"\(fmt(xx)),\(fmt(yy - 7)) \(fmt(xx + 7)),\(fmt(yy)) \(fmt(xx)),\(fmt(yy + 7)) \(fmt(xx - 7)),\(fmt(yy))\" fill=\"#fff\" stroke=\"\(Palette.target)\" stroke-width=\"2\"><title>\(escape(tip))</title></polygon>"
            s += text(xx - 9, yy - 10, "\(t.label) \(t.year)", anchor: "end", size: 12)
        }
        return s + "</svg>"
    }

    /// Where years and values fall on the drawing.
    struct Plot {
        let minYear: Int
        let maxYear: Int
        let low: Double
        let high: Double
        var plotW: Double { width - margin.left - margin.right }
        var plotH: Double { height - margin.top - margin.bottom }
        func x(_ year: Int) -> Double { margin.left + plotW * Double(year - minYear) / Double(maxYear - minYear) }
        func y(_ v: Double) -> Double { margin.top + plotH * (1 - (v - low) / (high - low)) }
    }

    /// Grid lines and labels on multiples of `tick`; the unit over the axis, and a note when it
    /// does not start at 0; a line at parity on an index axis.
    static func valueAxis(_ plot: Plot, tick: Double, unit: String, language: Language) -> String {
        var s = ""
        let tickDecimals = min(3, max(0, Int(-floor(log10(tick)))))
        var v = plot.low
        while v <= plot.high + tick / 2 {
            let yy = plot.y(v)
            s += line(margin.left, yy, width - margin.right, yy, stroke: "#ddd")
            s += text(margin.left - 8, yy + 5, language.number(v, decimals: tickDecimals), anchor: "end", size: 14)
            v += tick
        }
        var head = language.unit(unit)
        if plot.low > 0 {
            head += (head.isEmpty ? "" : " · ") + language.t(.axisNotFromZero)
            // Two short strokes across the foot of the axis: it is cut.
            let (xx, yy) = (margin.left + 8, height - margin.bottom)
            s += line(xx - 6, yy - 2, xx + 6, yy - 8, stroke: "#333", width: 1.5)
            s += line(xx - 6, yy + 4, xx + 6, yy - 2, stroke: "#333", width: 1.5)
        }
        if unit == "index" && plot.low < 1 && plot.high > 1 {
            // Parity, a dash-dot line; said over the axis, where no line can cross the words.
            s += line(margin.left, plot.y(1), width - margin.right, plot.y(1), stroke: "#555", width: 1.5, dash: "8 3 2 3")
            head += (head.isEmpty ? "" : " · ") + language.t(.parity)
        }
        if !head.isEmpty { s += text(4, 16, head, anchor: "start", size: 13) }
        return s
    }

    /// Year labels at a step that gives about six, counted from the latest year with a value
    /// (the one a report's headline gives), which is always labelled.
    static func yearAxis(_ plot: Plot, latest: Int) -> String {
        let step = max(1, (plot.maxYear - plot.minYear + 6) / 6)
        let first = latest - (latest - plot.minYear) / step * step
        return stride(from: first, through: plot.maxYear, by: step).map {
            text(plot.x($0), height - margin.bottom + 22, String($0), anchor: "middle", size: 14)
        }.joined()
    }

    /// A series' lines (consecutive years, not across a break), error bars and points.
    static func draw(_ series: Series, _ plot: Plot, decimals: Int, language: Language) -> String {
        var s = ""
        let pts = series.points.sorted { $0.year < $1.year }
        var segments: [[(year: Int, value: Double)]] = []
        for p in pts {
            if let last = segments.last?.last, p.year == last.year + 1, !series.breaks.contains(p.year) {
                segments[segments.count - 1].append(p)
            } else {
                segments.append([p])
            }
        }
        for segment in segments where segment.count > 1 {
            let path = segment.map { "\(fmt(plot.x($0.year))),\(fmt(plot.y($0.value)))" }.joined(separator: " ")
            s +=
                "<polyline fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2.5\""
                + (series.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"\(path)\"/>"
        }
        for p in pts {
            var tip = language.number(p.value, decimals: decimals)
            let (xx, yy) = (plot.x(p.year), plot.y(p.value))
            if let ci = series.intervals[p.year] {
                // The error bar: the 95 % interval, with caps.
                let (top, bottom) = (plot.y(ci.upperBound), plot.y(ci.lowerBound))
                s += line(xx, top, xx, bottom, stroke: series.color, width: 1.5)
                s += line(xx - 4, top, xx + 4, top, stroke: series.color, width: 1.5)
                s += line(xx - 4, bottom, xx + 4, bottom, stroke: series.color, width: 1.5)
                tip += " (" + language.interval(ci, decimals: decimals) + ")"
            }
            tip = language.flagged(tip, series.flags[p.year] ?? [])
            let title = "<title>\(escape(series.label)) \(p.year): \(escape(tip))</title>"
            s += marker(series, xx, yy, title: title)
        }
        return s
    }

    static func marker(_ series: Series, _ x: Double, _ y: Double, title: String = "") -> String {
        series.square
            ? "<rect x=\"\(fmt(x - 3.5))\" y=\"\(fmt(y - 3.5))\" width=\"7.0\" height=\"7.0\" fill=\"\(series.color)\">\(title)</rect>"
            : "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"3.5\" fill=\"\(series.color)\">\(title)</circle>"
    }

    static func legend(_ series: Series, at lx: Double) -> String {
        let ly = height - 12
        return line(lx, ly - 4, lx + 22, ly - 4, stroke: series.color, width: 2.5, dashed: series.dashed)
            + marker(series, lx + 11, ly - 4) + text(lx + 28, ly, series.label, anchor: "start", size: 14)
    }

    /// The values in words, for screen readers: each series from its first to its last value,
    /// with the series breaks.
    static func describe(_ series: [Series], decimals: Int, language: Language) -> String {
        series.compactMap { s -> String? in
            let pts = s.points.sorted { $0.year < $1.year }
            guard let first = pts.first, let last = pts.last else { return nil }
            func shown(_ p: (year: Int, value: Double)) -> String {
                "\(p.year) " + language.flagged(language.number(p.value, decimals: decimals), s.flags[p.year] ?? [])
            }
            var text = "\(s.label): " + shown(first) + (pts.count > 1 ? " – " + shown(last) : "")
            let breaks = s.breaks.filter { y in pts.contains { $0.year == y } }.sorted()
            if !breaks.isEmpty {
                text += " (\(language.t(.seriesBreak)) \(breaks.map(String.init).joined(separator: ", ")))"
            }
            return text
        }.joined(separator: "; ") + "."
    }

    /// A chart's values as a table a keyboard reaches (a `<details>` under the chart): a row per
    /// year, a column per series, values with their interval and flag words; a series break
    /// said in the year's cell.
    static func dataTable(caption: String, series: [Series], decimals: Int, language: Language) -> String {
        let years = Set(series.flatMap { $0.points.map(\.year) }).sorted()
        var s =
            "<details class=\"data\"><summary>\(escape(language.t(.chartData)))</summary><table>"
            + "<caption>\(escape(caption))</caption><thead><tr><th scope=\"col\">\(escape(language.t(.year)))</th>"
        for series in series { s += "<th scope=\"col\" class=\"num\">\(escape(series.label))</th>" }
        s += "</tr></thead><tbody>"
        for year in years {
            s += "<tr><th scope=\"row\">\(year)</th>"
            for series in series {
                guard let p = series.points.first(where: { $0.year == year }) else {
                    s += "<td class=\"num\">–</td>"
                    continue
                }
                var text = language.number(p.value, decimals: decimals)
                if let ci = series.intervals[year] { text += " (" + language.interval(ci, decimals: decimals) + ")" }
                text = language.flagged(text, series.flags[year] ?? [])
                if series.breaks.contains(year) { text += " (" + language.t(.seriesBreak) + ")" }
                s += "<td class=\"num\">\(escape(text))</td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table></details>"
    }

    /// Horizontal bars, one per label, the highlighted one darker with its label in bold. A
    /// flagged value (`flags`, by label) is marked `†` after its number, its flags said in the
    /// description (and, in the reports, in a note under the chart).
    static func bars(
        title: String, bars: [(label: String, value: Double, highlight: Bool)], decimals: Int, language: Language,
        flags: [String: [String]] = [:]
    ) -> String {
        guard !bars.isEmpty else { return "" }
        let rowH = 30.0
        let h = 14 + rowH * Double(bars.count) + 8
        let left = 170.0
        let plotW = width - left - 80
        let high = max(bars.map(\.value).max() ?? 1, 1e-9)
        let description =
            bars.map { "\($0.label) " + language.flagged(language.number($0.value, decimals: decimals), flags[$0.label] ?? []) }
            .joined(separator: "; ") + "."
        var s = open(title: title, description: description, height: h)
        for (i, bar) in bars.enumerated() {
            let y = 14 + Double(i) * rowH
            let w = max(1, plotW * bar.value / high)
            let mark = (flags[bar.label] ?? []).isEmpty ? "" : " †"
            s += text(left - 8, y + 17, bar.label, anchor: "end", size: 14, bold: bar.highlight)
            s +=
                "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"22\" fill=\"\(bar.highlight ? Palette.country : Palette.neighbour)\"/>"
            s += text(
                left + w + 6, y + 17, language.number(bar.value, decimals: decimals) + mark, anchor: "start", size: 14)
        }
        return s + "</svg>"
    }

    // MARK: - Pieces

    private static func open(title: String, description: String, height h: Double = height) -> String {
        "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(h))\" "
            + "preserveAspectRatio=\"xMinYMin meet\"><title>\(escape(title))</title><desc>\(escape(description))</desc>"
    }

    private static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dashed: Bool = false,
        dash: String? = nil
    ) -> String {
        let pattern = dash ?? (dashed ? "6 4" : nil)
        return
        "<line x1=\"\(fmt(x1))\" y1=\"\(fmt(y1))\" x2=\"\(fmt(x2))\" y2=\"\(fmt(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(fmt(width))\""
            + (pattern.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }

    private static func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String, size: Int, bold: Bool = false
    ) -> String {
        "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\""
            + (bold ? " font-weight=\"700\"" : "") + " fill=\"#333\">\(escape(content))</text>"
    }

    /// An axis for the values: from `low` to `high` in steps of `tick`, a round number (1, 2 or
    /// 5 × 10ⁿ) giving about five intervals; starting at 0 when the values are near it.
    static func niceScale(_ values: [Double]) -> (low: Double, high: Double, tick: Double) {
        guard var lo = values.min(), var hi = values.max() else { return (0, 1, 0.2) }
        if lo > 0 && lo < (hi - lo) { lo = 0 }
        if hi - lo < max(abs(hi), 1) * 1e-6 {
            let pad = max(abs(hi) * 0.05, 0.5)
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let tick = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (floor(lo / tick) * tick, ceil(hi / tick) * tick, tick)
    }

    private static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Text for XML/HTML: `&`, `<`, `>`, quotes escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
