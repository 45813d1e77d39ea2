import Foundation
import MnemoStore
import Testing

/// The `mnemo` executable built beside this test bundle, if it has been built.
private let mnemoBinary: String? = {
    guard let tests = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
    let binary = URL(fileURLWithPath: tests).deletingLastPathComponent().appendingPathComponent("mnemo").path
    return FileManager.default.isExecutableFile(atPath: binary) ? binary : nil
}()

/// The shell as users start it: `mnemo repl` on a terminal, and `mnemo` with piped input.
@Suite(.serialized, .enabled(if: mnemoBinary != nil, "the mnemo executable is not built beside the tests"))
struct MnemoBinaryTests {
    @Test func replOnATerminalRunsAndRecords() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let binary = try #require(mnemoBinary)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        let terminal = try PseudoTerminal(executable: binary, arguments: ["repl", "--db", db], environment: environment)
        #expect(terminal.expect("mnemo> ", timeout: 30), "no prompt: \(terminal.unmatched)")
        terminal.send("x = 40\r")
        #expect(terminal.expect("mnemo> "))
        terminal.send("x + 2\r")
        #expect(terminal.expect("42\r\n"), "no result: \(terminal.unmatched)")
        #expect(terminal.expect("mnemo> "))
        terminal.send(".quit\r")
        #expect(terminal.waitForExit(timeout: 15) == 0)
        let store = try Store(path: db)
        #expect(try store.recentHistory().map(\.line) == ["x = 40", "x + 2", ".quit"])
    }

    @Test func pipedInputIsAScriptWhoseErrorsSetTheExitCode() throws {
        let db = try makeTemporaryDirectory().appendingPathComponent("mnemo.sqlite").path
        let good = try runPiped("x = [1,\n2]\nlen(x)\n", db: db)
        #expect(good.status == 0)
        #expect(good.stdout == "2\n")
        #expect(!good.stdout.contains("mnemo>"))
        let bad = try runPiped("x = 1\ny = len(x)\nprint(\"never\")\n", db: db)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("line 2, col"))
        #expect(bad.stderr.contains("^"))
        #expect(!bad.stdout.contains("never"))
        #expect(try Store(path: db).recentHistory().isEmpty)
    }

    private func runPiped(_ script: String, db: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(mnemoBinary))
        process.arguments = ["--db", db]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
