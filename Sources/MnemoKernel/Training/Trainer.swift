import Foundation

/// One report of a running training.
public struct TrainProgress: Sendable {
    /// Steps finished so far (1-based count).
    public var step: Int
    /// Steps planned.
    public var totalSteps: Int
    /// Loss of the latest step.
    public var loss: Float
    /// Training throughput over the run so far.
    public var tokensPerSecond: Double
    /// Learning rate used at the latest step.
    public var learningRate: Float
    /// Seconds since the start.
    public var elapsed: Double
}

/// How a training ended.
public struct TrainResult: Sendable {
    /// Loss at every finished step.
    public var losses: [Float]
    /// Whether it stopped early because cancellation was requested.
    public var cancelled: Bool
    /// Wall time in seconds.
    public var seconds: Double
    /// Tokens processed per second.
    public var tokensPerSecond: Double
    /// Steps finished.
    public var steps: Int { losses.count }
}

/// Errors that stop a training.
public enum TrainError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite; the model keeps its weights from before that step.
    case nonFiniteLoss(step: Int, value: Float)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(step, value):
            return "loss became \(value) at step \(step) (try a lower learning rate); the weights from step \(step - 1) are kept"
        }
    }
}

/// Optimiser choice and hyper-parameters for ``Trainer``.
public struct OptimizerConfig: Codable, Equatable, Sendable {
    /// Which update rule.
    public enum Kind: String, Codable, Sendable { case sgd, adam, adamw }
    public var kind: Kind = .adamw
    public var weightDecay: Float = 0.01
    public var momentum: Float = 0.9
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999

    public init(kind: Kind = .adamw, weightDecay: Float = 0.01, momentum: Float = 0.9) {
        self.kind = kind; self.weightDecay = weightDecay; self.momentum = momentum
    }

    /// Builds the optimiser over `params`.
    public func make(_ params: [Tensor]) -> Optimizer {
        switch kind {
        case .sgd: return SGD(params, momentum: momentum, weightDecay: weightDecay)
        case .adam: return Adam(params, beta1: beta1, beta2: beta2, weightDecay: weightDecay, decoupled: false)
        case .adamw: return Adam(params, beta1: beta1, beta2: beta2, weightDecay: weightDecay, decoupled: true)
        }
    }
}

/// The generic training loop: forward a loss on a tape, backpropagate, clip, step, repeat;
/// cancellable between steps, reporting through a callback, never printing.
public final class Trainer {
    /// The parameters being trained (those that require a gradient are updated).
    public let parameters: [Tensor]
    /// The update rule.
    public let optimizer: Optimizer
    /// Learning rate per step.
    public let schedule: LRSchedule
    /// Global gradient-norm clip (nil: none).
    public let clipNorm: Float?
    /// The tape reused by every step.
    public let tape = Tape()

    /// A trainer for `parameters`.
    public init(parameters: [Tensor], optimizer: OptimizerConfig, schedule: LRSchedule, clipNorm: Float? = 1.0) {
        self.parameters = parameters
        self.optimizer = optimizer.make(parameters)
        self.schedule = schedule
        self.clipNorm = clipNorm
    }

    /// Runs `schedule.totalSteps` steps. `loss(tape, step)` builds the step's loss on the tape
    /// (drawing its own batch); `tokensPerStep` feeds the throughput figure.
    public func run(tokensPerStep: Int, cancel: CancellationFlag? = nil,
                    progress: ((TrainProgress) -> Void)? = nil,
                    loss: (Tape, Int) throws -> Tensor) throws -> TrainResult {
        try loop(tokensPerStep: tokensPerStep, cancel: cancel, progress: progress) { step in
            try self.step(step) { try loss(tape, step) }
        }
    }

    /// Runs `schedule.totalSteps` data-parallel steps (see ``step(_:shards:loss:)``):
    /// `prepare(step)` draws the step's batch on the calling thread, then `loss(tape, shard)`
    /// builds each shard's mean loss, the shards running at once.
    public func run(tokensPerStep: Int, shards: Int, cancel: CancellationFlag? = nil,
                    progress: ((TrainProgress) -> Void)? = nil,
                    prepare: (Int) -> Void, loss: (Tape, Int) -> Tensor) throws -> TrainResult {
        try loop(tokensPerStep: tokensPerStep, cancel: cancel, progress: progress) { step in
            prepare(step)
            return self.step(step, shards: shards, loss: loss)
        }
    }

    private func loop(tokensPerStep: Int, cancel: CancellationFlag?, progress: ((TrainProgress) -> Void)?,
                      step run: (Int) throws -> Float) throws -> TrainResult {
        let start = Date()
        var losses: [Float] = []
        losses.reserveCapacity(schedule.totalSteps)
        var cancelled = false
        for step in 0..<schedule.totalSteps {
            if cancel?.isCancelled == true { cancelled = true; break }
            let value = try run(step)
            guard value.isFinite else { throw TrainError.nonFiniteLoss(step: step + 1, value: value) }
            losses.append(value)
            let elapsed = Date().timeIntervalSince(start)
            progress?(TrainProgress(step: step + 1, totalSteps: schedule.totalSteps, loss: value,
                                    tokensPerSecond: Double(tokensPerStep * (step + 1)) / max(elapsed, 1e-9),
                                    learningRate: schedule.rate(at: step), elapsed: elapsed))
        }
        let seconds = Date().timeIntervalSince(start)
        return TrainResult(losses: losses, cancelled: cancelled, seconds: seconds,
                           tokensPerSecond: Double(tokensPerStep * losses.count) / max(seconds, 1e-9))
    }

    /// One data-parallel optimisation step: `loss(tape, shard)` builds the mean loss of shard
    /// `shard` of the batch, for `shards` shards at once, each on its own core and tape with
    /// gradient buffers of its own. The step's loss and gradient are the mean over shards
    /// (for equal shards, those of the whole batch); the shards' gradients are summed in
    /// shard order, so results are the same on every run with the same shard count.
    /// `loss` is called concurrently and must only read shared state. Returns the loss;
    /// parameters are left untouched when it is not finite.
    ///
    /// Against ``step(_:loss:)`` with every op split across the cores, this drops the
    /// hand-off around each op (a hundred a step) and the cores' waits for each other.
    public func step(_ step: Int, shards: Int, loss: (Tape, Int) -> Tensor) -> Float {
        guard shards > 1 else { return self.step(step) { loss(tape, 0) } }
        prepareReplicas(shards)
        let replicas = self.replicas, buffers = replicaGradients, losses = shardLosses!, parameters = self.parameters
        Parallel.run(parts: shards) { p in
            let replica = replicas[p]
            replica.reset()
            replica.isTraining = true
            // Shard 0 accumulates into the parameters' own gradients, the others into theirs.
            for (i, param) in parameters.enumerated() where param.requiresGrad {
                if p == 0 { param.zeroGrad() } else { buffers[p][i].update(repeating: 0, count: param.count) }
            }
            let l = loss(replica, p)
            losses[p] = l.scalar
            if l.scalar.isFinite { replica.backward(l, seed: 1 / Float(shards)) }
        }
        var value: Float = 0
        for p in 0..<shards { value += losses[p] }
        value /= Float(shards)
        guard value.isFinite else { return value }
        Parallel.forEachPart(of: parameters, total: totalCount) { i, part in
            guard parameters[i].requiresGrad else { return }
            let g = parameters[i].gradBuffer(step: -1)
            for p in 1..<shards {
                let r = buffers[p][i]
                for j in part { g[j] += r[j] }
            }
        }
        if let clipNorm { Gradients.clip(parameters, maxNorm: clipNorm) }
        optimizer.step(lr: schedule.rate(at: step))
        return value
    }

    private var replicas: [Tape] = []
    /// [replica][parameter] gradient buffers, one per parameter (allocated once).
    private var replicaGradients: [[UnsafeMutablePointer<Float>]] = []
    private var shardLosses: UnsafeMutablePointer<Float>?
    private lazy var totalCount = parameters.reduce(0) { $0 + $1.count }

    private func prepareReplicas(_ shards: Int) {
        guard replicas.count < shards else { return }
        shardLosses?.deallocate()
        shardLosses = .allocate(capacity: shards)
        while replicas.count < shards {
            let replica = Tape()
            if replicas.isEmpty {
                // Shard 0 uses the parameters' own gradients and the main tape's dropout stream.
                replica.rng = tape.rng
                for p in parameters where p.requiresGrad { _ = p.gradBuffer(step: -1) }
                replicas.append(replica)
                replicaGradients.append([])
                continue
            }
            let buffers = parameters.map { p in
                // 64-byte aligned like the parameters' own gradients: with malloc's 16 bytes,
                // this replica's weight-gradient products split cache lines on every load and
                // store, and its shard ran up to 14 % slower than shard 0 (which then waited).
                let b = Tensor.allocate(max(p.count, 1))
                b.initialize(repeating: 0, count: max(p.count, 1))
                return b
            }
            // Each replica draws its dropout masks from its own stream, fixed by the main tape's.
            replica.rng = SeededRandom(seed: tape.rng.next() &+ UInt64(replicas.count))
            replica.parameterGradients = Dictionary(uniqueKeysWithValues: zip(parameters.map(ObjectIdentifier.init), buffers))
            replicas.append(replica)
            replicaGradients.append(buffers)
        }
    }

    deinit {
        shardLosses?.deallocate()
        for buffers in replicaGradients { for b in buffers { b.deallocate() } }
    }

    /// One optimisation step; returns the loss. Parameters are left untouched when the loss
    /// is not finite.
    public func step(_ step: Int, loss: () throws -> Tensor) rethrows -> Float {
        tape.reset()
        tape.isTraining = true
        for p in parameters where p.requiresGrad { p.zeroGrad() }
        let l = try loss()
        let value = l.scalar
        guard value.isFinite else { return value }
        tape.backward(l)
        if let clipNorm { Gradients.clip(parameters, maxNorm: clipNorm) }
        optimizer.step(lr: schedule.rate(at: step))
        return value
    }
}
