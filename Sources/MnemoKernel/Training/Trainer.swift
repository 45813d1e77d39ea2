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
        let start = Date()
        var losses: [Float] = []
        losses.reserveCapacity(schedule.totalSteps)
        var cancelled = false
        for step in 0..<schedule.totalSteps {
            if cancel?.isCancelled == true { cancelled = true; break }
            let value = try self.step(step) { try loss(tape, step) }
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
