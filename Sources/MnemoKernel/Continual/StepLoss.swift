/// Builds one step's loss for ``ContinualRunner`` on the trainer's tape.
struct StepLoss {
    let runner: ContinualRunner
    let model: GPT
    let task: ClassificationTask
    let teacher: GPT?
    let ewc: (anchors: [[Float]], fisher: [[Float]])?

    func build(_ tape: Tape, examples: [Int], replaySamples: [Int], parts: inout ContinualProgress) -> Tensor {
        let context = model.config.context
        let batch = TaskBatch.make(task, examples.map { task.train[$0] }, context: context)
        let out = model.forward(batch.ids, batch: examples.count, tape)
        let taskCE = tape.crossEntropy(out.logits, batch.targets)
        parts.taskLoss = taskCE.scalar
        switch runner.settings.method {
        case .ft:
            return taskCE
        case let .ewc(lambda):
            guard let ewc else { return taskCE }
            let penalty = ContinualLoss.ewcPenalty(tape, parameters: model.parameters, anchors: ewc.anchors,
                                                   fisher: ewc.fisher, lambda: lambda)
            parts.auxLoss = penalty.scalar; parts.auxWeight = lambda
            return tape.add(taskCE, penalty)
        case let .lwf(temperature, lambda):
            guard let teacher else { return taskCE }
            let quiet = Tape(recording: false)
            quiet.isTraining = false
            let old = teacher.forward(batch.ids, batch: examples.count, quiet).logits.values
            let kl = ContinualLoss.maskedKL(tape, student: out.logits, teacher: old, mask: batch.mask,
                                            temperature: temperature, squaredTemperature: true)
            parts.auxLoss = kl.scalar; parts.auxWeight = lambda
            return tape.add(taskCE, tape.scale(kl, lambda))
        default:
            return withReplay(tape, taskCE: taskCE, samples: replaySamples, parts: &parts)
        }
    }

    private func withReplay(_ tape: Tape, taskCE: Tensor, samples: [Int], parts: inout ContinualProgress) -> Tensor {
        guard let replay = runner.replay, !samples.isEmpty else { return taskCE }
        let t = replay.length, k = samples.count
        let ids = IndexTensor(capacity: k * t), targets = IndexTensor(capacity: k * t)
        replay.fill(samples, ids: ids, targets: targets)
        let out = model.forward(ids, batch: k, tape)
        let replayCE = tape.crossEntropy(out.logits, targets)
        parts.replayLoss = replayCE.scalar
        let ce = tape.scale(tape.add(taskCE, replayCE), 0.5)
        guard let reference = runner.reference else { return ce }
        var mask = [Float](repeating: 0, count: k * t)
        for (r, s) in samples.enumerated() { for p in 0..<replay.lengths[s] { mask[r * t + p] = 1 } }
        let d = reference.width
        func rows<T>(_ source: [T]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(k * t * d)
            for s in samples { out += source[(s * t * d)..<((s + 1) * t * d)] }
            return out
        }
        let aux: Tensor, weight: AuxWeight
        switch runner.settings.method {
        case let .tm(w):
            aux = ContinualLoss.thresholdMargin(tape, hidden: out.hidden, classes: rows(reference.classes),
                                                tauPlus: reference.tauPlus, tauMinus: reference.tauMinus, mask: mask)
            weight = w
        case let .l1(w), let .l2(w):
            let kind: DistanceKind = { if case .l1 = runner.settings.method { return .l1 }; return .l2 }()
            aux = ContinualLoss.maskedDistance(tape, out.hidden, reference: rows(reference.hidden ?? []), mask: mask, kind: kind)
            weight = w
        case let .kl(temperature, w):
            let teacher = baseLogits(reference, hidden: rows(reference.hidden ?? []), rows: k * t)
            aux = ContinualLoss.maskedKL(tape, student: out.logits, teacher: teacher, mask: mask,
                                         temperature: temperature, squaredTemperature: false)
            weight = w
        default:
            return ce
        }
        let w: Float
        switch weight {
        case .constant(let c): w = c
        case .dynamic: w = Float(Double(ce.scalar) / (Double(aux.scalar) + 1e-8))
        }
        parts.auxLoss = aux.scalar; parts.auxWeight = w
        return tape.add(ce, tape.scale(aux, w))
    }

    /// z⁰ = h⁰ W⁰ᵀ for every row (padding rows are masked out of the KL anyway).
    private func baseLogits(_ reference: ReferenceStates, hidden: [Float], rows: Int) -> [Float] {
        let d = reference.width, v = reference.vocab
        guard let head = reference.head, hidden.count == rows * d else { return [Float](repeating: 0, count: rows * v) }
        var z = [Float](repeating: 0, count: rows * v)
        hidden.withUnsafeBufferPointer { h in
            head.withUnsafeBufferPointer { w in
                z.withUnsafeMutableBufferPointer { out in
                    BLAS.gemm(transA: false, transB: true, m: rows, n: v, k: d, a: h.baseAddress!, lda: d,
                              b: w.baseAddress!, ldb: d, beta: 0, c: out.baseAddress!, ldc: v)
                }
            }
        }
        return z
    }
}
