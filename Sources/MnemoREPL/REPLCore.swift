import Foundation
import MnemoLang
import MnemoPlot
import MnemoStore

/// How an entry (a statement block or a dot-command) ended.
public enum REPLStatus: Equatable, Sendable {
    /// It ran without error.
    case ok
    /// It failed; the error was printed and every binding is kept.
    case failed
    /// Ctrl-C stopped it; the bindings made before are kept.
    case interrupted
}

/// What feeding one line to the core did.
public enum REPLStep: Equatable, Sendable {
    /// The line was empty (or only spaces) and nothing is open: nothing ran.
    case blank
    /// A statement is still open (unclosed bracket or string): show the continuation prompt.
    case continuing
    /// A whole entry ran; `entry` is the text to keep as one history entry.
    case completed(entry: String, status: REPLStatus)
    /// `.quit` was entered.
    case quit(entry: String)
}

/// The REPL without a terminal: it takes lines, joins open statements into blocks, runs blocks
/// and dot-commands in one ``Session``, prints values to the session's output and errors to
/// `errors`, and records the session, each entry as a cell, and the history in the store.
///
/// ```swift
/// let core = try REPLCore(session: Session(registry: .mnemo()), store: store, errors: StandardError())
/// core.feed("x = [1,")   // .continuing
/// core.feed("2]")        // .completed(entry: "x = [1,\n2]", status: .ok)
/// ```
/// The line-editing shell (``REPL``) and the script mode are thin loops around `feed`.
public final class REPLCore {
    /// The session every entry runs in.
    public let session: Session
    /// The store that keeps sessions, cells, history and runs (nil: nothing is recorded).
    public let store: Store?
    /// The style tables are rendered with (width, charset).
    public var style: PlotStyle
    /// Whether entries are appended to the store's history (off for piped scripts).
    public var recordsHistory: Bool
    /// Where values and command output go (the session's output when the core was made).
    public let output: OutputSink
    /// Where errors go.
    public let errors: OutputSink

    let recorder: REPLRecorder?
    private var pendingLines: [String] = []
    private var pendingFirstLine = 1

    /// Creates a core around `session`. With a store, begins a session record of `kind` and
    /// attaches a `SessionContext` so builtins record their runs under it.
    public init(session: Session, store: Store?, errors: OutputSink, kind: SessionKind = .repl,
                recordsHistory: Bool = true, style: PlotStyle = PlotStyle()) throws {
        self.session = session
        self.store = store
        self.errors = errors
        self.output = session.output
        self.style = style
        self.recordsHistory = recordsHistory
        if let store {
            recorder = try REPLRecorder(store: store, kind: kind, session: session) { errors.writeLine($0) }
        } else {
            recorder = nil
        }
    }

    /// The store's id of this session, if recorded.
    public var sessionID: Int64? { recorder?.sessionID }

    /// True while a statement is open and more lines are needed.
    public var isContinuing: Bool { !pendingLines.isEmpty }

    /// The prompt to show before the next line.
    public var prompt: String { isContinuing ? REPLPrompts.continuation : REPLPrompts.primary }

    /// Takes one line (without its newline). `lineNumber` is its line in a script (errors use it);
    /// interactively every block starts at line 1.
    @discardableResult
    public func feed(_ line: String, lineNumber: Int = 1) -> REPLStep {
        if pendingLines.isEmpty {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .blank }
            if trimmed.hasPrefix(".") || trimmed.hasPrefix("?") { return runCommand(trimmed) }
            pendingFirstLine = lineNumber
        }
        pendingLines.append(line)
        let block = pendingLines.joined(separator: "\n")
        guard Parser.isComplete(block) else { return .continuing }
        pendingLines = []
        return .completed(entry: block, status: runStatements(block, firstLine: pendingFirstLine))
    }

    /// Runs what is still open at the end of the input (so its error is shown), if anything.
    public func flush() -> REPLStep? {
        guard !pendingLines.isEmpty else { return nil }
        let block = pendingLines.joined(separator: "\n")
        pendingLines = []
        return .completed(entry: block, status: runStatements(block, firstLine: pendingFirstLine))
    }

    /// Forgets the open statement (Ctrl-C at a continuation prompt).
    public func discardPending() { pendingLines = [] }

    /// Runs statements as one entry: prints values and errors, records one cell. Never throws:
    /// an error leaves every binding in place.
    @discardableResult
    public func runStatements(_ source: String, firstLine: Int = 1, title: String? = nil) -> REPLStatus {
        let terminal = session.output
        let captured = CapturedOutput(forwardingTo: terminal)
        session.output = captured
        defer { session.output = terminal }
        let started = Date()
        let results = InterruptHandler.whileComputing {
            session.execute(source, firstLine: firstLine)
        }
        let failures = results.compactMap(\.error)
        for error in failures { report(error) }
        var status: REPLStatus = failures.isEmpty ? .ok
            : (failures.contains { $0.kind == .interrupted } ? .interrupted : .failed)
        // A training stopped by Ctrl-C returns normally with the steps it took, but the cell
        // did not run to its end: record it as interrupted.
        if status == .ok, session.cancellation.isCancelled { status = .interrupted }
        // A comment alone runs nothing and is not worth a cell.
        guard !results.isEmpty else { return status }
        recorder?.recordCell(title: title, source: source, output: captured.text, status: status.cellStatus,
                             started: started, duration: Date().timeIntervalSince(started),
                             error: failures.first?.description)
        return status
    }

    /// Completions for the text before the cursor: builtins, named arguments, bound names,
    /// attributes and dot-commands; file names after `.load` and `.save`.
    public func completions(for text: String) -> REPLCompletion {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        for command in [".load ", ".save "] where trimmed.hasPrefix(command) {
            return FileCompletion.complete(String(trimmed.dropFirst(command.count)).trimmingCharacters(in: .whitespaces))
        }
        let completion = session.completions(for: text, dotCommands: DotCommands.names)
        return REPLCompletion(word: completion.word, candidates: completion.candidates)
    }

    /// Ends the session record (call once, when the REPL exits).
    public func finish(_ status: SessionStatus) { recorder?.end(status) }

    /// Appends a history entry to the store (the interactive shell calls this for each entry).
    public func remember(_ entry: String) {
        if recordsHistory { recorder?.appendHistory(entry) }
    }

    /// Prints a language error: the one-line message with the source line and a caret.
    func report(_ error: MnemoError) {
        if error.kind == .interrupted {
            errors.writeLine("interrupted (Ctrl-C); everything bound before is kept")
        } else {
            errors.writeLine(error.rendered)
        }
    }
}

extension REPLStatus {
    /// The store's name for this status.
    var cellStatus: MnemoStore.CellStatus {
        switch self {
        case .ok: return .ok
        case .failed: return .error
        case .interrupted: return .interrupted
        }
    }
}

/// What Tab offers: the word before the cursor and its full replacements (most relevant first).
public struct REPLCompletion: Equatable, Sendable {
    /// The text just before the cursor that the candidates replace (may be empty).
    public let word: String
    /// The replacements for `word`.
    public let candidates: [String]

    /// Creates a completion.
    public init(word: String, candidates: [String]) {
        self.word = word
        self.candidates = candidates
    }
}

/// Writes to standard error, flushing at once (errors interleave correctly with output).
public final class StandardError: OutputSink {
    /// True when standard error is a terminal.
    public let isTerminal: Bool

    /// Creates a sink on standard error.
    public init() { isTerminal = isatty(STDERR_FILENO) != 0 }

    /// Writes and flushes.
    public func write(_ text: String) {
        fputs(text, stderr)
        fflush(stderr)
    }
}
