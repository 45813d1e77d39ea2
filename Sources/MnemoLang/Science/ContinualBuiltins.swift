import Foundation
import MnemoKernel
import MnemoPlot
import MnemoStore

/// Builtins for continual learning: tasks, replay sets, methods and `continual` itself.
enum ContinualBuiltins {
    static let category = "continual"

    static var all: [Builtin] { [syntheticTasks, fileTasks, replay, ft, kl, l1, l2, tm, ewc, lwf, lora, continual] }

    static let syntheticTasks = Builtin(
        name: "tasks.synthetic", category: category,
        parameters: [
            .optional("count", .integer, default: .number(5), namedOnly: true, doc: "number of tasks (at most 6)"),
            .optional("train", .integer, default: .number(200), namedOnly: true, doc: "training examples per task"),
            .optional("test", .integer, default: .number(100), namedOnly: true, doc: "test examples per task"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "generator seed"),
        ],
        returns: .of(TasksHandle.self),
        doc: "Classification tasks phrased in the embedded synthetic language (topic, sentiment, entailment-like, "
            + "counting, word order, question or statement), prompted as in CL_Benchmark. Needs no files.",
        example: "seq = tasks.synthetic(count: 5)"
    ) { call in
        let tasks = try SyntheticTasks.make(count: try call.positiveInt("count"), train: try call.positiveInt("train"),
                                            test: try call.positiveInt("test"), seed: try call.seed())
        return .handle(TasksHandle(tasks, source: "synthetic"))
    }

    static let fileTasks = Builtin(
        name: "tasks", category: category,
        parameters: [
            .required("path", .string, doc: "a CL_Benchmark folder (<family>/<task>/{train,test,labels}.json), a JSONL file of {\"text\", \"label\"}, or \"synthetic\""),
            .optional("names", .list, .none, default: .nothing, namedOnly: true, doc: "tasks in training order (folder layout)"),
            .optional("count", .integer, .none, default: .nothing, namedOnly: true, doc: "use only the first count tasks"),
            .optional("train", .integer, default: .number(200), namedOnly: true, doc: "training examples per task (sub-sampled)"),
            .optional("test", .integer, default: .number(100), namedOnly: true, doc: "test examples per task"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "sub-sampling seed"),
        ],
        returns: .of(TasksHandle.self),
        doc: "Real classification tasks in a fixed order, prompted as `<instruction>\\nOption: <labels> \\n<sentence>\\nAnswer:`. "
            + "A malformed file is an error naming the file and record.",
        example: "seq = tasks(\"../shared/data/clbench/CL_Benchmark\", names: [\"SST-2\", \"agnews\", \"BoolQA\"])"
    ) { call in
        let path = try call.args.string("path")
        let train = try call.positiveInt("train"), test = try call.positiveInt("test"), seed = try call.seed()
        let limit = try call.args.optionalInt("count")
        if let limit, limit <= 0 { throw MnemoError(.value, "count must be positive") }
        if path == "synthetic" {
            // As tasks.synthetic, so a notebook parameter can switch between real and embedded tasks.
            let named = call.args.isNone("names") ? 5 : try call.args.strings("names").count
            let count = limit ?? named
            return .handle(TasksHandle(try SyntheticTasks.make(count: count, train: train, test: test, seed: seed), source: "synthetic"))
        }
        if path.hasSuffix(".jsonl") {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let task = try CLBenchmark.loadJSONL(path: path, name: name, train: train, test: test, seed: seed)
            return .handle(TasksHandle([task], source: (path as NSString).lastPathComponent))
        }
        guard !call.args.isNone("names") else {
            throw MnemoError(.argument, "tasks(\"\(path)\") needs names: [...] to fix which tasks and in what order")
        }
        let names = Array(try call.args.strings("names").prefix(limit ?? .max))
        let tasks = try CLBenchmark.load(root: path, names: names, train: train, test: test, seed: seed)
        return .handle(TasksHandle(tasks, source: "CL_Benchmark"))
    }

    static let replay = Builtin(
        name: "replay", category: category,
        parameters: [
            .optional("source", .of(CorpusHandle.self), .string, .none, default: .nothing,
                      doc: "a corpus (its training part), or a JSONL file of {\"text\"}; none gives the method"),
            .optional("n", .integer, .none, default: .nothing, namedOnly: true, doc: "documents to sample (default: 1000 from a corpus, all of a file)"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "sampling seed"),
        ],
        returns: .any,  // a replay set, or the method when called with no source
        doc: "With a source: a fixed replay set of general texts (GeRe uses 1000), recorded by its sha256. "
            + "With no argument: the method 'replay' (label fitting: cross-entropy on replay texts, no extra loss).",
        example: "R = replay(general, n: 1000)\nrun = continual(base, seq, replay: R, method: replay())"
    ) { call in
        let n = try call.args.optionalInt("n")
        if let n, n <= 0 { throw MnemoError(.value, "argument 'n' of replay must be positive, got \(n)") }
        var docs: [String], source: String, corpus: CorpusHandle? = nil
        switch call.args["source"] {
        case .nothing:
            if call.args.isGiven("n") { throw MnemoError(.argument, "replay(n: ...) needs a source: replay(corpus, n: 1000)") }
            return .handle(MethodHandle(.replay))
        case .handle(let c as CorpusHandle):
            corpus = c; source = "corpus \(c.source)"
            docs = c.train
            let want = n ?? 1000
            var rng = SeededRandom(seed: try call.seed())
            var order = Array(docs.indices)
            rng.shuffle(&order)
            docs = order.prefix(want).sorted().map { docs[$0] }
        case .string(let path):
            source = (path as NSString).lastPathComponent
            docs = try TextCorpus.load(path: path)
            if let n, n < docs.count {
                var rng = SeededRandom(seed: try call.seed())
                var order = Array(docs.indices)
                rng.shuffle(&order)
                docs = order.prefix(n).sorted().map { docs[$0] }
            }
        default: throw MnemoError(.type, "replay expects a corpus or a path")
        }
        let jsonl = try docs.map { String(decoding: try JSONSerialization.data(withJSONObject: ["text": $0]), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let sha = SHA256.hex(jsonl)
        if let rec = call.recording {
            _ = try rec.store.putArtifact(name: "replay-\(sha.prefix(12)).jsonl", kind: "replay", bytes: Data(jsonl.utf8))
        }
        return .handle(ReplayHandle(documents: docs, source: source, corpus: corpus, sha256: sha))
    }

    // MARK: Methods

    static func weight(_ call: CallContext, default d: Double) throws -> AuxWeight {
        switch call.args["w"] {
        case .string("dy"): return .dynamic
        case .number(let x):
            guard x >= 0, x.isFinite else { throw MnemoError(.value, "w must be a number ≥ 0 or \"dy\"") }
            return .constant(Float(x))
        case .nothing: return .constant(Float(d))
        default: throw MnemoError(.value, "w must be a number or \"dy\" (w = CE / aux, detached)")
        }
    }

    static func wParameter(_ d: Double) -> Parameter {
        .optional("w", .number, .string, default: .number(d), doc: "weight of the extra loss: a number, or \"dy\" (= CE/aux, detached)")
    }

    static let ft = Builtin(
        name: "ft", category: category, parameters: [], returns: .of(MethodHandle.self),
        doc: "Sequential fine-tuning: task cross-entropy only, no replay (the forgetting baseline).",
        example: "continual(base, seq, method: ft())"
    ) { _ in .handle(MethodHandle(.ft)) }

    static let kl = Builtin(
        name: "kl", category: category,
        parameters: [.optional("t", .number, default: .number(2), doc: "softmax temperature"), wParameter(1)],
        returns: .of(MethodHandle.self),
        doc: "Replay with logit imitation: mean(task CE, replay CE) + w · KL(base ‖ current) on the replay texts at temperature t (masked).",
        example: "continual(base, seq, replay: R, method: kl(t: 2))"
    ) { call in .handle(MethodHandle(.kl(temperature: Float(try call.positiveNumber("t")), weight: try weight(call, default: 1)))) }

    static let l1 = Builtin(
        name: "l1", category: category, parameters: [wParameter(1)], returns: .of(MethodHandle.self),
        doc: "Replay with feature imitation: mean(task CE, replay CE) + w · mean |h − h⁰| on the final hidden states.",
        example: "continual(base, seq, replay: R, method: l1())"
    ) { call in .handle(MethodHandle(.l1(weight: try weight(call, default: 1)))) }

    static let l2 = Builtin(
        name: "l2", category: category, parameters: [wParameter(1)], returns: .of(MethodHandle.self),
        doc: "Replay with feature imitation: mean(task CE, replay CE) + w · mean (h − h⁰)² on the final hidden states.",
        example: "continual(base, seq, replay: R, method: l2())"
    ) { call in .handle(MethodHandle(.l2(weight: try weight(call, default: 1)))) }

    static let tm = Builtin(
        name: "tm", category: category, parameters: [wParameter(100)], returns: .of(MethodHandle.self),
        doc: "GeRe: replay with the threshold-based margin loss on the final hidden states, mean(task CE, replay CE) + w · TM, "
            + "thresholds μ ± σ per dimension from the base model over the replay set. w: 100 (default), 1 or \"dy\".",
        example: "continual(base, seq, replay: R, method: tm(w: \"dy\"))"
    ) { call in .handle(MethodHandle(.tm(weight: try weight(call, default: 100)))) }

    static let ewc = Builtin(
        name: "ewc", category: category,
        parameters: [.optional("lambda", .number, default: .number(100), doc: "penalty strength λ")],
        returns: .of(MethodHandle.self),
        doc: "Elastic weight consolidation: task CE + λ/2 Σ F (θ − θ*)² with the diagonal Fisher of the previous tasks. No replay.",
        example: "continual(base, seq, method: ewc(lambda: 100))"
    ) { call in .handle(MethodHandle(.ewc(lambda: Float(try call.args.number("lambda"))))) }

    static let lwf = Builtin(
        name: "lwf", category: category,
        parameters: [.optional("t", .number, default: .number(2), doc: "temperature"),
                     .optional("lambda", .number, default: .number(1), doc: "distillation weight")],
        returns: .of(MethodHandle.self),
        doc: "Learning without forgetting: task CE + λ · KL(previous model ‖ current) on the current task's inputs. No replay.",
        example: "continual(base, seq, method: lwf(t: 2, lambda: 1))"
    ) { call in .handle(MethodHandle(.lwf(temperature: Float(try call.positiveNumber("t")), lambda: Float(try call.args.number("lambda"))))) }

    static let lora = Builtin(
        name: "lora", category: category,
        parameters: [
            .optional("rank", .integer, default: .number(8), doc: "adapter rank"),
            .optional("alpha", .number, default: .number(16), doc: "scale numerator (ΔW = alpha/rank · B A)"),
            .optional("targets", .list, default: .list([.string("c_attn")]), namedOnly: true,
                      doc: "projections to adapt: c_attn, attn.c_proj, c_fc, mlp.c_proj"),
            .optional("merge", .bool, default: .bool(true), namedOnly: true, doc: "merge after each task and start a fresh adapter"),
        ],
        returns: .of(LoRAHandle.self),
        doc: "LoRA instead of full fine-tuning: the base weights stay frozen, low-rank adapters train.",
        example: "continual(base, seq, lora: lora(rank: 8, alpha: 16))"
    ) { call in
        let targets = try call.args.strings("targets")
        let known = ["c_attn", "attn.c_proj", "c_fc", "mlp.c_proj", "c_proj"]
        for t in targets where !known.contains(t) {
            throw MnemoError(.value, "unknown LoRA target '\(t)'\(Suggestions.hint(for: t, among: known)); choose from \(known.joined(separator: ", "))")
        }
        return .handle(LoRAHandle(LoRASettings(rank: try call.positiveInt("rank"), alpha: Float(try call.positiveNumber("alpha")),
                                               targets: targets, mergeBetweenTasks: try call.args.bool("merge"))))
    }
}
