import Synchronization

/// A flag another thread (a Ctrl-C handler, a UI) sets to ask a long computation to stop at
/// its next step boundary.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Whether cancellation was requested.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }

    /// Requests cancellation.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Clears the request (before the next computation).
    public func reset() { flag.store(false, ordering: .relaxed) }
}
