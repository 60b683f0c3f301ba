import Testing

@testable import SDG4CSV

/// The libcsv-based reader: quoting, line endings, line numbers and chunk boundaries.
@Suite("CSV parser")
struct CSVParserTests {
    /// Parses `text` fed in chunks of `chunkSize` bytes; returns (line, fields) per record.
    static func parse(_ text: String, chunkSize: Int = 1 << 16) throws -> [(Int, [String])] {
        let parser = CSVParser()
        var out: [(Int, [String])] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(i + chunkSize, bytes.count)
            try bytes[i..<end].withUnsafeBytes { chunk in
                try parser.feed(chunk) { out.append(($0.line, $0.strings)) }
            }
            i = end
        }
        try parser.finish { out.append(($0.line, $0.strings)) }
        return out
    }

    @Test func plainRecords() throws {
        let rows = try Self.parse("a,b,c\n1,2,3\n")
        #expect(rows.map(\.1) == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(rows.map(\.0) == [1, 2])
    }

    @Test func quotesDoubledQuotesEmbeddedDelimitersAndNewlines() throws {
        let text = "name,note\n\"Osh, city\",\"said \"\"hi\"\"\"\n\"two\nlines\",x\nlast,y\n"
        let rows = try Self.parse(text)
        #expect(
            rows.map(\.1) == [["name", "note"], ["Osh, city", "said \"hi\""], ["two\nlines", "x"], ["last", "y"]])
        // The record with an embedded newline starts on line 3; the next one on line 5.
        #expect(rows.map(\.0) == [1, 2, 3, 5])
    }

    @Test func crlfAndEmptyFieldsAndLastLineWithoutNewline() throws {
        let rows = try Self.parse("a,b,c\r\n1,,3\r\n,,\r\n4,5,6")
        #expect(rows.map(\.1) == [["a", "b", "c"], ["1", "", "3"], ["", "", ""], ["4", "5", "6"]])
        #expect(rows.map(\.0) == [1, 2, 3, 4])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let rows = try Self.parse("a,b\n\n1,2\n")
        #expect(rows.map(\.1) == [["a", "b"], ["1", "2"]])
        #expect(rows.map(\.0) == [1, 3])
    }

    /// Every chunk size from 1 byte up: boundaries fall inside quoted fields, inside doubled
    /// quotes, between CR and LF; the records and lines must not change.
    @Test(arguments: 1...23)
    func chunkBoundariesAnywhere(chunkSize: Int) throws {
        let text = "id,text\r\n1,\"a \"\"quoted\"\", long\r\nfield\"\r\n2,plain\r\n3,\"\"\r\n"
        let whole = try Self.parse(text)
        let chunked = try Self.parse(text, chunkSize: chunkSize)
        #expect(chunked.map(\.1) == whole.map(\.1))
        #expect(chunked.map(\.0) == whole.map(\.0))
        #expect(
            whole.map(\.1) == [["id", "text"], ["1", "a \"quoted\", long\r\nfield"], ["2", "plain"], ["3", ""]])
        #expect(whole.map(\.0) == [1, 2, 4, 5])
    }

    @Test func unterminatedQuoteIsAnErrorWithItsLine() throws {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) {
            _ = try Self.parse("a,b\n1,2\n3,\"open\n4,5\n")
        }
    }

    @Test func fieldLongerThanTheLimitMarksItsRecordAndReadingGoesOn() throws {
        let parser = CSVParser(maxFieldBytes: 8)
        let text = Array("a,b\nshort,123456789012\nnext,1\n".utf8)
        var marks: [(Int, Int?)] = []
        var fields: [[String]] = []
        try text.withUnsafeBytes {
            try parser.feed($0) {
                marks.append(($0.line, $0.oversizedField))
                fields.append($0.strings)
            }
        }
        try parser.finish { marks.append(($0.line, $0.oversizedField)) }
        #expect(marks.map(\.0) == [1, 2, 3])
        #expect(marks.map(\.1) == [nil, 2, nil])
        // The oversized field keeps its first bytes (at most 64: here all 12), nothing beyond it.
        #expect(fields == [["a", "b"], ["short", "123456789012"], ["next", "1"]])
    }

    @Test func semicolonDelimiter() throws {
        let parser = CSVParser(delimiter: UInt8(ascii: ";"))
        var rows: [[String]] = []
        try Array("a;b\n1,5;2\n".utf8).withUnsafeBytes { try parser.feed($0) { rows.append($0.strings) } }
        try parser.finish { rows.append($0.strings) }
        #expect(rows == [["a", "b"], ["1,5", "2"]])
    }
}

extension CSVParserTests {
    @Test func unterminatedQuoteInTheFirstFieldReportsTheRecordsLine() throws {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) {
            _ = try Self.parse("a,b\n1,2\n\"open,5\n6,7\n")
        }
    }
}

extension CSVParserTests {
    @Test func oldMacLineBreaksInsideAQuotedFirstField() throws {
        // CR-only file: the second record's first field spans lines 2-3; the next starts on 4.
        let rows = try Self.parse("a,b\r\"x\ry\",1\rz,2\r")
        #expect(rows.map(\.1) == [["a", "b"], ["x\ry", "1"], ["z", "2"]])
        #expect(rows.map(\.0) == [1, 2, 4])
    }
}
