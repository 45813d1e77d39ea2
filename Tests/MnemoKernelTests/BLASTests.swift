import CMatrixKernel
import Foundation
import Testing
@testable import MnemoKernel

/// Both sgemms (mnemo's AVX-512 kernel where the CPU has it, and OpenBLAS) against a
/// Double-precision loop: every transpose, sizes with partial tiles, panels and blocks
/// (K above the 256-row block, M above the 192-row block), padded leading dimensions,
/// alpha, beta (0 must not read C: it is filled with NaN) and a bias.
@Suite struct GemmTests {
    static var backends: [BLAS.Backend] { mnemo_sgemm_available() != 0 ? [.mnemo, .openBLAS] : [.openBLAS] }
    static let shapes = [(1, 1, 1), (7, 5, 3), (13, 33, 300), (200, 70, 129), (37, 100, 520), (64, 64, 32), (12, 32, 0)]

    @Test(arguments: backends, [(false, false), (true, false), (false, true), (true, true)])
    func productsMatchAReferenceInDouble(backend: BLAS.Backend, transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        for (m, n, k) in Self.shapes {
            for (beta, withBias) in [(Float(0), false), (0, true), (1, false), (-0.5, true)] {
                var rng = SeededRandom(seed: UInt64(m * 1000 + n * 10 + k))
                let lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 5
                let a = (0..<((ta ? k : m) * lda)).map { _ in Float(rng.normal()) }
                let b = (0..<((tb ? n : k) * ldb)).map { _ in Float(rng.normal()) }
                let bias = (0..<n).map { _ in Float(rng.normal()) }
                let start = (0..<(m * ldc)).map { _ in beta == 0 ? Float.nan : Float(rng.normal()) }
                var c = start
                a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in bias.withUnsafeBufferPointer { pbias in
                    c.withUnsafeMutableBufferPointer { pc in
                        BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!, lda: lda,
                                  b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc,
                                  bias: withBias ? pbias.baseAddress! : nil, using: backend)
                    }
                } } }
                var worst = 0.0
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0, magnitude = 0.0
                        for p in 0..<k {
                            let term = Double(ta ? a[p * lda + i] : a[i * lda + p]) * Double(tb ? b[j * ldb + p] : b[p * ldb + j])
                            sum += term
                            magnitude += abs(term)
                        }
                        var want = 0.5 * sum + (withBias ? Double(bias[j]) : 0)
                        magnitude = 0.5 * magnitude + (withBias ? abs(Double(bias[j])) : 0)
                        if beta != 0 {
                            want += Double(beta) * Double(start[i * ldc + j])
                            magnitude += abs(Double(beta) * Double(start[i * ldc + j]))
                        }
                        // Float sums of k terms are within k ulps of their magnitude (Higham's bound).
                        let bound = Double(Float.ulpOfOne) * Double(k + 3) * magnitude
                        worst = max(worst, abs(Double(c[i * ldc + j]) - want) / max(bound, 1e-30))
                    }
                    // Past n, each row of C is left as it was.
                    for j in n..<ldc where !start[i * ldc + j].isNaN { #expect(c[i * ldc + j] == start[i * ldc + j]) }
                }
                #expect(worst <= 1, "\(backend) \(ta) \(tb) m \(m) n \(n) k \(k) beta \(beta) bias \(withBias): \(worst)")
            }
        }
    }

    /// A triangular product gives what the dense one gives (the skipped terms are zeros),
    /// including across the kernel's 256-step blocks and 192-row blocks, with beta and a bias.
    @Test(arguments: backends, [BLAS.Structure.lowerTriangularA, .upperTriangularA, .lowerTriangleOfC])
    func triangularProductsMatchDenseOnes(backend: BLAS.Backend, structure: BLAS.Structure) {
        for (size, width, ta, tb) in [(64, 32, false, false), (64, 32, true, true), (300, 40, false, true), (300, 40, true, false)] {
            var rng = SeededRandom(seed: UInt64(size + width))
            // A is square (size x size) for the A structures; for the C one, C is square.
            let (m, n, k) = structure == .lowerTriangleOfC ? (size, size, width) : (size, width, size)
            var a = (0..<(m * k)).map { _ in Float(rng.normal()) }
            let b = (0..<(k * n)).map { _ in Float(rng.normal()) }, bias = (0..<n).map { _ in Float(rng.normal()) }
            let start = (0..<(m * n)).map { _ in Float(rng.normal()) }
            for i in 0..<m {
                for p in 0..<k where (structure == .lowerTriangularA && p > i) || (structure == .upperTriangularA && p < i) {
                    a[ta ? p * m + i : i * k + p] = 0
                }
            }
            func product(_ structure: BLAS.Structure) -> [Float] {
                var c = start
                a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in bias.withUnsafeBufferPointer { pbias in
                    c.withUnsafeMutableBufferPointer { pc in
                        BLAS.gemm(transA: ta, transB: tb, m: m, n: n, k: k, alpha: 0.5, a: pa.baseAddress!, lda: ta ? m : k,
                                  b: pb.baseAddress!, ldb: tb ? k : n, beta: 1, c: pc.baseAddress!, ldc: n,
                                  bias: pbias.baseAddress!, structure: structure, using: backend)
                    }
                } } }
                return c
            }
            // The dense product is split across cores, the structured one not: mnemo's kernel
            // gives the same bits either way, OpenBLAS (which ignores the structure) may round
            // differently when split.
            let dense = product(.dense), skipping = product(structure)
            let tolerance: Float = backend == .mnemo ? 0 : 1e-5
            for i in 0..<m {
                for j in 0..<n where structure != .lowerTriangleOfC || j <= i {
                    let (x, y) = (skipping[i * n + j], dense[i * n + j])
                    #expect(abs(x - y) <= tolerance * max(1, abs(y)), "\(structure) \(m)x\(n)x\(k) at \(i),\(j)")
                }
            }
        }
    }

    /// A product scaled elementwise (an activation's derivative) is the plain product times the
    /// scale (plus beta C), bit for bit on mnemo's kernel (K above one block included, with and
    /// without beta) and to rounding on OpenBLAS.
    @Test(arguments: backends)
    func scaledProductsAreTheProductTimesTheScale(backend: BLAS.Backend) {
        for (m, n, k, beta) in [(13, 33, 300, Float(0)), (9, 40, 300, 1), (64, 512, 128, 1), (5, 7, 0, 0)] {
            var rng = SeededRandom(seed: UInt64(m + n + k))
            let a = (0..<(m * k)).map { _ in Float(rng.normal()) }, b = (0..<(k * n)).map { _ in Float(rng.normal()) }
            let scale = (0..<(m * n)).map { _ in Float(rng.normal()) }, start = (0..<(m * n)).map { _ in Float(rng.normal()) }
            var scaled = start, plain = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in scale.withUnsafeBufferPointer { ps in
                scaled.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(transA: false, transB: false, m: m, n: n, k: k, a: pa.baseAddress!, lda: max(k, 1),
                              b: pb.baseAddress!, ldb: n, beta: beta, c: pc.baseAddress!, ldc: n,
                              scale: ps.baseAddress!, using: backend)
                }
                plain.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(transA: false, transB: false, m: m, n: n, k: k, a: pa.baseAddress!, lda: max(k, 1),
                              b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n, using: backend)
                }
            } } }
            for i in 0..<(m * n) {
                let want = plain[i] * scale[i] + beta * start[i]
                let tolerance: Float = backend == .mnemo ? 0 : 1e-5 * max(1, abs(want))
                #expect(abs(scaled[i] - want) <= tolerance, "\(backend) \(m)x\(n)x\(k) at \(i)")
            }
        }
    }

    /// An addend (a residual connection) comes out as adding it after the product and bias.
    @Test(arguments: backends)
    func addendsAreAddedAfterTheProduct(backend: BLAS.Backend) {
        for (m, n, k) in [(13, 33, 300), (64, 128, 128), (5, 7, 0)] {
            var rng = SeededRandom(seed: UInt64(m * n + k))
            let a = (0..<(m * k)).map { _ in Float(rng.normal()) }, b = (0..<(n * k)).map { _ in Float(rng.normal()) }
            let bias = (0..<n).map { _ in Float(rng.normal()) }, addend = (0..<(m * n)).map { _ in Float(rng.normal()) }
            var fused = [Float](repeating: .nan, count: m * n), plain = fused
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in bias.withUnsafeBufferPointer { pbias in
                addend.withUnsafeBufferPointer { pr in
                    fused.withUnsafeMutableBufferPointer { pc in
                        BLAS.gemm(transA: false, transB: true, m: m, n: n, k: k, a: pa.baseAddress!, lda: max(k, 1),
                                  b: pb.baseAddress!, ldb: max(k, 1), beta: 0, c: pc.baseAddress!, ldc: n,
                                  bias: pbias.baseAddress!, adding: pr.baseAddress!, using: backend)
                    }
                }
                plain.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(transA: false, transB: true, m: m, n: n, k: k, a: pa.baseAddress!, lda: max(k, 1),
                              b: pb.baseAddress!, ldb: max(k, 1), beta: 0, c: pc.baseAddress!, ldc: n,
                              bias: pbias.baseAddress!, using: backend)
                }
            } } }
            for i in 0..<(m * n) {
                let want = plain[i] + addend[i]
                let tolerance: Float = backend == .mnemo ? 0 : 1e-5 * max(1, abs(want))
                #expect(abs(fused[i] - want) <= tolerance, "\(backend) \(m)x\(n)x\(k) at \(i)")
            }
        }
    }

    @Test func theOwnKernelRunsWhereTheCPUHasIt() {
        let forced = ProcessInfo.processInfo.environment["MNEMO_GEMM"]?.lowercased() == "openblas"
        #expect(BLAS.backend == (mnemo_sgemm_available() != 0 && !forced ? .mnemo : .openBLAS))
    }
}

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
            #expect(worst <= (BLAS.backend == .mnemo ? 0 : 1e-4), "m \(m) n \(n) k \(k): \(worst)")
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
