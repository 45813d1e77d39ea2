/// Records operations during a forward pass and runs them backwards to compute gradients.
///
/// A tape owns an arena of tensors. Every op draws its output from the arena, and
/// ``reset()`` rewinds the arena, so the second and later training steps reuse the same
/// buffers and allocate nothing. Tensors made by a tape are valid until its next reset.
///
/// ```swift
/// let tape = Tape()
/// let y = tape.relu(tape.linear(x, w, b))
/// let loss = tape.meanAll(y)
/// tape.backward(loss)          // w.grad and b.grad now hold d loss / d w, d loss / d b
/// ```
public final class Tape {
    /// Whether ops record themselves for ``backward(_:)``. Off for evaluation and generation.
    public var isRecording: Bool
    /// Whether dropout is active.
    public var isTraining: Bool = true
    /// Seed stream for dropout masks.
    public var rng = SeededRandom(seed: 0)

    var nodes: [Node] = []
    private var arena: [Tensor] = []
    private var cursor = 0
    /// Incremented by every reset; arena gradients are zeroed lazily against it.
    private(set) var step = 0

    /// A tape that records (training) or not (inference).
    public init(recording: Bool = true) {
        self.isRecording = recording
        nodes.reserveCapacity(256)
    }

    /// Forgets recorded ops and rewinds the arena for the next step.
    public func reset() {
        nodes.removeAll(keepingCapacity: true)
        cursor = 0
        step += 1
    }

    /// Number of tensors the arena holds (for tests of buffer reuse).
    public var arenaSize: Int { arena.count }

    /// A tensor from the arena with `shape` that needs a gradient when an input does;
    /// contents are unspecified. (Fixed arities, not a variadic: that would allocate an
    /// array on every op.)
    func make(_ shape: Shape, _ a: Tensor?, _ b: Tensor? = nil, _ c: Tensor? = nil, _ d: Tensor? = nil) -> Tensor {
        let needsGrad = isRecording && (a?.requiresGrad == true || b?.requiresGrad == true
                                        || c?.requiresGrad == true || d?.requiresGrad == true)
        return make(shape, requiresGrad: needsGrad)
    }

    func make(_ shape: Shape, requiresGrad: Bool) -> Tensor {
        let n = shape.count
        let t: Tensor
        if cursor < arena.count && arena[cursor].capacity >= n {
            t = arena[cursor]
            t.shape = shape
        } else {
            t = Tensor(shape: shape)
            t.isArena = true
            if cursor < arena.count { arena[cursor] = t } else { arena.append(t) }
        }
        cursor += 1
        t.requiresGrad = requiresGrad
        return t
    }

    /// An arena tensor holding a copy of `values` that needs no gradient (inputs, targets).
    public func constant(_ shape: Shape, _ values: [Float]) -> Tensor {
        let t = make(shape, requiresGrad: false)
        values.withUnsafeBufferPointer { t.data.update(from: $0.baseAddress!, count: shape.count) }
        return t
    }

    func record(_ node: Node, _ out: Tensor) {
        if out.requiresGrad { nodes.append(node) }
    }

    /// The gradient buffer of `t` for this step, or nil when `t` needs none.
    @inline(__always)
    func grad(_ t: Tensor?) -> UnsafeMutablePointer<Float>? {
        guard let t, t.requiresGrad else { return nil }
        if t.isArena { return t.gradBuffer(step: step) }
        if let own = parameterGradients?[ObjectIdentifier(t)] { return own }
        return t.gradBuffer(step: -1)
    }

    /// Where this tape accumulates the gradients of parameters (tensors not from an arena).
    /// Nil: into each parameter's own gradient. The replica tapes of a data-parallel step
    /// (``Trainer/step(_:shards:loss:)``) run at once, so each gets buffers of its own.
    var parameterGradients: [ObjectIdentifier: UnsafeMutablePointer<Float>]?

    /// The gradient buffer of `t` for an op that writes all of it: `fresh` says nothing has
    /// been accumulated into it yet this step, and then it holds garbage and the op must
    /// store (`=`, or a product with beta 0) instead of adding. Skipping the zeroing saved a
    /// tenth of a GPT step's memory traffic.
    @inline(__always)
    func gradForOverwrite(_ t: Tensor?) -> (pointer: UnsafeMutablePointer<Float>, fresh: Bool)? {
        guard let t, t.requiresGrad else { return nil }
        guard t.isArena else { return grad(t).map { ($0, false) } }
        return t.gradBufferForOverwrite(step: step)
    }

    /// Adds `g` (as many values as `t` has) to `t`'s gradient, or copies it there when nothing
    /// was there yet this step: the gradient of an addition, for each of its inputs.
    func passGradient(_ g: UnsafePointer<Float>, to t: Tensor?) {
        guard let (d, fresh) = gradForOverwrite(t) else { return }
        Parallel.forEach(t!.count) { r in
            if fresh { (d + r.lowerBound).update(from: g + r.lowerBound, count: r.count) } else { Vectors.add(g, into: d, r) }
        }
    }

    /// Backpropagates from a scalar `loss` (seeded with d loss / d loss = `seed`).
    public func backward(_ loss: Tensor, seed: Float = 1) {
        precondition(loss.count == 1, "backward needs a scalar loss, got shape \(loss.shape)")
        guard loss.requiresGrad else { return }
        loss.gradBuffer(step: step)[0] = seed
        for node in nodes.reversed() { node.backward(on: self) }
    }
}
