import CMatrixKernel
import COpenBLAS
import Foundation

/// Matrix products, with row-major conventions: mnemo's own AVX-512 kernel
/// (`Sources/CMatrixKernel`) where the CPU has it, else OpenBLAS.
///
/// Products run single-threaded and we split large ones across cores ourselves (by rows or
/// columns of the result, never along the inner dimension, so the sums happen in the same
/// order whatever the split and results stay bit-identical). OpenBLAS's own threads
/// busy-wait between calls (`sched_yield`); beside our parallel elementwise loops they took
/// a third of the CPU of a training step.
public enum BLAS {
    /// Which sgemm runs the products.
    public enum Backend: String, Sendable {
        /// mnemo's kernel for x86-64 with AVX-512 (packs one operand, fuses beta and bias).
        case mnemo
        /// OpenBLAS's `cblas_sgemm`.
        case openBLAS = "openblas"
    }

    /// Work a product may skip: the products of causal attention have a triangular operand or
    /// want only a triangle of the result. Row i and column p of op(A) count from the start of
    /// the product. OpenBLAS ignores this and computes everything (the skipped terms are zeros).
    /// (The raw values are the `MNEMO_` constants of `matrix_kernel.h`.)
    public enum Structure: Int32, Sendable {
        /// Every term is summed.
        case dense = 0
        /// op(A)[i, p] is zero for p > i.
        case lowerTriangularA = 1
        /// op(A)[i, p] is zero for p < i.
        case upperTriangularA = 2
        /// Only C[i, j] with j <= i is wanted; entries above the diagonal are left unspecified.
        case lowerTriangleOfC = 3
    }

    /// The sgemm in use: `MNEMO_GEMM=openblas` forces OpenBLAS (to compare the two);
    /// otherwise mnemo's kernel when the CPU can run it.
    public static let backend: Backend = {
        if ProcessInfo.processInfo.environment["MNEMO_GEMM"]?.lowercased() == Backend.openBLAS.rawValue { return .openBLAS }
        return mnemo_sgemm_available() != 0 ? .mnemo : .openBLAS
    }()

    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Below this many multiply-adds a product runs on one core (the hand-off costs more).
    static let splitThreshold = 1 << 21

    /// C[m,n] = (alpha * op(A) op(B)) ⊙ scale + beta * C + bias, row-major, with leading
    /// dimensions; `bias` (n values) is added to every row, and `scale` (laid out like C, ldc
    /// apart) multiplies the product elementwise, as an activation's derivative does in a
    /// backward pass. `addend` (laid out like C), added last, is a residual connection: the
    /// result is what adding it after the product would give. C is only written when beta is 0.
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                            alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                            bias: UnsafePointer<Float>? = nil, scale: UnsafePointer<Float>? = nil,
                            adding addend: UnsafePointer<Float>? = nil,
                            structure: Structure = .dense, using backend: Backend = backend) {
        // Inside a busy region (a data-parallel shard) the parts would only run one after
        // another, each packing B again. A structured product is not split: its triangle is
        // counted from its first row.
        let parts = Parallel.isBusy || structure != .dense ? 1 : Parallel.workers
        guard parts > 1, m * n * k >= splitThreshold, max(m, n) >= 2 * parts else {
            raw(backend, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, scale, addend, structure)
            return
        }
        if m >= n {
            // Rows of C come from rows of op(A).
            let size = (m + parts - 1) / parts
            Parallel.run(parts: parts) { p in
                let lo = p * size, rows = min(m, lo + size) - lo
                guard rows > 0 else { return }
                let aPart = transA ? a + lo : a + lo * lda
                raw(backend, transA, transB, rows, n, k, alpha, aPart, lda, b, ldb, beta, c + lo * ldc, ldc, bias,
                    scale.map { $0 + lo * ldc }, addend.map { $0 + lo * ldc }, .dense)
            }
        } else {
            // Columns of C come from columns of op(B).
            let size = (n + parts - 1) / parts
            Parallel.run(parts: parts) { p in
                let lo = p * size, cols = min(n, lo + size) - lo
                guard cols > 0 else { return }
                let bPart = transB ? b + lo * ldb : b + lo
                raw(backend, transA, transB, m, cols, k, alpha, a, lda, bPart, ldb, beta, c + lo, ldc, bias.map { $0 + lo },
                    scale.map { $0 + lo }, addend.map { $0 + lo }, .dense)
            }
        }
    }

    @inline(__always)
    private static func raw(_ backend: Backend, _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                            _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>,
                            _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                            _ bias: UnsafePointer<Float>?, _ scale: UnsafePointer<Float>?,
                            _ addend: UnsafePointer<Float>?, _ structure: Structure) {
        if backend == .mnemo,
           mnemo_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, scale,
                       addend, structure.rawValue) == 0 {
            return
        }
        if scale != nil || addend != nil {
            // OpenBLAS (or, in rare cases, our kernel) cannot do these in place: form the
            // product apart, then combine in the kernel's order.
            let product = Tensor.allocate(max(m * n, 1))
            defer { product.deallocate() }
            // Unscaled, the bias goes in with the product, as a plain product with a bias does.
            let biasLater = scale == nil ? nil : bias
            raw(backend, transA, transB, m, n, k, alpha, a, lda, b, ldb, 0, product, n,
                scale == nil ? bias : nil, nil, nil, .dense)
            for i in 0..<m {
                for j in 0..<n {
                    var v = product[i * n + j] * (scale?[i * ldc + j] ?? 1)
                    if beta != 0 { v += beta * c[i * ldc + j] }
                    if let biasLater { v += biasLater[j] }
                    if let addend { v += addend[i * ldc + j] }
                    c[i * ldc + j] = v
                }
            }
            return
        }
        _ = singleThreaded
        var beta = beta
        if let bias {
            // OpenBLAS has no bias: fold it into C first, then accumulate onto it.
            for i in 0..<m {
                let row = c + i * ldc
                if beta == 0 { row.update(from: bias, count: n) } else { for j in 0..<n { row[j] = beta * row[j] + bias[j] } }
            }
            beta = 1
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Cores used for products and elementwise loops.
    public static var threads: Int {
        get { Parallel.workers }
        set { Parallel.workers = max(1, newValue) }
    }
}
