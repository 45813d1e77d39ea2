import CVectorMath
import Foundation

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// Applies one update with learning rate `lr` to the parameters given at creation that
    /// require a gradient; parameters without a gradient are skipped.
    func step(lr: Float)
}

/// Stochastic gradient descent with (optional) momentum and L2 weight decay, as PyTorch's SGD.
public final class SGD: Optimizer {
    private let params: [Tensor]
    private var velocity: [UnsafeMutablePointer<Float>?]
    /// Momentum factor (0 for plain SGD).
    public let momentum: Float
    /// L2 penalty added to the gradient.
    public let weightDecay: Float

    /// SGD over `params`.
    public init(_ params: [Tensor], momentum: Float = 0, weightDecay: Float = 0) {
        self.params = params
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = params.map { _ in nil }
    }

    deinit { for v in velocity { v?.deallocate() } }

    public func step(lr: Float) {
        for (i, p) in params.enumerated() where p.requiresGrad {
            guard let g = p.grad else { continue }
            let w = p.data, n = p.count, wd = weightDecay, mu = momentum
            if mu == 0 {
                for j in 0..<n { w[j] -= lr * (g[j] + wd * w[j]) }
                continue
            }
            if velocity[i] == nil {
                velocity[i] = Tensor.allocate(n)
                for j in 0..<n { velocity[i]![j] = g[j] + wd * w[j] }  // PyTorch: first buffer = gradient
            } else {
                let v = velocity[i]!
                for j in 0..<n { v[j] = mu * v[j] + g[j] + wd * w[j] }
            }
            let v = velocity[i]!
            for j in 0..<n { w[j] -= lr * v[j] }
        }
    }
}

/// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019). With `decoupled` the
/// weight decay shrinks the weights directly (AdamW); otherwise it is added to the gradient
/// (PyTorch's Adam with weight_decay).
public final class Adam: Optimizer {
    private let params: [Tensor]
    private let m: [UnsafeMutablePointer<Float>]
    private let v: [UnsafeMutablePointer<Float>]
    /// Steps taken (for bias correction).
    public private(set) var t = 0
    public let beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    /// AdamW when true.
    public let decoupled: Bool
    private let totalCount: Int

    /// Adam or AdamW over `params`; moment buffers are allocated once, here.
    public init(_ params: [Tensor], beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                weightDecay: Float = 0, decoupled: Bool = false) {
        self.params = params
        self.beta1 = beta1; self.beta2 = beta2; self.eps = eps
        self.weightDecay = weightDecay; self.decoupled = decoupled
        totalCount = params.reduce(0) { $0 + $1.count }
        m = params.map { p in
            let b = Tensor.allocate(p.count)
            b.initialize(repeating: 0, count: p.count)
            return b
        }
        v = params.map { p in
            let b = Tensor.allocate(p.count)
            b.initialize(repeating: 0, count: p.count)
            return b
        }
    }

    /// AdamW with PyTorch's defaults except the learning rate, which is given per step.
    public static func adamW(_ params: [Tensor], weightDecay: Float = 0.01) -> Adam {
        Adam(params, weightDecay: weightDecay, decoupled: true)
    }

    deinit { for b in m + v { b.deallocate() } }

    public func step(lr: Float) {
        t += 1
        let b1 = beta1, b2 = beta2, e = eps, wd = weightDecay, dec = decoupled
        let c1 = 1 - Float(Foundation.pow(Double(beta1), Double(t)))
        let c2 = 1 - Float(Foundation.pow(Double(beta2), Double(t)))
        let stepSize = lr / c1, invC2 = 1 / c2
        let params = self.params, m = self.m, v = self.v
        Parallel.forEachPart(of: params, total: totalCount) { i, part in
            let p = params[i]
            guard p.requiresGrad, let g = p.grad else { return }
            let w = p.data, mi = m[i], vi = v[i]
            Vectors.blocks(part) { j, c in
                var gj = Vectors.load(g, j, c), wj = Vectors.load(w, j, c)
                if dec { wj -= lr * wd * wj } else { gj += wd * wj }
                let mj = b1 * Vectors.load(mi, j, c) + (1 - b1) * gj
                let vj = b2 * Vectors.load(vi, j, c) + (1 - b2) * gj * gj
                wj -= stepSize * mj / (mnemo_sqrt16(vj * invC2) + e)
                Vectors.store(mj, mi, j, c); Vectors.store(vj, vi, j, c); Vectors.store(wj, w, j, c)
            }
        }
    }
}

/// Gradient utilities.
public enum Gradients {
    /// The global L2 norm of all gradients of `params` (in Double for stability).
    public static func norm(_ params: [Tensor]) -> Float {
        var s: Double = 0
        for p in params where p.requiresGrad {
            guard let g = p.grad else { continue }
            // Eight Double partial sums in a fixed order: vectorised, and the same on every CPU.
            var acc = SIMD8<Double>()
            var j = 0
            while j + 8 <= p.count {
                let v = SIMD8<Double>(UnsafeRawPointer(g + j).loadUnaligned(as: SIMD8<Float>.self))
                acc.addProduct(v, v); j += 8
            }
            s += acc.sum()
            while j < p.count { s += Double(g[j]) * Double(g[j]); j += 1 }
        }
        return Float(s.squareRoot())
    }

    /// Rescales all gradients so their global norm is at most `maxNorm`; returns the norm
    /// before clipping.
    @discardableResult
    public static func clip(_ params: [Tensor], maxNorm: Float) -> Float {
        let n = norm(params)
        guard n > maxNorm, n.isFinite else { return n }
        let f = maxNorm / (n + 1e-6)
        for p in params where p.requiresGrad {
            guard let g = p.grad else { continue }
            for j in 0..<p.count { g[j] *= f }
        }
        return n
    }
}

/// Linear warm-up to the base rate, then cosine decay to `minRatio` × base at `totalSteps`.
public struct LRSchedule: Sendable, Equatable, Codable {
    public var base: Float
    public var warmup: Int
    public var totalSteps: Int
    public var minRatio: Float
    /// Whether the cosine decay is applied after warm-up (false keeps the rate constant).
    public var cosine: Bool

    public init(base: Float, warmup: Int = 0, totalSteps: Int, minRatio: Float = 0.1, cosine: Bool = true) {
        self.base = base; self.warmup = warmup; self.totalSteps = totalSteps
        self.minRatio = minRatio; self.cosine = cosine
    }

    /// The learning rate at 0-based `step`.
    public func rate(at step: Int) -> Float {
        if step < warmup { return base * Float(step + 1) / Float(warmup) }
        guard cosine, totalSteps > warmup else { return base }
        let progress = min(1, Float(step - warmup) / Float(max(1, totalSteps - warmup)))
        let cos = 0.5 * (1 + Float(Foundation.cos(Double.pi * Double(progress))))
        return base * (minRatio + (1 - minRatio) * cos)
    }
}
