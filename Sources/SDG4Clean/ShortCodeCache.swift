#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Codes for the short texts of one column (country, level, sex, location), assigned in the
/// order first seen: the fast census reader packs them into integer keys.
///
/// A field of up to 16 bytes is compared as two machine words against the few texts seen so
/// far (a column of codes has a handful); a longer one against the longer texts seen.
/// `compute` decodes a text the first time it is seen, exactly as the row cleaner would.
struct ShortCodeCache<Value> {
    /// A field whose value is not valid, or one more distinct value than `capacity`.
    static var invalid: UInt32 { .max }

    private var words0: [UInt64] = []
    private var words1: [UInt64] = []
    private var lengths: [Int] = []
    private var codes: [UInt32] = []
    private var last = 0
    private var single = [UInt32](repeating: unseen, count: 256)
    private static var unseen: UInt32 { .max - 1 }
    private(set) var values: [Value] = []
    private var longTexts: [[UInt8]] = []
    private var longCodes: [UInt32] = []
    private let capacity: Int
    private let compute: (String) -> Value?

    init(capacity: Int, compute: @escaping (String) -> Value?) {
        self.capacity = capacity
        self.compute = compute
    }

    /// The code of the field's text (an index into `values`), or `invalid`.
    ///
    /// - Precondition: `p` points into a buffer with at least 16 readable bytes (a field slot of
    ///   the census reader), or `n` is 0.
    @inline(__always)
    mutating func code(_ p: UnsafeRawPointer?, _ n: Int) -> UInt32 {
        // One-byte codes (F, M, U, R, 1, 2, ...) straight from a table.
        if n == 1, let p {
            let b = Int(p.load(as: UInt8.self))
            let c = single[b]
            if c != Self.unseen { return c }
            let code = newCode(UnsafeRawBufferPointer(start: p, count: 1))
            single[b] = code
            return code
        }
        guard n <= 16 else { return longCode(p!, n) }
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        if n > 0, let p {
            let a = p.loadUnaligned(as: UInt64.self)
            let b = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if n >= 8 {
                w0 = a
                w1 = n == 16 ? b : (n == 8 ? 0 : b & ((1 << UInt64(8 * (n - 8))) - 1))
            } else {
                w0 = a & ((1 << UInt64(8 * n)) - 1)
            }
        }
        if last < codes.count, words0[last] == w0, words1[last] == w1, lengths[last] == n { return codes[last] }
        for i in 0..<codes.count where words0[i] == w0 && words1[i] == w1 && lengths[i] == n {
            last = i
            return codes[i]
        }
        let code = newCode(
            p.map { UnsafeRawBufferPointer(start: $0, count: n) } ?? UnsafeRawBufferPointer(start: nil, count: 0))
        guard codes.count < 256 else { return code }  // a column of garbage: not cached
        words0.append(w0)
        words1.append(w1)
        lengths.append(n)
        codes.append(code)
        last = codes.count - 1
        return code
    }

    private mutating func longCode(_ p: UnsafeRawPointer, _ n: Int) -> UInt32 {
        let bytes = UnsafeRawBufferPointer(start: p, count: n)
        for i in longTexts.indices where longTexts[i].count == n {
            if longTexts[i].withUnsafeBytes({ memcmp($0.baseAddress!, p, n) == 0 }) { return longCodes[i] }
        }
        let code = newCode(bytes)
        if longTexts.count < 64 {
            longTexts.append(Array(bytes))
            longCodes.append(code)
        }
        return code
    }

    private mutating func newCode(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        assign(String(decoding: bytes, as: UTF8.self))
    }

    /// Decodes a text and gives it a code: the code of an equal value seen before, else a new one.
    private mutating func assign(_ text: String) -> UInt32 {
        guard let value = compute(text), values.count < capacity else { return Self.invalid }
        values.append(value)
        return UInt32(values.count - 1)
    }
}
