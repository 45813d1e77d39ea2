import Foundation

/// The built `mnemo` executable, found beside the test bundle (the same products directory), or
/// at `MNEMO_BINARY` when set. Nil when it has not been built: tests then skip with a message.
enum MnemoBinary {
    static let url: URL? = {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["MNEMO_BINARY"], FileManager.default.isExecutableFile(atPath: given) {
            return URL(fileURLWithPath: given)
        }
        var candidates: [URL] = []
        // Linux: the tests run inside `<products>/mnemoPackageTests.xctest`; macOS: a bundle in `<products>`.
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in candidates {
            let binary = directory.appendingPathComponent("mnemo")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        return nil
    }()

    /// Why tests are skipped when the binary is missing.
    static let missingMessage = "mnemo binary not found beside the test bundle (build the mnemo product, or set MNEMO_BINARY)"
}

/// What one `mnemo` invocation did.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Both streams, for messages in failed expectations.
    var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// A temporary directory holding a store and notebooks, where `mnemo` runs as a user would run it.
final class Sandbox {
    let directory: URL
    /// The store every command of this sandbox uses (passed with `--db`).
    var database: String { directory.appendingPathComponent("test.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` to `name` in the sandbox and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The text of file `name` in the sandbox.
    func read(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Runs `mnemo arguments...` in the sandbox; `--db` is appended unless `useDatabase` is false.
    /// `whileRunning` is called with the process once it has started (to send it Ctrl-C, say).
    /// A process still running after `timeout` seconds is killed and reported as exit status -1.
    /// `input`, when given, is the process's standard input (a script for the REPL).
    /// `environment` adds variables to the process's environment.
    func mnemo(_ arguments: [String], useDatabase: Bool = true, input: String? = nil, timeout: TimeInterval = 120,
               environment: [String: String] = [:], whileRunning: ((Process) -> Void)? = nil) throws -> ProcessResult {
        guard let binary = MnemoBinary.url else { throw SandboxError.noBinary }
        return try run(binary, arguments + (useDatabase ? ["--db", database] : []), input: input, timeout: timeout,
                       extraEnvironment: environment, whileRunning: whileRunning)
    }

    /// Runs SQL on the sandbox's store with the sqlite3 command-line tool (to tamper with records);
    /// nil when the tool is not installed.
    func sqlite(_ sql: String) throws -> ProcessResult? {
        let tool = URL(fileURLWithPath: "/usr/bin/sqlite3")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else { return nil }
        return try run(tool, [database, sql])
    }

    private func run(_ executable: URL, _ arguments: [String], input: String? = nil, timeout: TimeInterval = 120,
                     extraEnvironment: [String: String] = [:],
                     whileRunning: ((Process) -> Void)? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["MNEMO_DB"] = nil
        environment["NO_COLOR"] = "1"
        environment.merge(extraEnvironment) { _, given in given }
        process.environment = environment
        // Files rather than pipes: a chatty process cannot fill a pipe buffer and block.
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)")
        let errURL = directory.appendingPathComponent(".err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = directory.appendingPathComponent(".in-\(id)")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        whileRunning?(process)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(".in-\(id)"))
        }
        return ProcessResult(status: timedOut ? -1 : process.terminationStatus,
                             stdout: try String(contentsOf: outURL, encoding: .utf8),
                             stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

/// Failures of the sandbox itself (not of mnemo).
enum SandboxError: Error, CustomStringConvertible {
    case noBinary

    var description: String { MnemoBinary.missingMessage }
}
