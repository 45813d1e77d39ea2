/// A flag set by Ctrl-C (or any caller) that long builtins poll to stop at the next step.
///
/// The flag lives in one word of allocated memory, so a C signal handler may set it through
/// `rawFlag` without calling into Swift (signal handlers must not allocate or lock).
public final class CancellationFlag: @unchecked Sendable {
    /// The word a signal handler writes 1 into; never deallocated while the flag lives.
    public let rawFlag: UnsafeMutablePointer<Int32>

    /// Creates a cleared flag.
    public init() {
        rawFlag = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        rawFlag.initialize(to: 0)
    }

    deinit { rawFlag.deallocate() }

    /// True once cancellation was requested and not yet reset.
    public var isCancelled: Bool { rawFlag.pointee != 0 }

    /// Requests cancellation.
    public func cancel() { rawFlag.pointee = 1 }

    /// Clears the request (the session does this before each new input).
    public func reset() { rawFlag.pointee = 0 }
}
