/// Counts by packed integer key: an open-addressing hash table (linear probing, power-of-two
/// size, at most half full) with the record index at which each key was first seen. What the
/// fast census reader counts pupils in, instead of a dictionary of `ObservationKey`s.
struct PackedCounts {
    private(set) var keys: [UInt64]
    private(set) var counts: [Int]
    private(set) var first: [Int]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        counts = Array(repeating: 0, count: size)
        first = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Adds one to `key`'s count (`key` is stored plus one: 0 marks an empty slot) and gives
    /// the slot it is in.
    @inline(__always)
    @discardableResult
    mutating func add(_ key: UInt64, record: Int) -> Int {
        let k = key &+ 1
        var i = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let found = keys[i]
            if found == k {
                counts[i] &+= 1
                return i
            }
            if found == 0 {
                keys[i] = k
                counts[i] = 1
                first[i] = record
                count += 1
                if count * 2 > keys.count {
                    grow()
                    return slot(of: key)
                }
                return i
            }
            i = (i &+ 1) & mask
        }
    }

    /// The slot of a key already in the table.
    func slot(of key: UInt64) -> Int {
        let k = key &+ 1
        var i = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while keys[i] != k { i = (i &+ 1) & mask }
        return i
    }

    /// Every key with its count and first record, in slot order.
    func entries() -> [(key: UInt64, count: Int, first: Int)] {
        keys.indices.compactMap { keys[$0] == 0 ? nil : (keys[$0] - 1, counts[$0], first[$0]) }
    }

    private mutating func grow() {
        let old = (keys, counts, first)
        let size = keys.count * 2
        keys = Array(repeating: 0, count: size)
        counts = Array(repeating: 0, count: size)
        first = Array(repeating: 0, count: size)
        mask = size - 1
        for j in old.0.indices where old.0[j] != 0 {
            var i = Int(truncatingIfNeeded: (old.0[j] &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while keys[i] != 0 { i = (i &+ 1) & mask }
            keys[i] = old.0[j]
            counts[i] = old.1[j]
            first[i] = old.2[j]
        }
    }
}
