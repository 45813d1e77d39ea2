import Foundation
import Testing
@testable import MnemoKernel

/// The anti-forgetting losses against hand-computed values, and their gradients against
/// finite differences.
@Suite struct ContinualLossTests {
    let plus: [Float] = [1, 1, 1], minus: [Float] = [-1, -1, -1]

    @Test func tmCoversTheThreeClassesAndIgnoresMaskedRows() {
        let tape = Tape()
        // Row 0: activated below τ⁺ (0.5), inhibited above τ⁻ (0.5), neutral above τ⁺ (0.5).
        // Row 1: neutral below τ⁻ by 0.25, the others satisfied. Row 2 is padding.
        let h = Tensor(shape: Shape(1, 3, 3), values: [0.5, -0.5, 1.5,   2, -2, -1.25,   -9, 9, 9], requiresGrad: true)
        let classes: [Int8] = [1, -1, 0,   1, -1, 0,   1, -1, 0]
        let loss = ContinualLoss.thresholdMargin(tape, hidden: h, classes: classes, tauPlus: plus, tauMinus: minus, mask: [1, 1, 0])
        // Σℓ = 0.5 + 0.5 + 0.5 + 0.25 over 4 non-zero terms (not 6 real elements, not 9).
        #expect(abs(loss.scalar - 1.75 / 4) < 1e-6)
        #expect(ContinualLoss.thresholdMarginViolations(hidden: h, classes: classes, tauPlus: plus, tauMinus: minus, mask: [1, 1, 0]) == 4)
        tape.backward(loss)
        let g = h.gradValues
        #expect(g == [-0.25, 0.25, 0.25, 0, 0, -0.25, 0, 0, 0])
    }

    @Test func tmIsZeroWhenEveryStateKeepsItsClass() {
        let tape = Tape()
        let h = Tensor(shape: Shape(2, 3), values: [1.5, -2, 0.3,  1, -1, -0.9], requiresGrad: true)
        let loss = ContinualLoss.thresholdMargin(tape, hidden: h, classes: [1, -1, 0, 1, -1, 0], tauPlus: plus, tauMinus: minus, mask: [1, 1])
        #expect(loss.scalar == 0)
        tape.backward(loss)
        #expect(h.gradValues.allSatisfy { $0 == 0 })
    }

    @Test func tmGradientMatchesFiniteDifferences() {
        // States kept 0.05 away from the thresholds so the violation count is constant under ±eps.
        let h = randomTensor(Shape(3, 4, 5), seed: 3, scale: 1.5)
        for i in 0..<h.count where abs(abs(h.data[i]) - 1) < 0.05 { h.data[i] += 0.1 }
        var rng = SeededRandom(seed: 4)
        let classes = (0..<h.count).map { _ in Int8(rng.int(below: 3) - 1) }
        let mask: [Float] = (0..<12).map { $0 % 4 == 3 ? 0 : 1 }
        let error = gradientCheck([h]) { tape, x in
            ContinualLoss.thresholdMargin(tape, hidden: x[0], classes: classes, tauPlus: [Float](repeating: 1, count: 5),
                                          tauMinus: [Float](repeating: -1, count: 5), mask: mask)
        }
        #expect(error < 1e-3)
    }

    /// KL(p ‖ q) in double precision for the checks below.
    func kl(_ p: [Double], _ q: [Double]) -> Double { zip(p, q).reduce(0) { $0 + $1.0 * Foundation.log($1.0 / $1.1) } }
    func softmax(_ z: [Double]) -> [Double] { let e = z.map { Foundation.exp($0) }; let s = e.reduce(0, +); return e.map { $0 / s } }

    @Test func klIsTeacherToStudentAtTheTemperatureWithOptionalSquare() {
        let tape = Tape()
        let student = Tensor(shape: Shape(2, 2), values: [2, 0, 5, -5], requiresGrad: true)
        let teacher: [Float] = [0, 0, 0, 0]
        let plain = ContinualLoss.maskedKL(tape, student: student, teacher: teacher, mask: [1, 0], temperature: 2, squaredTemperature: false)
        let p0 = softmax([0, 0]), p = softmax([1, 0])
        #expect(abs(Double(plain.scalar) - kl(p0, p)) < 1e-5)          // KL(base ‖ current): 0.1201
        #expect(abs(Double(plain.scalar) - kl(p, p0)) > 5e-3)          // not the reverse: 0.1110
        let squared = ContinualLoss.maskedKL(tape, student: student, teacher: teacher, mask: [1, 0], temperature: 2, squaredTemperature: true)
        #expect(abs(Double(squared.scalar) - 4 * kl(p0, p)) < 1e-5)
        let cold = ContinualLoss.maskedKL(tape, student: student, teacher: teacher, mask: [1, 0], temperature: 1, squaredTemperature: false)
        #expect(abs(Double(cold.scalar) - kl(p0, softmax([2, 0]))) < 1e-5)
    }

    @Test func klGradientMatchesFiniteDifferences() {
        let student = randomTensor(Shape(3, 5), seed: 5)
        let teacher = randomTensor(Shape(3, 5), seed: 6, grad: false).values
        for squared in [false, true] {
            let error = gradientCheck([student], eps: 1e-3) { tape, x in
                ContinualLoss.maskedKL(tape, student: x[0], teacher: teacher, mask: [1, 0, 1], temperature: 2, squaredTemperature: squared)
            }
            #expect(error < 1e-3)
        }
    }

    @Test func distancesAreMaskedMeansWithGradients() {
        let tape = Tape()
        let a = Tensor(shape: Shape(2, 2), values: [1, -1, 7, 7], requiresGrad: true)
        let l1 = ContinualLoss.maskedDistance(tape, a, reference: [0, 1, 0, 0], mask: [1, 0], kind: .l1)
        let l2 = ContinualLoss.maskedDistance(tape, a, reference: [0, 1, 0, 0], mask: [1, 0], kind: .l2)
        #expect(l1.scalar == 1.5)      // (1 + 2) / 2
        #expect(l2.scalar == 2.5)      // (1 + 4) / 2
        let b = randomTensor(Shape(2, 3), seed: 8)
        let ref = randomTensor(Shape(2, 3), seed: 9, grad: false).values
        for i in 0..<b.count where abs(b.data[i] - ref[i]) < 0.05 { b.data[i] += 0.1 }
        for kind in [DistanceKind.l1, .l2] {
            let error = gradientCheck([b]) { tape, x in ContinualLoss.maskedDistance(tape, x[0], reference: ref, mask: [1, 1], kind: kind) }
            #expect(error < 1e-3)
        }
    }

    @Test func ewcPenaltyValueAndGradient() {
        let tape = Tape()
        let p = Tensor(shape: Shape(2), values: [1, 3], requiresGrad: true)
        let loss = ContinualLoss.ewcPenalty(tape, parameters: [p], anchors: [[0, 1]], fisher: [[2, 0.5]], lambda: 10)
        #expect(loss.scalar == 0.5 * 10 * (2 * 1 + 0.5 * 4))           // 20
        let w = randomTensor(Shape(2, 3), seed: 10), v = randomTensor(Shape(4), seed: 11)
        let anchors = [randomTensor(Shape(6), seed: 12).values, randomTensor(Shape(4), seed: 13).values]
        let fisher = [randomTensor(Shape(6), seed: 14).values.map(abs), randomTensor(Shape(4), seed: 15).values.map(abs)]
        let error = gradientCheck([w, v], eps: 1e-3) { tape, x in
            ContinualLoss.ewcPenalty(tape, parameters: x, anchors: anchors, fisher: fisher, lambda: 3)
        }
        #expect(error < 1e-3)
    }

    @Test func metricsOnAKnownMatrix() {
        let a: [[Double]] = [[0.9, 0.2, 0.1], [0.7, 0.8, 0.3], [0.6, 0.5, 0.9]]
        let m = ContinualMetrics(accuracy: a, zeroShot: [0.1, 0.15, 0.2])
        #expect(abs(m.ap - 2.0 / 3) < 1e-12)
        #expect(abs(m.forgetting - 0.3) < 1e-12)          // ((0.9-0.6) + (0.8-0.5)) / 2
        #expect(abs(m.bwt + 0.3) < 1e-12)                  // ((0.6-0.9) + (0.5-0.8)) / 2
        #expect(abs(m.fwt! - 0.075) < 1e-12)               // ((0.2-0.15) + (0.3-0.2)) / 2
        #expect(ContinualMetrics(accuracy: a).fwt == nil)
        let one = ContinualMetrics(accuracy: [[0.4, 0.1]])
        #expect(one.ap == 0.4 && one.forgetting == 0 && one.bwt == 0)
        // An interrupted run: two rows of three tasks use T = 2.
        let partial = ContinualMetrics(accuracy: Array(a.prefix(2)))
        #expect(abs(partial.ap - 0.75) < 1e-12 && abs(partial.bwt + 0.2) < 1e-12)
    }
}
