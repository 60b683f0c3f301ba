import Foundation
import Testing

@testable import SDG4Aggregate
@testable import SDG4CSV
@testable import SDG4Clean
@testable import SDG4Ingest
@testable import SDG4Model
@testable import SDG4Pipeline
@testable import SDG4PipelineFile
@testable import SDG4Read

/// Tables as statistics offices publish them (issue 17): a title above the header, school years
/// as columns, the republic and its oblasts in one table, space thousands, footnote marks on
/// values and notes below; roles fixed on the source; a wide table by sex; scale and year shift.
/// Expected values are the fixtures' own numbers.
@Suite("Statistics-office tables")
struct StatisticsOfficeTableTests {
    /// Kazakhstan's pupils of general schools by school year: two title lines, the republic
    /// and two oblasts, a footnote mark on two values, two notes below.
    static let wideByYear = """
        Численность учащихся дневных общеобразовательных школ,,,,
        (на начало учебного года; человек),,,,
        Регион,2019/2020,2020/2021,2021/2022,2022/2023
        Республика Казахстан,3 308 659,3 426 853,3 555 543*,3 689 422¹
        Акмолинская область,108 200,110 051,111 740,113 004
        г. Алматы,262 560,276 410,293 113,307 250
        * Предварительные данные,,,,
        ¹ Без учёта вечерних школ,,,,

        """

    static let wideByYearSource = """
            format: table
            measure: enrolment
            country: KAZ
            level: "1"
            header_row: 3
            where: {Регион: Республика Казахстан}
            wide: {year: "20??/20??"}

        """

    static func values(_ r: FileResult) -> [Int: (Double, ValueFlags)] {
        Dictionary(uniqueKeysWithValues: r.partial.cells.map { ($0.key.year, ($0.value.value, $0.value.flags)) })
    }

    @Test func aWideTableByYearWithTitlesNotesAndFootnotes() throws {
        let r = try TestSupport.read(Self.wideByYearSource, Self.wideByYear)
        let v = Self.values(r)
        // The school year is the reference year it ends in; the republic's row only.
        #expect(v.keys.sorted() == [2020, 2021, 2022, 2023])
        #expect(v[2020]?.0 == 3_308_659 && v[2020]?.1 == [])
        #expect(v[2021]?.0 == 3_426_853)
        #expect(v[2022]?.0 == 3_555_543 && v[2022]?.1 == .footnote)
        #expect(v[2023]?.0 == 3_689_422 && v[2023]?.1 == .footnote)
        #expect(r.partial.cells.keys.allSatisfy { $0.country.rawValue == "KAZ" && $0.level == .primary && $0.sex == .total })
        // 3 data rows and 2 notes read; the oblasts filtered by where:, the notes kept out.
        #expect(r.input.rowsRead == 5)
        #expect(r.input.rowsAccepted == 1 && r.input.rowsFiltered == 2 && r.input.rowsIgnored == 2)
        #expect(r.input.rowsRejected == 0 && r.rejects.isEmpty)
        let notes = try #require(r.diagnostics.first { $0.code == "input.table-notes" })
        #expect(notes.severity == .info && notes.line == 7)
        #expect(notes.message.contains("* Предварительные данные") && notes.message.contains("¹ Без учёта вечерних школ"))
    }

    /// A text-only line followed by data is no note: filtered when `where:` keeps it out, else
    /// a bad row that says why.
    @Test func aTextLineInsideTheTableIsNoNote() throws {
        let text = Self.wideByYear.replacingOccurrences(
            of: "Акмолинская область", with: "Городская местность,,,,\nАкмолинская область")
        let filtered = try TestSupport.read(Self.wideByYearSource, text)
        #expect(filtered.input.rowsRejected == 0 && filtered.input.rowsFiltered == 3)
        #expect(filtered.diagnostics.first { $0.code == "input.table-notes" }?.message.contains("Городская") == false)
        #expect(Self.values(filtered).count == 4)
        let kept = try TestSupport.read(
            Self.wideByYearSource.replacingOccurrences(of: "Республика Казахстан}", with: "[Республика Казахстан, Городская местность]}"),
            text)
        #expect(kept.input.rowsRejected == 1)
        #expect(kept.rejects.map(\.line) == [5] && kept.rejects.first?.codes == ["row.text-only"])
        let problem = try #require(kept.diagnostics.first { $0.code == "row.text-only" })
        #expect(problem.line == 5 && problem.column == 1 && problem.value == "Городская местность")
    }

    /// Empty lines a spreadsheet leaves below the notes do not end them, and are no data.
    @Test func emptyLinesBelowTheNotes() throws {
        let r = try TestSupport.read(Self.wideByYearSource, Self.wideByYear + ",,,,\n,,,,\n")
        #expect(r.input.rowsRejected == 0 && r.input.rowsMissing == 0)
        #expect(r.input.rowsIgnored == 4 && r.input.rowsRead == 7)
        #expect(r.diagnostics.contains { $0.code == "input.table-notes" && $0.message.hasPrefix("2 note line(s)") })
    }

    /// Without `where:`, the oblasts' values fall on the republic's keys: each such row is one
    /// conflicting duplicate (counted and kept in the rejected rows once), never a negative count.
    @Test func duplicatesOfAWideRowCountOnce() throws {
        let r = try TestSupport.read(
            Self.wideByYearSource.replacingOccurrences(of: "    where: {Регион: Республика Казахстан}\n", with: ""),
            Self.wideByYear)
        #expect(r.input.rowsRead == 5)
        #expect(r.input.rowsAccepted == 1 && r.input.rowsRejected == 2 && r.input.rowsIgnored == 2)
        #expect(r.rejects.map(\.line) == [5, 6])
        #expect(Self.values(r)[2020]?.0 == 3_308_659)
    }

    /// Title lines in another delimiter do not decide how the table is read.
    @Test func aTitleWithSemicolonsAboveACommaTable() throws {
        let text = "Численность учащихся; человек; на начало года\n" + Self.wideByYear.split(separator: "\n", maxSplits: 1)[1]
        let r = try TestSupport.read(Self.wideByYearSource, String(text))
        #expect(r.input.delimiter == "," && Self.values(r).count == 4)
    }

    /// By sex as columns (a map of headers), a school year in a column, Russian headers.
    @Test func aWideTableBySex() throws {
        let text = """
            Учебный год;Всего;Мужчины;Женщины
            2019/20;1 000;510;490
            2020/21;1 100;..;540

            """
        let r = try TestSupport.read(
            """
                format: table
                measure: enrolment
                country: KGZ
                level: "2"
                columns: {year: Учебный год}
                wide: {sex: {Всего: _T, Мужчины: M, Женщины: F}}

            """, text)
        var got: [String: Double] = [:]
        for (k, c) in r.partial.cells { got["\(k.year) \(k.sex.rawValue)"] = c.value }
        #expect(got == ["2020 _T": 1000, "2020 M": 510, "2020 F": 490, "2021 _T": 1100, "2021 F": 540])
        #expect(r.input.rowsAccepted == 2 && r.input.rowsRejected == 0)
    }

    /// A bad cell of a wide row is reported with its column; the row's other values are used.
    @Test func aBadCellOfAWideRowLosesOnlyItself() throws {
        let text = Self.wideByYear.replacingOccurrences(of: "3 426 853", with: "3 42x 853")
        let r = try TestSupport.read(Self.wideByYearSource, text)
        #expect(Self.values(r).keys.sorted() == [2020, 2022, 2023])
        let bad = try #require(r.diagnostics.first { $0.code == "row.bad-number" })
        #expect(bad.line == 4 && bad.column == 3 && bad.value == "3 42x 853")
        #expect(r.input.rowsAccepted == 1 && r.input.rowsRejected == 0)
    }

    /// `scale:` shifts the written decimal (no binary error), and `year_shift:` moves the year.
    @Test func scaleAndYearShift() throws {
        let r = try TestSupport.read(
            """
                format: table
                measure: population
                sex: _T
                scale: 1000
                year_shift: 1
                columns: {country: Country, year: Year, age: Age, value: Thousands}

            """,
            "Country,Year,Age,Thousands\nKAZ,2019,6,123.456\nKAZ,2019,7,285.268999999999\nKAZ,2019,100+,0.9\nKAZ,2019,80 и старше,1\nKAZ,2019,8,1.5e-3\nKAZ,2019,9,..*\n")
        var got: [Age: Double] = [:]
        for (k, c) in r.partial.cells {
            #expect(k.year == 2020)
            got[k.age] = c.value
        }
        #expect(got == [.years(6): 123_456, .years(7): 285_269, .years(8): 1.5])
        #expect(r.input.rowsMissing == 1)  // `..*`: missing, with a footnote mark
        #expect(r.input.rowsIgnored == 2)
        #expect(r.diagnostics.contains { $0.code == "row.ignored" && $0.message.contains("open age groups") })
    }

    @Test(arguments: [
        ("2020", 2020), ("2019/2020", 2020), ("2019/20", 2020), ("2019-2020", 2020), ("2019–2020", 2020),
        (" 1999/00 ", 2000), ("2019/2021", nil), ("2019/21", nil), ("19/20", nil), ("2019/", nil),
    ] as [(String, Int?)])
    func schoolYears(text: String, expected: Int?) {
        #expect(ReferenceYear.parse(text) == expected)
    }

    @Test func footnoteMarks() {
        func stripped(_ s: String) -> String? {
            Array(s.utf8).withUnsafeBytes { TableRowCleaner.withoutFootnoteMark($0).map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(stripped("1 433 250*") == "1 433 250")
        #expect(stripped("12,5 ¹") == "12,5")
        #expect(stripped("7**") == "7")
        #expect(stripped("3⁴") == "3")
        #expect(stripped("12") == nil)
        #expect(stripped("*") == nil)
    }

    /// Every new key is checked with its line; a role needs a column, a fixed value or wide:.
    @Test(arguments: [
        ("country: Atlantis", "expected an ISO3"),
        ("scale: 3", "power of ten"),
        ("year_shift: 40", "-5 to 5"),
        ("header_row: 0", "line number of the header"),
        ("wide: {value: \"x*\"}", "cannot be given by headers"),
        ("where: []", "expected a mapping"),
        ("year: 2019/2021", "expected a year"),
    ])
    func pipelineFileErrors(key: String, message: String) throws {
        let folder = TestSupport.temporaryFolder()
        let yaml = """
            sources:
              - id: s
                path: data.csv
                format: table
                measure: enrolment
                level: "1"
                columns: {country: C, year: Y, value: V}
                \(key)
            """
        #expect {
            try PipelineFileParser.load(TestSupport.write(yaml, to: folder, "p.yml"))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func aTableNeedsCountryYearAndValueFromSomewhere() throws {
        let folder = TestSupport.temporaryFolder()
        let yaml = "sources:\n  - id: s\n    path: d.csv\n    format: table\n    measure: enrolment\n    level: \"1\"\n"
        #expect {
            try PipelineFileParser.load(TestSupport.write(yaml, to: folder, "p.yml"))
        } throws: { error in
            "\(error)".contains("country (a column") && "\(error)".contains("value (a column, or 'wide:')")
        }
    }

    /// A `where:` header the file lacks stops the file with a message naming it.
    @Test func aWhereHeaderMissingFromTheFile() throws {
        let r = try TestSupport.read(
            Self.wideByYearSource.replacingOccurrences(of: "Регион:", with: "Область:"), Self.wideByYear)
        #expect(r.input.status != .ok)
        #expect(r.diagnostics.contains { $0.message.contains("Область (for where:)") })
    }

    /// A file read with another scale or where: is read again (the ledger's fingerprint).
    @Test func theLayoutIsPartOfTheFingerprint() {
        var a = SourceSpec(id: "s", index: 0, format: .table)
        var b = a
        b.table.scale = 1000
        var c = a
        c.table.keep = [TableLayout.Condition(header: "Variant", values: ["Medium"])]
        let prints = [a, b, c].map {
            ContributionFingerprint.of(source: $0, display: "f.csv", filter: RowFilter(), version: "1")
        }
        #expect(Set(prints).count == 3)
        a.table = TableLayout()
        #expect(ContributionFingerprint.of(source: a, display: "f.csv", filter: RowFilter(), version: "1") == prints[0])
    }
}
