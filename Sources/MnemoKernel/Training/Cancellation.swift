/// A flag another thread or a signal handler sets to ask a long computation to stop at its
/// next step boundary.
///
/// The state is one `Int32` behind ``rawFlag`` so a C signal handler (Ctrl-C) can set it by a
/// plain store, without calling into Swift (signal handlers must not allocate or lock).
public final class CancellationFlag: @unchecked Sendable {
    /// The flag's storage: non-zero means cancellation was requested.
    public let rawFlag: UnsafeMutablePointer<Int32>

    /// A flag that is not set.
    public init() {
        rawFlag = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        rawFlag.initialize(to: 0)
    }

    deinit { rawFlag.deallocate() }

    /// Whether cancellation was requested.
    public var isCancelled: Bool { rawFlag.pointee != 0 }

    /// Requests cancellation.
    public func cancel() { rawFlag.pointee = 1 }

    /// Clears the request (before the next computation).
    public func reset() { rawFlag.pointee = 0 }
}
