import Foundation
import SDG4Model
import Testing

/// Rules of the read stage at its own boundary: a CSV string in, the file's result out
/// (`TestSupport.read`), no pipeline run.
@Suite("Read stage")
struct ReadStageTests {
    static let table =
        "    format: table\n    measure: enrolment\n    columns: {country: C, year: Y, level: L, value: V}\n"

    /// Found by the read-path fuzzer: the decimal comma was guessed from the first chunk read,
    /// so a file read in small chunks took `1 234,5` for a bad number. The guess now looks at
    /// the file's first MiB whatever the chunk size. Here the first comma number is past byte 40.
    @Test(arguments: [16, 41, 1 << 20])
    func theDialectDoesNotDependOnTheChunkSize(chunkSize: Int) throws {
        let text = "C;Y;L;V\nKGZ;2019;1;100\nKGZ;2019;2;200\nKGZ;2020;1;\"1 234,5\"\n"
        let result = try TestSupport.read(Self.table, text, chunkSize: chunkSize)
        #expect(result.input.decimal == ",")
        #expect(result.input.rowsAccepted == 3)
        // 1 234,5 read as 1234.5: a fractional count, used as read (a warning, not a rejection).
        #expect(result.diagnostics.map(\.code) == ["row.fractional-count"])
        #expect(result.diagnostics.first?.value == "1 234,5")
    }

    @Test func aRowWithTooFewFieldsIsRejectedWithItsLine() throws {
        let result = try TestSupport.read(Self.table, "C,Y,L,V\nKGZ,2019,1,100\nKGZ,2019,1\n")
        #expect(result.input.rowsAccepted == 1)
        #expect(result.input.rowsRejected == 1)
        let problem = try #require(result.diagnostics.first)
        #expect((problem.code, problem.line, problem.severity) == ("row.ragged", 3, .error))
        #expect(result.rejects.map(\.text) == ["KGZ,2019,1"])
    }

    @Test func anUnknownCountryNamesItsColumnAndValue() throws {
        let result = try TestSupport.read(Self.table, "C,Y,L,V\nKyrgyzztan,2019,1,100\n")
        let problem = try #require(result.diagnostics.first)
        #expect(
            (problem.code, problem.line, problem.column, problem.value) == ("row.unknown-country", 2, 1, "Kyrgyzztan"))
        #expect(problem.message.contains("column C"))
    }
}

extension ReadStageTests {
    /// The columns of a source's `design:` must be in the file (issue 16): a PISA file without
    /// its last replicate weight is a header problem naming the column, and nothing of it is used.
    @Test func aFileWithoutADesignColumnIsAHeaderProblem() throws {
        let source =
            "    format: microdata\n    kind: assessment\n    stage: lower-secondary-end\n    year: 2018\n"
            + "    columns: {country: CNT, weight: W_FSTUWT}\n"
            + "    subjects:\n      - {name: reading, plausible_values: [PV1READ, PV2READ], cut_score: 407.47}\n"
            + "    design: {type: brr, replicate_weights: {prefix: W_FSTURWT, from: 1, to: 3}, fay: 0.5}\n"
        let complete = try TestSupport.read(
            source, "CNT,W_FSTUWT,W_FSTURWT1,W_FSTURWT2,W_FSTURWT3,PV1READ,PV2READ\nKAZ,10,5,15,10,450,460\n")
        #expect(complete.diagnostics.isEmpty)
        #expect(complete.input.rowsAccepted == 1)
        let partial = try TestSupport.read(
            source, "CNT,W_FSTUWT,W_FSTURWT1,W_FSTURWT2,PV1READ,PV2READ\nKAZ,10,5,15,450,460\n")
        let problem = try #require(partial.diagnostics.first)
        #expect(problem.code == "header.missing-column")
        #expect(problem.message.contains("W_FSTURWT3 (for the sampling design)"), "\(problem.message)")
        #expect(partial.input.status == .unreadable)
    }
}
