import Foundation
import SDG4Model

/// A compact binary form of a file's contribution, for the ledger: the table cells and counted
/// records (which can number millions) as varints and raw doubles over a table of the strings
/// they use; the rest (survey and assessment sums, published values, duplicates: small) as JSON.
///
/// Doubles are stored as their bit patterns, so a contribution reads back exactly.
extension PartialAggregate {
    /// The binary form (see the type's comment).
    public func binary() -> [UInt8] {
        var w = BinaryWriter()
        var strings = StringTable()
        var body = BinaryWriter()
        Self.write(cells, to: &body, strings: &strings)
        Self.write(counted, to: &body, strings: &strings)
        w.bytes += Array("SDG4PA1\n".utf8)
        w.varint(UInt64(strings.list.count))
        for s in strings.list { w.string(s) }
        w.bytes += body.bytes
        let rest = Rest(
            published: published, survey: survey, assessment: assessment, scores: scores, duplicates: duplicates,
            identicalDuplicates: identicalDuplicates, conflictingDuplicates: conflictingDuplicates,
            missing: missing.keys.sorted().map { MissingValue(key: $0, at: missing[$0]!) },
            censusRegions: censusRegions.isEmpty ? nil : censusRegions.mapValues { $0.sorted() })
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = (try? encoder.encode(rest)) ?? Data()
        w.varint(UInt64(json.count))
        w.bytes += json
        return w.bytes
    }

    /// Reads back `binary()`; `nil` when the bytes are not such a form.
    public init?(binary bytes: [UInt8]) {
        var r = BinaryReader(bytes)
        guard r.take(8) == Array("SDG4PA1\n".utf8), let n = r.varint() else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let s = r.string() else { return nil }
            strings.append(s)
        }
        guard let cells = Self.readCells(&r, strings), let counted = Self.readCells(&r, strings),
            let length = r.varint(), let json = r.take(Int(length))
        else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let rest = try? decoder.decode(Rest.self, from: Data(json)) else { return nil }
        self.init()
        self.cells = cells
        self.counted = counted
        published = rest.published
        survey = rest.survey
        assessment = rest.assessment
        scores = rest.scores ?? ScoreCube()
        duplicates = rest.duplicates
        identicalDuplicates = rest.identicalDuplicates
        conflictingDuplicates = rest.conflictingDuplicates
        for m in rest.missing ?? [] { missing[m.key] = m.at }
        censusRegions = (rest.censusRegions ?? [:]).mapValues(Set.init)
    }

    /// A key given as missing, and where.
    private struct MissingValue: Codable {
        var key: ObservationKey
        var at: Provenance
    }

    private struct Rest: Codable {
        var published: [PublishedValue]
        var survey: SurveyCube
        var assessment: AssessmentCube
        /// Absent in contributions stored before census scores existed.
        var scores: ScoreCube?
        var duplicates: [Duplicate]
        var identicalDuplicates: Int
        var conflictingDuplicates: Int
        /// Absent in contributions stored before missing cells were kept.
        var missing: [MissingValue]?
        /// Absent where the census has no region column.
        var censusRegions: [String: [String]]?
    }

    private static func write(_ cells: [ObservationKey: Cell], to w: inout BinaryWriter, strings: inout StringTable) {
        w.varint(UInt64(cells.count))
        for (k, c) in cells {
            w.varint(strings.index(k.measure.rawValue))
            w.varint(strings.index(k.country.rawValue))
            w.signed(k.year)
            w.varint(k.level.map { strings.index($0.rawValue) + 1 } ?? 0)
            let sex: UInt8 =
                switch k.sex {
                case .total: 0
                case .female: 1
                case .male: 2
                }
            w.bytes.append(sex)
            switch k.age {
            case .all: w.varint(0)
            case .unknown: w.varint(1)
            case .years(let n): w.signed(n, offset: 2)
            }
            w.varint(k.grade.map { UInt64(bitPattern: Int64($0)) &+ 1 } ?? 0)
            w.varint(strings.index(k.location.rawValue))
            w.varint(strings.index(k.wealth.rawValue))
            w.double(c.value)
            w.bytes.append(c.flags.rawValue)
            w.varint(UInt64(c.provenance.sourceIndex))
            w.varint(UInt64(c.provenance.fileIndex))
            w.varint(UInt64(c.provenance.line))
        }
    }

    private static func readCells(_ r: inout BinaryReader, _ strings: [String]) -> [ObservationKey: Cell]? {
        guard let n = r.varint() else { return nil }
        var out: [ObservationKey: Cell] = [:]
        out.reserveCapacity(Int(n))
        func string(_ i: UInt64?) -> String? {
            guard let i, i < strings.count else { return nil }
            return strings[Int(i)]
        }
        for _ in 0..<n {
            guard let measure = string(r.varint()), let country = string(r.varint()), let year = r.signed(),
                let level = r.varint(), let sexCode = r.byte(), let ageCode = r.varint(), let grade = r.varint(),
                let location = string(r.varint()).flatMap(Location.init),
                let wealth = string(r.varint()).flatMap(Wealth.init),
                let value = r.double(),
                let flags = r.byte(), let sourceIndex = r.varint(), let fileIndex = r.varint(), let line = r.varint()
            else { return nil }
            let sex: Sex = sexCode == 1 ? .female : sexCode == 2 ? .male : .total
            let age: Age =
                switch ageCode {
                case 0: .all
                case 1: .unknown
                default: .years(BinaryReader.unzigzag(ageCode - 2))
                }
            var levelValue: Level?
            if level > 0 {
                guard let l = string(level - 1) else { return nil }
                levelValue = Level(rawValue: l)
            }
            let key = ObservationKey(
                measure: Measure(rawValue: measure), country: Country(rawValue: country), year: year,
                level: levelValue, sex: sex, age: age,
                grade: grade == 0 ? nil : Int(Int64(bitPattern: grade &- 1)), location: location, wealth: wealth)
            out[key] = Cell(
                value: value, flags: ValueFlags(rawValue: flags),
                provenance: Provenance(sourceIndex: Int(sourceIndex), fileIndex: Int(fileIndex), line: Int(line)))
        }
        return out
    }
}

/// The strings a binary form uses, each stored once.
struct StringTable {
    private(set) var list: [String] = []
    private var indices: [String: UInt64] = [:]

    mutating func index(_ s: String) -> UInt64 {
        if let i = indices[s] { return i }
        let i = UInt64(list.count)
        list.append(s)
        indices[s] = i
        return i
    }
}

/// Appends varints, zigzag integers, doubles and strings to bytes.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A signed integer, zigzag-encoded, after `offset` reserved small codes.
    mutating func signed(_ v: Int, offset: UInt64 = 0) {
        let z = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))
        varint(z &+ offset)
    }

    mutating func double(_ d: Double) {
        var bits = d.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        varint(UInt64(utf8.count))
        bytes += utf8
    }
}

/// Reads what `BinaryWriter` wrote; every read is `nil` past the end.
struct BinaryReader {
    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8? {
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func take(_ n: Int) -> [UInt8]? {
        guard n >= 0, at + n <= bytes.count else { return nil }
        defer { at += n }
        return Array(bytes[at..<at + n])
    }

    mutating func varint() -> UInt64? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while shift < 64 {
            guard let b = byte() else { return nil }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
        return nil
    }

    static func unzigzag(_ z: UInt64) -> Int {
        Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    mutating func signed() -> Int? { varint().map(Self.unzigzag) }

    mutating func double() -> Double? {
        guard at + 8 <= bytes.count else { return nil }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        at += 8
        return Double(bitPattern: bits)
    }

    mutating func string() -> String? {
        guard let n = varint(), let b = take(Int(n)) else { return nil }
        return String(decoding: b, as: UTF8.self)
    }
}
