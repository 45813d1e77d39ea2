/// An error of the mnemo language: what went wrong, where, and the source line to show it on.
///
/// `description` is one line (`line 3, col 14: unknown argument 'stpes' to pretrain ...`);
/// `rendered` adds the source line and a caret under the column.
public struct MnemoError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The family of an error, so callers can react (e.g. an interrupted run is not a failure of the code).
    public enum Kind: String, Sendable {
        /// The text does not follow the grammar.
        case syntax
        /// An unknown variable, function or attribute.
        case name
        /// A call's arguments do not match the parameters (unknown, missing, duplicate, too many).
        case argument
        /// A value of the wrong type.
        case type
        /// A value of the right type outside what is allowed (not in a set, not an integer).
        case value
        /// A builtin failed while running.
        case runtime
        /// The user pressed Ctrl-C (or a caller cancelled) while something was running.
        case interrupted
        /// A notebook file or its `-p` parameters are malformed.
        case notebook
    }

    /// The family of the error.
    public var kind: Kind
    /// The message without position, e.g. `unknown name 'bsae' (did you mean 'base'?)`.
    public var message: String
    /// Where the error is, if it belongs to a place in the source.
    public var position: SourcePosition?
    /// The text of the source line at `position`, for the caret rendering.
    public var sourceLine: String?

    /// Creates an error of `kind` with `message`, optionally at `position`.
    public init(_ kind: Kind, _ message: String, at position: SourcePosition? = nil, sourceLine: String? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
        self.sourceLine = sourceLine
    }

    /// The one-line form: `line 3, col 14: message`, or the message alone without a position.
    public var description: String {
        guard let position else { return message }
        return "\(position): \(message)"
    }

    /// The one-line form followed by the source line and a caret under the column, each indented by 4 spaces.
    public var rendered: String {
        guard let position, let sourceLine else { return description }
        // Copy tabs from the source line so the caret stays under the right character.
        let prefix = sourceLine.prefix(max(position.column - 1, 0)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(description)\n    \(sourceLine)\n    \(prefix)^"
    }

    /// This error with its position and source line filled in where they are missing.
    public func located(at fallback: SourcePosition?, in source: SourceLines?) -> MnemoError {
        var copy = self
        if copy.position == nil { copy.position = fallback }
        if copy.sourceLine == nil, let line = copy.position?.line { copy.sourceLine = source?.line(line) }
        return copy
    }

    /// The error raised when a running builtin notices that the user cancelled.
    public static let interrupted = MnemoError(.interrupted, "interrupted")
}
