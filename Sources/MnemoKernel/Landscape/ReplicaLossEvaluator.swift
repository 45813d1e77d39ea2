/// A GPT copy that evaluates its mean next-token loss on fixed windows for one parameter
/// vector after another, keeping one tape and one pair of id buffers for all of them.
///
/// ``LanguageModeling/evaluate(_:on:batch:)`` builds a fresh tape per call, so hundreds of grid
/// points would allocate and fault in megabytes of activations each time (and two threads
/// doing that contend in the kernel). Both use ``WindowLoss``, so the value is bit-identical to that
/// function's; a test checks it.
final class ReplicaLossEvaluator {
    private let replica: GPT
    private let windows: EvaluationWindows
    private let measure: WindowLoss

    /// An evaluator over a private copy of `model`.
    init(model: GPT, windows: EvaluationWindows, batch: Int) {
        replica = model.landscapeReplica()
        self.windows = windows
        measure = WindowLoss(context: windows.context, batch: batch)
    }

    /// The mean loss (nats per token) with the copy's parameters set to `parameters`.
    func loss(_ parameters: [Float]) -> Double {
        replica.loadFlatParameters(parameters)
        return measure.mean(replica, on: windows)
    }
}
