// mnemo's own single-precision matrix product for x86-64 CPUs with AVX-512.
//
// OpenBLAS packs both operands and clears C before every call; on the small, short-K products
// of a training step (K = 128..1024, a few hundred columns) that overhead is a fifth of the
// product's time, and a bias added to each row needs a pass of its own. This kernel reads
// A where it lies, packs only B (into panels that stay in L1), and folds beta, alpha and a
// bias into the one store of each result tile. Where AVX-512 is missing the Swift side
// falls back to OpenBLAS.
#ifndef MNEMO_MATRIX_KERNEL_H
#define MNEMO_MATRIX_KERNEL_H

/// 1 when this CPU (and operating system) can run `mnemo_sgemm`, else 0.
int mnemo_sgemm_available(void);

/// What a product may skip, for the triangular products of causal attention. Row i and
/// column p of op(A) count from the start of the product as called.
enum {
    /// Nothing: every term is summed.
    MNEMO_DENSE = 0,
    /// op(A)[i, p] is zero for p > i: those terms are skipped.
    MNEMO_LOWER_TRIANGULAR_A = 1,
    /// op(A)[i, p] is zero for p < i: those terms are skipped.
    MNEMO_UPPER_TRIANGULAR_A = 2,
    /// Only C[i, j] with j <= i is wanted: entries above the diagonal are left unspecified.
    MNEMO_LOWER_TRIANGLE_OF_C = 3,
};

/// C[m,n] = (alpha * op(A) op(B)) ⊙ scale + beta * C + bias, row-major with leading
/// dimensions, where op(A) is [m,k] (A stored [k,m] when trans_a), op(B) is [k,n] (B stored
/// [n,k] when trans_b), bias, when not NULL, has n entries added to every row, and scale, when
/// not NULL, multiplies the product elementwise (laid out like C: the derivative of an
/// activation, in a backward pass), and addend, when not NULL (laid out like C), is added last
/// (a residual connection: the result is what adding it after the product would give). With
/// beta == 0, C is only written. Single-threaded; the summation order depends only on the sizes, so results are
/// the same whichever thread runs it and however the caller splits rows or columns.
/// `structure` (an MNEMO_ value above) lets it skip work known to give zeros or not wanted.
/// Returns 0 when done, -1 when it did nothing (no AVX-512, or no memory for its buffer):
/// the caller then uses another sgemm.
int mnemo_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha,
                 const float *a, long lda, const float *b, long ldb,
                 float beta, float *c, long ldc, const float *bias, const float *scale, const float *addend,
                 int structure);

#endif
