import Foundation
import Testing

@testable import SDG4CSV

/// Numbers parsed from field bytes must equal what `strtod` (Swift's `Double(String)`) gives.
@Suite("Numbers from bytes")
struct ByteNumberTests {
    static func double(_ s: String) -> Double? {
        Array(s.utf8).withUnsafeBytes { ByteNumber.double($0) }
    }

    static func int(_ s: String) -> Int? {
        Array(s.utf8).withUnsafeBytes { ByteNumber.int($0) }
    }

    @Test(arguments: [
        "0", "469852", "106.39692", "-3.5", "+7", " 12.25 ", "0.1", "1.", ".5", "1e3", "2.5E-2", "12345678901234567890",
        "0.30000000000000004",
    ])
    func agreesWithStrtod(text: String) {
        let expected = Double(text.trimmingCharacters(in: .whitespaces))
        #expect(Self.double(text) == expected)
    }

    /// 20 000 seeded random decimals with up to 15 significant digits: bit-identical to strtod.
    @Test func fastPathIsExact() {
        var rng = SplitMix(seed: 42)
        for _ in 0..<20_000 {
            let digits = Int(rng.next() % 15) + 1
            var mantissa = ""
            for _ in 0..<digits { mantissa += String(rng.next() % 10) }
            let point = Int(rng.next() % UInt64(digits + 1))
            let text = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            #expect(Self.double(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test(arguments: ["", " ", "abc", "12x", "1.2.3", "--1", "1,5", "nan", "inf", "1e", "."])
    func rejectsWhatIsNotOneNumber(text: String) {
        #expect(Self.double(text) == nil)
    }

    @Test func integers() {
        #expect(Self.int("2019") == 2019)
        #expect(Self.int(" -1 ") == -1)
        #expect(Self.int("20.5") == nil)
        #expect(Self.int("") == nil)
        #expect(Self.int("99999999999999999999") == nil)
    }
}

/// A small deterministic generator for seeded tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
