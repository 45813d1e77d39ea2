import Foundation
import Testing
@testable import MnemoKernel

/// The sixteen-lane helpers against plain loops, at lengths with and without a partial block.
@Suite struct VectorsTests {
    static let lengths = [0, 1, 7, 15, 16, 17, 31, 32, 33, 64, 100, 257]

    func values(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<n).map { _ in Float(rng.normal()) * 3 }
    }

    @Test(arguments: lengths)
    func reductionsMatchPlainLoops(n: Int) {
        let a = values(n, seed: 1), b = values(n, seed: 2)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                let p = pa.baseAddress ?? UnsafePointer(bitPattern: 16)!, q = pb.baseAddress ?? UnsafePointer(bitPattern: 16)!
                let sum = a.reduce(0, +), dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
                let mean = n > 0 ? sum / Float(n) : 0
                let deviations = a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
                #expect(abs(Vectors.sum(p, n) - sum) <= 1e-4 * max(1, abs(sum)))
                #expect(abs(Vectors.dot(p, q, n) - dot) <= 1e-4 * max(1, abs(dot)))
                #expect(abs(Vectors.squaredDeviations(p, n, from: mean) - deviations) <= 1e-4 * max(1, deviations))
                #expect(Vectors.max(p, n, scale: 0.5) == (n == 0 ? -.infinity : a.map { $0 * 0.5 }.max()!))
            }
        }
    }

    @Test func blocksCoverTheRangeOnceWithOnePartialBlock() {
        for n in Self.lengths {
            var seen = [Int](repeating: 0, count: n), partial = 0
            Vectors.blocks(3..<(3 + n)) { start, count in
                for i in start..<(start + count) { seen[i - 3] += 1 }
                if count < Vectors.width { partial += 1 }
            }
            #expect(seen.allSatisfy { $0 == 1 }, "n \(n)")
            #expect(partial == (n % Vectors.width == 0 ? 0 : 1), "n \(n)")
        }
    }

    /// Each lane of the vector exp is the scalar exp, bit for bit (what FastMath promises).
    @Test func vectorExpIsTheScalarExpInEveryLane() {
        let xs: [Float] = [-100, -87.4, -87.3, -20, -1, -1e-8, 0, 1e-8, 0.5, 1, 2.302585, 20, 88, 88.7, 100] + values(65, seed: 3).map { $0 * 10 }
        for start in stride(from: 0, to: xs.count, by: 16) {
            let count = min(16, xs.count - start)
            let lanes = xs.withUnsafeBufferPointer { Vectors.load($0.baseAddress!, start, count) }
            let e = FastMath.exp(lanes)
            for l in 0..<count {
                #expect(e[l].bitPattern == FastMath.exp(xs[start + l]).bitPattern, "exp(\(xs[start + l]))")
            }
        }
    }

    /// GELU and its derivative against Foundation's erf, exp in Double.
    @Test func vectorGELUAndItsSlopeAreAccurate() {
        let xs = values(48, seed: 4) + [-6, -3, -1, 0, 1, 3, 6]
        for start in stride(from: 0, to: xs.count, by: 16) {
            let count = min(16, xs.count - start)
            let (value, slope) = FastMath.gelu(xs.withUnsafeBufferPointer { Vectors.load($0.baseAddress!, start, count) })
            for l in 0..<count {
                let x = Double(xs[start + l])
                let cdf = 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot()))
                let pdf = Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
                #expect(abs(Double(value[l]) - x * cdf) < 1e-5 * max(1, abs(x)), "gelu(\(x))")
                #expect(abs(Double(slope[l]) - (cdf + x * pdf)) < 1e-5, "gelu'(\(x))")
            }
        }
    }

    /// Column sums of rows, 64 columns held in registers, are the plain row-by-row loop's sums
    /// bit for bit, for column ranges that start anywhere and end in a partial block.
    @Test(arguments: [(3, 0, 1), (5, 0, 64), (7, 3, 100), (130, 16, 257)])
    func addRowsIsTheRowByRowLoop(rows: Int, from: Int, to: Int) {
        let stride = 260, m = values(rows * stride, seed: 9), start = values(stride, seed: 10)
        var expected = start, got = start
        for r in 0..<rows { for j in from..<to { expected[j] += m[r * stride + j] } }
        m.withUnsafeBufferPointer { mp in
            got.withUnsafeMutableBufferPointer { Vectors.addRows(mp.baseAddress!, rows: rows, stride: stride, columns: from..<to, into: $0.baseAddress!) }
        }
        #expect(got.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
