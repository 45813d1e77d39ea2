import Foundation

/// What running one statement did.
public struct StatementResult {
    /// The three ways a statement ends.
    public enum Outcome {
        /// `name = expr` bound `name` to the value.
        case assigned(name: String, value: Value)
        /// A bare expression gave this value (already printed through the session's output).
        case value(Value)
        /// The statement failed (nothing was bound).
        case failed(MnemoError)
    }

    /// The statement's source lines (for a syntax error, the line of the error).
    public let source: String
    /// Where the statement starts.
    public let position: SourcePosition?
    /// What happened.
    public let outcome: Outcome
    /// Wall-clock seconds spent running it.
    public let duration: TimeInterval

    /// Creates a result.
    public init(source: String, position: SourcePosition?, outcome: Outcome, duration: TimeInterval) {
        self.source = source
        self.position = position
        self.outcome = outcome
        self.duration = duration
    }

    /// The error, if the statement failed.
    public var error: MnemoError? {
        if case .failed(let error) = outcome { return error }
        return nil
    }

    /// True if the statement ran without error.
    public var succeeded: Bool { error == nil }
}
