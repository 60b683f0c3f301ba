import Foundation
import SDG4Aggregate
import SDG4Model
import SDG4Read
import SDG4Report

/// How a file's contribution (its `FileResult`) is stored in the ledger: the partial aggregate
/// in its compact binary form (`PartialAggregate.binary()`, exact doubles), then the problems,
/// rejected rows and row counts as JSON. A run from stored contributions gives the same bytes
/// as a run that reads every file.
enum FileResultCodec {
    /// Changes whenever the stored form or what it holds changes shape: stored contributions
    /// of another format are not used (the file is read again).
    static let format = "file-result-8"

    private struct Rest: Codable {
        var diagnostics: [Diagnostic]
        var input: RunManifest.Input
        var rejects: [RejectedRow]
    }

    static func encode(_ result: FileResult) -> Data? {
        let partial = result.partial.binary()
        guard
            let rest = try? JSONEncoder().encode(
                Rest(diagnostics: result.diagnostics, input: result.input, rejects: result.rejects))
        else { return nil }
        var out = Data()
        var length = UInt64(partial.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: partial)
        out.append(rest)
        return out
    }

    static func decode(_ data: Data) -> FileResult? {
        guard data.count >= 8 else { return nil }
        let bytes = [UInt8](data)
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(bytes.count - 8) else { return nil }
        let end = 8 + Int(length)
        guard let partial = PartialAggregate(binary: Array(bytes[8..<end])),
            let rest = try? JSONDecoder().decode(Rest.self, from: Data(bytes[end...]))
        else { return nil }
        return FileResult(partial: partial, diagnostics: rest.diagnostics, input: rest.input, rejects: rest.rejects)
    }
}
