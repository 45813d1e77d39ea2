import ArgumentParser
import Foundation
import MnemoPlot
import MnemoStore

/// The `--db FILE` option shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite store to use (default: $MNEMO_DB, else ./mnemo.sqlite).",
                                            valueName: "file"))
    var db: String?

    /// The path `--db`, `MNEMO_DB` or the default name.
    var path: String { Store.resolvePath(dbFlag: db) }

    /// Opens the store; a store that cannot be used is a one-line error and exit code 2. With
    /// `mustExist`, a missing file is such an error too: commands that only read (runs, show, replay...)
    /// should not leave an empty database behind when the path has a typo.
    func openStore(mustExist: Bool = false) throws -> Store {
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(message: "store \(path): no such file (nothing has been recorded there; "
                                 + "choose one with --db or MNEMO_DB)", exitCode: 2)
        }
        do {
            return try Store(path: path)
        } catch {
            throw CommandFailure.store(error)
        }
    }
}

/// Why a command stops: a one-line message on standard error and an exit code.
///
/// Exit codes: 1 for a problem with what the user asked (failing cell, unknown run, bad filter,
/// differences found by `--verify`), 2 when the store itself cannot be used (locked, not a
/// database, written by a newer mnemo, unwritable).
struct CommandFailure: Error, CustomStringConvertible {
    /// The one-line message, printed after `mnemo: `.
    let message: String
    /// The process exit status.
    let exitCode: Int32

    /// The message.
    var description: String { message }

    /// A failure with `message` and exit code 1.
    static func user(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }

    /// A store error: exit code 2 when the database is unusable, 1 when the request named something absent.
    static func store(_ error: Error) -> CommandFailure {
        guard let storeError = error as? StoreError else { return CommandFailure(message: "\(error)", exitCode: 2) }
        switch storeError {
        case .unknownRun, .unknownSession, .invalidFilter, .invalidSort, .duplicateParam, .invalidConfig:
            return CommandFailure(message: storeError.description, exitCode: 1)
        case .locked, .notADatabase, .cannotOpen, .newerSchema, .sqlite:
            return CommandFailure(message: storeError.description, exitCode: 2)
        }
    }
}

/// Runs a command body, turning `CommandFailure` and store errors into a message and an exit code
/// (never a stack trace or ArgumentParser's usage text).
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CommandFailure {
        printError("mnemo: \(failure.message)")
        throw ExitCode(failure.exitCode)
    } catch let error as StoreError {
        let failure = CommandFailure.store(error)
        printError("mnemo: \(failure.message)")
        throw ExitCode(failure.exitCode)
    }
}

/// The style tables are drawn in: the terminal's width and character set. In a pipe or file, tables are
/// not shortened to 80 columns: listings there are for grep and scripts, which need whole values.
func terminalStyle() -> PlotStyle {
    var terminal = TerminalInfo.current()
    if isatty(STDOUT_FILENO) == 0 { terminal.width = 1000 }
    return PlotStyle(terminal: terminal)
}

/// Reads a UTF-8 text file, failing with a one-line message naming the file and why.
func readTextFile(_ path: String, what: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CommandFailure.user("\(path): no such \(what)")
    }
    guard !isDirectory.boolValue else { throw CommandFailure.user("\(path): is a directory, not a \(what)") }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure.user("\(path): cannot read the \(what) (permissions?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CommandFailure.user("\(path): the \(what) is not UTF-8 text")
    }
    return text
}

/// Writes `text` to the file at `path`, failing with a one-line message naming the file and why.
func writeTextFile(_ text: String, to path: String, what: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    } catch {
        throw CommandFailure.user("\(path): cannot write the \(what): \((error as NSError).localizedDescription)")
    }
}

/// Dates in listings: local time to the second, the way people read them.
enum DisplayTime {
    /// `2026-12-06 03:04:05` in local time.
    static func text(_ date: Date) -> String { formatter.string(from: date) }

    /// `0.52 s`, `12.3 s`, `4.5 min`, `2.1 h`: precision that suits the size.
    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 10 { return String(format: "%.2f s", seconds) }
        if seconds < 120 { return String(format: "%.1f s", seconds) }
        if seconds < 7200 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }

    private static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter
    }()
}
