import Foundation
import SDG4Aggregate
import SDG4Model

extension ReportData {
    /// Reads a run's results back from its output folder (`indicators.csv`, `run.json`,
    /// `quality.json` and, when there, `changes.json`), for `sdg4 report`.
    public static func load(from folder: String) throws(ReportError) -> ReportData {
        func text(_ name: String) throws(ReportError) -> String {
            guard let t = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else {
                throw .missingResults(path: folder + "/" + name)
            }
            return t
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let manifest = try? decoder.decode(RunManifest.self, from: Data(try text("run.json").utf8)) else {
            throw .missingResults(path: folder + "/run.json")
        }
        guard let quality = try? JSONDecoder().decode(QualityReport.self, from: Data(try text("quality.json").utf8))
        else { throw .missingResults(path: folder + "/quality.json") }
        let changes = (try? String(contentsOfFile: folder + "/changes.json", encoding: .utf8)).flatMap(
            RunChanges.decode)
        var values: [IndicatorValue] = []
        let lines = try text("indicators.csv").split(separator: "\n")
        guard let header = lines.first, header.hasPrefix("indicator,uis_id,") else {
            throw .missingResults(path: folder + "/indicators.csv")
        }
        for line in lines.dropFirst() {
            let f = CSVText.fields(of: String(line))
            // 20 columns since issue 16 (se, ci_lower, ci_upper, sample_size); 16 before.
            guard f.count == 16 || f.count == 20, let year = Int(f[4]), let value = Double(f[10]),
                let location = Location(rawValue: f[7]),
                let wealth = Wealth(rawValue: f[8])
            else { continue }
            var v = IndicatorValue(
                indicator: f[0], uisId: f[1], sdgSeries: f[2], country: Country(rawValue: f[3]), year: year,
                level: f[5], sex: Sex(rawValue: f[6]) ?? .total, location: location, wealth: wealth, ageGroup: f[9],
                value: value, numerator: Double(f[11]) ?? .nan, denominator: Double(f[12]) ?? .nan, unit: f[13],
                flags: f[14].isEmpty ? [] : f[14].split(separator: ";").map(String.init),
                sources: f[15].isEmpty ? [] : f[15].split(separator: ";").map(String.init))
            if f.count == 20 {
                v.standardError = Double(f[16])
                if let lower = Double(f[17]), let upper = Double(f[18]), lower <= upper { v.interval = lower...upper }
                v.sampleSize = Int(f[19])
            }
            values.append(v)
        }
        var data = ReportData(
            pipelineName: manifest.pipelineName, values: values, inputs: manifest.inputs, quality: quality,
            changes: changes)
        data.published = publishedValues(try? String(contentsOfFile: folder + "/published.csv", encoding: .utf8))
        return data
    }

    /// The rows of `published.csv` (none when it is absent: an older run's folder).
    static func publishedValues(_ text: String?) -> [Published] {
        guard let lines = text?.split(separator: "\n"), lines.first?.hasPrefix("uis_id,country,year,published") == true
        else { return [] }
        let footnotes = CSVText.fields(of: String(lines[0])).firstIndex(of: "footnotes")
        return lines.dropFirst().compactMap { line in
            let f = CSVText.fields(of: String(line))
            guard f.count >= 4, let year = Int(f[2]), let value = Double(f[3]) else { return nil }
            let notes = footnotes.flatMap { $0 < f.count && !f[$0].isEmpty ? f[$0] : nil }
            return Published(
                uisId: f[0], country: Country(rawValue: f[1]), year: year, value: value,
                footnotes: notes.map { $0.components(separatedBy: " | ") } ?? [])
        }
    }
}
