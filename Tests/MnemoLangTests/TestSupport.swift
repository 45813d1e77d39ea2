import Foundation
@testable import MnemoLang

/// A stand-in model handle, the shape the lead's real handles will have.
final class FakeModel: MnemoHandle {
    static let typeName = "model"
    let width: Int
    init(width: Int) { self.width = width }
    var summary: String { "fake gpt d=\(width)" }
    var attributeNames: [String] { ["width"] }
    func attribute(_ name: String) -> Value? { name == "width" ? .number(Double(width)) : nil }
}

final class FakeCorpus: MnemoHandle {
    static let typeName = "corpus"
    let docs: Int
    init(docs: Int) { self.docs = docs }
    var summary: String { "corpus of \(docs) docs" }
}

final class FakeRun: MnemoHandle {
    static let typeName = "run"
    let steps: Int
    init(steps: Int) { self.steps = steps }
    var summary: String { "run finished, \(steps) steps" }
    var attributeNames: [String] { ["general", "steps"] }
    func attribute(_ name: String) -> Value? {
        switch name {
        case "general": return .list([.number(2.5), .number(2.25)])
        case "steps": return .number(Double(steps))
        default: return nil
        }
    }
}

struct FakeFailure: Error, CustomStringConvertible {
    var description: String { "disk full" }
}

/// A registry with the language builtins plus fake science builtins that mirror the real ones' signatures.
func makeTestRegistry() throws -> BuiltinRegistry {
    let registry = BuiltinRegistry.standard()
    try registry.register([
        Builtin(name: "gpt", category: "models",
                parameters: [.optional("d", .integer, default: .number(64), doc: "width"),
                             .optional("layers", .integer, default: .number(2), doc: "blocks")],
                returns: .of(FakeModel.self), doc: "A byte-level GPT.", example: "gpt(d: 64)") { call in
            .handle(FakeModel(width: try call.args.int("d")))
        },
        Builtin(name: "corpus.synthetic", category: "data",
                parameters: [.optional("docs", .integer, default: .number(100), doc: "number of documents")],
                returns: .of(FakeCorpus.self), doc: "A synthetic corpus.", example: "corpus.synthetic(docs: 10)") { call in
            .handle(FakeCorpus(docs: try call.args.int("docs")))
        },
        Builtin(name: "pretrain", category: "training",
                parameters: [.required("model", .of(FakeModel.self), doc: "the model"),
                             .required("corpus", .of(FakeCorpus.self), doc: "the data"),
                             .optional("steps", .integer, default: .number(1000), doc: "optimiser steps"),
                             .optional("lr", .number, default: .number(3e-4), doc: "learning rate"),
                             .optional("schedule", .string, default: .string("cosine"), allowed: ["cosine", "constant"],
                                       namedOnly: true, doc: "learning-rate schedule")],
                returns: .of(FakeRun.self), doc: "Trains a model on a corpus. Prints a line per 100 steps.",
                example: "pretrain(base, general, steps: 800)") { call in
            _ = try call.args.handle(FakeModel.self, "model")
            let steps = try call.args.int("steps")
            for step in stride(from: 0, to: steps, by: 100) {
                try call.checkCancelled()
                call.print("step \(step)")
            }
            return .handle(FakeRun(steps: steps))
        },
        Builtin(name: "explode", category: "testing", parameters: [], returns: .none,
                doc: "Always fails.", example: "explode()") { _ in throw FakeFailure() },
        Builtin(name: "interrupt", category: "testing", parameters: [], returns: .none,
                doc: "Cancels itself, as Ctrl-C would.", example: "interrupt()") { call in
            call.cancellation.cancel()
            try call.checkCancelled()
            return .nothing
        },
    ])
    return registry
}

/// A session with the test registry whose output is captured.
func makeTestSession() throws -> (Session, CapturedOutput) {
    let output = CapturedOutput()
    return (Session(registry: try makeTestRegistry(), output: output), output)
}

/// The first error of running `source` in a fresh test session, rendered on one line.
func firstError(_ source: String) throws -> String? {
    let (session, _) = try makeTestSession()
    return session.execute(source).first { !$0.succeeded }?.error?.description
}
