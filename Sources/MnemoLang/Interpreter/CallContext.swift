import MnemoKernel
/// Everything a builtin's implementation can reach: its arguments, the session, the output and
/// the cancellation flag.
public struct CallContext {
    /// The builtin being called.
    public let builtin: Builtin
    /// The checked arguments, with defaults filled in.
    public let args: BoundArguments
    /// The session (bindings, attached services such as the store).
    public let session: Session
    /// Where the call is in the source.
    public let position: SourcePosition

    /// Where to write output (never `print` directly).
    public var output: OutputSink { session.output }
    /// The flag Ctrl-C sets.
    public var cancellation: CancellationFlag { session.cancellation }
    /// True once the user asked to stop; long builtins poll it between steps.
    public var isCancelled: Bool { session.cancellation.isCancelled }

    /// Throws `MnemoError.interrupted` if the user asked to stop.
    public func checkCancelled() throws {
        if isCancelled { throw MnemoError.interrupted }
    }

    /// Writes one line of output.
    public func print(_ line: String) { output.writeLine(line) }

    /// A runtime error about this call, e.g. `ctx.failure("file not found: x.txt")`, positioned at the call.
    public func failure(_ message: String) -> MnemoError {
        MnemoError(.runtime, "\(builtin.name): \(message)", at: position)
    }
}
