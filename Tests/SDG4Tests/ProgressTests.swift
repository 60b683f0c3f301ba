import Foundation
import Synchronization
import Testing

@testable import SDG4Pipeline

/// The progress line of a run (issue 15): by bytes, with percent, speed and time left, at most
/// 10 redraws a second, cleared at the end.
@Suite("Progress")
struct ProgressTests {
    @Test func theLineSaysHowFarHowFastAndHowLong() {
        // 371 of 742 MB in 2 s: 50 %, 186 MB/s (185.5 rounded half away from zero), 2 s left.
        #expect(
            Progress.line(done: 371_000_000, total: 742_000_000, seconds: 2)
                == "reading 371.0 of 742.0 MB (50 %), 186 MB/s, 2 s left")
        // Nothing read yet: no speed to tell.
        #expect(Progress.line(done: 0, total: 742_000_000, seconds: 1) == "reading 0.0 of 742.0 MB (0 %)")
        // A re-read counted twice never shows more than the total.
        #expect(Progress.line(done: 900, total: 800, seconds: 1).hasPrefix("reading 0.0 of 0.0 MB (100 %)"))
    }

    @Test func atMostTenRedrawsASecondAndClearedAtTheEnd() {
        let lines = Mutex<[String]>([])
        let progress = Progress(enabled: true, totalBytes: 1_000_000) { text in lines.withLock { $0.append(text) } }
        let start = ContinuousClock.now
        // Half a second of reads in small chunks.
        while ContinuousClock.now - start < .milliseconds(500) { progress.add(1) }
        progress.finish()
        let elapsed = ContinuousClock.now - start
        let written = lines.withLock { $0 }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // One redraw per 100 ms at most (the first after 100 ms), then the clearing.
        #expect(written.count - 1 <= Int(seconds * 10) + 1, "\(written.count) writes in \(seconds) s")
        #expect(written.count >= 3 && written.last == "\r\u{1B}[K")
        #expect(written.dropLast().allSatisfy { $0.hasPrefix("\rreading ") })
    }

    @Test func silentWhenNotOnATerminal() {
        let lines = Mutex<[String]>([])
        let progress = Progress(enabled: false, totalBytes: 1_000_000) { text in lines.withLock { $0.append(text) } }
        progress.add(500_000)
        progress.finish()
        #expect(lines.withLock { $0 }.isEmpty)
    }
}
