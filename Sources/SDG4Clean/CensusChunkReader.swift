import CSDG4Fields
import SDG4CSV
import SDG4Ingest
import SDG4Model

/// The fast reader of a student census: parses one record-aligned chunk of a large file with
/// libcsv and counts its pupils straight from libcsv's field buffers into integer-packed keys,
/// with no `String`, no copy and no dictionary of `ObservationKey`s per row.
///
/// It only takes the rows it can read with certainty: plain codes, whole numbers and plain
/// decimals. Any other row (a bad or unusual value, the wrong number of fields) is *deferred*:
/// its index is kept, and the caller replays it through `CensusRowCleaner`, the reference
/// cleaner, which counts it or words the problem. A row is never judged differently by the two.
public struct CensusChunkReader: Sendable {
    /// What the reader needs to know of the file and source (set once per file).
    public struct Layout: Sendable {
        /// Number of fields of the header.
        public var columns: Int
        /// Field of each role: country, year, level (required), grade, age, sex, location, weight.
        public var country: Int, year: Int, level: Int
        public var grade: Int?, age: Int?, sex: Int?, location: Int?, weight: Int?
        /// Field of each subject's score, and its cut score.
        public var scores: [(field: Int, cutScore: Double)]
        public var delimiter: UInt8
        public var numbers: NumberStyle
        public var filter: RowFilter
        /// The source's own texts for "no value" (`missing:`), besides the standard ones.
        public var missing: [String]

        /// The layout of a census file with this header mapping, or `nil` when two roles share a
        /// column or the census has a region column (the reference cleaner then reads the file).
        public init?(
            mapping: MicrodataMapping, subjects: [(name: String, cutScore: Double)], delimiter: UInt8,
            numbers: NumberStyle, filter: RowFilter, missing: [String] = []
        ) {
            self.missing = missing
            let index = mapping.index
            guard let c = index["country"], let y = index["year"], let l = index["level"], index["region"] == nil,
                Set(index.values).count == index.count, index.values.allSatisfy({ $0 < 64 })
            else { return nil }
            columns = mapping.headers.count
            (country, year, level) = (c, y, l)
            (grade, age, sex, location, weight) = (
                index["grade"], index["age"], index["sex"], index["location"], index["weight"]
            )
            var scores: [(field: Int, cutScore: Double)] = []
            for s in subjects {
                guard let f = index["pv:\(s.name):0"] else { return nil }
                scores.append((f, s.cutScore))
            }
            self.scores = scores
            self.delimiter = delimiter
            self.numbers = numbers
            self.filter = filter
        }
    }

    /// Score sums of one group of pupils in one subject.
    public struct ScoreSums: Sendable {
        public var pupils = 0
        public var weight = 0.0
        public var atOrAbove = 0.0
        public var weightedScore = 0.0
    }

    /// What a chunk gave.
    public struct Result: Sendable {
        /// Pupils by key, with the index (in the chunk) of the first record of each key.
        public var counts: [(key: ObservationKey, n: Int, firstRecord: Int)] = []
        /// Score sums by country, year, level, sex (the key's other fields are left out) and
        /// subject (index into the source's subjects).
        public var scores: [(key: ObservationKey, subject: Int, sums: ScoreSums)] = []
        /// Rows for the reference cleaner, by index in the chunk, in order.
        public var deferred: [Int] = []
        public var records = 0
        public var accepted = 0
        public var filtered = 0
        /// libcsv was between records at the end of the chunk (the chunk boundary was a real
        /// record boundary); `false` when a quoted field ran across it.
        public var endsBetweenRecords = true
        /// The last chunk ended inside a quoted field.
        public var unterminatedQuote = false
        /// libcsv stopped (out of memory).
        public var parseFailed = false

        public init() {}
    }

    public let layout: Layout

    public init(layout: Layout) { self.layout = layout }

    /// Parses `bytes`, which start at a record boundary; `last` for the file's last chunk.
    public func read(_ bytes: UnsafeRawBufferPointer, last: Bool) -> Result {
        let libcsv = LibCSV(delimiter: layout.delimiter)
        let state = UnsafeMutablePointer<CensusChunkState>.allocate(capacity: 1)
        state.initialize(to: CensusChunkState(layout: layout))
        // libcsv calls the C field callback, which keeps the used fields' bytes in the state's
        // slots; the record callback hands each record to the state.
        let row = UnsafeMutablePointer<sdg4_row>.allocate(capacity: 1)
        row.initialize(
            to: sdg4_row(
                wanted: state.pointee.wanted, field: 0, slots: state.pointee.slots.assumingMemoryBound(to: UInt8.self),
                lengths: state.pointee.lengths,
                buffer_size: libcsv.entrySize, overflow: 0, record_bytes: 0, on_record: censusRecord,
                context: UnsafeMutableRawPointer(state)))
        defer {
            row.deallocate()
            state.pointee.slots.deallocate()
            state.pointee.lengths.deallocate()
            state.deinitialize(count: 1)
            state.deallocate()
        }
        var result = Result()
        let end = libcsv.parseChunk(bytes, last: last, field: sdg4_field, record: sdg4_record, context: row)
        (result.parseFailed, result.unterminatedQuote, result.endsBetweenRecords) =
            (end.parseFailed, end.unterminatedQuote, end.betweenRecords)
        state.pointee.finish(into: &result)
        return result
    }
}

/// The reader's state, reached from libcsv's C callbacks through the `void *` argument.
private struct CensusChunkState {
    let cutScores: [Double]
    let columns: Int
    let numbers: NumberStyle
    let dotDecimal: Bool
    let filter: RowFilter
    let hasAge: Bool
    let emptyAgeIsUnknown: Bool

    // Fields of each role (-1: not mapped).
    let countryField: Int, yearField: Int, levelField: Int
    let gradeField: Int, ageField: Int, sexField: Int, locationField: Int, weightField: Int
    let scoreFields: [Int]
    /// Bit f set: field f is kept.
    let wanted: UInt64

    // The row being read: the bytes and length of each kept field (filled by `sdg4_field`).
    var record = 0
    let slots: UnsafeMutableRawPointer
    let lengths: UnsafeMutablePointer<Int>
    var scores: [Double]

    // Codes of the texts seen.
    var countries = ShortCodeCache<Country>(capacity: 255) { CodeLists.country($0) }
    var levels = ShortCodeCache<Level>(capacity: 63) { CodeLists.level($0) }
    var sexes = ShortCodeCache<Sex>(capacity: 7) { CodeLists.sex($0) }
    var locations = ShortCodeCache<Location>(capacity: 31) { CodeLists.location($0) }
    /// Texts that mean "no value" (an unknown age, no score): the standard markers and the
    /// source's `missing:` list.
    var markers: ShortCodeCache<Bool>
    /// Some of the source's markers read as numbers (`-9`): scores are tested against the
    /// markers first.
    let numericMarkers: Bool
    var kept: [(key: Int, keeps: Bool)] = []
    var lastKept: (key: Int, keeps: Bool) = (-1, false)

    // What was counted.
    var counts = PackedCounts()
    var scoreKeys = PackedCounts(capacity: 64)
    var scoreSums: [CensusChunkReader.ScoreSums] = []
    var deferred: [Int] = []
    var accepted = 0
    var filtered = 0

    init(layout: CensusChunkReader.Layout) {
        countryField = layout.country
        yearField = layout.year
        levelField = layout.level
        gradeField = layout.grade ?? -1
        ageField = layout.age ?? -1
        sexField = layout.sex ?? -1
        locationField = layout.location ?? -1
        weightField = layout.weight ?? -1
        scoreFields = layout.scores.map(\.field)
        let used =
            ([layout.country, layout.year, layout.level]
            + [
                layout.grade, layout.age, layout.sex, layout.location, layout.weight,
            ].compactMap { $0 } + layout.scores.map(\.field)).sorted()
        wanted = used.reduce(0) { $0 | 1 << UInt64($1) }
        slots = .allocate(byteCount: 64 * Self.slotBytes, alignment: 16)
        slots.initializeMemory(as: UInt8.self, repeating: 0, count: 64 * Self.slotBytes)
        lengths = .allocate(capacity: 64)
        lengths.initialize(repeating: 0, count: 64)
        cutScores = layout.scores.map(\.cutScore)
        columns = layout.columns
        numbers = layout.numbers
        dotDecimal = layout.numbers.decimal == UInt8(ascii: ".")
        filter = layout.filter
        hasAge = layout.age != nil
        let missing = MissingMarkers(extra: layout.missing)
        emptyAgeIsUnknown = missing.contains("")
        markers = ShortCodeCache<Bool>(capacity: 64) { missing.contains($0) ? true : nil }
        numericMarkers = layout.missing.contains { text in
            Array(text.utf8).withUnsafeBytes { layout.numbers.double($0) != nil }
        }
        scores = [Double](repeating: 0, count: layout.scores.count)
    }

    /// Bytes kept per field; a longer field sends its row to the reference cleaner.
    static let slotBytes = Int(SDG4_SLOT_BYTES)

    @inline(__always)
    private func slot(_ f: Int) -> (UnsafeRawPointer, Int) {
        (UnsafeRawPointer(slots + f &* Self.slotBytes), lengths[f])
    }

    @inline(__always)
    mutating func endRecord(fields: Int) {
        let r = record
        record = r &+ 1
        guard fields == columns else {  // the wrong number of fields, or one too long
            deferred.append(r)
            return
        }
        let (cp, cn) = slot(countryField)
        let country = countries.code(cp, cn)
        let (yp, yn) = slot(yearField)
        guard country != ShortCodeCache<Country>.invalid, let year = Self.digits(yp, yn, max: 4),
            plausibleYears.contains(year)
        else {
            deferred.append(r)
            return
        }
        if !keeps(country, year) {
            filtered &+= 1
            return
        }
        var bad = false
        let (lp, ln) = slot(levelField)
        let level = levels.code(lp, ln)
        if level >= 63 { bad = true }
        var grade: UInt64 = 0
        if gradeField >= 0 {
            let (p, n) = slot(gradeField)
            if n > 0 {
                if let g = Self.digits(p, n, max: 2), g >= 1 && g <= 20 { grade = UInt64(g) } else { bad = true }
            }
        }
        var age: UInt64 = 0
        if ageField >= 0 {
            let (p, n) = slot(ageField)
            if n == 0 {
                if emptyAgeIsUnknown { age = 122 } else { bad = true }
            } else if let a = Self.digits(p, n, max: 3), a <= 120 {
                age = UInt64(a) &+ 1
            } else if markers.code(p, n) != ShortCodeCache<Bool>.invalid {
                age = 122  // `..`, `n/a`, the source's own markers: unknown
            } else {
                bad = true
            }
        }
        var sex: UInt64 = 0
        if sexField >= 0 {
            let (p, n) = slot(sexField)
            if n > 0 {
                let c = sexes.code(p, n)
                if c >= 7 { bad = true } else { sex = UInt64(c) &+ 1 }
            }
        }
        var location: UInt64 = 0
        if locationField >= 0 {
            let (p, n) = slot(locationField)
            if n > 0 {
                let c = locations.code(p, n)
                if c >= 31 { bad = true } else { location = UInt64(c) &+ 1 }
            }
        }
        var scored: UInt64 = 0
        for s in 0..<scoreFields.count {
            let (p, n) = slot(scoreFields[s])
            guard n > 0 else { continue }
            // A marker that reads as a number (`missing: ['-9']`) is a marker, as in the
            // whole-file cleaner, which tests markers first.
            if numericMarkers, markers.code(p, n) != ShortCodeCache<Bool>.invalid { continue }
            if let v = number(p, n), v.isFinite {
                scores[s] = v
                scored |= 1 << UInt64(s)
            } else if markers.code(p, n) == ShortCodeCache<Bool>.invalid {
                bad = true
            }
        }
        var weight = 1.0
        if scored != 0, weightField >= 0 {
            let (p, n) = slot(weightField)
            if let w = number(p, n), w.isFinite, w >= 0 { weight = w } else { bad = true }
        }
        guard !bad else {
            deferred.append(r)
            return
        }
        accepted &+= 1
        // 8 bits country, 9 year (from 1900), 6 level, 5 grade, 8 age, 3 sex, 5 location.
        let base = UInt64(country) | UInt64(year - 1900) << 8 | UInt64(level) << 17
        let key = base | grade << 23 | age << 28 | sex << 36 | location << 39
        counts.add(key, record: r)
        guard scored != 0 else { return }
        let slotIndex = scoreKeys.add(base | sex << 36, record: scoreKeys.count)
        let dense = scoreKeys.first[slotIndex]
        let subjects = cutScores.count
        if dense * subjects == scoreSums.count {
            scoreSums.append(contentsOf: repeatElement(CensusChunkReader.ScoreSums(), count: subjects))
        }
        scoreSums.withUnsafeMutableBufferPointer { sums in
            for s in 0..<subjects where scored & (1 << UInt64(s)) != 0 {
                let v = scores[s]
                let i = dense * subjects + s
                sums[i].pupils &+= 1
                sums[i].weight += weight
                if v >= cutScores[s] { sums[i].atOrAbove += weight }
                sums[i].weightedScore += weight * v
            }
        }
    }

    /// Whether the pipeline's filter keeps a country and year (cached per pair).
    @inline(__always)
    private mutating func keeps(_ country: UInt32, _ year: Int) -> Bool {
        let key = Int(country) << 16 | year
        if key == lastKept.key { return lastKept.keeps }
        var keeps: Bool?
        for k in kept where k.key == key { keeps = k.keeps }
        if keeps == nil {
            keeps = filter.keeps(countries.values[Int(country)], year)
            kept.append((key, keeps!))
        }
        lastKept = (key, keeps!)
        return keeps!
    }

    /// A plain decimal number, read by `sdg4_plain_number` (bit for bit as `ByteNumber.double`,
    /// the assessment reader's too); anything else through the source's number style, as the
    /// reference cleaner reads it.
    @inline(__always)
    private func number(_ p: UnsafeRawPointer?, _ n: Int) -> Double? {
        guard let p, n > 0 else { return nil }
        var value = 0.0
        if dotDecimal, sdg4_plain_number(p.assumingMemoryBound(to: UInt8.self), n, &value) != 0 { return value }
        return numbers.double(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Whole number of 1 to `max` ASCII digits, or `nil`.
    @inline(__always)
    private static func digits(_ p: UnsafeRawPointer?, _ n: Int, max: Int) -> Int? {
        guard let p, n > 0, n <= max else { return nil }
        var v = 0
        for i in 0..<n {
            let d = p.load(fromByteOffset: i, as: UInt8.self) &- 0x30
            guard d < 10 else { return nil }
            v = v &* 10 &+ Int(d)
        }
        return v
    }

    /// Turns the packed keys back into observation keys.
    func finish(into result: inout CensusChunkReader.Result) {
        result.records = record
        result.accepted = accepted
        result.filtered = filtered
        result.deferred = deferred
        for e in counts.entries() {
            result.counts.append((observationKey(e.key), e.count, e.first))
        }
        let subjects = cutScores.count
        for e in scoreKeys.entries() {
            let key = observationKey(e.key)
            for s in 0..<subjects where scoreSums[e.first * subjects + s].pupils > 0 {
                result.scores.append((key, s, scoreSums[e.first * subjects + s]))
            }
        }
    }

    private func observationKey(_ packed: UInt64) -> ObservationKey {
        func bits(_ shift: UInt64, _ width: UInt64) -> Int { Int((packed >> shift) & ((1 << width) - 1)) }
        var key = ObservationKey(
            measure: .enrolment, country: countries.values[bits(0, 8)], year: 1900 + bits(8, 9),
            level: levels.values[bits(17, 6)])
        let grade = bits(23, 5)
        if grade > 0 { key.grade = grade }
        let age = bits(28, 8)
        if hasAge { key.age = age == 122 ? .unknown : .years(age - 1) }
        let sex = bits(36, 3)
        if sex > 0 { key.sex = sexes.values[sex - 1] }
        let location = bits(39, 5)
        if location > 0 { key.location = locations.values[location - 1] }
        return key
    }
}


/// The end of a record, called by `sdg4_record` (C) with the state and the record's field count.
private let censusRecord: @convention(c) (UnsafeMutableRawPointer?, Int) -> Void = { context, fields in
    context.unsafelyUnwrapped.assumingMemoryBound(to: CensusChunkState.self).pointee.endRecord(fields: fields)
}
