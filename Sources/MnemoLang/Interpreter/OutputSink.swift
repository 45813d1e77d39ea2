import Foundation

/// Where builtins and the session write what the user sees. Builtins never call `print`
/// directly, so a notebook runner can capture each cell's output.
public protocol OutputSink: AnyObject {
    /// Writes `text` as is (no newline added; `\r` may redraw a progress line on a terminal).
    func write(_ text: String)
    /// True when the output goes to an interactive terminal (progress bars) rather than a file or pipe (plain lines).
    var isTerminal: Bool { get }
}

extension OutputSink {
    /// Writes `text` followed by a newline.
    public func writeLine(_ text: String) { write(text + "\n") }
}

/// Writes to the process's standard output, flushing at once so output interleaves with prompts.
public final class StandardOutput: OutputSink {
    /// True when standard output is a terminal.
    public let isTerminal: Bool

    /// Creates a sink on standard output; `isTerminal` defaults to whether stdout is a TTY.
    public init(isTerminal: Bool = isatty(STDOUT_FILENO) != 0) { self.isTerminal = isTerminal }

    /// Writes and flushes.
    public func write(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }
}

/// Keeps everything written (a cell's output) and optionally passes it on to another sink (the terminal).
public final class CapturedOutput: OutputSink {
    /// Everything written so far.
    public private(set) var text = ""
    private let forward: OutputSink?

    /// Captures output, also forwarding it to `forward` when given.
    public init(forwardingTo forward: OutputSink? = nil) { self.forward = forward }

    /// A terminal only if the forwarded-to sink is one.
    public var isTerminal: Bool { forward?.isTerminal ?? false }

    /// Records `text` and forwards it.
    public func write(_ text: String) {
        self.text += text
        forward?.write(text)
    }

    /// Forgets what was captured.
    public func reset() { text = "" }
}
