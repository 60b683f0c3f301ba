import Testing

@testable import SDG4CSV
@testable import SDG4Ingest

/// Numbers as national spreadsheets write them, and the delimiter and decimal mark guessed from
/// a file's first lines.
@Suite("Dialects")
struct DialectTests {
    static func double(_ s: String, _ style: NumberStyle) -> Double? {
        Array(s.utf8).withUnsafeBytes { style.double($0) }
    }

    @Test(arguments: [
        ("12,5", 12.5), ("1 234,5", 1234.5), ("1\u{00A0}234\u{00A0}567", 1_234_567), ("1\u{202F}234,25", 1234.25),
        ("1.234,5", 1234.5), ("1.234.567", 1_234_567), ("-3,75", -3.75), ("469852", 469852),
    ])
    func decimalComma(text: String, expected: Double) {
        #expect(Self.double(text, .comma) == expected)
    }

    @Test(arguments: [("1 234.5", 1234.5), ("1'234'567", 1_234_567), ("12.5", 12.5), ("1\u{00A0}000", 1000)])
    func decimalDot(text: String, expected: Double) {
        #expect(Self.double(text, .dot) == expected)
    }

    /// Separators only between groups of three digits: anything else is not a number.
    @Test(arguments: ["12 34", "1 2345", "1.5.2", "1,2,3", "12,5,", "1 234 56", "abc", "1.234,5.6"])
    func malformedWithDecimalComma(text: String) {
        #expect(Self.double(text, .comma) == nil)
    }

    @Test func delimiterSniffing() {
        func sniff(_ s: String) -> UInt8 { Array(s.utf8).withUnsafeBytes { Dialect.sniffDelimiter($0) } }
        #expect(sniff("a,b,c\n1,2,3\n") == UInt8(ascii: ","))
        #expect(sniff("Страна;Год;Значение\nKGZ;2019;12,5\n") == UInt8(ascii: ";"))
        #expect(sniff("a\tb\tc\n") == 0x09)
        #expect(sniff("a|b|c\n") == UInt8(ascii: "|"))
        #expect(sniff("\"a;b\",c,d\n") == UInt8(ascii: ","))  // quoted ; does not count
        #expect(sniff("single\n1\n") == UInt8(ascii: ","))
    }

    /// Found by the read-path fuzzer: a tie between `;` and `|` was broken by a dictionary's
    /// order, which differs from one process (and one dictionary) to the next, so the same file
    /// could be read with another delimiter. A tie now goes to the first of `,` `;` tab `|`,
    /// whatever the order the delimiters appear in.
    @Test func aTieBetweenDelimitersIsBrokenTheSameWayEveryTime() {
        func sniff(_ s: String) -> UInt8 { Array(s.utf8).withUnsafeBytes { Dialect.sniffDelimiter($0) } }
        for header in ["a;b|c", "a|b;c", "a|b|c;d;e", "x\ty;z", "p|q\tr"] {
            let expected: UInt8 =
                header.contains(";") ? UInt8(ascii: ";") : header.contains("\t") ? 0x09 : UInt8(ascii: "|")
            for _ in 0..<50 { #expect(sniff(header + "\n") == expected, "\(header)") }
        }
        #expect(sniff("a,b;c|d\n") == UInt8(ascii: ","))
    }

    @Test func decimalCommaSniffing() {
        func sniff(_ s: String, _ d: Character) -> Bool {
            Array(s.utf8).withUnsafeBytes { Dialect.sniffDecimalComma($0, delimiter: d.asciiValue!) }
        }
        #expect(sniff("a;b\nKGZ;12,5\n", ";"))
        #expect(sniff("a;b\nKGZ;1 234,5\n", ";"))
        #expect(!sniff("a;b\nKGZ;1234\n", ";"))
        #expect(!sniff("a,b\nKGZ,12\n", ","))  // a comma delimiter cannot be a decimal mark
    }
}
