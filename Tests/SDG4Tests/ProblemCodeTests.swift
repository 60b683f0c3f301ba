import Foundation
import Testing

@testable import SDG4Model

/// Problem codes are one type (`ProblemCode`), declared once with their severity, example and
/// fix; docs/errors.md is generated from the declarations.
@Suite("Problem codes")
struct ProblemCodeTests {
    static let prefixes = [
        "file", "header", "csv", "row", "duplicate", "source", "input", "indicator", "inbox", "consistency",
        "plausibility", "uis", "sdmx", "survey", "rejects", "design",
    ]

    /// The Swift files of `Sources/`, but the code declarations, with their text.
    static func sources() throws -> [(path: String, text: String)] {
        let root = TestSupport.repositoryRoot + "/Sources"
        let paths = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }
        return try paths.filter { $0.hasSuffix(".swift") && !$0.contains("ProblemCode") }.sorted().map {
            ($0, try String(contentsOfFile: root + "/" + $0, encoding: .utf8))
        }
    }

    @Test func docsErrorsIsGeneratedFromTheDeclarations() throws {
        let doc = try String(contentsOfFile: TestSupport.repositoryRoot + "/docs/errors.md", encoding: .utf8)
        for group in ProblemCode.Group.allCases {
            #expect(doc.contains("<!-- problem codes: \(group.rawValue) -->"), "errors.md lacks the \(group) table")
        }
        #expect(ProblemCode.updating(doc) == doc, "docs/errors.md is out of date: run 'make docs'")
        // The generated tables hold every code once.
        for code in ProblemCode.all {
            #expect(doc.components(separatedBy: "| `\(code.id)` |").count == 2, "\(code.id) in errors.md")
        }
    }

    @Test func codesAreUniqueAndSaySomething() {
        #expect(Set(ProblemCode.all.map(\.id)).count == ProblemCode.all.count)
        for code in ProblemCode.all {
            #expect(code.id.wholeMatch(of: /[a-z0-9]+(\.[a-z0-9-]+)+/) != nil, "\(code.id)")
            #expect(Self.prefixes.contains(String(code.id.split(separator: ".")[0])), "\(code.id): a new prefix")
            #expect(!code.example.isEmpty && !code.fix.isEmpty, "\(code.id)")
            #expect(ProblemCode.named(code.id) == code)
        }
    }

    /// No problem code is a string literal outside its declaration: a misspelt code cannot
    /// compile, and every code is documented.
    @Test func noCodeIsWrittenAsAString() throws {
        let literal = /"([a-z0-9]+(?:\.[a-z0-9-]+)+)"/
        var found: [String] = []
        for (path, text) in try Self.sources() {
            for match in text.matches(of: literal)
            where Self.prefixes.contains(String(match.1.split(separator: ".")[0])) {
                found.append("\(path): \(match.1)")
            }
        }
        #expect(found.isEmpty, "problem codes as strings: \(found)")
    }

    /// Every declared code is reported somewhere (no stale documentation).
    @Test func everyDeclaredCodeIsUsed() throws {
        let all = try Self.sources().map(\.text).joined(separator: "\n")
        for code in ProblemCode.all {
            let name = Self.swiftName(code.id)
            #expect(all.contains(".\(name)"), "\(code.id) (\(name)) is declared but never used")
        }
    }

    /// `row.bad-number` → `rowBadNumber`, as the declarations name them.
    static func swiftName(_ id: String) -> String {
        let parts = id.split(whereSeparator: { $0 == "." || $0 == "-" }).map(String.init)
        return parts[0] + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A problem takes its code's severity unless the site says otherwise.
    @Test func aDiagnosticTakesItsCodesSeverity() {
        #expect(Diagnostic(code: .rowFractionalCount, message: "m").severity == .warning)
        #expect(Diagnostic(code: .rowBadNumber, message: "m").severity == .error)
        #expect(Diagnostic(code: .surveySuppressed, message: "m").severity == .info)
        #expect(Diagnostic(code: .rowIgnored, severity: .warning, message: "m").severity == .warning)
    }
}
