/// A GPT copy that evaluates its mean next-token loss on fixed windows for one parameter
/// vector after another, keeping one tape and one pair of id buffers for all of them.
///
/// ``LanguageModeling/evaluate(_:on:batch:)`` builds a fresh tape per call, so hundreds of grid
/// points would allocate and fault in megabytes of activations each time (and two threads
/// doing that contend in the kernel). The arithmetic here is the same, batch for batch, so the
/// value is bit-identical to that function's; a test checks it.
final class ReplicaLossEvaluator {
    private let replica: GPT
    private let windows: EvaluationWindows
    private let batch: Int
    private let tape = Tape(recording: false)
    private let inputs: IndexTensor
    private let targets: IndexTensor

    /// An evaluator over a private copy of `model`.
    init(model: GPT, windows: EvaluationWindows, batch: Int) {
        replica = model.landscapeReplica()
        self.windows = windows
        self.batch = max(1, batch)
        tape.isTraining = false
        inputs = IndexTensor(capacity: self.batch * windows.context)
        targets = IndexTensor(capacity: self.batch * windows.context)
    }

    /// The mean loss (nats per token) with the copy's parameters set to `parameters`.
    func loss(_ parameters: [Float]) -> Double {
        replica.loadFlatParameters(parameters)
        let t = windows.context
        var total: Double = 0, count = 0, start = 0
        while start < windows.count {
            tape.reset()
            let rows = windows.fill(batch: start..<min(start + batch, windows.count), inputs: inputs.data, targets: targets.data)
            inputs.count = rows * t; targets.count = rows * t
            let out = replica.forward(inputs, batch: rows, tape)
            let loss = tape.crossEntropy(out.logits, targets)
            total += Double(loss.scalar) * Double(rows * t)
            count += rows * t
            start += rows
        }
        return count > 0 ? total / Double(count) : .nan
    }
}
