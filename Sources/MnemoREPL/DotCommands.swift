import Foundation
import MnemoLang

/// One REPL dot-command: its name, usage, a one-line summary and what it does.
struct DotCommand {
    /// The name with its dot: `.runs`.
    let name: String
    /// The arguments it takes, as shown in help: `[FILTER]`.
    let usage: String
    /// One line for `.help`.
    let summary: String
    /// Runs it with the text after the name (trimmed); errors are reported by the caller.
    let run: (REPLCore, String) throws -> Void
}

/// Thrown by a command whose failure was already printed (a cell's error): only the status is left to pass on.
struct AlreadyReported: Error {
    let status: REPLStatus
}

/// The dot-commands of the REPL (`.help`, `.who`, `.runs`, ...). `.quit` and `.exit` are handled
/// by the core itself since they end the loop.
enum DotCommands {
    /// Every dot-command, in the order `.help` lists them.
    static let all: [DotCommand] = [
        DotCommand(name: ".help", usage: "[NAME]", summary: "this list, or the help of a builtin or dot-command (also ?NAME)") { core, args in
            core.output.write(try core.helpText(args))
        },
        DotCommand(name: ".who", usage: "", summary: "the bound names with their type and summary") { core, _ in
            core.output.write(core.whoText())
        },
        DotCommand(name: ".runs", usage: "[FILTER]", summary: "recent runs (filter like: status = finished and metrics.loss < 2)") { core, args in
            try core.showRuns(filter: args)
        },
        DotCommand(name: ".show", usage: "RUN", summary: "one run: params, latest metrics, evaluations, artifacts") { core, args in
            try core.showRun(args)
        },
        DotCommand(name: ".compare", usage: "RUN RUN...", summary: "runs side by side: params that differ, latest metrics") { core, args in
            try core.compareRuns(args)
        },
        DotCommand(name: ".history", usage: "[N|TEXT]", summary: "the last N history entries (default 20) of every session, or those containing TEXT") { core, args in
            try core.showHistory(args)
        },
        DotCommand(name: ".save", usage: "FILE", summary: "write this session's successful statements as a notebook") { core, args in
            try core.saveNotebook(args)
        },
        DotCommand(name: ".load", usage: "FILE", summary: "run a notebook's cells in this session") { core, args in
            try core.loadNotebook(args)
        },
        DotCommand(name: ".sessions", usage: "[N]", summary: "recent sessions (REPL, notebook, replay)") { core, args in
            try core.showSessions(args)
        },
        DotCommand(name: ".replay", usage: "SESSION", summary: "re-run the successful cells of a recorded session here") { core, args in
            try core.replaySession(args)
        },
        DotCommand(name: ".timeit", usage: "EXPR", summary: "time an expression: mean and spread over repeated runs") { core, args in
            try core.timeit(args)
        },
        DotCommand(name: ".quit", usage: "", summary: "leave the REPL (also .exit or Ctrl-D)") { _, _ in },
    ]

    /// The names offered by Tab completion and checked for did-you-mean.
    static let names: [String] = all.map(\.name) + [".exit"]

    /// The command called `name` (with its dot), if any.
    static func command(named name: String) -> DotCommand? { all.first { $0.name == name } }
}

extension REPLCore {
    /// Runs a line that starts with `.` or `?` (already trimmed).
    func runCommand(_ line: String) -> REPLStep {
        let text = line.hasPrefix("?") ? ".help " + line.dropFirst() : line
        let name = String(text.prefix { !$0.isWhitespace })
        let args = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if name == ".quit" || name == ".exit" { return .quit(entry: line) }
        guard let command = DotCommands.command(named: name) else {
            errors.writeLine("unknown command '\(name)'\(Suggestions.hint(for: name, among: DotCommands.names)); .help lists the commands")
            return .completed(entry: line, status: .failed)
        }
        do {
            try command.run(self, args)
            return .completed(entry: line, status: .ok)
        } catch let done as AlreadyReported {
            return .completed(entry: line, status: done.status)
        } catch let error as MnemoError {
            report(error)
            return .completed(entry: line, status: error.kind == .interrupted ? .interrupted : .failed)
        } catch {
            errors.writeLine("\(error)")
            return .completed(entry: line, status: .failed)
        }
    }

    /// `.help`: the dot-commands and the builtins; `.help NAME` one builtin or dot-command.
    func helpText(_ name: String) throws -> String {
        if name.isEmpty {
            let width = DotCommands.all.map { ($0.name + " " + $0.usage).count }.max() ?? 0
            var text = "Commands:\n"
            for command in DotCommands.all {
                let head = command.usage.isEmpty ? command.name : command.name + " " + command.usage
                text += "  " + head.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + command.summary + "\n"
            }
            text += "Keys: Tab completes, Up/Down and Ctrl-R search history, Ctrl-C cancels, Ctrl-D quits.\n\n"
            return text + session.registry.helpIndex()
        }
        let dotted = name.hasPrefix(".") ? name : "." + name
        if name.hasPrefix("."), ![".quit", ".exit"].contains(name), DotCommands.command(named: dotted) == nil {
            throw REPLError("unknown command '\(name)'\(Suggestions.hint(for: name, among: DotCommands.names)); .help lists the commands")
        }
        if let command = DotCommands.command(named: dotted), name.hasPrefix(".") || session.registry.builtin(named: name) == nil {
            return "\(command.name) \(command.usage)\n  \(command.summary)\n"
        }
        return try session.registry.help(name)
    }

    /// `.who`: one line per binding: name, type, summary.
    func whoText() -> String {
        let names = session.boundNames
        guard !names.isEmpty else { return "no names bound yet\n" }
        let width = names.map(\.count).max() ?? 0
        let types = names.map { session.value(of: $0)?.typeName ?? "" }
        let typeWidth = types.map(\.count).max() ?? 0
        return zip(names, types).map { name, type in
            let summary = session.value(of: name)?.summary ?? ""
            return name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + type.padding(toLength: typeWidth, withPad: " ", startingAt: 0) + "  " + summary
        }.joined(separator: "\n") + "\n"
    }
}
