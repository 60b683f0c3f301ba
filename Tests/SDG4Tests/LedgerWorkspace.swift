import Foundation
import SDG4Pipeline
import SDG4Report

@testable import SDG4PipelineFile

/// A pipeline with an inbox in a temporary folder, for the ledger tests: two countries'
/// enrolment and population files whose GER values are easy to check by hand.
///
/// Primary in Kyrgyzstan and Tajikistan starts at 7 and lasts 4 years (ages 7-10). Every file
/// gives, for 2019, each age 7-10 and each sex: population 100; enrolment in primary 95
/// (Kyrgyzstan) or 90 (Tajikistan). So GER.1.F is 4 x 95 / 400 = 95 % (KGZ) and 90 % (TJK).
struct LedgerWorkspace {
    let root: String
    var pipeline: String { root + "/pipeline.yml" }
    var inbox: String { root + "/inbox" }
    var out: String { root + "/out" }
    var ledger: String { root + "/.sdg4/ledger.sqlite" }

    init() {
        root = TestSupport.temporaryFolder()
        TestSupport.write(
            """
            name: ledger-test
            countries: [KGZ, TJK]
            inbox: inbox
            sources:
              - id: enrolment
                path: data/enrolment-*.csv
                format: table
                measure: enrolment
                columns: {country: Country, year: Year, level: ISCED, sex: Sex, age: Age, value: Pupils}
                inbox: "enrolment-*.csv"
              - id: population
                path: data/population-*.csv
                format: table
                measure: population
                columns: {country: Country, year: Year, sex: Sex, age: Age, value: Population}
                inbox: "population-*.csv"
            indicators: [ger]
            outputs:
              dir: out

            """, to: root, "pipeline.yml")
        TestSupport.write(Self.enrolment("KGZ", 2019, pupils: 95), to: root, "data/enrolment-KGZ.csv")
        TestSupport.write(Self.enrolment("TJK", 2019, pupils: 90), to: root, "data/enrolment-TJK.csv")
        TestSupport.write(Self.population("KGZ", [2019, 2020]), to: root, "data/population-KGZ.csv")
        TestSupport.write(Self.population("TJK", [2019, 2020]), to: root, "data/population-TJK.csv")
        try! FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    }

    /// Enrolment in primary by single age 7-10 and sex, `pupils` each.
    static func enrolment(_ country: String, _ year: Int, pupils: Int, femalePupils: Int? = nil) -> String {
        var s = "Country,Year,ISCED,Sex,Age,Pupils\n"
        for sex in ["F", "M"] {
            for age in 7...10 {
                s += "\(country),\(year),1,\(sex),\(age),\(sex == "F" ? femalePupils ?? pupils : pupils)\n"
            }
        }
        return s
    }

    /// Population 100 at each age 3-25 and sex.
    static func population(_ country: String, _ years: [Int]) -> String {
        var s = "Country,Year,Sex,Age,Population\n"
        for year in years {
            for sex in ["F", "M"] {
                for age in 3...25 { s += "\(country),\(year),\(sex),\(age),100\n" }
            }
        }
        return s
    }

    /// Drops a file in the inbox, complete: its modification time a minute ago, so that a run
    /// does not take it for a file still being written (`--settle`).
    @discardableResult
    func drop(_ name: String, _ text: String) -> String {
        let path = TestSupport.write(text, to: inbox, name)
        Self.backdate(path)
        return path
    }

    /// Sets a file's modification time `seconds` before now.
    static func backdate(_ path: String, seconds: Int = 60) {
        var st = stat()
        stat(path, &st)
        var times = [
            timespec(tv_sec: time(nil) - seconds, tv_nsec: 0), timespec(tv_sec: time(nil) - seconds, tv_nsec: 0),
        ]
        utimensat(AT_FDCWD, path, &times, 0)
    }

    /// Runs the pipeline in this process with the ledger.
    func run(
        jobs: Int = 2, lockTimeout: Double = 30, settle: Double = 5, pipeline file: String? = nil,
        ledger other: String? = nil, validate: Bool = false
    ) throws -> RunResult {
        let definition = try PipelineFileParser.load(file ?? pipeline)
        return try PipelineRunner(
            definition: definition,
            options: .init(
                jobs: jobs, writeOutputs: !validate, ledgerPath: other ?? ledger, lockTimeout: lockTimeout,
                settleSeconds: settle)
        ).run()
    }

    /// A run with nothing new (docs/inbox.md, rule 5): reads no file and writes the same bytes
    /// as the run before it. Returns a description of what differs (empty when nothing does).
    func nothingNewDiffers(pipeline file: String? = nil) throws -> [String] {
        let before = outputs()
        let result = try run(pipeline: file)
        let after = outputs()
        var out: [String] = []
        if result.filesRead != 0 { out.append("\(result.filesRead) file(s) read") }
        for name in Set(before.keys).union(after.keys).sorted() where before[name] != after[name] {
            out.append("\(name) differs")
        }
        return out
    }

    /// The GER of girls in primary, KGZ, in `year`.
    func girls(_ year: Int = 2019) -> Double? { values()["ger,KGZ,\(year),1,F"] }

    /// The outputs as bytes by name (relative to `out`), `run.json` without what varies
    /// between identical runs (timings, jobs, ledger use).
    func outputs() -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: out)
        while let name = enumerator?.nextObject() as? String {
            // Not outputs: the folder's lock, and a publish in progress (or left by a killed run).
            if name.hasPrefix(".sdg4") { continue }  // the lock and a publish in progress
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out + "/" + name, isDirectory: &isDir), !isDir.boolValue
            else { continue }
            var text = (try? String(contentsOfFile: out + "/" + name, encoding: .utf8)) ?? "<unreadable>"
            if name == "run.json" { text = Self.stableManifest(text) }
            result[name] = text
        }
        return result
    }

    /// `run.json` without timings, jobs and ledger use, keys sorted.
    static func stableManifest(_ text: String) -> String {
        guard var json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return "<not JSON: \(text.prefix(80))>"
        }
        json["timings"] = nil
        json["jobs"] = nil
        json["ledger"] = nil
        let data = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// `indicator,country,year,level,sex` → value, from `indicators.csv`.
    func values() -> [String: Double] {
        let text = (try? String(contentsOfFile: out + "/indicators.csv", encoding: .utf8)) ?? ""
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = CSVText.fields(of: String(line))
            out["\(f[0]),\(f[3]),\(f[4]),\(f[5]),\(f[6])"] = Double(f[10])
        }
        return out
    }

    /// Every file under `folder` (relative name → bytes).
    static func tree(_ folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let name = enumerator?.nextObject() as? String {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDir), !isDir.boolValue
            else { continue }
            result[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return result
    }

    /// Copies the whole workspace (keeping modification times) to a new folder.
    func copy() -> LedgerWorkspace {
        let target = TestSupport.temporaryFolder()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/cp")
        p.arguments = ["-a", root + "/.", target]
        try! p.run()
        p.waitUntilExit()
        return LedgerWorkspace(existing: target)
    }

    private init(existing: String) { root = existing }
}
