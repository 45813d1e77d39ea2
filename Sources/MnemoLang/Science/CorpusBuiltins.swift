import Foundation
import MnemoKernel

/// Builtins that make text corpora: the embedded synthetic one and files.
enum CorpusBuiltins {
    static let category = "data"

    static var all: [Builtin] { [synthetic, file, seed] }

    static let heldOutParameter = Parameter.optional(
        "held_out", .number, default: .number(0.1), namedOnly: true,
        doc: "fraction of documents kept apart for eval (a seeded shuffle)")

    static func split(_ call: CallContext, _ docs: [String], source: String) throws -> Value {
        let fraction = try call.args.number("held_out")
        guard (0..<1).contains(fraction) else {
            throw MnemoError(.value, "held_out must be in [0, 1), got \(NumberFormatting.format(fraction))")
        }
        let (train, held) = try TextCorpus.split(docs, heldOut: fraction, seed: try call.seed())
        return .handle(CorpusHandle(source: source, train: train, heldOut: held))
    }

    static let synthetic = Builtin(
        name: "corpus.synthetic", category: category,
        parameters: [
            .optional("docs", .integer, default: .number(2000), namedOnly: true, doc: "number of documents"),
            heldOutParameter,
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "grammar seed (default: the session's next)"),
        ],
        returns: .of(CorpusHandle.self),
        doc: "English-like general text from a seeded grammar: ten topics (science, cooking, travel, ...), "
            + "six styles (statements, questions, instructions, dialogue, lists, stories), a lexicon of "
            + "several hundred words. Needs no files; the same seed gives the same text.",
        example: "general = corpus.synthetic(docs: 4000)"
    ) { call in
        let n = try call.positiveInt("docs")
        guard n <= 1_000_000 else { throw MnemoError(.value, "docs of corpus.synthetic must be at most 1000000, got \(n)") }
        let seed = try call.seed()
        return try split(call, SyntheticText.documents(count: n, seed: seed), source: "synthetic")
    }

    static let file = Builtin(
        name: "corpus", category: category,
        parameters: [
            .required("path", .string, doc: "a .txt file (documents separated by blank lines), .jsonl with a \"text\" field per line, or .json; \"synthetic\" for the embedded corpus"),
            heldOutParameter,
            .optional("docs", .integer, .none, default: .nothing, namedOnly: true, doc: "with \"synthetic\": how many documents (default 2000)"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "seed of the held-out split"),
        ],
        returns: .of(CorpusHandle.self),
        doc: "Real text from a file. A malformed file is an error naming the file and line; nothing is half-loaded. "
            + "The path \"synthetic\" gives corpus.synthetic, so a notebook parameter can switch between the two.",
        example: "general = corpus(\"../shared/data/general/train.jsonl\")"
    ) { call in
        let path = try call.args.string("path")
        if path == "synthetic" {
            let n = try call.args.optionalInt("docs") ?? 2000
            guard n > 0 else { throw MnemoError(.value, "docs must be positive") }
            return try split(call, SyntheticText.documents(count: n, seed: try call.seed()), source: "synthetic")
        }
        return try split(call, try TextCorpus.load(path: path), source: (path as NSString).lastPathComponent)
    }

    static let seed = Builtin(
        name: "seed", category: "session",
        parameters: [.required("n", .integer, doc: "the seed, 0 or more")],
        returns: .none,
        doc: "Fixes the sequence of seeds that builtins use when not given `seed:`, so the same notebook "
            + "gives the same numbers.",
        example: "seed(7)"
    ) { call in
        let n = try call.args.int("n")
        guard n >= 0 else { throw MnemoError(.value, "argument 'n' of seed must be 0 or more, got \(n)") }
        let state = ScienceState.of(call.session)
        state.baseSeed = UInt64(n)
        state.draws = 0
        return .nothing
    }
}
