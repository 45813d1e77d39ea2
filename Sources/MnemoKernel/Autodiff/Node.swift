/// One recorded operation: its inputs, its output and what its gradient needs.
/// Each case's forward and backward live together in the `Ops+*.swift` file that names it.
enum Node {
    case linear(x: Tensor, w: Tensor, b: Tensor?, residual: Tensor?, out: Tensor)
    case linearAfterGELU(x: Tensor, hidden: Tensor, slope: Tensor?, w: Tensor, b: Tensor?, residual: Tensor?, out: Tensor)
    case matmul(a: Tensor, b: Tensor, out: Tensor, transA: Bool, transB: Bool)
    case batchedMatmul(a: Tensor, b: Tensor, out: Tensor, transA: Bool, transB: Bool)
    case binary(BinaryOp, a: Tensor, b: Tensor, out: Tensor)
    case scale(x: Tensor, factor: Float, out: Tensor)
    case unary(UnaryOp, x: Tensor, out: Tensor, slope: Tensor?)
    case dropout(x: Tensor, mask: Tensor, out: Tensor)
    case sum(x: Tensor, axis: Int, mean: Bool, out: Tensor)
    case sumAll(x: Tensor, mean: Bool, out: Tensor)
    case reshape(x: Tensor, out: Tensor)
    case transpose(x: Tensor, axis0: Int, axis1: Int, out: Tensor)
    case slice(x: Tensor, axis: Int, start: Int, out: Tensor)
    case concat(xs: [Tensor], axis: Int, out: Tensor)
    case embedding(table: Tensor, ids: IndexTensor, out: Tensor)
    case softmax(x: Tensor, out: Tensor, log: Bool)
    case layerNorm(x: Tensor, w: Tensor, b: Tensor, out: Tensor, mean: Tensor, rstd: Tensor)
    case attention(qkv: Tensor, out: Tensor, probs: Tensor, heads: Int, wholeHeads: Bool)
    case crossEntropy(logits: Tensor, targets: IndexTensor, weights: Tensor?, probs: Tensor, out: Tensor, total: Float)
    case klDivergence(student: Tensor, teacher: Tensor, studentProbs: Tensor, teacherProbs: Tensor, temperature: Float, out: Tensor)
    case distance(DistanceKind, a: Tensor, b: Tensor, out: Tensor)
    case custom(CustomOp, inputs: [Tensor], out: Tensor)

    func backward(on tape: Tape) {
        switch self {
        case let .linear(x, w, b, residual, out): tape.linearBackward(x, w, b, residual, out)
        case let .linearAfterGELU(x, hidden, slope, w, b, residual, out):
            tape.linearAfterGELUBackward(x, hidden, slope, w, b, residual, out)
        case let .matmul(a, b, out, ta, tb): tape.matmulBackward(a, b, out, ta, tb)
        case let .batchedMatmul(a, b, out, ta, tb): tape.batchedMatmulBackward(a, b, out, ta, tb)
        case let .binary(op, a, b, out): tape.binaryBackward(op, a, b, out)
        case let .scale(x, factor, out): tape.scaleBackward(x, factor, out)
        case let .unary(op, x, out, slope): tape.unaryBackward(op, x, out, slope)
        case let .dropout(x, mask, out): tape.dropoutBackward(x, mask, out)
        case let .sum(x, axis, mean, out): tape.sumBackward(x, axis, mean, out)
        case let .sumAll(x, mean, out): tape.sumAllBackward(x, mean, out)
        case let .reshape(x, out): tape.reshapeBackward(x, out)
        case let .transpose(x, a0, a1, out): tape.transposeBackward(x, a0, a1, out)
        case let .slice(x, axis, start, out): tape.sliceBackward(x, axis, start, out)
        case let .concat(xs, axis, out): tape.concatBackward(xs, axis, out)
        case let .embedding(table, ids, out): tape.embeddingBackward(table, ids, out)
        case let .softmax(x, out, log): tape.softmaxBackward(x, out, log)
        case let .layerNorm(x, w, b, out, mean, rstd): tape.layerNormBackward(x, w, b, out, mean, rstd)
        case let .attention(qkv, out, probs, heads, wholeHeads): tape.attentionBackward(qkv, out, probs, heads, wholeHeads)
        case let .crossEntropy(logits, targets, weights, probs, out, total):
            tape.crossEntropyBackward(logits, targets, weights, probs, out, total)
        case let .klDivergence(s, t, sp, tp, temperature, out):
            tape.klBackward(s, t, sp, tp, temperature, out)
        case let .distance(kind, a, b, out): tape.distanceBackward(kind, a, b, out)
        case let .custom(op, inputs, out): op.backward(inputs: inputs, out: out, tape: tape)
        }
    }
}

/// An operation defined outside the kernel's core set (the continual-learning losses, for
/// example), with its own forward result already computed and its gradient here.
public protocol CustomOp: AnyObject {
    /// Adds d loss / d input to each input's gradient, given the output's gradient.
    func backward(inputs: [Tensor], out: Tensor, tape: Tape)
}

extension Tape {
    /// Records a custom op whose output `out` was computed by the caller from `inputs`.
    /// Returns `out` marked as needing a gradient when any input does.
    public func recordCustom(_ op: CustomOp, inputs: [Tensor], out: Tensor) {
        out.requiresGrad = isRecording && inputs.contains { $0.requiresGrad }
        record(.custom(op, inputs: inputs, out: out), out)
    }

    /// A fresh arena tensor (contents unspecified) for custom ops to write into.
    public func output(_ shape: Shape) -> Tensor { make(shape, requiresGrad: false) }

    /// The gradient buffer of `t` for this backward pass, or nil when it needs none
    /// (for custom ops).
    public func gradient(of t: Tensor) -> UnsafeMutablePointer<Float>? { grad(t) }
}
