import Testing
@testable import MnemoKernel

/// The product split across cores gives exactly what one call gives.
@Suite struct BLASTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func splitProductsMatchASingleCall(ta: Bool, tb: Bool) {
        for (m, n, k) in [(300, 70, 128), (40, 513, 128), (129, 131, 128)] {
            var rng = SeededRandom(seed: UInt64(m * n))
            let a = Tensor(shape: Shape(m * k)), b = Tensor(shape: Shape(k * n))
            a.fillNormal(std: 1, using: &rng); b.fillNormal(std: 1, using: &rng)
            let c0 = Tensor(shape: Shape(m * n)), c1 = Tensor(shape: Shape(m * n))
            c0.fill(0.5); c1.fill(0.5)
            let lda = ta ? m : k, ldb = tb ? k : n
            #expect(m * n * k >= BLAS.splitThreshold)
            let saved = Parallel.workers
            Parallel.workers = 1
            BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.7, a: a.data, lda: lda, b: b.data, ldb: ldb,
                      beta: 1, c: c0.data, ldc: n)
            Parallel.workers = 3
            BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.7, a: a.data, lda: lda, b: b.data, ldb: ldb,
                      beta: 1, c: c1.data, ldc: n)
            Parallel.workers = saved
            var worst: Float = 0
            for i in 0..<(m * n) { worst = max(worst, abs(c0.data[i] - c1.data[i])) }
            #expect(worst < 1e-4, "m \(m) n \(n) k \(k): \(worst)")
        }
    }
}
