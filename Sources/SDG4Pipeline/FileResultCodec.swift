import Foundation

/// How a file's contribution (its `FileResult`) is stored in the ledger: JSON, whose numbers
/// read back to the same doubles, so that a run from stored contributions gives the same bytes
/// as a run that reads every file.
enum FileResultCodec {
    /// Changes whenever `FileResult` or what it holds changes shape: stored contributions of
    /// another format are not used (the file is read again).
    static let format = "file-result-json-1"

    static func encode(_ result: FileResult) -> Data? {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? encoder.encode(result)
    }

    static func decode(_ data: Data) -> FileResult? {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(FileResult.self, from: data)
    }
}
