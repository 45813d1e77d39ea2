import Foundation
import MnemoLang
import MnemoStore
import Testing
@testable import MnemoREPL

/// The REPL on a real pseudo-terminal, typed at like a person: the test binary starts itself
/// again as the child (only `childEntry` runs there, because of the environment variable), so
/// the child's registry has the test-only `spin` builtin that loops until Ctrl-C.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe"),
                              "the child is found through /proc/self/exe (Linux)"))
struct TerminalTests {
    /// Set in the child's environment to the store path; the child then runs the REPL and exits.
    static let childVariable = "MNEMO_REPL_PTY_CHILD_DB"

    /// In the parent test run this does nothing; in the child it is the whole program.
    @Test func childEntry() {
        guard let db = ProcessInfo.processInfo.environment[TerminalTests.childVariable], !db.isEmpty else { return }
        let status = REPL(options: REPLOptions(storePath: db, registry: makeTestRegistry(), version: "test")).run()
        exit(status)
    }

    /// Starts the REPL child on a pty with the store at `db`, waiting for its first prompt.
    func startREPL(db: String, environment changes: [String: String?] = [:]) throws -> PseudoTerminal {
        let executable = try #require(try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        var environment = ProcessInfo.processInfo.environment
        environment[TerminalTests.childVariable] = db
        environment["TERM"] = "xterm"
        environment["MNEMO_DB"] = nil
        for (name, value) in changes { environment[name] = value }
        let terminal = try PseudoTerminal(
            executable: executable,
            arguments: ["--testing-library", "swift-testing", "--filter", "TerminalTests/childEntry"],
            environment: environment)
        #expect(terminal.expect("mnemo> ", timeout: 30), "no prompt; the terminal showed: \(terminal.unmatched)")
        return terminal
    }

    @Test func typingBlocksTabCompletionAndCtrlD() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let terminal = try startREPL(db: db)
        terminal.send("xs = [40,\r")
        #expect(terminal.expect("...> "), "no continuation prompt: \(terminal.unmatched)")
        terminal.send("2]\r")
        #expect(terminal.expect("mnemo> "))
        // `le<Tab>` completes the builtin `len`; `shout(te<Tab>` the named argument `text:`. libedit
        // redraws with cursor moves, so the proof is that the completed statements ran.
        terminal.send("le\t(xs)\r")
        #expect(terminal.expect("\r\n2\r\n"), "Tab did not complete len: \(terminal.unmatched)")
        terminal.send("shout(te\t \"ok\")\r")
        #expect(terminal.expect("OK\r\n"), "Tab did not complete text: \(terminal.unmatched)")
        #expect(terminal.expect("mnemo> "))
        // A completed dot-command gets a space, then its argument completes too.
        terminal.send(".he\tle\t\r")
        #expect(terminal.expect("len(x: "), "Tab did not complete .help len: \(terminal.unmatched)")
        #expect(terminal.expect("mnemo> "))
        terminal.send("\u{4}")
        #expect(terminal.waitForExit(timeout: 15) == 0, "Ctrl-D did not end the REPL: \(terminal.unmatched.debugDescription)")
    }

    @Test func tabCompletesNotebookFileNames() throws {
        let directory = try makeTemporaryDirectory()
        try "shout(\"from the file\")\n".write(to: directory.appendingPathComponent("only-one.mnemo"), atomically: true, encoding: .utf8)
        let terminal = try startREPL(db: directory.appendingPathComponent("mnemo.sqlite").path)
        terminal.send(".load \(directory.path)/only\t\r")
        #expect(terminal.expect("FROM THE FILE"), "file name not completed: \(terminal.unmatched)")
        #expect(terminal.expect("mnemo> "))
        terminal.send("\u{4}")
        #expect(terminal.waitForExit(timeout: 15) == 0, "Ctrl-D did not end the REPL: \(terminal.unmatched.debugDescription)")
    }

    @Test func editingIsByCharacterNotByte() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let terminal = try startREPL(db: db, environment: ["LANG": nil, "LC_ALL": nil, "LC_CTYPE": nil])
        // Backspace after `ü` must delete the whole character, leaving `len("a")`.
        terminal.send("len(\"ü")
        Thread.sleep(forTimeInterval: 0.2)
        terminal.send("\u{7f}a\")\r")
        #expect(terminal.expect("\r\n1\r\n"), "a multi-byte character was edited byte-wise: \(terminal.unmatched)")
        #expect(terminal.expect("mnemo> "))
        terminal.send("\u{4}")
        #expect(terminal.waitForExit(timeout: 15) == 0, "Ctrl-D did not end the REPL: \(terminal.unmatched.debugDescription)")
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let first = try startREPL(db: db)
        first.send("word = [\r")
        #expect(first.expect("...> "))
        first.send("\"remembered\"]\r")
        #expect(first.expect("mnemo> "))
        first.send(".quit\r")
        #expect(first.waitForExit(timeout: 15) == 0)

        let second = try startREPL(db: db)
        // Up twice: past `.quit` to the two-line block, recalled as one entry.
        second.send("\u{1b}[A\u{1b}[A\r")
        #expect(second.expect("mnemo> "))
        second.send("shout(word[0])\r")
        #expect(second.expect("REMEMBERED"), "history block not recalled: \(second.unmatched)")
        #expect(second.expect("mnemo> "))
        second.send("\u{4}")
        #expect(second.waitForExit(timeout: 15) == 0)
    }

    @Test func ctrlCClearsTheLineAndStopsAComputation() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let terminal = try startREPL(db: db)
        terminal.send("kept = 40\r")
        #expect(terminal.expect("mnemo> "))
        terminal.send("never typed")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.send("\u{3}")
        #expect(terminal.expect("mnemo> "), "no prompt after Ctrl-C at the prompt: \(terminal.unmatched)")
        terminal.send("steps = spin(seconds: 60)\r")
        Thread.sleep(forTimeInterval: 0.5)
        let pressed = Date()
        terminal.send("\u{3}")
        #expect(terminal.expect("interrupted", timeout: 10), "Ctrl-C did not stop spin: \(terminal.unmatched)")
        #expect(Date().timeIntervalSince(pressed) < 10)
        #expect(terminal.expect("mnemo> "))
        terminal.send("kept + 2\r")
        #expect(terminal.expect("42\r\n"), "state lost after Ctrl-C: \(terminal.unmatched)")
        terminal.send(".quit\r")
        #expect(terminal.waitForExit(timeout: 15) == 0)

        // The cleared line never ran; the stopped statement is recorded as interrupted.
        let store = try Store(path: db)
        let session = try #require(try store.sessions(limit: 1).first)
        let cells = try store.cells(session: session.id)
        #expect(cells.map(\.source) == ["kept = 40", "steps = spin(seconds: 60)", "kept + 2"])
        #expect(cells.map(\.status) == [.ok, .interrupted, .ok])
    }

    @Test func theThirdCtrlCEndsAComputationThatIgnoresTheFlag() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let terminal = try startREPL(db: db)
        terminal.send("spin(seconds: 60, obey: false)\r")
        Thread.sleep(forTimeInterval: 0.5)
        terminal.send("\u{3}")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.send("\u{3}")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(terminal.waitForExit(timeout: 0) == nil, "two presses must not end the REPL")
        terminal.send("\u{3}")
        #expect(terminal.waitForExit(timeout: 10) == 128 + SIGINT)
    }
}
