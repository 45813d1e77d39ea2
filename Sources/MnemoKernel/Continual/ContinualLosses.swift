import Foundation

/// The anti-forgetting losses as tape ops with exact gradients (custom ops of the kernel's
/// autodiff). Each returns a scalar tensor on `tape`.
public enum ContinualLoss {
    /// GeRe's threshold-based margin loss (notes §1c), on current states `hidden` [B, T, d]
    /// against the base model's class map `classes` (one int8 per element of `hidden`) and
    /// thresholds τ± [d]; `mask` [B·T] is 1 at real positions, 0 at padding.
    ///
    /// ℓ = relu(τ⁺ − h) for class +1, relu(h − τ⁻) for class −1, relu(h − τ⁺) + relu(τ⁻ − h)
    /// for class 0; ℓ ← ℓ·mask; L = Σℓ / (#{ℓ ≠ 0} + 1e-8). The count is a constant for the
    /// gradient, as in the original (it is piecewise constant in h).
    public static func thresholdMargin(_ tape: Tape, hidden: Tensor, classes: [Int8], tauPlus: [Float],
                                       tauMinus: [Float], mask: [Float]) -> Tensor {
        let d = hidden.shape.last, rows = hidden.shape.rows
        precondition(classes.count == hidden.count && tauPlus.count == d && tauMinus.count == d && mask.count == rows,
                     "thresholdMargin: sizes do not match the hidden state \(hidden.shape)")
        var coefficient = [Float](repeating: 0, count: hidden.count)
        var sum: Double = 0
        var violations = 0
        for r in 0..<rows where mask[r] != 0 {
            let m = mask[r]
            for j in 0..<d {
                let i = r * d + j, h = hidden.data[i]
                var loss: Float = 0, slope: Float = 0
                switch classes[i] {
                case 1 where h < tauPlus[j]: loss = tauPlus[j] - h; slope = -1
                case -1 where h > tauMinus[j]: loss = h - tauMinus[j]; slope = 1
                case 0 where h > tauPlus[j]: loss = h - tauPlus[j]; slope = 1
                case 0 where h < tauMinus[j]: loss = tauMinus[j] - h; slope = -1
                default: break
                }
                loss *= m
                if loss != 0 {
                    violations += 1
                    sum += Double(loss)
                    coefficient[i] = slope * m
                }
            }
        }
        let scale = Float(1 / (Double(violations) + 1e-8))
        let out = tape.output(Shape())
        out.data[0] = Float(sum) * scale
        tape.recordCustom(ScaledCoefficients(coefficient, scale: scale), inputs: [hidden], out: out)
        return out
    }

    /// Number of masked, non-zero TM terms for the same inputs (for logging and tests).
    public static func thresholdMarginViolations(hidden: Tensor, classes: [Int8], tauPlus: [Float],
                                                 tauMinus: [Float], mask: [Float]) -> Int {
        let d = hidden.shape.last
        var n = 0
        for r in 0..<hidden.shape.rows where mask[r] != 0 {
            for j in 0..<d {
                let h = hidden.data[r * d + j]
                switch classes[r * d + j] {
                case 1: if h < tauPlus[j] { n += 1 }
                case -1: if h > tauMinus[j] { n += 1 }
                default: if h > tauPlus[j] || h < tauMinus[j] { n += 1 }
                }
            }
        }
        return n
    }

    /// KL(teacher ‖ student) = Σ_v p⁰_v (log p⁰_v − log p_v) with p = softmax(z/T),
    /// p⁰ = softmax(z⁰/T), averaged over rows whose `mask` is non-zero (GeRe's `calc_kl`
    /// averages over all rows including padding; masking is our correction). `student` is
    /// [N, V] logits, `teacher` N·V values (no gradient). With `squaredTemperature` the result
    /// is multiplied by T² (Hinton et al.); GeRe's code does not, so the replay KL arm leaves it
    /// off and LwF turns it on.
    public static func maskedKL(_ tape: Tape, student: Tensor, teacher: [Float], mask: [Float], temperature: Float,
                                squaredTemperature: Bool) -> Tensor {
        let v = student.shape.last, rows = student.shape.rows
        precondition(teacher.count == student.count && mask.count == rows, "maskedKL: sizes do not match \(student.shape)")
        var difference = [Float](repeating: 0, count: student.count)
        var total: Double = 0, counted = 0
        let inv = 1 / Double(temperature)
        var ls = [Double](repeating: 0, count: v), lt = [Double](repeating: 0, count: v)
        for r in 0..<rows where mask[r] != 0 {
            logSoftmax(student.data + r * v, v, inv, &ls)
            teacher.withUnsafeBufferPointer { logSoftmax(UnsafeMutablePointer(mutating: $0.baseAddress! + r * v), v, inv, &lt) }
            var kl: Double = 0
            for j in 0..<v {
                let p0 = Foundation.exp(lt[j])
                kl += p0 * (lt[j] - ls[j])
                difference[r * v + j] = Float(Foundation.exp(ls[j]) - p0) * mask[r]
            }
            total += kl * Double(mask[r])
            counted += 1
        }
        let factor = squaredTemperature ? temperature * temperature : 1
        let out = tape.output(Shape())
        out.data[0] = counted > 0 ? Float(total / Double(counted)) * factor : 0
        // d/dz of Σ p⁰ (log p⁰ − log softmax(z/T)) = (p − p⁰)/T.
        let scale = counted > 0 ? factor / (temperature * Float(counted)) : 0
        tape.recordCustom(ScaledCoefficients(difference, scale: scale), inputs: [student], out: out)
        return out
    }

    /// Mean |a − b| (L1) or (a − b)² (L2) over the elements of rows whose `mask` is non-zero;
    /// `a` [N, d] is the current state, `b` N·d reference values (no gradient).
    public static func maskedDistance(_ tape: Tape, _ a: Tensor, reference b: [Float], mask: [Float],
                                      kind: DistanceKind) -> Tensor {
        let d = a.shape.last, rows = a.shape.rows
        precondition(b.count == a.count && mask.count == rows, "maskedDistance: sizes do not match \(a.shape)")
        var slope = [Float](repeating: 0, count: a.count)
        var total: Double = 0, counted = 0
        for r in 0..<rows where mask[r] != 0 {
            for j in 0..<d {
                let i = r * d + j, diff = a.data[i] - b[i]
                total += Double(kind == .l1 ? abs(diff) : diff * diff) * Double(mask[r])
                slope[i] = (kind == .l1 ? (diff > 0 ? 1 : (diff < 0 ? -1 : 0)) : 2 * diff) * mask[r]
            }
            counted += d
        }
        let out = tape.output(Shape())
        out.data[0] = counted > 0 ? Float(total / Double(counted)) : 0
        tape.recordCustom(ScaledCoefficients(slope, scale: counted > 0 ? 1 / Float(counted) : 0), inputs: [a], out: out)
        return out
    }

    /// EWC's penalty (Kirkpatrick et al. 2017): λ/2 · Σ F_i (θ_i − θ*_i)² over `parameters`,
    /// with `anchors` θ* and diagonal Fisher `fisher` (one array per parameter).
    public static func ewcPenalty(_ tape: Tape, parameters: [Tensor], anchors: [[Float]], fisher: [[Float]],
                                  lambda: Float) -> Tensor {
        precondition(anchors.count == parameters.count && fisher.count == parameters.count, "ewcPenalty: one anchor and Fisher per parameter")
        var total: Double = 0
        for (k, p) in parameters.enumerated() {
            for i in 0..<p.count {
                let diff = Double(p.data[i] - anchors[k][i])
                total += Double(fisher[k][i]) * diff * diff
            }
        }
        let out = tape.output(Shape())
        out.data[0] = Float(0.5 * Double(lambda) * total)
        tape.recordCustom(EWCGradient(anchors: anchors, fisher: fisher, lambda: lambda), inputs: parameters, out: out)
        return out
    }

    /// log softmax(x · scale) in double precision into `out`.
    static func logSoftmax(_ x: UnsafeMutablePointer<Float>, _ v: Int, _ scale: Double, _ out: inout [Double]) {
        var m = -Double.infinity
        for j in 0..<v { m = max(m, Double(x[j]) * scale) }
        var s: Double = 0
        for j in 0..<v { s += Foundation.exp(Double(x[j]) * scale - m) }
        let lse = m + Foundation.log(s)
        for j in 0..<v { out[j] = Double(x[j]) * scale - lse }
    }
}

/// Gradient g · scale · coefficient[i] into the single input: the shape of every loss above
/// whose derivative is known elementwise at forward time.
final class ScaledCoefficients: CustomOp {
    let coefficient: [Float]
    let scale: Float
    init(_ coefficient: [Float], scale: Float) { self.coefficient = coefficient; self.scale = scale }

    func backward(inputs: [Tensor], out: Tensor, tape: Tape) {
        guard let dx = tape.gradient(of: inputs[0]), let dout = tape.gradient(of: out) else { return }
        let g = dout[0] * scale
        for i in 0..<coefficient.count where coefficient[i] != 0 { dx[i] += g * coefficient[i] }
    }
}

/// d/dθ of λ/2 Σ F (θ − θ*)² = λ F (θ − θ*).
final class EWCGradient: CustomOp {
    let anchors: [[Float]], fisher: [[Float]], lambda: Float
    init(anchors: [[Float]], fisher: [[Float]], lambda: Float) { self.anchors = anchors; self.fisher = fisher; self.lambda = lambda }

    func backward(inputs: [Tensor], out: Tensor, tape: Tape) {
        guard let dout = tape.gradient(of: out) else { return }
        let g = dout[0] * lambda
        for (k, p) in inputs.enumerated() {
            guard let dp = tape.gradient(of: p) else { continue }
            for i in 0..<p.count { dp[i] += g * fisher[k][i] * (p.data[i] - anchors[k][i]) }
        }
    }
}
