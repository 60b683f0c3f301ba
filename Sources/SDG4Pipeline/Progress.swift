import Foundation
import Synchronization

/// A one-line progress counter on the terminal (stderr), shown only when stdout is a
/// terminal; silent in scripts and CI.
final class Progress: Sendable {
    private let enabled: Bool
    private let total: Int
    private let last = Mutex(ContinuousClock.now)

    init(enabled: Bool, total: Int) {
        self.enabled = enabled && total > 1
        self.total = total
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let due = last.withLock { t in
            guard now - t > .milliseconds(100) || done == total else { return false }
            t = now
            return true
        }
        if due { FileHandle.standardError.write(Data("\rreading files: \(done)/\(total)".utf8)) }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
