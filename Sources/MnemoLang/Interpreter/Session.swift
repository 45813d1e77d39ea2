import MnemoKernel
import Foundation

/// The state of one REPL or notebook run: bindings, the builtin registry, the output sink and
/// the cancellation flag. An error in a statement leaves every earlier binding in place.
///
/// ```swift
/// let session = Session()
/// let results = session.execute("x = range(3)\nlen(x)")   // prints 3
/// ```
public final class Session {
    /// The builtins callable in this session.
    public let registry: BuiltinRegistry
    /// Where statements and builtins write; the notebook runner swaps in a capturing sink per cell.
    public var output: OutputSink
    /// Set by Ctrl-C; cleared at the start of each `execute`.
    public let cancellation: CancellationFlag
    /// The bound names, in the order they were first bound (for `.who`).
    public private(set) var boundNames: [String] = []
    /// The source of every statement that succeeded, in order (for `.save FILE`).
    public private(set) var successfulStatements: [String] = []
    /// The value of the last bare expression that was not `none`.
    public private(set) var lastValue: Value?

    private var values: [String: Value] = [:]
    private var services: [ObjectIdentifier: AnyObject] = [:]

    /// Creates a session with no bindings.
    public init(registry: BuiltinRegistry = .standard(), output: OutputSink = StandardOutput(),
                cancellation: CancellationFlag = CancellationFlag()) {
        self.registry = registry
        self.output = output
        self.cancellation = cancellation
    }

    /// The value bound to `name`, if any.
    public func value(of name: String) -> Value? { values[name] }

    /// Binds `name` to `value` (replacing an earlier binding).
    public func bind(_ name: String, _ value: Value) {
        if values.updateValue(value, forKey: name) == nil { boundNames.append(name) }
    }

    /// Removes the binding of `name`, if any.
    public func unbind(_ name: String) {
        guard values.removeValue(forKey: name) != nil else { return }
        boundNames.removeAll { $0 == name }
    }

    /// Attaches a service object (the store, the current session record...) that builtins fetch by type.
    public func attach<T: AnyObject>(_ service: T) { services[ObjectIdentifier(T.self)] = service }

    /// The attached service of type `T`, if any: `ctx.session.service(RunStore.self)`.
    public func service<T: AnyObject>(_ type: T.Type) -> T? { services[ObjectIdentifier(T.self)] as? T }

    /// Parses and runs `source` (its first line numbered `firstLine`).
    ///
    /// A syntax error anywhere means nothing runs: one failed result per malformed statement is
    /// returned. Otherwise statements run in order; the value of a bare expression is printed
    /// through `output` (except `none`). With `stopOnError` the first failure ends the run.
    /// `overrides` replace the value of top-level assignments to those names (the `-p` parameters).
    /// A Ctrl-C pressed before this input is forgotten unless `keepingCancellation` (the notebook
    /// runner keeps it, so a Ctrl-C between two cells still stops the run).
    public func execute(_ source: String, firstLine: Int = 1, overrides: [String: Value] = [:],
                        stopOnError: Bool = true, keepingCancellation: Bool = false) -> [StatementResult] {
        if !keepingCancellation { cancellation.reset() }
        let parsed = Parser.parse(source, firstLine: firstLine)
        guard parsed.succeeded else {
            return parsed.errors.map { error in
                StatementResult(source: error.sourceLine ?? "", position: error.position, outcome: .failed(error), duration: 0)
            }
        }
        let lines = SourceLines(source, firstLine: firstLine)
        var results: [StatementResult] = []
        for statement in parsed.statements {
            let result = run(statement, lines: lines, overrides: overrides)
            results.append(result)
            if !result.succeeded && stopOnError { break }
        }
        return results
    }

    /// Runs one parsed statement.
    public func run(_ statement: Statement, lines: SourceLines? = nil, overrides: [String: Value] = [:]) -> StatementResult {
        let start = Date()
        let outcome: StatementResult.Outcome
        do {
            // Stop between statements too, not only inside long builtins.
            if cancellation.isCancelled { throw MnemoError.interrupted }
            switch statement.kind {
            case .assignment(let name, let expr):
                let value = try overrides[name] ?? evaluate(expr, lines: lines)
                bind(name, value)
                outcome = .assigned(name: name, value: value)
            case .expression(let expr):
                let value = try evaluate(expr, lines: lines)
                if case .nothing = value {} else {
                    output.writeLine(value.summary)
                    lastValue = value
                }
                outcome = .value(value)
            }
            successfulStatements.append(statement.source)
        } catch {
            outcome = .failed(Session.languageError(error, at: statement.position, lines: lines))
        }
        return StatementResult(source: statement.source, position: statement.position, outcome: outcome,
                               duration: Date().timeIntervalSince(start))
    }

    /// Parses and evaluates a single expression (for `.timeit EXPR`); nothing is printed or bound.
    public func evaluate(_ source: String) throws -> Value {
        let lines = SourceLines(source)
        do {
            return try evaluate(try Parser.parseExpression(source), lines: lines)
        } catch {
            throw Session.languageError(error, at: nil, lines: lines)
        }
    }

    /// Any error as a positioned `MnemoError` with its source line.
    static func languageError(_ error: Error, at position: SourcePosition?, lines: SourceLines?) -> MnemoError {
        let languageError = (error as? MnemoError) ?? MnemoError(.runtime, "\(error)")
        return languageError.located(at: position, in: lines)
    }
}
