import Dispatch
import SDG4Clean
import SDG4Report
import Synchronization

/// Work every run needs whatever its inputs, done on another thread while the run locks,
/// plans and reads its files: the report templates parsed (`ReportRenderer`) and the country
/// registry indexed (`CodeLists`). A small run is mostly such fixed costs, and most of them would
/// otherwise run on one core while the other waits.
final class RunWarmup: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let renderer = Mutex<Result<ReportRenderer, ReportError>?>(nil)

    /// Starts the work; `templates`: the pipeline's `outputs.templates`, `render`: whether the
    /// run writes reports.
    init(templates: String?, render: Bool) {
        DispatchQueue.global().async { [self] in
            _ = CodeLists.country("")
            if render {
                let made = Result { () throws(ReportError) in try ReportRenderer(overrides: templates) }
                renderer.withLock { $0 = made }
            }
            done.signal()
        }
    }

    /// The renderer, once made (or why it could not be).
    func reportRenderer() throws(ReportError) -> ReportRenderer {
        done.wait()
        done.signal()  // a second call does not wait forever
        guard let made = renderer.withLock({ $0 }) else {
            return try ReportRenderer(overrides: nil)  // not asked for at the start: made now
        }
        return try made.get()
    }
}
