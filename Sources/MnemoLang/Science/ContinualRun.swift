import Foundation
import MnemoKernel
import MnemoPlot
import MnemoStore

/// Reference states computed in this session, by model, training state and replay set.
final class ReferenceCache {
    var states: [String: ReferenceStates] = [:]
    static func of(_ session: Session) -> ReferenceCache {
        if let c = session.service(ReferenceCache.self) { return c }
        let c = ReferenceCache()
        session.attach(c)
        return c
    }
}

extension ContinualBuiltins {
    static let continual = Builtin(
        name: "continual", category: category,
        parameters: [
            .required("model", .of(ModelHandle.self), doc: "the pretrained base GPT (never changed: the run trains a copy)"),
            .required("tasks", .of(TasksHandle.self), doc: "the task sequence"),
            .optional("steps", .integer, default: .number(100), namedOnly: true, doc: "steps per task"),
            .optional("epochs", .integer, .none, default: .nothing, namedOnly: true, doc: "epochs per task instead of steps"),
            .optional("lr", .number, default: .number(1e-3), namedOnly: true, doc: "peak learning rate per task"),
            .optional("batch", .integer, default: .number(8), namedOnly: true, doc: "task examples per step"),
            .optional("warmup", .integer, default: .number(5), namedOnly: true, doc: "warm-up steps per task"),
            .optional("schedule", .string, default: .string("cosine"), allowed: ["cosine", "constant"], namedOnly: true, doc: "after warm-up"),
            .optional("replay", .of(ReplayHandle.self), .none, default: .nothing, namedOnly: true, doc: "general texts to replay"),
            .optional("replay_batch", .integer, default: .number(8), namedOnly: true, doc: "replay samples per step"),
            .optional("method", .of(MethodHandle.self), .none, default: .nothing, namedOnly: true,
                      doc: "ft(), replay(), kl(), l1(), l2(), tm(w:), ewc(), lwf() (default: ft() without replay, replay() with)"),
            .optional("lora", .of(LoRAHandle.self), .none, default: .nothing, namedOnly: true, doc: "LoRA instead of full fine-tuning"),
            .optional("general", .of(CorpusHandle.self), .none, default: .nothing, namedOnly: true,
                      doc: "corpus whose held-out part measures general ability (default: the replay set's corpus)"),
            .optional("general_windows", .integer, default: .number(64), namedOnly: true, doc: "held-out windows for the general loss"),
            .optional("scoring", .string, default: .string("likelihood"), allowed: ["likelihood", "exact"], namedOnly: true,
                      doc: "rank the label options by likelihood, or exact match of a greedy generation"),
            .optional("zero_shot", .bool, default: .bool(true), namedOnly: true, doc: "measure the base model on every task first (for FWT)"),
            .optional("test_limit", .integer, .none, default: .nothing, namedOnly: true, doc: "score at most this many test examples per task"),
            .optional("snapshots", .bool, default: .bool(false), namedOnly: true,
                      doc: "keep the weights after each task, for landscape(run, after_task:) and directions: \"pca\""),
            .optional("seed", .integer, .none, default: .nothing, namedOnly: true, doc: "data-order seed"),
            .optional("name", .string, .none, default: .nothing, namedOnly: true, doc: "a name for the run in the store"),
        ],
        returns: .of(ContinualRunHandle.self),
        doc: "Trains a copy of the model on the tasks in order with an anti-forgetting method, measuring after every task "
            + "the accuracy on every task, the held-out general loss and the replay loss (all recorded). Loss: task CE, "
            + "or mean(task CE, replay CE) + w · aux with replay. Ctrl-C stops it cleanly (run interrupted, measurements kept).",
        example: "naive = continual(base, seq, steps: 100, lr: 1e-3)\ngere = continual(base, seq, steps: 100, lr: 1e-3, replay: R, method: tm(w: 100))"
    ) { call in try runContinual(call) }

    static func runContinual(_ call: CallContext) throws -> Value {
        let modelHandle = try call.args.handle(ModelHandle.self, "model")
        let base = try modelHandle.gpt(for: "continual")
        let tasks = try call.args.handle(TasksHandle.self, "tasks")
        let replay = try call.args.optionalHandle(ReplayHandle.self, "replay")
        let method = try call.args.optionalHandle(MethodHandle.self, "method")?.method ?? (replay == nil ? .ft : .replay)
        if method.usesReplay && replay == nil {
            throw MnemoError(.argument, "method \(method.name) replays general texts: give replay: R (R = replay(corpus, n: 1000))")
        }
        let warmup = try call.args.int("warmup")
        guard warmup >= 0 else { throw MnemoError(.value, "warmup must be 0 or more") }
        let epochs = try call.args.optionalInt("epochs")
        if let epochs, epochs <= 0 { throw MnemoError(.value, "epochs must be positive") }
        let testLimit = try call.args.optionalInt("test_limit")
        if let testLimit, testLimit <= 0 { throw MnemoError(.value, "test_limit must be positive") }
        let seed = try call.seed()
        var settings = ContinualSettings(
            steps: try call.positiveInt("steps"), epochs: epochs, lr: Float(try call.positiveNumber("lr")),
            batch: try call.positiveInt("batch"), warmup: warmup, cosine: try call.args.string("schedule") == "cosine",
            replayBatch: try call.positiveInt("replay_batch"), method: method,
            lora: try call.args.optionalHandle(LoRAHandle.self, "lora")?.settings,
            seed: seed, zeroShot: try call.args.bool("zero_shot"), testLimit: testLimit,
            scoring: try call.args.string("scoring") == "exact" ? .exactMatch : .likelihood)

        settings.keepSnapshots = try call.args.bool("snapshots")
        let context = base.config.context
        let replaySet = try replay.map { try ReplaySet(documents: $0.documents, context: context) }
        let generalCorpus = try call.args.optionalHandle(CorpusHandle.self, "general") ?? replay?.corpus
        let generalEval: EvaluationWindows? = try generalCorpus.flatMap { c in
            c.heldOut.isEmpty ? nil : try TokenStream(documents: c.heldOut)
                .evaluationWindows(context: context, maxWindows: try call.positiveInt("general_windows"))
        }
        var reference: ReferenceStates? = nil
        if let replaySet, let replay {
            reference = try referenceStates(call, base: base, handle: modelHandle, replay: replaySet,
                                            replayHandle: replay, method: method)
        }

        var config: [String: Any] = ["method": method.name, "scoring": settings.scoring.rawValue, "model": modelHandle.architecture]
        config["tasks"] = tasks.tasks.map(\.name)
        config["lora"] = settings.lora.map { "rank \($0.rank) alpha \($0.alpha) on \($0.targets.joined(separator: ","))" } ?? "full fine-tuning"
        config["replay_sha256"] = replay?.sha256 ?? ""
        config["general"] = generalCorpus?.summary ?? ""
        let runner = try ContinualRunner(base: base, tasks: tasks.tasks, settings: settings, replay: replaySet,
                                         reference: reference, generalEval: generalEval)
        let recorder = try RunRecorder(call, kind: "continual", seed: seed, config: config)
        let run = ContinualRunHandle(id: recorder.id, method: method.name, taskNames: tasks.tasks.map(\.name))
        run.lr = Double(settings.lr)
        let totalSteps = tasks.tasks.reduce(0) { $0 + runner.steps(for: $1) }
        let progress = ProgressReporter(label: "continual \(method.name)", total: totalSteps, unit: "step",
                                        isTTY: call.output.isTerminal, width: call.plotStyle.width) { call.output.write($0) }
        var done = 0
        let result: ContinualResult
        do {
            result = try runner.run(cancel: call.cancellation, progress: { p in
                done += 1
                recorder.log("loss", step: done, Double(p.loss))
                progress.update(done: done, extra: String(format: "task %d/%d %@ · loss %.3f", p.task + 1, tasks.tasks.count, p.taskName, p.loss))
            }, report: { r in
                let names = tasks.tasks.map(\.name)
                recorder.evaluations(zip(names, r.accuracy).map {
                    Evaluation(afterTask: r.afterTask - 1, task: $0.0, metric: "accuracy", value: $0.1)
                })
                if let g = r.generalLoss { recorder.log("general_loss", step: r.afterTask, g) }
                if let l = r.replayLoss { recorder.log("replay_loss", step: r.afterTask, l) }
            })
        } catch let error as TrainError {
            progress.finish(done: done)
            recorder.finish(.failed, error: error.description)
            throw MnemoError(.runtime, "continual: \(error.description)")
        }
        progress.finish(done: done)
        run.accuracy = result.accuracy
        run.zeroShot = result.zeroShot
        run.general = result.generalLoss
        run.replayLoss = result.replayLoss
        run.seconds = result.seconds
        run.stepLosses = result.stepLosses
        let final = ModelHandle(.gpt(result.model))
        final.trainedSteps = modelHandle.trainedSteps + done
        run.model = final
        run.snapshots = result.snapshots
        run.base = modelHandle
        if let m = run.metrics {
            var values: [(String, Double)] = [("ap", m.ap), ("forgetting", m.forgetting), ("bwt", m.bwt), ("seconds", result.seconds)]
            if let fwt = m.fwt { values.append(("fwt", fwt)) }
            if let rise = run.generalRise { values.append(("general_rise", rise)) }
            for (k, v) in values { recorder.log(k, step: done, v) }
        }
        run.status = recorder.conclude(call, interrupted: result.interrupted,
                                       message: "interrupted after \(result.accuracy.count) of \(tasks.tasks.count) tasks; measurements so far are kept")
        return .handle(run)
    }

    /// The base model's reference states over the replay set: from this session's cache, else
    /// from the store (an artifact named by the model's weights and the replay set), else computed
    /// once and stored.
    static func referenceStates(_ call: CallContext, base: GPT, handle: ModelHandle, replay: ReplaySet,
                                replayHandle: ReplayHandle, method: ContinualMethod) throws -> ReferenceStates? {
        let keepHead: Bool, keepHidden: Bool
        switch method {
        case .kl: keepHead = true; keepHidden = true
        case .l1, .l2: keepHead = false; keepHidden = true
        case .tm: keepHead = false; keepHidden = false
        default: return nil
        }
        let weights = base.flatParameters().withUnsafeBufferPointer { Data(buffer: $0) }
        let key = "\(SHA256.hex(weights).prefix(16))-\(replayHandle.sha256.prefix(16))-\(keepHidden ? "h" : "")\(keepHead ? "l" : "")-ctx\(base.config.context)"
        let cache = ReferenceCache.of(call.session)
        if let hit = cache.states[key] { return hit }
        if let store = call.recording?.store, let info = try store.artifact(kind: "reference", name: key),
           let bytes = try store.artifactBytes(sha256: info.sha256), let states = try? ReferenceStates(serialized: bytes) {
            cache.states[key] = states
            return states
        }
        let states = try ReferenceStates.compute(base: base, replay: replay, keepHidden: keepHidden, keepHead: keepHead,
                                                 cancel: call.cancellation)
        cache.states[key] = states
        if let store = call.recording?.store {
            _ = try store.putArtifact(name: key, kind: "reference", bytes: states.serialized())
        }
        return states
    }
}
