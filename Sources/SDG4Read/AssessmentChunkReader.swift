import CSDG4Fields
import SDG4Aggregate
import SDG4CSV
import SDG4Clean
import SDG4Ingest
import SDG4Model

/// The fast reader of a learning assessment (PISA, TIMSS, PIRLS: one student per row, a
/// hundred numbers a row): parses one record-aligned chunk with libcsv and sums its students
/// straight from libcsv's field buffers into the cube's cells, with no value per row. The
/// numbers (weights, replicate weights, plausible values) are read as plain decimals in the
/// C field callback (`sdg4_wide_field`), bit for bit as `ByteNumber` reads them.
///
/// As `CensusChunkReader` does, it takes only the rows it can read with certainty. Any other
/// row (an unknown code, a number it cannot read, a missing weight, the wrong number of
/// fields) is *deferred*: the caller replays it through `AssessmentRowCleaner`, the reference
/// cleaner, which sums it or words the problem. A row is never judged differently by the two,
/// and a student is summed by the one function the cube has for it
/// (`AssessmentCube.add(scores:weight:replicates:cut:to:)`).
struct AssessmentChunkReader: Sendable {
    /// What the reader needs to know of the file and source (set once per file).
    struct Layout: Sendable {
        var columns: Int
        /// Field of each role (country and weight required).
        var country: Int, year: Int?, weight: Int
        var sex: Int?, location: Int?, wealth: Int?
        /// The year of every row when the file has no year column (`year:` on the source).
        var fixedYear: Int?
        var stage: String
        /// Each subject's name, cut score and the fields of its plausible values.
        var subjects: [(name: String, cut: Double, fields: [Int])]
        /// The replicate weights' fields (BRR or another replicate design), in design order.
        var replicates: [Int]
        var design: SampleDesign
        var sourceIndex: Int
        var recodes: [String: [String: String]]
        var missing: MissingMarkers
        var delimiter: UInt8
        var numbers: NumberStyle
        var filter: RowFilter

        /// The layout for an assessment source with this header mapping, or `nil` when the
        /// reference cleaner must read it (a stage column, a Taylor or JK2 design, two roles
        /// in one column).
        init?(source: SourceSpec, mapping: MicrodataMapping, dialect: Dialect, filter: RowFilter) {
            guard let spec = source.microdata, spec.kind == .assessment else { return nil }
            let index = mapping.index
            guard index["stage"] == nil, let c = index["country"], let w = index["weight"] else { return nil }
            switch spec.design {
            case nil, .brr?, .replicate?: break
            case .taylor?, .jk2?: return nil
            }
            replicates = (spec.design?.columns ?? []).indices.map { index["design:\($0)"]! }
            subjects = []
            for s in spec.subjects {
                let fields = s.plausibleValues.indices.compactMap { index["pv:\(s.name):\($0)"] }
                guard fields.count == s.plausibleValues.count else { return nil }
                subjects.append((s.name, s.cutScore, fields))
            }
            (columns, country, year, weight) = (mapping.headers.count, c, index["year"], w)
            (sex, location, wealth) = (index["sex"], index["location"], index["wealth"])
            guard year != nil || spec.year != nil else { return nil }
            fixedYear = spec.year
            stage = spec.stage ?? ""
            design = SampleDesign(spec.design)
            sourceIndex = source.index
            recodes = source.recodes
            missing = MissingMarkers(source)
            delimiter = dialect.delimiter
            numbers = dialect.numbers
            self.filter = filter
            let used = textFields + numericFields
            guard Set(used).count == used.count else { return nil }
        }

        /// The fields read as numbers, in slot order: replicate weights, each subject's
        /// plausible values, the weight (so that a student's replicate weights and each
        /// subject's scores lie side by side).
        var numericFields: [Int] { replicates + subjects.flatMap(\.fields) + [weight] }
        /// The fields read as text, in slot order after the numbers.
        var textFields: [Int] { [country] + [year, sex, location, wealth].compactMap { $0 } }
    }

    /// What a chunk gave.
    struct Result: Sendable {
        /// The students summed, by cell, in the order their groups were first seen.
        var cells: [(key: AssessmentCube.Key, cell: AssessmentCube.Cell)] = []
        /// Rows for the reference cleaner, by index in the chunk, in order.
        var deferred: [Int] = []
        var records = 0
        var accepted = 0
        var filtered = 0
        /// libcsv was between records at the end of the chunk.
        var endsBetweenRecords = true
        /// The last chunk ended inside a quoted field.
        var unterminatedQuote = false
        /// libcsv stopped (out of memory).
        var parseFailed = false
    }

    let layout: Layout

    /// Parses `bytes`, which start at a record boundary; `last` for the file's last chunk.
    func read(_ bytes: UnsafeRawBufferPointer, last: Bool) -> Result {
        let libcsv = LibCSV(delimiter: layout.delimiter)
        let state = UnsafeMutablePointer<AssessmentChunkState>.allocate(capacity: 1)
        state.initialize(to: AssessmentChunkState(layout: layout))
        let row = UnsafeMutablePointer<sdg4_wide_row>.allocate(capacity: 1)
        row.initialize(to: state.pointee.buffers.row(entrySize: libcsv.entrySize, context: UnsafeMutableRawPointer(state)))
        row.pointee.on_record = assessmentRecord
        defer {
            row.deallocate()
            state.pointee.buffers.deallocate()
            state.deinitialize(count: 1)
            state.deallocate()
        }
        var result = Result()
        let end = libcsv.parseChunk(bytes, last: last, field: sdg4_wide_field, record: sdg4_wide_record, context: row)
        (result.parseFailed, result.unterminatedQuote, result.endsBetweenRecords) =
            (end.parseFailed, end.unterminatedQuote, end.betweenRecords)
        state.pointee.finish(into: &result)
        return result
    }
}

/// The end of a record, called by `sdg4_wide_record` (C) with the state and the field count.
private let assessmentRecord: @convention(c) (UnsafeMutableRawPointer?, Int) -> Void = { context, fields in
    context.unsafelyUnwrapped.assumingMemoryBound(to: AssessmentChunkState.self).pointee.endRecord(fields: fields)
}
