import Foundation
import Testing

@testable import SDG4Ingest
@testable import SDG4Pipeline
@testable import SDG4PipelineFile

/// The same table saved the ways ministries save it gives the same indicators, byte for byte.
@Suite("Encodings")
struct EncodingTests {
    /// The table in Russian, as an EMIS export: Cyrillic headers and names, decimal commas in
    /// the 8-bit variants. KGZ 2019: population 10 girls a year 7-10 (40), enrolment 42.
    static let table = """
        Страна,Год,Показатель,Уровень,Пол,Возраст,Значение
        Кыргызстан,2019,enrolment,начальное,ж,_T,42
        Кыргызстан,2019,population,,ж,7,10
        Кыргызстан,2019,population,,ж,8,10
        Кыргызстан,2019,population,,ж,9,10
        Кыргызстан,2019,population,,ж,10,10

        """

    /// Encodes text in Windows-1251 or KOI8-R with sdg4's own tables (inverted).
    static func eightBit(_ text: String, _ high: [UInt32]) -> [UInt8] {
        var inverse: [UInt32: UInt8] = [:]
        for (i, scalar) in high.enumerated() { inverse[scalar] = UInt8(0x80 + i) }
        return text.unicodeScalars.map { $0.value < 0x80 ? UInt8($0.value) : inverse[$0.value]! }
    }

    static var variants: [(name: String, bytes: [UInt8], encoding: String)] {
        // The 8-bit exports use ';' and a decimal comma ("42,0"), as Russian Excel does.
        let semicolons = table.replacingOccurrences(of: ",", with: ";").replacingOccurrences(
            of: ";42\n", with: ";42,0\n")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in table.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var utf16BE: [UInt8] = [0xFE, 0xFF]
        for unit in table.utf16 { utf16BE += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        return [
            ("utf8", Array(table.utf8), "utf-8"),
            ("utf8-bom", [0xEF, 0xBB, 0xBF] + Array(table.utf8), "utf-8"),
            ("utf16le", utf16, "utf-16le"),
            ("utf16be", utf16BE, "utf-16be"),
            ("cp1251", eightBit(semicolons, TextEncoding.windows1251High), "windows-1251"),
            ("koi8r", eightBit(semicolons, TextEncoding.koi8rHigh), "koi8-r"),
        ]
    }

    static func run(_ bytes: [UInt8]) throws -> (indicators: String, input: [String: Any]) {
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/data/table.csv"))
        // The pipeline names the columns in English: the Russian headers match by alias.
        TestSupport.write(
            """
            sources:
              - id: emis
                path: data/*.csv
                format: table
                columns: {country: Country, year: Year, measure: Measure, level: Level, sex: Sex, age: Age, value: Value}
            """, to: folder, "p.yml")
        let definition = try PipelineFileParser.load(folder + "/p.yml")
        _ = try PipelineRunner(definition: definition, options: .init(jobs: 1, outputDirectory: folder + "/out")).run()
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/run.json")))
            as! [String: Any]
        return (
            try String(contentsOfFile: folder + "/out/indicators.csv", encoding: .utf8),
            (json["inputs"] as! [[String: Any]])[0]
        )
    }

    @Test func everyEncodingGivesTheSameIndicators() throws {
        var outputs: [String] = []
        for variant in Self.variants {
            let (indicators, input) = try Self.run(variant.bytes)
            #expect(input["encoding"] as? String == variant.encoding, "\(variant.name)")
            #expect(input["rows_rejected"] as? Int == 0, "\(variant.name): \(input)")
            outputs.append(indicators)
        }
        #expect(Set(outputs).count == 1)
        // GER.1.F = 100 × 42 / 40 = 105 (enrolment 42 over girls aged 7-10).
        #expect(outputs[0].contains("ger,GER.1.F,,KGZ,2019,1,F,_T,_T,7-10,105,42,40,percent"))
    }

    @Test func detection() {
        func detect(_ bytes: [UInt8]) -> TextEncoding { bytes.withUnsafeBytes { TextEncoding.detect($0).encoding } }
        for v in Self.variants {
            #expect(detect(v.bytes).rawValue == v.encoding, "\(v.name)")
        }
        #expect(detect([0xFE, 0xFF, 0x00, 0x41]) == .utf16BE)
    }

    @Test func aStrayByteDoesNotTurnUTF8IntoACodePage() {
        // Cyrillic UTF-8 with one bad byte (0xA0 alone): still UTF-8.
        let bytes = Array("Страна,Год\nКыргызстан,2019\nКазахстан,2020\n".utf8) + [0xA0] + Array("\n".utf8)
        #expect(bytes.withUnsafeBytes { TextEncoding.detect($0).encoding } == .utf8)
    }

    @Test func upperCaseWindows1251IsNotKOI8() {
        // Capital letters sit where KOI8-R has its small ones: letter frequencies decide.
        let text = "СТРАНА;ГОД;ПОЛ\nКЫРГЫЗСТАН;2019;Ж\nКАЗАХСТАН;2019;ВСЕГО\n"
        let bytes = Self.eightBit(text, TextEncoding.windows1251High)
        #expect(bytes.withUnsafeBytes { TextEncoding.detect($0).encoding } == .windows1251)
        let koi = Self.eightBit(text, TextEncoding.koi8rHigh)
        #expect(koi.withUnsafeBytes { TextEncoding.detect($0).encoding } == .koi8r)
    }

    @Test func utf16SplitAcrossChunks() {
        // "Год" in UTF-16LE with BOM, fed one byte at a time: the same text comes out.
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "Год,1".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var t = Transcoder(encoding: .utf16LE, bom: 2)
        var out: [UInt8] = []
        var all: [UInt8] = []
        for b in bytes {
            [b].withUnsafeBytes { t.decode($0, into: &out) }
            all += out
        }
        #expect(String(decoding: all, as: UTF8.self) == "Год,1")
    }
}
