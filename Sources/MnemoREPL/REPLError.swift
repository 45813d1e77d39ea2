/// A problem with a dot-command or the REPL itself (bad arguments, unreadable file, store failure),
/// as a one-line message that names the command and the reason.
public struct REPLError: Error, CustomStringConvertible, Equatable {
    /// The message, e.g. `.show: unknown run 42`.
    public let message: String

    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
