import Foundation
import MnemoLang
import MnemoPlot
import MnemoStore

/// The mnemo shell: what `mnemo repl` (and `mnemo` with no arguments) runs.
///
/// ```swift
/// let status = REPL(options: REPLOptions(storePath: dbFlag, version: "0.1.0")).run()
/// exit(status)
/// ```
/// When both stdin and stdout are terminals it is interactive: libedit line editing, history kept
/// in the store across sessions (one entry per multi-line block), Tab completion, dot-commands,
/// Ctrl-C to cancel the line or stop a running computation, Ctrl-D to quit. Otherwise it reads
/// all of stdin as a script without prompts: errors go to stderr and the first one stops the
/// script. The session, each entry (as a cell) and the history are recorded in the store.
public final class REPL {
    /// The options it was made with.
    public let options: REPLOptions

    /// A shell with `options`; nothing happens until `run()`.
    public init(options: REPLOptions = REPLOptions()) { self.options = options }

    /// Runs the shell until `.quit`, Ctrl-D or the end of the script. Returns the exit status:
    /// 0 on success; in script mode 1 after an error and 130 after Ctrl-C; 2 if not even an
    /// in-memory store could be opened. A store that cannot be opened or written only warns.
    public func run() -> Int32 {
        let errors = StandardError()
        let interactive = options.interactive ?? (isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0)
        let path = Store.resolvePath(dbFlag: options.storePath)
        let store: Store
        do {
            let opened = try Store.openWithFallback(path: path)
            store = opened.store
            if let problem = opened.problem {
                errors.writeLine("warning: \(problem); using a temporary in-memory store, nothing will be kept")
            }
        } catch {
            errors.writeLine("mnemo: cannot open any store: \(error)")
            return 2
        }
        let session = Session(registry: options.registry ?? .mnemo(), output: StandardOutput())
        let style = PlotStyle(terminal: TerminalInfo.current())
        let core: REPLCore
        do {
            core = try REPLCore(session: session, store: store, errors: errors, kind: .repl,
                                recordsHistory: interactive, style: style)
        } catch {
            // A store that opens but refuses writes (locked for long): work on without recording.
            errors.writeLine("warning: cannot record this session in \(path): \(error); nothing will be kept")
            guard let unrecorded = try? REPLCore(session: session, store: nil, errors: errors, style: style) else { return 2 }
            core = unrecorded
        }
        InterruptHandler.install(setting: session.cancellation)
        defer { InterruptHandler.uninstall() }
        if interactive {
            runInteractive(core, store: store)
            core.finish(.finished)
            return 0
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let status = ScriptMode.run(String(decoding: input, as: UTF8.self), in: core)
        core.finish(status == .ok ? .finished : (status == .interrupted ? .interrupted : .failed))
        return ScriptMode.exitCode(status)
    }

    private func runInteractive(_ core: REPLCore, store: Store) {
        let history = (try? store.recentHistory(limit: options.historyLimit))?.map(\.line) ?? []
        let editor = LineEditor(history: history) { text in core.completions(for: text) }
        let version = options.version.isEmpty ? "" : " \(options.version)"
        core.output.writeLine("mnemo\(version): .help for commands and builtins, Tab completes, Ctrl-D quits")
        while true {
            switch editor.read(prompt: core.prompt) {
            case .endOfInput:
                core.output.write("\n")
                return
            case .interrupted:
                // The line (and any open block) is dropped; libedit already moved past it.
                core.discardPending()
                core.output.write("\n")
            case .line(let line):
                let step = core.feed(line)
                switch step {
                case .blank, .continuing:
                    break
                case .completed(let entry, _):
                    editor.addHistory(entry)
                    core.remember(entry)
                case .quit(let entry):
                    editor.addHistory(entry)
                    core.remember(entry)
                    return
                }
            }
        }
    }
}

/// Piped input: the whole text run line by line through the core, stopping at the first error.
public enum ScriptMode {
    /// Feeds `script` to `core` (line numbers are the script's), runs an unclosed statement at the
    /// end so its error shows, and returns how it ended.
    public static func run(_ script: String, in core: REPLCore) -> REPLStatus {
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        var lines = script.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (offset, line) in lines.enumerated() {
            switch core.feed(line, lineNumber: offset + 1) {
            case .blank, .continuing: continue
            case .quit: return .ok
            case .completed(_, let status): if status != .ok { return status }
            }
        }
        if case .completed(_, let status)? = core.flush() { return status }
        return .ok
    }

    /// The process exit status for a script that ended with `status`: 0, 1, or 130 for Ctrl-C.
    public static func exitCode(_ status: REPLStatus) -> Int32 {
        switch status {
        case .ok: return 0
        case .failed: return 1
        case .interrupted: return 130
        }
    }
}
