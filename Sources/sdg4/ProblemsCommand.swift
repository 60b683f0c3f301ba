import ArgumentParser
import Foundation
import SDG4Durable
import SDG4Model
import SDG4Report

/// `sdg4 problems`: every problem code sdg4 can report, with its severity and what to do.
struct ProblemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problems",
        abstract: "List the problem codes sdg4 reports (quality.json, validate): code, severity, what to do.",
        discussion: "docs/errors.md gives them with examples; `--update-doc docs/errors.md` regenerates its tables.")

    @Option(name: .long, help: "Rewrite the generated tables of this Markdown file (docs/errors.md) in place.")
    var updateDoc: String?

    func run() throws {
        if let path = updateDoc {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("Cannot read \(path).")
            }
            let updated = ProblemCode.updating(String(decoding: data, as: UTF8.self))
            try AtomicFile.write(updated, to: path)
            return
        }
        let rows = ProblemCode.all.map { [$0.id, $0.severity.rawValue, $0.group.rawValue, $0.fix] }
        print(ConsoleTable.render(header: ["code", "severity", "group", "what to do"], rows: rows), terminator: "")
    }
}
