import Foundation

/// How ``Tape/distance(_:_:kind:)`` compares two tensors.
public enum DistanceKind: Sendable { case l1, l2 }

/// Losses: cross-entropy, KL divergence with temperature, L1 and L2 distances.
extension Tape {
    /// Mean cross-entropy of `logits` [N, V] against `targets` (N ids). A negative target is
    /// ignored; `weights` [N] (optional) weights each position:
    /// loss = Σᵢ wᵢ·(−log softmax(logitsᵢ)[tᵢ]) / Σᵢ wᵢ over the positions not ignored.
    public func crossEntropy(_ logits: Tensor, _ targets: IndexTensor, weights: Tensor? = nil) -> Tensor {
        let v = logits.shape.last, n = logits.shape.rows
        precondition(targets.count == n, "crossEntropy: \(targets.count) targets for \(n) rows")
        precondition(weights == nil || weights!.count == n, "crossEntropy: weights must have one value per row")
        let probs = make(logits.shape, requiresGrad: false)
        let out = make(Shape(), logits)
        let pl = logits.data, pp = probs.data
        let rowLoss = make(Shape(n), requiresGrad: false)
        let pr = rowLoss.data
        Parallel.forEach(n, grain: max(1, 16_384 / max(v, 1))) { rows in
            for r in rows {
                let t = Int(targets.data[r])
                Tape.softmaxRow(pl + r * v, pp + r * v, v, log: false)
                pr[r] = t < 0 ? 0 : -Foundation.log(max(pp[r * v + t], Float.leastNormalMagnitude))
            }
        }
        var total: Double = 0, loss: Double = 0
        for r in 0..<n where targets.data[r] >= 0 {
            precondition(Int(targets.data[r]) < v, "target \(targets.data[r]) outside \(v) classes")
            let w = Double(weights?.data[r] ?? 1)
            total += w
            loss += w * Double(pr[r])
        }
        out.data[0] = total > 0 ? Float(loss / total) : 0
        record(.crossEntropy(logits: logits, targets: targets, weights: weights, probs: probs, out: out,
                             total: Float(total)), out)
        return out
    }

    func crossEntropyBackward(_ logits: Tensor, _ targets: IndexTensor, _ weights: Tensor?,
                              _ probs: Tensor, _ out: Tensor, _ total: Float) {
        guard total > 0, let (dl, fresh) = gradForOverwrite(logits) else { return }
        let g = grad(out)![0] / total, v = logits.shape.last, pp = probs.data
        Parallel.forEach(logits.shape.rows, grain: max(1, 16_384 / max(v, 1))) { rows in
            for r in rows {
                let t = Int(targets.data[r])
                let d = dl + r * v, p = pp + r * v
                guard t >= 0 else {
                    if fresh { d.update(repeating: 0, count: v) }
                    continue
                }
                let w = g * (weights?.data[r] ?? 1)
                if fresh { for j in 0..<v { d[j] = w * p[j] } } else { for j in 0..<v { d[j] += w * p[j] } }
                d[t] -= w
            }
        }
    }

    /// KL(teacher ‖ student) between the softmaxes of `teacher` and `student` logits [N, V]
    /// at temperature `t`, averaged over rows and multiplied by t² (Hinton et al. 2015), so
    /// gradient magnitudes do not shrink as the temperature grows. `teacher` gets no gradient.
    public func klDivergence(student: Tensor, teacher: Tensor, temperature t: Float = 2) -> Tensor {
        precondition(student.shape == teacher.shape, "klDivergence: \(student.shape) vs \(teacher.shape)")
        let v = student.shape.last, n = student.shape.rows
        let sp = make(student.shape, requiresGrad: false), tp = make(student.shape, requiresGrad: false)
        let rowKL = make(Shape(n), requiresGrad: false)
        let out = make(Shape(), student)
        let ps = student.data, pt = teacher.data, psp = sp.data, ptp = tp.data, pk = rowKL.data
        let inv = 1 / t
        Parallel.forEach(n, grain: max(1, 16_384 / max(v, 1))) { rows in
            for r in rows {
                // log-softmaxes first, then turn them into probabilities in place.
                Tape.softmaxRow(ps + r * v, psp + r * v, v, log: true, scale: inv)
                Tape.softmaxRow(pt + r * v, ptp + r * v, v, log: true, scale: inv)
                var kl: Float = 0
                for j in 0..<v {
                    let lt = ptp[r * v + j], ls = psp[r * v + j]
                    let p = FastMath.exp(lt)
                    kl += p * (lt - ls)
                    ptp[r * v + j] = p
                    psp[r * v + j] = FastMath.exp(ls)
                }
                pk[r] = kl
            }
        }
        var sum: Double = 0
        for r in 0..<n { sum += Double(pk[r]) }
        out.data[0] = Float(sum / Double(max(n, 1))) * t * t
        record(.klDivergence(student: student, teacher: teacher, studentProbs: sp, teacherProbs: tp,
                             temperature: t, out: out), out)
        return out
    }

    func klBackward(_ s: Tensor, _ teacher: Tensor, _ sp: Tensor, _ tp: Tensor, _ t: Float, _ out: Tensor) {
        guard let ds = grad(s) else { return }
        let n = s.shape.rows
        let g = grad(out)![0] * t / Float(max(n, 1))
        let psp = sp.data, ptp = tp.data
        Parallel.forEach(s.count) { r in for i in r { ds[i] += g * (psp[i] - ptp[i]) } }
    }

    /// Mean absolute (L1) or mean squared (L2) difference between `a` and `b`.
    public func distance(_ a: Tensor, _ b: Tensor, kind: DistanceKind) -> Tensor {
        precondition(a.shape == b.shape, "distance: \(a.shape) vs \(b.shape)")
        let out = make(Shape(), a, b)
        var acc: Double = 0
        for i in 0..<a.count {
            let d = a.data[i] - b.data[i]
            acc += Double(kind == .l1 ? abs(d) : d * d)
        }
        out.data[0] = Float(acc / Double(max(a.count, 1)))
        record(.distance(kind, a: a, b: b, out: out), out)
        return out
    }

    func distanceBackward(_ kind: DistanceKind, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let g = grad(out)![0] / Float(max(a.count, 1))
        let da = grad(a), db = grad(b)
        for i in 0..<a.count {
            let d = a.data[i] - b.data[i]
            let v: Float = kind == .l1 ? (d > 0 ? g : (d < 0 ? -g : 0)) : 2 * d * g
            da?[i] += v
            db?[i] -= v
        }
    }
}
