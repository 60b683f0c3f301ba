// libFuzzer entry point: drives sdg4's CSV reader (SDG4CSV, on libcsv) and number parsing with
// arbitrary bytes, split into chunks at a point chosen by the input itself. Built and run by
// tools/fuzz/run.sh (make fuzz); any crash or sanitizer report fails it.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let split = size > 0 ? Int(bytes[0]) % (size + 1) : 0
    let parser = CSVParser(maxFieldBytes: 4096, maxRecordBytes: 16384)
    do {
        try parser.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<split])) { record in
            for i in 0..<record.count {
                _ = ByteNumber.double(record[i])
                _ = NumberStyle.comma.double(record[i])
                _ = ByteNumber.int(record[i])
            }
        }
        try parser.feed(UnsafeRawBufferPointer(rebasing: bytes[split...])) { record in
            for i in 0..<record.count { _ = NumberStyle.comma.double(record[i]) }
        }
        try parser.finish { _ in }
    } catch {}
    return 0
}
