/// y = x Wᵀ + b, with W stored [out, in] as in PyTorch, and an optional LoRA adapter.
public final class Linear: Module {
    /// Weight [out, in], initialised N(0, 0.02).
    public let weight: Tensor
    /// Bias [out], initialised to zero; nil for a layer without bias.
    public let bias: Tensor?
    /// A low-rank adapter added to the output when attached and not merged.
    public private(set) var lora: LoRA?

    /// A layer mapping `inFeatures` to `outFeatures`.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, std: Float = 0.02,
                rng: inout SeededRandom) {
        weight = Tensor(shape: Shape(outFeatures, inFeatures), requiresGrad: true)
        weight.fillNormal(std: std, using: &rng)
        self.bias = bias ? Tensor(shape: Shape(outFeatures), requiresGrad: true) : nil
    }

    /// Input width.
    public var inFeatures: Int { weight.shape[1] }
    /// Output width.
    public var outFeatures: Int { weight.shape[0] }

    /// Applies the layer (and its adapter) to `x` of shape [..., in].
    public func callAsFunction(_ x: Tensor, _ tape: Tape) -> Tensor {
        let y = tape.linear(x, weight, bias)
        guard let lora, !lora.isMerged else { return y }
        let low = tape.linear(tape.linear(x, lora.a), lora.b)
        return tape.add(y, tape.scale(low, lora.scale))
    }

    /// `residual` plus the layer applied to `x`: one op where mnemo's matrix kernel runs the
    /// products and no unmerged adapter is attached (OpenBLAS cannot add in its store, and the
    /// fallback would form the product apart); the same numbers either way.
    public func callAsFunction(_ x: Tensor, _ tape: Tape, adding residual: Tensor) -> Tensor {
        guard fusable else { return tape.add(residual, self(x, tape)) }
        return tape.linear(x, weight, bias, adding: residual)
    }

    /// Whether the fused forms apply: our kernel runs the products and no adapter is active.
    private var fusable: Bool { BLAS.backend == .mnemo && (lora?.isMerged ?? true) }

    /// The layer applied to GELU(x), plus `residual` when given: one op
    /// (``Tape/linearAfterGELU(_:_:_:adding:)``) where mnemo's matrix kernel runs the products
    /// and no unmerged adapter is attached; the same numbers either way.
    public func afterGELU(_ x: Tensor, _ tape: Tape, adding residual: Tensor? = nil) -> Tensor {
        if !fusable {
            let y = self(tape.gelu(x), tape)
            return residual.map { tape.add($0, y) } ?? y
        }
        return tape.linearAfterGELU(x, weight, bias, adding: residual)
    }

    /// Attaches a fresh LoRA adapter of `rank` (replacing any previous one).
    public func attachLoRA(rank: Int, alpha: Float, rng: inout SeededRandom) {
        lora = LoRA(inFeatures: inFeatures, outFeatures: outFeatures, rank: rank, alpha: alpha, rng: &rng)
    }

    /// Removes the adapter (merged or not, its effect goes with it unless merged).
    public func detachLoRA() { lora = nil }

    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = [("weight", weight)]
        if let bias { out.append(("bias", bias)) }
        if let lora { out += [("lora_A.weight", lora.a), ("lora_B.weight", lora.b)] }
        return out
    }
}

/// A low-rank update ΔW = (alpha / rank) · B A (Hu et al. 2021): A [rank, in] random,
/// B [out, rank] zero, so an attached adapter starts as the identity change.
public final class LoRA {
    /// Down-projection [rank, in].
    public let a: Tensor
    /// Up-projection [out, rank].
    public let b: Tensor
    /// alpha / rank.
    public let scale: Float
    /// The adapter's rank.
    public let rank: Int
    /// Whether ΔW has been added into the base weight.
    public internal(set) var isMerged = false

    init(inFeatures: Int, outFeatures: Int, rank: Int, alpha: Float, rng: inout SeededRandom) {
        precondition(rank > 0, "LoRA rank must be positive")
        self.rank = rank
        scale = alpha / Float(rank)
        a = Tensor(shape: Shape(rank, inFeatures), requiresGrad: true)
        a.fillNormal(std: 1 / Float(inFeatures).squareRoot(), using: &rng)
        b = Tensor(shape: Shape(outFeatures, rank), requiresGrad: true)
    }
}

extension Linear {
    /// Adds the adapter's ΔW into the weight (then the forward pass skips the adapter).
    public func mergeLoRA() { applyDelta(sign: 1) }

    /// Subtracts a merged adapter's ΔW from the weight again.
    public func unmergeLoRA() { applyDelta(sign: -1) }

    private func applyDelta(sign: Float) {
        guard let lora, lora.isMerged == (sign < 0) else { return }
        // W[out, in] += sign · scale · B[out, r] A[r, in]
        BLAS.gemm(transA: false, transB: false, m: outFeatures, n: inFeatures, k: lora.rank,
                  alpha: sign * lora.scale, a: lora.b.data, lda: lora.rank, b: lora.a.data, ldb: inFeatures,
                  beta: 1, c: weight.data, ldc: inFeatures)
        lora.isMerged = sign > 0
    }
}

/// LayerNorm over the last axis with a learned gain (1) and bias (0).
public final class LayerNorm: Module {
    /// Gain [d].
    public let weight: Tensor
    /// Bias [d].
    public let bias: Tensor
    /// Added to the variance.
    public let eps: Float

    /// A LayerNorm over width `d`.
    public init(_ d: Int, eps: Float = 1e-5) {
        weight = Tensor(shape: Shape(d), requiresGrad: true)
        weight.fill(1)
        bias = Tensor(shape: Shape(d), requiresGrad: true)
        self.eps = eps
    }

    /// Normalises `x` of shape [..., d].
    public func callAsFunction(_ x: Tensor, _ tape: Tape) -> Tensor { tape.layerNorm(x, weight, bias, eps: eps) }

    public func namedParameters() -> [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }
}

/// A lookup table of `count` vectors of width `d`.
public final class Embedding: Module {
    /// The table [count, d].
    public let weight: Tensor

    /// A table initialised N(0, std²).
    public init(_ count: Int, _ d: Int, std: Float = 0.02, rng: inout SeededRandom) {
        weight = Tensor(shape: Shape(count, d), requiresGrad: true)
        weight.fillNormal(std: std, using: &rng)
    }

    /// Rows for `ids`, shaped `shape` + [d].
    public func callAsFunction(_ ids: IndexTensor, shape: Shape? = nil, _ tape: Tape) -> Tensor {
        tape.embedding(weight, ids, shape: shape)
    }

    public func namedParameters() -> [(name: String, tensor: Tensor)] { [("weight", weight)] }
}
