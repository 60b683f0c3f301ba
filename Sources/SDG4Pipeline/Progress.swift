import Foundation
import SDG4Model
import Synchronization

/// A one-line progress report on the terminal (stderr), by bytes over all the inputs a run
/// reads: `reading 123.4 of 742.0 MB (16 %), 210 MB/s, 3 s left`. Shown only when stdout is a
/// terminal (silent in scripts and CI), redrawn at most 10 times a second, cleared at the end.
final class Progress: Sendable {
    private struct State {
        var done = 0
        var started = ContinuousClock.now
        var lastDrawn = ContinuousClock.now
        var drawn = false
    }

    private let enabled: Bool
    private let total: Int
    private let state = Mutex(State())
    private let write: @Sendable (String) -> Void

    /// Shortest time between two redraws.
    static let interval = Duration.milliseconds(100)

    init(
        enabled: Bool, totalBytes: Int,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.enabled = enabled && totalBytes > 0
        total = totalBytes
        self.write = write
    }

    /// Counts `bytes` more read (negative: bytes counted for a read that is done again).
    func add(_ bytes: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let line: String? = state.withLock { s in
            s.done += bytes
            guard now - s.lastDrawn >= Self.interval else { return nil }
            s.lastDrawn = now
            s.drawn = true
            return Self.line(done: s.done, total: total, seconds: Self.seconds(now - s.started))
        }
        if let line { write("\r" + line + "\u{1B}[K") }
    }

    /// Clears the line, if one was drawn.
    func finish() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        write("\r\u{1B}[K")
    }

    /// The line for `done` of `total` bytes read in `seconds`.
    static func line(done: Int, total: Int, seconds: Double) -> String {
        let shown = min(max(done, 0), total)
        let mb = { (b: Int) in NumberFormat.rounded(Double(b) / 1e6, decimals: 1) }
        let percent = total > 0 ? 100 * shown / total : 0
        var text = "reading \(mb(shown)) of \(mb(total)) MB (\(percent) %)"
        guard seconds > 0.05, shown > 0 else { return text }
        let rate = Double(shown) / seconds
        text += ", \(NumberFormat.rounded(rate / 1e6, decimals: 0)) MB/s"
        let left = Double(total - shown) / rate
        text += ", \(left < 1 ? "< 1" : NumberFormat.rounded(left, decimals: 0)) s left"
        return text
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
