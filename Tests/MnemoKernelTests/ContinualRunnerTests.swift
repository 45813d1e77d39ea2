import Foundation
import Testing
@testable import MnemoKernel

/// Continual runs end to end: scoring a learned task, the loss composition, cancellation, LoRA,
/// the classic baselines, and the GeRe effect (TM replay forgets less general text than plain
/// fine-tuning) on the synthetic data.
@Suite(.serialized) struct ContinualRunnerTests {
    /// A task whose answer follows from one letter, learnable in a few dozen steps.
    static let letterTask: ClassificationTask = {
        let train = (0..<40).map { i in Example(text: i % 2 == 0 ? "aaa" : "bbb", label: i % 2 == 0 ? "yes" : "no") }
        return ClassificationTask(name: "letters", family: "toy", instruction: "A?", labels: ["yes", "no"],
                                  train: train, test: Array(train.prefix(6)))
    }()

    @Test func scoringPicksTheLabelAModelWasTrainedOn() throws {
        let base = GPT(GPTConfig(context: 48, width: 32, heads: 2, layers: 1), seed: 2)
        let settings = ContinualSettings(steps: 80, lr: 5e-3, batch: 8, warmup: 5, method: .ft, seed: 1)
        var reports: [ContinualReport] = []
        let result = try ContinualRunner(base: base, tasks: [Self.letterTask], settings: settings).run(report: { reports.append($0) })
        #expect(TaskScorer.accuracy(result.model, task: Self.letterTask, method: .likelihood) == 1)
        #expect(TaskScorer.accuracy(result.model, task: Self.letterTask, method: .exactMatch) == 1)
        #expect(result.accuracy == [[1]] && result.zeroShot?.count == 1)
        #expect(reports.map(\.afterTask) == [0, 1])
        #expect(result.stepLosses[0].last! < 0.15)
        // The base model is untouched and scores the untrained way.
        #expect(TaskScorer.accuracy(base, task: Self.letterTask, method: .exactMatch) == 0)
    }

    /// A tiny untrained setup for checks of the loop itself.
    func tinySetup() throws -> (GPT, [ClassificationTask], ReplaySet) {
        let base = GPT(GPTConfig(context: 48, width: 16, heads: 2, layers: 1), seed: 4)
        let tasks = try SyntheticTasks.make(count: 2, train: 16, test: 4, seed: 5)
        let replay = try ReplaySet(documents: SyntheticText.documents(count: 16, seed: 6), context: 48)
        return (base, tasks, replay)
    }

    @Test func dataParallelStepsSplitBothBatchesAndAverageTheReportedParts() {
        Parallel.withWorkers(2) {
            #expect(Parallel.shardCount(dividing: 8, 8) == 2)
            #expect(Parallel.shardCount(dividing: 8, 0) == 2)
            #expect(Parallel.shardCount(dividing: 7, 8) == 1)
            #expect(Parallel.shardCount(dividing: 8, 3) == 1)
        }
        #expect(ContinualRunner.shard([1, 2, 3, 4, 5, 6], 1, of: 2) == [4, 5, 6])
        #expect(ContinualMethod.tm(weight: .dynamic).hasDynamicWeight && !ContinualMethod.tm(weight: .constant(1)).hasDynamicWeight)
        var parts = ContinualProgress(task: 0, taskName: "t", step: 1, steps: 2, loss: 0, taskLoss: 0)
        var a = parts, b = parts
        a.taskLoss = 1; a.replayLoss = 2; a.auxLoss = 4
        b.taskLoss = 3; b.replayLoss = 4; b.auxLoss = 8
        parts.combine([a, b])
        #expect(parts.taskLoss == 2 && parts.replayLoss == 3 && parts.auxLoss == 6 && parts.auxWeight == nil)
    }

    @Test func dynamicWeightMakesTheAuxTermEqualTheCrossEntropy() throws {
        let (base, tasks, replay) = try tinySetup()
        let reference = try ReferenceStates.compute(base: base, replay: replay)
        var parts: [ContinualProgress] = []
        let settings = ContinualSettings(steps: 3, lr: 3e-2, batch: 4, warmup: 0, replayBatch: 4, method: .tm(weight: .dynamic),
                                         zeroShot: false, testLimit: 2)
        let result = try ContinualRunner(base: base, tasks: tasks, settings: settings, replay: replay, reference: reference)
            .run(progress: { parts.append($0) })
        #expect(parts.count == 6 && parts.map(\.task) == [0, 0, 0, 1, 1, 1])
        for p in parts.dropFirst() {
            let ce = (p.taskLoss + p.replayLoss!) / 2
            #expect(abs(p.auxWeight! * p.auxLoss! - ce) < 1e-3 * ce)
            #expect(abs(p.loss - 2 * ce) < 1e-3 * ce)
        }
        // At the first step the model is the base: no violation, so TM adds nothing.
        #expect(parts[0].auxLoss! < 1e-4)
        #expect(result.replayLoss.count == 3 && result.generalLoss.isEmpty)
        #expect(base.flatParameters() != result.model.flatParameters())
    }

    @Test func cancellationStopsBetweenStepsAndKeepsWhatWasMeasured() throws {
        let (base, tasks, replay) = try tinySetup()
        let flag = CancellationFlag()
        let settings = ContinualSettings(steps: 5, lr: 1e-2, batch: 4, replayBatch: 2, method: .replay, testLimit: 2)
        let result = try ContinualRunner(base: base, tasks: tasks, settings: settings, replay: replay)
            .run(cancel: flag, progress: { if $0.task == 1 && $0.step == 2 { flag.cancel() } })
        #expect(result.interrupted)
        #expect(result.accuracy.count == 1 && result.zeroShot != nil)
        #expect(result.stepLosses.map(\.count) == [5])
        #expect(result.replayLoss.count == 2)
    }

    @Test func normalisationAndEpochs() throws {
        #expect(TaskScorer.normalise(" Very Negative.\n") == "verynegative")
        #expect(TaskScorer.normalise("Science or Technology") == TaskScorer.normalise("science-or technology!"))
        let (base, tasks, _) = try tinySetup()
        let runner = try ContinualRunner(base: base, tasks: tasks, settings: ContinualSettings(epochs: 3, batch: 5, method: .ft))
        #expect(runner.steps(for: tasks[0]) == 10)          // ⌈3 · 16 / 5⌉
    }

    @Test func setupErrorsAreValues() throws {
        let (base, tasks, replay) = try tinySetup()
        #expect(throws: ContinualError.needsReplay(method: "tm(w=100.0)")) {
            try ContinualRunner(base: base, tasks: tasks, settings: ContinualSettings(method: .tm(weight: .constant(100))))
        }
        let light = try ReferenceStates.compute(base: base, replay: replay)
        #expect(throws: ContinualError.self) {
            try ContinualRunner(base: base, tasks: tasks, settings: ContinualSettings(method: .l2(weight: .constant(1))),
                                replay: replay, reference: light)
        }
        let other = try ReplaySet(documents: ["something else entirely"], context: 48)
        #expect(throws: ContinualError.self) {
            try ContinualRunner(base: base, tasks: tasks, settings: ContinualSettings(), replay: other, reference: light)
        }
        #expect(throws: ContinualError.noTasks) { try ContinualRunner(base: base, tasks: [], settings: ContinualSettings(method: .ft)) }
    }

    @Test func loraEwcLwfKlAndDistancesRun() throws {
        let (base, tasks, replay) = try tinySetup()
        let before = base.flatParameters()
        let full = try ReferenceStates.compute(base: base, replay: replay, keepHidden: true, keepHead: true)
        let methods: [ContinualMethod] = [.kl(temperature: 2, weight: .constant(1)), .l1(weight: .constant(1)),
                                          .l2(weight: .dynamic), .ewc(lambda: 100), .lwf(temperature: 2, lambda: 1)]
        for method in methods {
            var aux: [Float] = []
            let settings = ContinualSettings(steps: 3, lr: 3e-2, batch: 4, replayBatch: 4, method: method,
                                             zeroShot: false, testLimit: 2, fisherSamples: 4)
            let result = try ContinualRunner(base: base, tasks: tasks, settings: settings, replay: replay, reference: full)
                .run(progress: { if let a = $0.auxLoss { aux.append(a) } })
            #expect(result.accuracy.count == 2, "\(method.name)")
            // Replay losses act from the first step; EWC and LwF only on the second task, once it differs from its anchor.
            #expect(aux.contains { $0 > 0 }, "\(method.name) never had an auxiliary loss")
            // The first replay step sees the base model itself: rebuilt base logits and h⁰ match it.
            if method.usesReplay { #expect(aux[0] < 1e-4, "\(method.name) at the base: \(aux[0])") }
        }
        for merge in [true, false] {
            let lora = LoRASettings(rank: 2, alpha: 4, targets: ["c_attn"], mergeBetweenTasks: merge)
            let settings = ContinualSettings(steps: 3, lr: 3e-2, batch: 4, method: .ft, lora: lora, zeroShot: false, testLimit: 2)
            let result = try ContinualRunner(base: base, tasks: tasks, settings: settings).run()
            #expect(result.model.linears.allSatisfy { $0.layer.lora == nil })
            #expect(result.model.parameterCount == base.parameterCount)
            // Only the adapted projections moved.
            let moved = zip(base.namedParameters(), result.model.namedParameters()).filter { $0.0.tensor.values != $0.1.tensor.values }
            #expect(!moved.isEmpty && moved.allSatisfy { $0.0.name.hasSuffix("c_attn.weight") }, "merge \(merge)")
        }
        #expect(base.flatParameters() == before)
    }

    @Test func tmForgetsLessGeneralAbilityThanFineTuning() throws {
        let docs = SyntheticText.documents(count: 400, seed: 21)
        let base = GPT(GPTConfig(context: 64, width: 32, heads: 2, layers: 2), seed: 5)
        let windows = try TokenWindows(stream: TokenStream(documents: Array(docs.prefix(350))), context: 64)
        _ = try LanguageModeling.pretrain(base, on: windows, settings: .init(steps: 150, batch: 8, lr: 5e-3, warmup: 10, seed: 1))
        let replay = try ReplaySet(documents: Array(docs.prefix(350)), sample: 32, seed: 3, context: 64)
        let general = try TokenStream(documents: Array(docs.suffix(50))).evaluationWindows(context: 64, maxWindows: 16)
        let tasks = try SyntheticTasks.make(count: 2, train: 32, test: 8, seed: 4)
        let reference = try ReferenceStates.compute(base: base, replay: replay)
        func run(_ method: ContinualMethod) throws -> ContinualResult {
            let settings = ContinualSettings(steps: 25, lr: 5e-3, batch: 8, warmup: 2, replayBatch: 4, method: method,
                                             seed: 7, zeroShot: false, testLimit: 8)
            return try ContinualRunner(base: base, tasks: tasks, settings: settings, replay: replay,
                                       reference: reference, generalEval: general).run()
        }
        let ft = try run(.ft), tm = try run(.tm(weight: .constant(1)))
        let ftRise = ft.generalLoss.last! - ft.generalLoss[0], tmRise = tm.generalLoss.last! - tm.generalLoss[0]
        #expect(ftRise > 0.3, "fine-tuning should forget general text: rise \(ftRise)")
        #expect(tmRise < ftRise / 2, "tm rise \(tmRise) vs ft rise \(ftRise)")
    }
}
