/// The text encodings sdg4 reads, and their decoding to UTF-8 as the bytes stream.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1251 = "windows-1251"
    case koi8r = "koi8-r"

    /// Unicode scalars of bytes 0x80-0xFF in Windows-1251 (0xFFFD where undefined).
    static let windows1251High: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
        0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
        0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
        0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
        0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
        0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
        0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
        0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
        0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    ]

    /// Unicode scalars of bytes 0x80-0xFF in KOI8-R.
    static let koi8rHigh: [UInt32] = [
        0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
        0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
        0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
        0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
        0x2550, 0x2551, 0x2552, 0x0451, 0x2553, 0x2554, 0x2555, 0x2556,
        0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
        0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565,
        0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C, 0x00A9,
        0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
        0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
        0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432,
        0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
        0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413,
        0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
        0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
        0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
    ]
}

extension TextEncoding {
    /// Guesses the encoding of a file from its first bytes: a byte-order mark decides; else
    /// valid UTF-8 is UTF-8; else 8-bit Cyrillic, Windows-1251 or KOI8-R by where most letters
    /// fall (lower-case letters, the most frequent, are 0xE0-0xFF in Windows-1251 and
    /// 0xC0-0xDF in KOI8-R). Also says how many bytes of byte-order mark to skip.
    public static func detect(_ head: UnsafeRawBufferPointer) -> (encoding: TextEncoding, bom: Int) {
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return (.utf8, 3) }
        if head.count >= 2, head[0] == 0xFF, head[1] == 0xFE { return (.utf16LE, 2) }
        if head.count >= 2, head[0] == 0xFE, head[1] == 0xFF { return (.utf16BE, 2) }
        let (valid, invalid) = utf8Sequences(head)
        // Valid UTF-8, or UTF-8 with a few bad bytes among many good multi-byte characters (a
        // stray byte must not turn a whole Cyrillic UTF-8 file into mojibake).
        if invalid == 0 || (valid > 0 && invalid * 10 <= valid) { return (.utf8, 0) }
        return (score(head, windows1251High) >= score(head, koi8rHigh) ? .windows1251 : .koi8r, 0)
    }

    /// Relative frequency (per mille) of Russian letters, upper or lower case: decoded text
    /// that scores higher is the likelier reading.
    static let letterWeights: [Character: Int] = [
        "о": 110, "е": 85, "а": 80, "и": 74, "н": 67, "т": 63, "с": 55, "р": 47, "в": 45, "л": 44, "к": 35,
        "м": 32, "д": 30, "п": 28, "у": 26, "я": 20, "ы": 19, "ь": 17, "г": 17, "з": 16, "б": 16, "ч": 14,
        "й": 12, "х": 10, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3, "ф": 3, "ъ": 1, "ё": 1,
    ]

    /// How Russian the high bytes look when decoded with `table`.
    static func score(_ bytes: UnsafeRawBufferPointer, _ table: [UInt32]) -> Int {
        var total = 0
        for b in bytes where b >= 0x80 {
            guard let scalar = Unicode.Scalar(table[Int(b - 0x80)]) else { continue }
            let lower = Character(String(scalar).lowercased())
            total += letterWeights[lower] ?? 0
        }
        return total
    }

    /// Counts of well-formed multi-byte UTF-8 characters and of bytes that are not UTF-8.
    static func utf8Sequences(_ bytes: UnsafeRawBufferPointer) -> (valid: Int, invalid: Int) {
        var valid = 0
        var invalid = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let length: Int
            if b < 0x80 {
                i += 1
                continue
            } else if b >= 0xC2 && b <= 0xDF {
                length = 2
            } else if b >= 0xE0 && b <= 0xEF {
                length = 3
            } else if b >= 0xF0 && b <= 0xF4 {
                length = 4
            } else {
                invalid += 1
                i += 1
                continue
            }
            if i + length > n { break }  // cut by the chunk
            if (1..<length).allSatisfy({ bytes[i + $0] & 0xC0 == 0x80 }) {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (valid, invalid)
    }

    /// Whether a first chunk looks binary: control characters (other than tab, line breaks,
    /// form feed and escape) make up more than 1 % of it.
    public static func looksBinary(_ head: UnsafeRawBufferPointer) -> Bool {
        var control = 0
        for b in head where b < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains(b) { control += 1 }
        return control > 4 && control * 100 > head.count
    }

}

/// Turns a stream of bytes in some encoding into UTF-8, chunk by chunk (a character may be
/// split between chunks). UTF-8 passes through.
public struct Transcoder: Sendable {
    public let encoding: TextEncoding
    private var carry: [UInt8] = []
    private var skip: Int
    private var pendingHighSurrogate: UInt32?

    /// - Parameter bom: bytes of byte-order mark to drop at the start.
    public init(encoding: TextEncoding, bom: Int = 0) {
        self.encoding = encoding
        self.skip = bom
    }

    /// The UTF-8 bytes of `chunk`, appended to `out` (which is cleared first).
    public mutating func decode(_ chunk: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var start = 0
        if skip > 0 {
            start = min(skip, chunk.count)
            skip -= start
        }
        switch encoding {
        case .utf8:
            out.append(contentsOf: chunk[start...])
        case .windows1251, .koi8r:
            let table = encoding == .windows1251 ? TextEncoding.windows1251High : TextEncoding.koi8rHigh
            for b in chunk[start...] {
                if b < 0x80 { out.append(b) } else { Self.appendUTF8(table[Int(b - 0x80)], to: &out) }
            }
        case .utf16LE, .utf16BE:
            var bytes = carry
            bytes.append(contentsOf: chunk[start...])
            let pairs = bytes.count / 2
            for p in 0..<pairs {
                let (a, b) = (UInt32(bytes[2 * p]), UInt32(bytes[2 * p + 1]))
                let unit = encoding == .utf16LE ? a | b << 8 : a << 8 | b
                if (0xD800...0xDBFF).contains(unit) {
                    pendingHighSurrogate = unit
                    continue
                }
                if (0xDC00...0xDFFF).contains(unit), let high = pendingHighSurrogate {
                    Self.appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &out)
                    pendingHighSurrogate = nil
                    continue
                }
                if pendingHighSurrogate != nil {
                    Self.appendUTF8(0xFFFD, to: &out)
                    pendingHighSurrogate = nil
                }
                Self.appendUTF8(unit, to: &out)
            }
            carry = bytes.count % 2 == 1 ? [bytes[bytes.count - 1]] : []
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
