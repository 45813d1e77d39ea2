/// One training step's report.
public struct ContinualProgress: Sendable {
    /// 0-based index of the task being trained.
    public var task: Int
    /// Its name.
    public var taskName: String
    /// Steps finished in this task (1-based).
    public var step: Int
    /// Steps planned for this task.
    public var steps: Int
    /// The total loss of the step.
    public var loss: Float
    /// Task CE (answer tokens).
    public var taskLoss: Float
    /// Replay CE, for methods with replay.
    public var replayLoss: Float?
    /// The auxiliary loss (TM, KL, L1, L2, EWC or LwF) before weighting.
    public var auxLoss: Float?
    /// The weight applied to it (w, or λ).
    public var auxWeight: Float?

    /// The mean of the shards' loss parts (a data-parallel step reports their average).
    mutating func combine(_ shards: [ContinualProgress]) {
        func mean(_ values: [Float?]) -> Float? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +) / Float(present.count)
        }
        taskLoss = mean(shards.map(\.taskLoss)) ?? taskLoss
        replayLoss = mean(shards.map(\.replayLoss))
        auxLoss = mean(shards.map(\.auxLoss))
        auxWeight = mean(shards.map(\.auxWeight))
    }
}

/// Measurements after one task (or of the base model, `afterTask` 0).
public struct ContinualReport: Sendable {
    /// Tasks trained so far (0: the base model, the zero-shot row).
    public var afterTask: Int
    /// Accuracy on every task's test split, in task order.
    public var accuracy: [Double]
    /// Held-out general-text loss (nats per byte), when an evaluation set was given.
    public var generalLoss: Double?
    /// Mean next-token loss on the replay set, when one was given.
    public var replayLoss: Double?
}

/// What a continual run produced.
public struct ContinualResult {
    /// Row k: accuracy on every task after training task k (0-based), task order.
    public var accuracy: [[Double]]
    /// Accuracy of the base model before any training, when measured.
    public var zeroShot: [Double]?
    /// General loss: index 0 the base model, index k after task k (empty without an eval set).
    public var generalLoss: [Double]
    /// Replay-set loss, indexed like `generalLoss` (empty without a replay set).
    public var replayLoss: [Double]
    /// Step losses per task trained.
    public var stepLosses: [[Float]]
    /// Wall time in seconds.
    public var seconds: Double
    /// Whether cancellation stopped the run (rows hold what was measured).
    public var interrupted: Bool
    /// How accuracy was scored.
    public var scoring: ScoringMethod
    /// The method's record name.
    public var method: String
    /// The trained model (adapters merged); the base model is unchanged.
    public var model: GPT
    /// With ``ContinualSettings/keepSnapshots``: the flat weights of the base model, then after
    /// each finished task (adapters merged).
    public var snapshots: [[Float]] = []
    /// Metrics of the accuracy matrix.
    public var metrics: ContinualMetrics { ContinualMetrics(accuracy: accuracy, zeroShot: zeroShot) }
}
