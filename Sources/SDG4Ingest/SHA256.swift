import CLibCrypto

/// SHA-256 (FIPS 180-4), computed incrementally while a file streams through ingest, so that
/// provenance hashes cost no second read.
///
/// Backed by OpenSSL's libcrypto, which uses the CPU's SHA instructions where it has them: about
/// 1.5 GB/s over a large file on the project's 2-core machine, where a portable Swift
/// implementation managed 0.3 GB/s and was the largest single cost of reading a large microdata
/// file (docs/performance.md).
public struct SHA256: Sendable {
    private var context: DigestContext

    public init() {
        context = DigestContext()
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        guard EVP_DigestUpdate(context.pointer, base, bytes.count) == 1 else {
            fatalError("libcrypto's SHA-256 refused an update")
        }
    }

    /// Adds the bytes of an array.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest as 64 lower-case hex digits (the hash can still be updated afterwards).
    public func hexDigest() -> String {
        let done = context.copy()
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(done.pointer, &digest, &length) == 1, length == 32 else {
            fatalError("libcrypto's SHA-256 failed to finish")
        }
        let hexDigits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hash of a whole byte array, as hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        var s = SHA256()
        s.update(bytes)
        return s.hexDigest()
    }
}

/// An `EVP_MD_CTX` set up for SHA-256, freed with its owner. Copied on write by `SHA256`, so
/// the struct keeps value semantics.
private final class DigestContext: @unchecked Sendable {
    let pointer: OpaquePointer

    init() {
        guard let p = EVP_MD_CTX_new(), EVP_DigestInit_ex(p, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not set up SHA-256")
        }
        pointer = p
    }

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    func copy() -> DigestContext {
        guard let p = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(p, pointer) == 1 else {
            fatalError("libcrypto could not copy a SHA-256 state")
        }
        return DigestContext(pointer: p)
    }

    deinit { EVP_MD_CTX_free(pointer) }
}
