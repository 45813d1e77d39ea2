import Synchronization

/// The shape of a byte-level GPT.
public struct GPTConfig: Codable, Equatable, Sendable {
    /// Vocabulary size (256 for bytes).
    public var vocab = 256
    /// Context length in tokens.
    public var context = 64
    /// Model width d.
    public var width = 128
    /// Attention heads (must divide the width).
    public var heads = 4
    /// Transformer blocks.
    public var layers = 2
    /// Whether the output head shares the token embedding's weights.
    public var tiedHead = true
    /// Dropout probability after embeddings, attention and MLP (0 disables it).
    public var dropout: Float = 0

    /// A configuration; the defaults are the benchmark model.
    public init(vocab: Int = 256, context: Int = 64, width: Int = 128, heads: Int = 4, layers: Int = 2,
                tiedHead: Bool = true, dropout: Float = 0) {
        self.vocab = vocab; self.context = context; self.width = width; self.heads = heads
        self.layers = layers; self.tiedHead = tiedHead; self.dropout = dropout
    }
}

/// One pre-LayerNorm transformer block: x + attn(ln₁ x), then x + mlp(ln₂ x).
public final class GPTBlock: Module {
    public let ln1: LayerNorm
    public let attention: Linear
    public let attentionProjection: Linear
    public let ln2: LayerNorm
    public let mlpIn: Linear
    public let mlpOut: Linear
    let heads: Int
    let dropout: Float

    init(_ config: GPTConfig, rng: inout SeededRandom) {
        let d = config.width
        ln1 = LayerNorm(d)
        attention = Linear(d, 3 * d, rng: &rng)
        attentionProjection = Linear(d, d, rng: &rng)
        ln2 = LayerNorm(d)
        mlpIn = Linear(d, 4 * d, rng: &rng)
        mlpOut = Linear(4 * d, d, rng: &rng)
        heads = config.heads
        dropout = config.dropout
    }

    func callAsFunction(_ x: Tensor, _ tape: Tape) -> Tensor {
        let attended = tape.causalSelfAttention(attention(ln1(x, tape), tape), heads: heads)
        guard !(tape.isTraining && dropout > 0) else {
            let h = tape.add(x, tape.dropout(attentionProjection(attended, tape), p: dropout))
            let f = mlpOut.afterGELU(mlpIn(ln2(h, tape), tape), tape)
            return tape.add(h, tape.dropout(f, p: dropout))
        }
        // Without dropout the residual additions happen as the projections store their results.
        let h = attentionProjection(attended, tape, adding: x)
        return mlpOut.afterGELU(mlpIn(ln2(h, tape), tape), tape, adding: h)
    }

    /// The block's linear layers by their nanoGPT names.
    public var linears: [(name: String, layer: Linear)] {
        [("attn.c_attn", attention), ("attn.c_proj", attentionProjection), ("mlp.c_fc", mlpIn), ("mlp.c_proj", mlpOut)]
    }

    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        prefixed("ln_1", ln1) + prefixed("attn.c_attn", attention) + prefixed("attn.c_proj", attentionProjection)
            + prefixed("ln_2", ln2) + prefixed("mlp.c_fc", mlpIn) + prefixed("mlp.c_proj", mlpOut)
    }
}

/// What a GPT forward pass produces. Tensors belong to the tape and live until its reset.
public struct GPTOutput {
    /// Next-token logits [B, T, vocab].
    public let logits: Tensor
    /// The final post-LayerNorm hidden state [B, T, d]: the input of the output head.
    public let hidden: Tensor
    /// The residual stream after each block, [B, T, d] each.
    public let blockOutputs: [Tensor]
}

/// A byte-level GPT (Radford et al. 2019, as in nanoGPT): learned token and position
/// embeddings, pre-LayerNorm blocks with causal multi-head attention and a GELU MLP of
/// ratio 4, a final LayerNorm and an output head tied to the token embedding (or not).
/// Weights N(0, 0.02), biases zero, LayerNorm (1, 0).
public final class GPT: Module {
    /// The architecture.
    public let config: GPTConfig
    /// Token embedding [vocab, d] (`transformer.wte`).
    public let tokenEmbedding: Embedding
    /// Position embedding [context, d] (`transformer.wpe`).
    public let positionEmbedding: Embedding
    /// The transformer blocks (`transformer.h.i`).
    public let blocks: [GPTBlock]
    /// Final LayerNorm (`transformer.ln_f`).
    public let finalNorm: LayerNorm
    /// Output head [vocab, d] when untied (`lm_head`).
    public let head: Tensor?
    private var blockOutputBuffer: [Tensor] = []
    private let outputBufferInUse = Atomic<Bool>(false)

    /// A freshly initialised model.
    public init(_ config: GPTConfig, seed: UInt64) {
        precondition(config.width % config.heads == 0, "width \(config.width) is not divisible by \(config.heads) heads")
        var rng = SeededRandom(seed: seed)
        self.config = config
        tokenEmbedding = Embedding(config.vocab, config.width, rng: &rng)
        positionEmbedding = Embedding(config.context, config.width, rng: &rng)
        blocks = (0..<config.layers).map { _ in GPTBlock(config, rng: &rng) }
        finalNorm = LayerNorm(config.width)
        if config.tiedHead {
            head = nil
        } else {
            let h = Tensor(shape: Shape(config.vocab, config.width), requiresGrad: true)
            h.fillNormal(std: 0.02, using: &rng)
            head = h
        }
    }

    /// Runs `ids` (B·T ids, row-major [B, T], T ≤ context) through the model.
    public func forward(_ ids: IndexTensor, batch: Int, _ tape: Tape) -> GPTOutput {
        let t = ids.count / batch
        precondition(t * batch == ids.count && t >= 1 && t <= config.context,
                     "forward: \(ids.count) ids do not form \(batch) rows of at most \(config.context)")
        let tok = tokenEmbedding(ids, shape: Shape(batch, t), tape)
        // The first t rows of the position table (a slice, not a lookup: no shared id buffer,
        // so replicas of a data-parallel step can run the model at the same time).
        let pos = tape.slice(positionEmbedding.weight, axis: 0, 0..<t)
        var x = tape.dropout(tape.add(tok, pos), p: config.dropout)
        // Reuses last call's array when nothing holds it any more, so a training step
        // allocates nothing here; a second thread running the model meanwhile (a replica of
        // a data-parallel step) makes its own.
        let owner = outputBufferInUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        var outputs: [Tensor] = []
        if owner {
            outputs = blockOutputBuffer
            blockOutputBuffer = []
            outputs.removeAll(keepingCapacity: true)
        }
        outputs.reserveCapacity(blocks.count)
        for block in blocks {
            x = block(x, tape)
            outputs.append(x)
        }
        if owner {
            blockOutputBuffer = outputs
            outputBufferInUse.store(false, ordering: .releasing)
        }
        let hidden = finalNorm(x, tape)
        let logits = tape.linear(hidden, head ?? tokenEmbedding.weight)
        return GPTOutput(logits: logits, hidden: hidden, blockOutputs: outputs)
    }

    /// Every linear layer by its nanoGPT name (`transformer.h.0.attn.c_attn`, ...).
    public var linears: [(name: String, layer: Linear)] {
        blocks.enumerated().flatMap { i, b in b.linears.map { ("transformer.h.\(i).\($0.name)", $0.layer) } }
    }

    public func namedParameters() -> [(name: String, tensor: Tensor)] {
        var out = prefixed("transformer.wte", tokenEmbedding) + prefixed("transformer.wpe", positionEmbedding)
        for (i, b) in blocks.enumerated() { out += prefixed("transformer.h.\(i)", b) }
        out += prefixed("transformer.ln_f", finalNorm)
        if let head { out.append(("lm_head.weight", head)) }
        return out
    }

    /// A deep copy with the same weights (adapters are not copied).
    public func copy() -> GPT {
        let other = GPT(config, seed: 0)
        for (a, b) in zip(other.namedParameters(), namedParameters()) where !b.name.contains("lora_") {
            a.tensor.copy(from: b.tensor)
        }
        return other
    }
}

extension GPT {
    /// Attaches LoRA adapters to the linear layers whose nanoGPT suffix is in `targets`
    /// (`c_attn`, `c_proj` for attention's, `c_fc`, `mlp.c_proj`), and freezes everything else.
    /// Returns the number of adapters attached.
    @discardableResult
    public func attachLoRA(rank: Int, alpha: Float, targets: [String], seed: UInt64) -> Int {
        var rng = SeededRandom(seed: seed)
        setTrainable(false)
        var attached = 0
        for (name, layer) in linears where targets.contains(where: { name.hasSuffix($0) }) {
            layer.attachLoRA(rank: rank, alpha: alpha, rng: &rng)
            layer.lora!.a.requiresGrad = true
            layer.lora!.b.requiresGrad = true
            attached += 1
        }
        return attached
    }

    /// Merges every attached adapter into its base weight.
    public func mergeLoRA() { for (_, l) in linears { l.mergeLoRA() } }

    /// Removes merged adapters' deltas from the base weights again.
    public func unmergeLoRA() { for (_, l) in linears { l.unmergeLoRA() } }
}
