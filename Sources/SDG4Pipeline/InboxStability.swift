import Foundation

/// Tells which inbox files are complete, for `sdg4 watch`: a file is taken only when its size
/// and modification time are the same at two consecutive polls, so that a file still being
/// copied or saved is left for a later batch.
public struct InboxStability: Sendable {
    private var last: [String: FileStat] = [:]

    public init() {}

    /// Records one poll of the inbox and returns the names unchanged since the previous poll.
    public mutating func poll(folder: String) -> Set<String> {
        var current: [String: FileStat] = [:]
        for name in Inbox.waiting(in: folder) {
            if let s = FileStat.of(folder + "/" + name) { current[name] = s }
        }
        let stable = Set(current.filter { last[$0.key] == $0.value }.keys)
        last = current
        return stable
    }
}
