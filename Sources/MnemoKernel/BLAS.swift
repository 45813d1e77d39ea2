import COpenBLAS
import Foundation

/// Matrix products through OpenBLAS, with row-major conventions.
///
/// OpenBLAS runs single-threaded and we split large products across cores ourselves (by
/// rows or columns of the result, never along the inner dimension, so the sums happen in
/// the same order whatever the split and results stay bit-identical). OpenBLAS's own
/// threads busy-wait between calls (`sched_yield`); beside our parallel elementwise loops
/// they took a third of the CPU of a training step.
public enum BLAS {
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Below this many multiply-adds a product runs on one core (the hand-off costs more).
    static let splitThreshold = 1 << 21

    /// C[m,n] = alpha * op(A) op(B) + beta * C, row-major, with leading dimensions.
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = singleThreaded
        let parts = Parallel.workers
        guard parts > 1, m * n * k >= splitThreshold, max(m, n) >= 2 * parts else {
            raw(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        if m >= n {
            // Rows of C come from rows of op(A).
            let size = (m + parts - 1) / parts
            Parallel.run(parts: parts) { p in
                let lo = p * size, rows = min(m, lo + size) - lo
                guard rows > 0 else { return }
                let aPart = transA ? a + lo : a + lo * lda
                raw(transA, transB, rows, n, k, alpha, aPart, lda, b, ldb, beta, c + lo * ldc, ldc)
            }
        } else {
            // Columns of C come from columns of op(B).
            let size = (n + parts - 1) / parts
            Parallel.run(parts: parts) { p in
                let lo = p * size, cols = min(n, lo + size) - lo
                guard cols > 0 else { return }
                let bPart = transB ? b + lo * ldb : b + lo
                raw(transA, transB, m, cols, k, alpha, a, lda, bPart, ldb, beta, c + lo, ldc)
            }
        }
    }

    @inline(__always)
    private static func raw(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                            _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                            _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Cores used for products and elementwise loops.
    public static var threads: Int {
        get { Parallel.workers }
        set { Parallel.workers = max(1, newValue) }
    }
}
