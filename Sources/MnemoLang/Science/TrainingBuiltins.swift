import Foundation
import MnemoKernel
import MnemoPlot
import MnemoStore

/// Builtins that train, evaluate and sample language models.
enum TrainingBuiltins {
    static let category = "training"

    static var all: [Builtin] { [pretrain, train, eval, generate] }

    static let trainingParameters: [Parameter] = [
        .required("model", .of(ModelHandle.self), doc: "a GPT, trained in place"),
        .required("corpus", .of(CorpusHandle.self), doc: "the text to learn from (its training part)"),
        .optional("steps", .integer, default: .number(300), namedOnly: true, doc: "optimisation steps"),
        .optional("lr", .number, default: .number(3e-4), namedOnly: true, doc: "peak learning rate"),
        .optional("batch", .integer, default: .number(32), namedOnly: true, doc: "windows per step"),
        .optional("warmup", .integer, default: .number(0), namedOnly: true, doc: "linear warm-up steps"),
        .optional("schedule", .string, default: .string("cosine"), allowed: ["cosine", "constant"], namedOnly: true,
                  doc: "after warm-up: cosine decay to 10% or constant"),
        .optional("optimizer", .string, default: .string("adamw"), allowed: ["adamw", "adam", "sgd"], namedOnly: true,
                  doc: "update rule"),
        .optional("weight_decay", .number, default: .number(0.01), namedOnly: true, doc: "decoupled for adamw, L2 otherwise"),
        .optional("clip", .number, .none, default: .number(1), namedOnly: true, doc: "global gradient-norm clip (none: off)"),
        .optional("eval_windows", .integer, default: .number(64), namedOnly: true, doc: "held-out windows evaluated at the end"),
        .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "data-order and dropout seed"),
        .optional("name", .string, .none, default: .nothing, namedOnly: true, doc: "a name for the run in the store"),
    ]

    static let pretrain = Builtin(
        name: "pretrain", category: category, parameters: trainingParameters,
        returns: .of(RunHandle.self),
        doc: "Trains a GPT to predict the next byte of random windows of the corpus, then evaluates it on "
            + "held-out text. Shows progress (loss, tokens/s, ETA); Ctrl-C stops at the next step, keeps the "
            + "model as it is and records the run as interrupted. Every step's loss goes to the store.",
        example: "run = pretrain(base, general, steps: 800, lr: 3e-4)"
    ) { call in try runTraining(call, kind: "pretrain") }

    static let train = Builtin(
        name: "train", category: category, parameters: trainingParameters,
        returns: .of(RunHandle.self),
        doc: "Continues training a GPT on a corpus (fine-tuning): the same as pretrain, recorded as kind 'train'.",
        example: "ft = train(base, domain, steps: 200, lr: 1e-4)"
    ) { call in try runTraining(call, kind: "train") }

    static func runTraining(_ call: CallContext, kind: String) throws -> Value {
        let handle = try call.args.handle(ModelHandle.self, "model")
        let model = try handle.gpt(for: kind)
        let corpus = try call.args.handle(CorpusHandle.self, "corpus")
        let steps = try call.positiveInt("steps"), batch = try call.positiveInt("batch")
        let lr = try call.positiveNumber("lr")
        let warmup = try call.args.int("warmup")
        guard warmup >= 0 else { throw MnemoError(.value, "argument 'warmup' of \(kind) must be 0 or more") }
        let clip = try call.args.optionalNumber("clip")
        if let clip, clip <= 0 { throw MnemoError(.value, "argument 'clip' of \(kind) must be positive or none") }
        let seed = try call.seed()
        let optimizer = OptimizerConfig(kind: OptimizerConfig.Kind(rawValue: try call.args.string("optimizer"))!,
                                        weightDecay: Float(try call.args.number("weight_decay")))
        let settings = LanguageModeling.Settings(steps: steps, batch: batch, lr: Float(lr), warmup: warmup,
                                                 cosine: try call.args.string("schedule") == "cosine",
                                                 optimizer: optimizer, clipNorm: clip.map { Float($0) }, seed: seed)
        let context = model.config.context
        let windows: TokenWindows
        do {
            windows = try TokenWindows(stream: TokenStream(documents: corpus.train), context: context)
        } catch {
            throw MnemoError(.value, "the corpus is too short for windows of \(context + 1) bytes (\(error))")
        }
        let config: [String: Any] = ["model": handle.architecture, "context": context, "width": model.config.width,
                                     "layers": model.config.layers, "heads": model.config.heads,
                                     "corpus": corpus.summary, "tokens_per_step": batch * context]
        let recorder = try RunRecorder(call, kind: kind, seed: seed, config: config)
        let run = RunHandle(id: recorder.id, kind: kind, status: "running")
        let style = call.plotStyle
        let progress = ProgressReporter(label: kind, total: steps, unit: "step", isTTY: call.output.isTerminal,
                                        width: style.width) { call.output.write($0) }
        let result: TrainResult
        do {
            result = try LanguageModeling.pretrain(model, on: windows, settings: settings, cancel: call.cancellation) { p in
                recorder.log("loss", step: p.step, Double(p.loss))
                // The last step is drawn by `finish` below, with the run's overall throughput.
                guard p.step < p.totalSteps else { return }
                progress.update(done: p.step, extra: String(format: "loss %.3f · %@ tok/s", p.loss, compact(p.tokensPerSecond)))
            }
        } catch let error as TrainError {
            progress.finish(done: handle.trainedSteps)
            recorder.finish(.failed, error: error.description)
            throw MnemoError(.runtime, "\(kind): \(error.description)")
        }
        handle.trainedSteps += result.steps
        run.losses = result.losses.map(Double.init)
        let last = result.losses.last.map { String(format: "loss %.3f", $0) } ?? ""
        progress.finish(done: result.steps, extra: "\(last) · \(compact(result.tokensPerSecond)) tok/s")
        run.metrics["seconds"] = result.seconds
        run.metrics["tokens_per_s"] = result.tokensPerSecond
        if !corpus.heldOut.isEmpty, !result.cancelled,
           let heldOut = try? TokenStream(documents: corpus.heldOut).evaluationWindows(context: context,
                                                                                         maxWindows: try call.positiveInt("eval_windows")) {
            let e = LanguageModeling.evaluate(model, on: heldOut)
            run.metrics["eval_loss"] = e.loss
            run.metrics["perplexity"] = e.perplexity
        }
        for (key, value) in run.metrics { recorder.log(key, step: result.steps, value) }
        run.status = recorder.conclude(call, interrupted: result.cancelled,
                                       message: "interrupted at step \(result.steps) of \(steps); the model keeps its weights")
        return .handle(run)
    }

    /// 41234 -> "41.2k".
    static func compact(_ x: Double) -> String {
        x >= 1e6 ? String(format: "%.1fM", x / 1e6) : x >= 1e3 ? String(format: "%.1fk", x / 1e3) : String(format: "%.0f", x)
    }

    static let eval = Builtin(
        name: "eval", category: category,
        parameters: [
            .required("model", .of(ModelHandle.self), doc: "a GPT"),
            .required("corpus", .of(CorpusHandle.self), doc: "text to measure on"),
            .optional("split", .string, default: .string("held_out"), allowed: ["held_out", "train"], namedOnly: true,
                      doc: "which part of the corpus"),
            .optional("windows", .integer, default: .number(128), namedOnly: true, doc: "at most this many context-length windows, spread over the text"),
        ],
        returns: .of(EvalHandle.self),
        doc: "Mean next-byte loss (nats) and perplexity on non-overlapping windows of the corpus, without training.",
        example: "eval(base, general)            # loss 1.52 · perplexity 4.57 · ..."
    ) { call in
        let model = try call.args.handle(ModelHandle.self, "model").gpt(for: "eval")
        let corpus = try call.args.handle(CorpusHandle.self, "corpus")
        let docs = try call.args.string("split") == "train" ? corpus.train : corpus.heldOut
        guard !docs.isEmpty else { throw MnemoError(.value, "the corpus has no \(try call.args.string("split")) documents (make it with held_out: 0.1)") }
        let windows = try TokenStream(documents: docs).evaluationWindows(context: model.config.context,
                                                                          maxWindows: try call.positiveInt("windows"))
        let e = LanguageModeling.evaluate(model, on: windows)
        return .handle(EvalHandle(loss: e.loss, perplexity: e.perplexity, windows: windows.count, context: windows.context))
    }

    static let generate = Builtin(
        name: "generate", category: category,
        parameters: [
            .required("model", .of(ModelHandle.self), doc: "a GPT"),
            .optional("prompt", .string, default: .string(""), doc: "text to continue"),
            .optional("tokens", .integer, default: .number(200), namedOnly: true, doc: "bytes to generate"),
            .optional("temperature", .number, default: .number(0.8), namedOnly: true, doc: "0 is greedy"),
            .optional("top_k", .integer, default: .number(0), namedOnly: true, doc: "sample among the k likeliest (0: all)"),
            .optional("repetition_penalty", .number, default: .number(1), namedOnly: true, doc: "above 1 discourages bytes already in the context"),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "sampling seed"),
        ],
        returns: .string,
        doc: "Continues the prompt byte by byte; returns the prompt and its continuation.",
        example: "generate(base, \"The \", tokens: 120, temperature: 0.7, top_k: 20)"
    ) { call in
        let model = try call.args.handle(ModelHandle.self, "model").gpt(for: "generate")
        let tokens = try call.args.int("tokens")
        guard (0...100_000).contains(tokens) else { throw MnemoError(.value, "tokens must be between 0 and 100000, got \(tokens)") }
        let temperature = try call.args.number("temperature"), penalty = try call.args.number("repetition_penalty")
        guard temperature >= 0 else { throw MnemoError(.value, "temperature must be 0 or more") }
        guard penalty > 0 else { throw MnemoError(.value, "repetition_penalty must be positive") }
        let topK = try call.args.int("top_k")
        guard topK >= 0 else { throw MnemoError(.value, "top_k must be 0 or more") }
        let prompt = try call.args.string("prompt")
        let options = LanguageModeling.SamplingOptions(temperature: Float(temperature), topK: topK,
                                                       repetitionPenalty: Float(penalty), seed: try call.seed())
        let out = LanguageModeling.generate(model, prompt: ByteTokenizer.encode(prompt), maxTokens: tokens,
                                            options: options, cancel: call.cancellation)
        return .string(prompt + ByteTokenizer.decode(out))
    }
}
