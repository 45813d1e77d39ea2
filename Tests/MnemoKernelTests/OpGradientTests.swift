import Testing
@testable import MnemoKernel

/// Every op's gradient against central finite differences.
@Suite struct OpGradientTests {
    let tol: Float = 2e-2

    @Test func linear() {
        let x = randomTensor(Shape(3, 4), seed: 1), w = randomTensor(Shape(5, 4), seed: 2), b = randomTensor(Shape(5), seed: 3)
        #expect(gradientCheck([x, w, b]) { t, v in t.linear(v[0], v[1], v[2]) } < tol)
    }

    @Test func linearAddingAResidual() {
        let x = randomTensor(Shape(3, 4), seed: 1), w = randomTensor(Shape(5, 4), seed: 2), b = randomTensor(Shape(5), seed: 3)
        let r = randomTensor(Shape(3, 5), seed: 7)
        #expect(gradientCheck([x, w, b, r]) { t, v in t.linear(v[0], v[1], v[2], adding: v[3]) } < tol)
        #expect(gradientCheck([x, w, r]) { t, v in t.linearAfterGELU(v[0], v[1], adding: v[2]) } < tol)
    }

    /// Fused residual additions give add(r, linear(...)) bit for bit, forward and backward, also
    /// with the inner dimension over one kernel block (300) and the residual used elsewhere too.
    @Test func residualAdditionsAreAdd() {
        for (rows, inF, outF) in [(7, 300, 33), (64, 128, 128)] {
            func run(fused: Bool, gelu: Bool) -> [[Float]] {
                let x = randomTensor(Shape(rows, inF), seed: 4), w = randomTensor(Shape(outF, inF), seed: 5, scale: 0.2)
                let b = randomTensor(Shape(outF), seed: 6), r = randomTensor(Shape(rows, outF), seed: 8)
                let tape = Tape()
                let y: Tensor
                switch (fused, gelu) {
                case (true, false): y = tape.linear(x, w, b, adding: r)
                case (false, false): y = tape.add(r, tape.linear(x, w, b))
                case (true, true): y = tape.linearAfterGELU(x, w, b, adding: r)
                case (false, true): y = tape.add(r, tape.linear(tape.gelu(x), w, b))
                }
                tape.backward(tape.add(tape.sumAll(tape.mul(y, y)), tape.sumAll(tape.mul(r, r))))
                return [y.values, x.gradValues, w.gradValues, b.gradValues, r.gradValues]
            }
            for gelu in [false, true] {
                #expect(run(fused: true, gelu: gelu) == run(fused: false, gelu: gelu), "gelu \(gelu) \(rows)x\(inF)x\(outF)")
            }
        }
    }

    @Test func linearAfterGELU() {
        let x = randomTensor(Shape(3, 4), seed: 1), w = randomTensor(Shape(5, 4), seed: 2), b = randomTensor(Shape(5), seed: 3)
        #expect(gradientCheck([x, w, b]) { t, v in t.linearAfterGELU(v[0], v[1], v[2]) } < tol)
        #expect(gradientCheck([x, w]) { t, v in t.linearAfterGELU(v[0], v[1]) } < tol)
    }

    /// The fused op gives linear(gelu) bit for bit, forward and backward, including when x's
    /// gradient accumulates (x used twice) and at sizes with partial tiles and two K blocks.
    @Test func linearAfterGELUIsLinearOfGELU() {
        for (rows, inF, outF) in [(7, 33, 300), (64, 512, 128)] {
            func run(fused: Bool) -> (out: [Float], dx: [Float], dw: [Float], db: [Float]) {
                let x = randomTensor(Shape(rows, inF), seed: 4), w = randomTensor(Shape(outF, inF), seed: 5, scale: 0.2)
                let b = randomTensor(Shape(outF), seed: 6)
                let tape = Tape()
                let y = fused ? tape.linearAfterGELU(x, w, b) : tape.linear(tape.gelu(x), w, b)
                // x also feeds a second path, so its gradient from the product is added, not stored.
                tape.backward(tape.add(tape.sumAll(tape.mul(y, y)), tape.sumAll(tape.mul(x, x))))
                return (y.values, x.gradValues, w.gradValues, b.gradValues)
            }
            let fused = run(fused: true), plain = run(fused: false)
            #expect(fused.out == plain.out, "\(rows)x\(inF)x\(outF)")
            #expect(fused.dx == plain.dx && fused.dw == plain.dw && fused.db == plain.db, "\(rows)x\(inF)x\(outF)")
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matmul(ta: Bool, tb: Bool) {
        let a = randomTensor(ta ? Shape(4, 3) : Shape(3, 4), seed: 1)
        let b = randomTensor(tb ? Shape(2, 4) : Shape(4, 2), seed: 2)
        #expect(gradientCheck([a, b]) { t, v in t.matmul(v[0], v[1], transposeA: ta, transposeB: tb) } < tol)
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func batchedMatmul(ta: Bool, tb: Bool) {
        let a = randomTensor(ta ? Shape(2, 4, 3) : Shape(2, 3, 4), seed: 1)
        let b = randomTensor(tb ? Shape(2, 5, 4) : Shape(2, 4, 5), seed: 2)
        #expect(gradientCheck([a, b]) { t, v in t.batchedMatmul(v[0], v[1], transposeA: ta, transposeB: tb) } < tol)
    }

    @Test(arguments: [BinaryOp.add, .sub, .mul, .div])
    func binarySameShape(op: BinaryOp) {
        let a = randomTensor(Shape(3, 4), seed: 1)
        let b = randomTensor(Shape(3, 4), seed: 2)
        if op == .div { for i in 0..<b.count { b.data[i] = 1.5 + abs(b.data[i]) } }
        #expect(gradientCheck([a, b]) { t, v in t.binary(op, v[0], v[1]) } < tol)
    }

    @Test(arguments: [BinaryOp.add, .sub, .mul, .div])
    func binaryBroadcast(op: BinaryOp) {
        let a = randomTensor(Shape(2, 3, 4), seed: 1)
        let b = randomTensor(Shape(3, 1), seed: 2)
        let c = randomTensor(Shape(4), seed: 3)
        for t in [b, c] where op == .div { for i in 0..<t.count { t.data[i] = 1.5 + abs(t.data[i]) } }
        #expect(gradientCheck([a, b]) { t, v in t.binary(op, v[0], v[1]) } < tol)
        #expect(gradientCheck([c, a]) { t, v in t.binary(op, v[1], v[0]) } < tol)
        // Rows longer than one vector of 16, with a partial block (the contiguous-row path).
        let long = randomTensor(Shape(3, 37), seed: 5), row = randomTensor(Shape(37), seed: 6)
        if op == .div { for i in 0..<row.count { row.data[i] = 1.5 + abs(row.data[i]) } }
        #expect(gradientCheck([long, row]) { t, v in t.binary(op, v[0], v[1]) } < tol)
    }

    @Test(arguments: [UnaryOp.relu, .gelu, .tanh, .sigmoid])
    func unary(op: UnaryOp) {
        let x = randomTensor(Shape(4, 5), seed: 4)
        // Keep ReLU's inputs away from the kink where differences are not derivatives.
        if op == .relu { for i in 0..<x.count where abs(x.data[i]) < 0.05 { x.data[i] = 0.3 } }
        #expect(gradientCheck([x]) { t, v in t.unary(op, v[0]) } < tol)
    }

    @Test func scaleAndReductions() {
        let x = randomTensor(Shape(2, 3, 4), seed: 5)
        #expect(gradientCheck([x]) { t, v in t.scale(v[0], -1.7) } < tol)
        for axis in 0..<3 {
            #expect(gradientCheck([x]) { t, v in t.sum(v[0], axis: axis) } < tol)
            #expect(gradientCheck([x]) { t, v in t.mean(v[0], axis: axis, keepDims: true) } < tol)
        }
        #expect(gradientCheck([x]) { t, v in t.sumAll(v[0]) } < tol)
        #expect(gradientCheck([x]) { t, v in t.meanAll(v[0]) } < tol)
    }

    @Test func shapeOps() {
        let x = randomTensor(Shape(2, 3, 4), seed: 6), y = randomTensor(Shape(2, 2, 4), seed: 7)
        #expect(gradientCheck([x]) { t, v in t.reshape(v[0], Shape(6, 4)) } < tol)
        #expect(gradientCheck([x]) { t, v in t.transpose(v[0], 0, 2) } < tol)
        #expect(gradientCheck([x]) { t, v in t.transpose(v[0]) } < tol)
        #expect(gradientCheck([x]) { t, v in t.slice(v[0], axis: 1, 1..<3) } < tol)
        #expect(gradientCheck([x, y]) { t, v in t.concat([v[0], v[1]], axis: 1) } < tol)
    }

    @Test func embedding() {
        let table = randomTensor(Shape(5, 3), seed: 8)
        let ids = IndexTensor([0, 3, 3, 4, 1, 0])
        #expect(gradientCheck([table]) { t, v in t.embedding(v[0], ids, shape: Shape(2, 3)) } < tol)
    }

    @Test func softmaxAndLogSoftmax() {
        let x = randomTensor(Shape(3, 6), seed: 9)
        #expect(gradientCheck([x]) { t, v in t.softmax(v[0]) } < tol)
        #expect(gradientCheck([x]) { t, v in t.logSoftmax(v[0]) } < tol)
    }

    @Test func layerNorm() {
        let x = randomTensor(Shape(4, 6), seed: 10), w = randomTensor(Shape(6), seed: 11), b = randomTensor(Shape(6), seed: 12)
        #expect(gradientCheck([x, w, b], eps: 1e-2) { t, v in t.layerNorm(v[0], v[1], v[2]) } < tol)
    }

    @Test func causalAttention() {
        let qkv = randomTensor(Shape(2, 5, 12), seed: 13)
        for wholeHeads in [false, true] {
            #expect(gradientCheck([qkv]) { t, v in t.causalSelfAttention(v[0], heads: 2, wholeHeads: wholeHeads) } < tol)
        }
    }

    /// The attention kernel (whole heads at once) against the op done with separate products:
    /// past one block of 64 positions, head sizes that are not a multiple of 16, a head too
    /// wide for the kernel (it declines and the products run), and gradients that accumulate
    /// (q|k|v used twice).
    @Test func attentionKernelAgreesWithProducts() {
        for (batch, t, width, heads) in [(2, 70, 128, 2), (1, 33, 40, 2), (3, 16, 96, 3), (1, 9, 80, 1)] {
            func run(wholeHeads: Bool) -> [[Float]] {
                let qkv = randomTensor(Shape(batch, t, 3 * width), seed: 21)
                let tape = Tape()
                let y = tape.causalSelfAttention(qkv, heads: heads, wholeHeads: wholeHeads)
                let weights = randomTensor(y.shape, seed: 22)
                tape.backward(tape.add(tape.sumAll(tape.mul(y, weights)), tape.sumAll(tape.mul(qkv, qkv))))
                return [y.values, qkv.gradValues]
            }
            let kernel = run(wholeHeads: true), products = run(wholeHeads: false)
            for (a, b) in zip(kernel, products) {
                let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
                #expect(worst < 1e-5, "t \(t) width \(width) heads \(heads): differs by \(worst)")
            }
        }
    }

    @Test func dropoutUsesItsMask() {
        let x = randomTensor(Shape(4, 8), seed: 14)
        // The mask is redrawn each forward pass; reseeding the tape's stream fixes it.
        #expect(gradientCheck([x]) { t, v in t.rng = SeededRandom(seed: 3); return t.dropout(v[0], p: 0.3) } < tol)
    }

    @Test func crossEntropyWithIgnoreAndWeights() {
        let logits = randomTensor(Shape(4, 5), seed: 15)
        let targets = IndexTensor([1, -1, 4, 0])
        let weights = Tensor(shape: Shape(4), values: [1, 7, 0.5, 2])
        #expect(gradientCheck([logits]) { t, v in t.crossEntropy(v[0], targets, weights: weights) } < tol)
    }

    @Test func klDivergence() {
        let s = randomTensor(Shape(3, 5), seed: 16), teacher = randomTensor(Shape(3, 5), seed: 17, grad: false)
        #expect(gradientCheck([s]) { t, v in t.klDivergence(student: v[0], teacher: teacher, temperature: 2) } < tol)
    }

    @Test func distances() {
        let a = randomTensor(Shape(3, 4), seed: 18), b = randomTensor(Shape(3, 4), seed: 19)
        #expect(gradientCheck([a, b]) { t, v in t.distance(v[0], v[1], kind: .l2) } < tol)
        #expect(gradientCheck([a, b]) { t, v in t.distance(v[0], v[1], kind: .l1) } < tol)
    }
}
