import Foundation
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
            Parallel.withWorkers(1) {
                BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.7, a: a.data, lda: lda, b: b.data, ldb: ldb,
                          beta: 1, c: c0.data, ldc: n)
            }
            Parallel.withWorkers(3) {
                BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.7, a: a.data, lda: lda, b: b.data, ldb: ldb,
                          beta: 1, c: c1.data, ldc: n)
            }
            var worst: Float = 0
            for i in 0..<(m * n) { worst = max(worst, abs(c0.data[i] - c1.data[i])) }
            #expect(worst < 1e-4, "m \(m) n \(n) k \(k): \(worst)")
        }
    }
}

/// `MNEMO_THREADS` and the worker pool.
@Suite struct ParallelTests {
    @Test func theThreadSettingIsReadWhenValid() {
        #expect(Parallel.configuredWorkers("3") == 3)
        #expect(Parallel.configuredWorkers(" 1 ") == 1)
        let cores = Parallel.configuredWorkers(nil)
        #expect(cores >= 1)
        for bad in ["0", "-2", "two", ""] { #expect(Parallel.configuredWorkers(bad) == cores, "\(bad)") }
    }

    /// A count set with withWorkers holds on the calling thread only, and ends with the call.
    @Test func aThreadsOwnWorkerCountDoesNotLeakToOtherThreads() {
        let shared = Parallel.workers
        Parallel.withWorkers(shared + 5) {
            #expect(Parallel.workers == shared + 5)
            final class Seen: @unchecked Sendable { var workers = 0 }
            let seen = Seen(), done = DispatchSemaphore(value: 0)
            Thread { seen.workers = Parallel.workers; done.signal() }.start()
            done.wait()
            #expect(seen.workers == shared)
            Parallel.withWorkers(1) { #expect(Parallel.workers == 1) }
            #expect(Parallel.workers == shared + 5)
        }
        #expect(Parallel.workers == shared)
    }

    /// Every part runs exactly once, also when regions nest or come from two threads at once
    /// (the pool runs only one region at a time; the others run their parts on the caller).
    @Test func nestedAndConcurrentRegionsRunEveryPartOnce() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        counts.initialize(repeating: 0, count: 64)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 2) { outer in
            for _ in 0..<200 {
                Parallel.run(parts: 2) { p in
                    Parallel.run(parts: 4) { q in
                        // Distinct slots per (outer, p, q): no two threads write the same one.
                        counts[outer * 32 + p * 4 + q] += 1
                    }
                }
            }
        }
        for outer in 0..<2 { for p in 0..<2 { for q in 0..<4 { #expect(counts[outer * 32 + p * 4 + q] == 200) } } }
    }
}
