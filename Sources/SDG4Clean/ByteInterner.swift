/// Remembers what a short byte string normalised to, so repeated codes (country, sex, level,
/// indicator id) are decoded once per file rather than once per row, without making a
/// `String` per field.
///
/// A direct-mapped cache keyed by the FNV-1a hash of the bytes; a slot holds the bytes it was
/// filled from, so a hit is verified byte for byte and a collision only costs a recompute.
public struct ByteInterner<Value> {
    private struct Slot {
        var key: [UInt8]
        var value: Value
    }

    private var slots: [Slot?]
    private let mask: Int

    /// Creates a cache with `capacity` slots (rounded up to a power of two).
    public init(capacity: Int = 256) {
        var size = 1
        while size < capacity { size <<= 1 }
        slots = Array(repeating: nil, count: size)
        mask = size - 1
    }

    /// The value for `bytes`, computing it from the decoded text on a miss.
    public mutating func value(
        for bytes: UnsafeRawBufferPointer, compute: (String) -> Value
    ) -> Value {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let i = Int(truncatingIfNeeded: hash) & mask
        if let slot = slots[i], slot.key.count == bytes.count,
            slot.key.withUnsafeBytes({ $0.elementsEqual(bytes) })
        {
            return slot.value
        }
        let value = compute(String(decoding: bytes, as: UTF8.self))
        slots[i] = Slot(key: Array(bytes), value: value)
        return value
    }
}
