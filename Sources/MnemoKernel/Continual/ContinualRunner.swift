import Foundation

/// Trains a copy of a base GPT on a sequence of classification tasks with an anti-forgetting
/// method, measuring after every task what it learned and what it forgot.
///
/// Per task: a fresh optimiser, warm-up then cosine decay within the task; each step draws
/// `batch` task examples (a seeded shuffle, cycled) and, for replay methods, `replayBatch`
/// replay samples (likewise) in a second forward pass, and builds the loss of
/// ``ContinualMethod``. Reference states come from the base model and stay fixed for the whole
/// sequence. After each task: accuracy on every task's test split, general loss, replay loss,
/// reported through `report` as they are measured. Cancellation is checked between steps; a
/// cancelled run returns what it measured, marked interrupted. The base model is never changed.
public final class ContinualRunner {
    /// The pretrained model; read, never changed.
    public let base: GPT
    /// The tasks, in training order.
    public let tasks: [ClassificationTask]
    /// Steps, learning rate, method, LoRA, scoring.
    public let settings: ContinualSettings
    /// The general replay set (methods with replay; also measured after every task when given).
    public let replay: ReplaySet?
    /// The base model's states on the replay set (tm, kl, l1, l2).
    public let reference: ReferenceStates?
    /// Held-out general text whose loss measures general ability after every task.
    public let generalEval: EvaluationWindows?

    /// A runner. `reference` is needed by tm (thresholds) and kl/l1/l2 (with h⁰; kl also the
    /// head); compute it with ``ReferenceStates/compute(base:replay:keepHidden:keepHead:batch:cancel:)``.
    public init(base: GPT, tasks: [ClassificationTask], settings: ContinualSettings, replay: ReplaySet? = nil,
                reference: ReferenceStates? = nil, generalEval: EvaluationWindows? = nil) throws {
        guard !tasks.isEmpty else { throw ContinualError.noTasks }
        guard settings.batch >= 1 else { throw ContinualError.invalidSetting(name: "batch", value: "\(settings.batch)") }
        guard settings.epochs.map({ $0 >= 1 }) ?? (settings.steps >= 1) else {
            throw ContinualError.invalidSetting(name: "steps/epochs", value: "\(settings.epochs ?? settings.steps)")
        }
        let method = settings.method
        if method.usesReplay {
            guard let replay else { throw ContinualError.needsReplay(method: method.name) }
            guard replay.length <= base.config.context else {
                throw ContinualError.invalidSetting(name: "replay length", value: "\(replay.length) > model context \(base.config.context)")
            }
            guard settings.replayBatch >= 1 else { throw ContinualError.invalidSetting(name: "replay batch", value: "\(settings.replayBatch)") }
        }
        switch method {
        case .tm, .kl, .l1, .l2:
            guard let reference, let replay else { throw ContinualError.needsReference(method: method.name, missing: "thresholds") }
            try reference.check(replay: replay, width: base.config.width)
            if method.needsHidden && reference.hidden == nil {
                throw ContinualError.needsReference(method: method.name, missing: "hidden states (keepHidden)")
            }
            if case .kl = method, reference.head == nil || reference.vocab != base.config.vocab {
                throw ContinualError.needsReference(method: method.name, missing: "the base head (keepHead)")
            }
        case .ewc:
            if settings.lora != nil { throw ContinualError.invalidSetting(name: "method", value: "ewc with LoRA (the penalty acts on the full weights)") }
        default: break
        }
        self.base = base; self.tasks = tasks; self.settings = settings
        self.replay = replay; self.reference = reference; self.generalEval = generalEval
    }

    /// Steps for task `task`.
    public func steps(for task: ClassificationTask) -> Int {
        guard let epochs = settings.epochs else { return settings.steps }
        return max(1, (epochs * task.train.count + settings.batch - 1) / settings.batch)
    }

    /// Runs the sequence: a zero-shot/base measurement (report `afterTask` 0), then each task
    /// followed by its measurement. Throws ``TrainError/nonFiniteLoss(step:value:)`` when a
    /// step's loss is not finite.
    public func run(cancel: CancellationFlag? = nil, progress: ((ContinualProgress) -> Void)? = nil,
                    report: ((ContinualReport) -> Void)? = nil) throws -> ContinualResult {
        let start = Date()
        let model = base.copy()
        var result = ContinualResult(accuracy: [], zeroShot: nil, generalLoss: [], replayLoss: [], stepLosses: [],
                                     seconds: 0, interrupted: false, scoring: settings.scoring,
                                     method: settings.method.name, model: model)
        if settings.keepSnapshots { result.snapshots.append(model.flatParameters()) }
        let zero = measure(model, afterTask: 0, accuracy: settings.zeroShot)
        if settings.zeroShot { result.zeroShot = zero.accuracy }
        if let g = zero.generalLoss { result.generalLoss.append(g) }
        if let r = zero.replayLoss { result.replayLoss.append(r) }
        report?(zero)

        var ewc: (anchors: [[Float]], fisher: [[Float]])?
        var replayOrder = SampleOrder(count: replay?.count ?? 0, rng: SeededRandom.derived(seed: settings.seed, stream: 11))
        if let lora = settings.lora, !lora.mergeBetweenTasks { attach(model, lora, task: 0) }
        taskLoop: for (k, task) in tasks.enumerated() {
            if let lora = settings.lora, lora.mergeBetweenTasks { attach(model, lora, task: k) }
            let teacher: GPT? = { if case .lwf = settings.method { return k > 0 ? frozenCopy(model) : nil }; return nil }()
            let steps = steps(for: task)
            let trainer = Trainer(parameters: model.trainableParameters, optimizer: settings.optimizer,
                                  schedule: LRSchedule(base: settings.lr, warmup: min(settings.warmup, steps), totalSteps: steps,
                                                       cosine: settings.cosine),
                                  clipNorm: settings.clipNorm)
            trainer.tape.rng = SeededRandom.derived(seed: settings.seed, stream: 100 + UInt64(k))
            var taskOrder = SampleOrder(count: task.train.count, rng: SeededRandom.derived(seed: settings.seed, stream: 200 + UInt64(k)))
            let step = StepLoss(runner: self, model: model, task: task, teacher: teacher, ewc: ewc)
            var losses: [Float] = []
            for s in 0..<steps {
                if cancel?.isCancelled == true { result.interrupted = true; break taskLoop }
                let examples = taskOrder.next(settings.batch)
                let samples = settings.method.usesReplay ? replayOrder.next(settings.replayBatch) : []
                var parts = ContinualProgress(task: k, taskName: task.name, step: s + 1, steps: steps, loss: 0, taskLoss: 0)
                // A dynamic weight (w = CE / aux) is defined over the whole batch: not sharded.
                let shards = settings.method.hasDynamicWeight ? 1 : Parallel.shardCount(dividing: examples.count, samples.count)
                let value: Float
                if shards > 1 {
                    // One shard of the task batch and of the replay batch per core (data parallelism).
                    var shardParts = [ContinualProgress](repeating: parts, count: shards)
                    value = shardParts.withUnsafeMutableBufferPointer { perShard in
                        trainer.step(s, shards: shards) { tape, i in
                            step.build(tape, examples: Self.shard(examples, i, of: shards),
                                       replaySamples: Self.shard(samples, i, of: shards), parts: &perShard[i])
                        }
                    }
                    parts.combine(shardParts)
                } else {
                    value = trainer.step(s) { step.build(trainer.tape, examples: examples, replaySamples: samples, parts: &parts) }
                }
                guard value.isFinite else { throw TrainError.nonFiniteLoss(step: s + 1, value: value) }
                parts.loss = value
                losses.append(value)
                progress?(parts)
            }
            result.stepLosses.append(losses)
            if settings.lora?.mergeBetweenTasks == true { finishLoRA(model) }
            if case let .ewc(lambda) = settings.method, lambda > 0 { ewc = updateFisher(model, task: task, previous: ewc) }
            if settings.keepSnapshots { result.snapshots.append(model.flatParameters()) }
            let row = measure(model, afterTask: k + 1, accuracy: true)
            result.accuracy.append(row.accuracy)
            if let g = row.generalLoss { result.generalLoss.append(g) }
            if let r = row.replayLoss { result.replayLoss.append(r) }
            report?(row)
        }
        // Also after a cancellation mid-task: the returned model carries no adapters.
        if settings.lora != nil { finishLoRA(model) }
        result.seconds = Date().timeIntervalSince(start)
        return result
    }

    /// Part `i` of `n` equal parts of `items` (each shard's loss is its own mean; the step
    /// takes their mean).
    static func shard(_ items: [Int], _ i: Int, of n: Int) -> [Int] {
        let size = items.count / n
        return Array(items[(i * size)..<((i + 1) * size)])
    }

    // MARK: - Measurements

    func measure(_ model: GPT, afterTask: Int, accuracy: Bool) -> ContinualReport {
        let acc = accuracy ? tasks.map { TaskScorer.accuracy(model, task: $0, method: settings.scoring, limit: settings.testLimit) } : []
        let general = generalEval.map { LanguageModeling.evaluate(model, on: $0, batch: 16).loss }
        let replayLoss = replay.map { Self.replayLoss(model, $0) }
        return ContinualReport(afterTask: afterTask, accuracy: acc, generalLoss: general, replayLoss: replayLoss)
    }

    /// Mean next-token loss over every real position of the replay set.
    public static func replayLoss(_ model: GPT, _ replay: ReplaySet, batch: Int = 16) -> Double {
        let tape = Tape(recording: false)
        tape.isTraining = false
        let ids = IndexTensor(capacity: batch * replay.length), targets = IndexTensor(capacity: batch * replay.length)
        var total: Double = 0, count = 0, first = 0
        while first < replay.count {
            let samples = Array(first..<min(first + batch, replay.count))
            replay.fill(samples, ids: ids, targets: targets)
            tape.reset()
            let out = model.forward(ids, batch: samples.count, tape)
            let n = samples.reduce(0) { $0 + replay.lengths[$1] }
            total += Double(tape.crossEntropy(out.logits, targets).scalar) * Double(n)
            count += n
            first += samples.count
        }
        return count > 0 ? total / Double(count) : .nan
    }

    // MARK: - LoRA, teachers, Fisher

    func attach(_ model: GPT, _ lora: LoRASettings, task: Int) {
        var rng = SeededRandom.derived(seed: settings.seed, stream: 300 + UInt64(task))
        model.attachLoRA(rank: lora.rank, alpha: lora.alpha, targets: lora.targets, seed: rng.next())
    }

    /// Merges adapters into the weights, removes them and makes every weight trainable again.
    func finishLoRA(_ model: GPT) {
        for (_, layer) in model.linears where layer.lora != nil {
            if layer.lora?.isMerged == false { layer.mergeLoRA() }
            layer.detachLoRA()
        }
        model.setTrainable(true)
    }

    func frozenCopy(_ model: GPT) -> GPT {
        let copy = GPT(model.config, seed: 0)
        // Adapters not yet merged would be lost by `copy()`; rebuild the effective weights.
        let unmerged = model.linears.filter { $0.layer.lora?.isMerged == false }
        for (_, l) in unmerged { l.mergeLoRA() }
        copy.copyParameters(from: model.copy())
        for (_, l) in unmerged { l.unmergeLoRA() }
        copy.setTrainable(false)
        return copy
    }

    /// Diagonal empirical Fisher of task CE on `fisherSamples` single examples of `task`, added
    /// to the previous tasks' (online EWC's sum), anchored at the current weights.
    func updateFisher(_ model: GPT, task: ClassificationTask, previous: (anchors: [[Float]], fisher: [[Float]])?) -> (anchors: [[Float]], fisher: [[Float]]) {
        let params = model.parameters
        var fisher = previous?.fisher ?? params.map { [Float](repeating: 0, count: $0.count) }
        let n = min(settings.fisherSamples, task.train.count)
        let tape = Tape()
        tape.isTraining = false
        for i in 0..<n {
            tape.reset()
            model.zeroGrad()
            let (ids, targets, _, _) = TaskBatch.make(task, [task.train[i]], context: model.config.context)
            let out = model.forward(ids, batch: 1, tape)
            tape.backward(tape.crossEntropy(out.logits, targets))
            for (k, p) in params.enumerated() {
                guard let g = p.grad else { continue }
                for j in 0..<p.count { fisher[k][j] += g[j] * g[j] / Float(n) }
            }
        }
        model.zeroGrad()
        let anchors = params.map { Array(UnsafeBufferPointer(start: $0.data, count: $0.count)) }
        return (anchors, fisher)
    }
}

/// A seeded shuffled order over `count` items, reshuffled each time it is used up.
struct SampleOrder {
    let count: Int
    var rng: SeededRandom
    var order: [Int] = []
    var cursor = 0

    init(count: Int, rng: SeededRandom) {
        self.count = count
        self.rng = rng
    }

    mutating func next(_ k: Int) -> [Int] {
        guard count > 0 else { return [] }
        var out: [Int] = []
        while out.count < k {
            if cursor == order.count {
                order = Array(0..<count)
                rng.shuffle(&order)
                cursor = 0
            }
            out.append(order[cursor])
            cursor += 1
        }
        return out
    }
}
