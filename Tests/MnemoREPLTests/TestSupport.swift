import Foundation
import MnemoLang
import MnemoPlot
import MnemoStore
@testable import MnemoREPL

/// A fresh temporary directory for one test (never the repository).
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mnemo-repl-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The mnemo registry plus `spin(seconds: ..., obey: ...)`, a builtin that loops until Ctrl-C (or a
/// time limit) like a long training, or ignores Ctrl-C like a stuck one; and `shout(x)`, which prints.
func makeTestRegistry() -> BuiltinRegistry {
    let registry = BuiltinRegistry.mnemo()
    try? registry.register([
        Builtin(name: "spin", category: "testing",
                parameters: [.optional("seconds", .number, default: .number(30), doc: "give up after this long"),
                             .optional("obey", .bool, default: .bool(true), doc: "false: ignore Ctrl-C (a stuck builtin)")],
                returns: .number,
                doc: "Loops until cancelled; returns the number of steps done.", example: "spin()") { call in
            let limit = Date().addingTimeInterval(try call.args.number("seconds"))
            let obey = try call.args.bool("obey")
            var steps = 0
            while Date() < limit {
                if obey { try call.checkCancelled() }
                usleep(2_000)
                steps += 1
            }
            return .number(Double(steps))
        },
        Builtin(name: "settle", category: "testing",
                parameters: [.optional("seconds", .number, default: .number(30), doc: "give up after this long")],
                returns: .number,
                doc: "Loops until cancelled, then returns normally (as a training keeps the steps it took).",
                example: "settle()") { call in
            let limit = Date().addingTimeInterval(try call.args.number("seconds"))
            var steps = 0
            while Date() < limit && !call.isCancelled {
                usleep(2_000)
                steps += 1
            }
            return .number(Double(steps))
        },
        Builtin(name: "shout", category: "testing",
                parameters: [.required("text", .string, doc: "what to print")],
                returns: .none, doc: "Prints its text in capitals.", example: "shout(\"hi\")") { call in
            call.print(try call.args.string("text").uppercased())
            return .nothing
        },
    ])
    return registry
}

/// A core on a temporary store file with captured output and errors.
final class Harness {
    let directory: URL
    let store: Store
    let output = CapturedOutput()
    let errors = CapturedOutput()
    let core: REPLCore

    init(directory: URL? = nil) throws {
        self.directory = try directory ?? makeTemporaryDirectory()
        store = try Store(path: self.directory.appendingPathComponent("mnemo.sqlite").path)
        let session = Session(registry: makeTestRegistry(), output: output)
        core = try REPLCore(session: session, store: store, errors: errors, style: PlotStyle(width: 100))
    }

    /// Feeds each line and returns the steps.
    @discardableResult
    func feed(_ lines: String...) -> [REPLStep] { lines.map { core.feed($0) } }

    /// Output and errors written so far, then forgotten.
    func take() -> (output: String, errors: String) {
        defer { output.reset(); errors.reset() }
        return (output.text, errors.text)
    }
}
