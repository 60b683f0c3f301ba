import Foundation

/// Helpers shared by the tests: fixtures, temporary folders, the shared reference data.
enum TestSupport {
    /// A file or folder under the test target's `Fixtures/`.
    static func fixture(_ path: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path).path
    }

    /// A new empty temporary folder.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "sdg4-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `folder/name` and returns the path.
    @discardableResult
    static func write(_ text: String, to folder: String, _ name: String) -> String {
        let path = folder + "/" + name
        try! FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The repository root (three levels above this file).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// `../shared` beside the repository (or `$SDG4_SHARED`), which users' clones lack.
    static let sharedFolder: String =
        ProcessInfo.processInfo.environment["SDG4_SHARED"]
        ?? URL(fileURLWithPath: repositoryRoot).deletingLastPathComponent().appendingPathComponent("shared").path

    /// Turkey's TIMSS and PISA student files with UIS's 4.1.1 values, when `../shared` is present.
    static var assessmentsFolder: String { sharedFolder + "/reference/assessments" }

    /// The UIS reference figures, when `../shared` is present.
    static var uisOracle: String { sharedFolder + "/reference/uis/oracle.csv" }

    static var hasUISOracle: Bool { FileManager.default.fileExists(atPath: uisOracle) }

    /// UN WPP 2015 by single age for the five countries, when `../shared` is present.
    static var wppFolder: String { sharedFolder + "/reference/wpp" }

    static var hasWPP: Bool { hasUISOracle && FileManager.default.fileExists(atPath: wppFolder + "/README.md") }

    /// The built `sdg4` executable, beside the test bundle.
    static var executable: String {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("sdg4").path
    }

    /// Runs the `sdg4` executable; returns its exit code, stdout and stderr. Output goes to
    /// temporary files, so a chatty process can never block on a full pipe.
    static func runCLI(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        try run(executable, arguments)
    }

    /// Runs a program; returns its exit code, stdout and stderr (through temporary files).
    static func run(_ program: String, _ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        let folder = temporaryFolder()
        let outPath = folder + "/stdout", errPath = folder + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, try String(contentsOfFile: outPath, encoding: .utf8),
            try String(contentsOfFile: errPath, encoding: .utf8)
        )
    }
}
