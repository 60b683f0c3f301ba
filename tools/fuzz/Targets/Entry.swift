// The libFuzzer targets of sdg4 (tools/fuzz/run.sh builds them with `-DSDG4_FUZZ` under
// `--sanitize fuzzer --sanitize address`; SDG4_FUZZ_TARGET=read or pipeline picks one). Built
// without it, this is a replay tool: `sdg4-fuzz read|pipeline FILE...` runs each file once.
import Foundation

enum Target: Sendable {
    case read(ReadPathFuzz)
    case pipeline(PipelineFileFuzz)

    init?(_ name: String) {
        switch name {
        case "read": self = .read(ReadPathFuzz())
        case "pipeline": self = .pipeline(PipelineFileFuzz())
        default: return nil
        }
    }

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .read(let f): f.run(bytes)
        case .pipeline(let f): f.run(bytes)
        }
    }
}

#if SDG4_FUZZ
    let target: Target = {
        let name = ProcessInfo.processInfo.environment["SDG4_FUZZ_TARGET"] ?? "read"
        guard let t = Target(name) else { fatalError("SDG4_FUZZ_TARGET is read or pipeline, not \(name)") }
        return t
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
        target.run(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }
#else
    @main
    enum Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = Target(name) else {
                FileHandle.standardError.write(Data("usage: sdg4-fuzz read|pipeline FILE...\n".utf8))
                exit(2)
            }
            for file in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    exit(2)
                }
                data.withUnsafeBytes { target.run($0) }
                print("\(file): ok")
            }
        }
    }
#endif
