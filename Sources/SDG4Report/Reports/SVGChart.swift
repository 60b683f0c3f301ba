import Foundation

/// Charts as inline SVG: no script, no network, scaled to the page's width (a `viewBox`), with
/// a title and a text description for screen readers. All text is escaped.
enum SVGChart {
    struct Series {
        var label: String
        var color: String
        var points: [(year: Int, value: Double)]
        var dashed = false
        /// The 95 % interval of a survey or assessment value, by year: drawn as an error bar.
        var intervals: [Int: ClosedRange<Double>] = [:]
    }

    static let width = 520.0
    static let height = 280.0
    static let margin = (left: 64.0, right: 16.0, top: 20.0, bottom: 62.0)

    /// Lines over years, one per series, with a legend under the plot. A missing year breaks
    /// a line (the points on either side are not joined).
    ///
    /// `targets` (a national benchmark's year and value) are drawn as hollow diamonds, labelled,
    /// the year axis reaching them.
    static func lines(
        title: String, series: [Series], decimals: Int, language: Language,
        targets: [(year: Int, value: Double, label: String)] = []
    ) -> String {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return "" }
        let years = all.map(\.year) + targets.map(\.year)
        let (minYear, maxYear) = (years.min()!, max(years.max()!, years.min()! + 1))
        let bounds = series.flatMap { $0.intervals.values.flatMap { [$0.lowerBound, $0.upperBound] } }
        let (low, high, tick) = niceScale(all.map(\.value) + bounds + targets.map(\.value))
        let plotW = width - margin.left - margin.right
        let plotH = height - margin.top - margin.bottom
        func x(_ year: Int) -> Double { margin.left + plotW * Double(year - minYear) / Double(maxYear - minYear) }
        func y(_ v: Double) -> Double { margin.top + plotH * (1 - (v - low) / (high - low)) }
        var s = open(title: title)
        // Grid and axis labels, on multiples of a round step.
        let tickDecimals = min(3, max(0, Int(-floor(log10(tick)))))
        var v = low
        while v <= high + tick / 2 {
            let yy = y(v)
            s += line(margin.left, yy, width - margin.right, yy, stroke: "#ddd")
            s += text(margin.left - 8, yy + 5, language.number(v, decimals: tickDecimals), anchor: "end", size: 14)
            v += tick
        }
        let step = max(1, (maxYear - minYear + 6) / 6)
        for year in stride(from: minYear, through: maxYear, by: step) {
            s += text(x(year), height - margin.bottom + 22, String(year), anchor: "middle", size: 14)
        }
        for (k, series) in series.enumerated() {
            let pts = series.points.sorted { $0.year < $1.year }
            var segments: [[(year: Int, value: Double)]] = []
            for p in pts {
                if let last = segments.last?.last, p.year == last.year + 1 {
                    segments[segments.count - 1].append(p)
                } else {
                    segments.append([p])
                }
            }
            for segment in segments where segment.count > 1 {
                let path = segment.map { "\(fmt(x($0.year))),\(fmt(y($0.value)))" }.joined(separator: " ")
                s +=
                    "<polyline fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2.5\""
                    + (series.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"\(path)\"/>"
            }
            for p in pts {
                var tip = language.number(p.value, decimals: decimals)
                if let ci = series.intervals[p.year] {
                    // The error bar: the 95 % interval, with caps.
                    let (xx, top, bottom) = (x(p.year), y(ci.upperBound), y(ci.lowerBound))
                    s += line(xx, top, xx, bottom, stroke: series.color, width: 1.5)
                    s += line(xx - 4, top, xx + 4, top, stroke: series.color, width: 1.5)
                    s += line(xx - 4, bottom, xx + 4, bottom, stroke: series.color, width: 1.5)
                    tip += " (" + language.interval(ci, decimals: decimals) + ")"
                }
                s +=
                    "<circle cx=\"\(fmt(x(p.year)))\" cy=\"\(fmt(y(p.value)))\" r=\"3.5\" fill=\"\(series.color)\">"
                    + "<title>\(escape(series.label)) \(p.year): \(escape(tip))</title></circle>"
            }
            // Legend.
            let lx = margin.left + Double(k) * 200
            let ly = height - 12
            s += line(lx, ly - 4, lx + 22, ly - 4, stroke: series.color, width: 2.5, dashed: series.dashed)
            s += text(lx + 28, ly, series.label, anchor: "start", size: 14)
        }
        for t in targets {
            let (xx, yy) = (x(t.year), y(t.value))
            let tip = "\(t.label) \(t.year): \(language.number(t.value, decimals: decimals))"
            s +=
                "<polygon points=\"\(fmt(xx)),\(fmt(yy - 7)) \(fmt(xx + 7)),\(fmt(yy)) \(fmt(xx)),\(fmt(yy + 7)) \(fmt(xx - 7)),\(fmt(yy))\" fill=\"#fff\" stroke=\"#6a3d9a\" stroke-width=\"2\"><title>\(escape(tip))</title></polygon>"
            s += text(xx - 9, yy - 10, "\(t.label) \(t.year)", anchor: "end", size: 12)
        }
        return s + "</svg>"
    }

    /// Horizontal bars, one per label, the highlighted one darker.
    static func bars(
        title: String, bars: [(label: String, value: Double, highlight: Bool)], decimals: Int, language: Language
    )
        -> String
    {
        guard !bars.isEmpty else { return "" }
        let rowH = 30.0
        let h = 14 + rowH * Double(bars.count) + 8
        let left = 170.0
        let plotW = width - left - 70
        let high = max(bars.map(\.value).max() ?? 1, 1e-9)
        var s = open(title: title, height: h)
        for (i, bar) in bars.enumerated() {
            let y = 14 + Double(i) * rowH
            let w = max(1, plotW * bar.value / high)
            s += text(left - 8, y + 17, bar.label, anchor: "end", size: 14)
            s +=
                "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"22\" fill=\"\(bar.highlight ? "#1f5f99" : "#9bbbd9")\"/>"
            s += text(left + w + 6, y + 17, language.number(bar.value, decimals: decimals), anchor: "start", size: 14)
        }
        return s + "</svg>"
    }

    // MARK: - Pieces

    private static func open(title: String, height h: Double = height) -> String {
        "<svg class=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(h))\" "
            + "preserveAspectRatio=\"xMinYMin meet\"><title>\(escape(title))</title>"
    }

    private static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dashed: Bool = false
    ) -> String {
        "<line x1=\"\(fmt(x1))\" y1=\"\(fmt(y1))\" x2=\"\(fmt(x2))\" y2=\"\(fmt(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(fmt(width))\""
            + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>"
    }

    private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int) -> String {
        "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"#333\">\(escape(content))</text>"
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
