import Testing

@testable import SDG4Ingest

/// SHA-256 against the FIPS 180-4 example vectors, and chunked updates against one update.
@Suite("SHA-256")
struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test(arguments: [1, 3, 63, 64, 65, 1000])
    func chunkedEqualsWhole(chunk: Int) {
        let data = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        var i = 0
        while i < data.count {
            hasher.update(Array(data[i..<min(i + chunk, data.count)]))
            i += chunk
        }
        #expect(hasher.hexDigest() == SHA256.hex(data))
    }
}
