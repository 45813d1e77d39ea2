// mnemo's sgemm for AVX-512 (see matrix_kernel.h).
//
// Layout of the work, in the GotoBLAS manner but with one packed operand:
//   for each block of KC rows of op(B):          (so a panel of B stays in the 48 KiB L1)
//     pack op(B)'s block into panels of NR = 32 columns, each panel kc rows of 32 floats
//     for each block of MC rows of C:              (its rows of A, MC x KC, stay in L1 or L2)
//       for each panel:                             (the panel is reused by every row tile)
//         for each tile of MR = 12 rows of C:      (24 accumulators in registers)
//           for p in the block: C_tile += A[rows, p] (broadcast from memory) * panel[p]
// A is read in place: a row tile touches 12 rows (or, transposed, 12 consecutive floats per
// p), which the caches serve well at these sizes, and packing A would cost a pass over it
// for every block. B is packed because its rows are strided and, for products with a
// transposed B (x Wᵀ, the commonest in a network), it must be transposed anyway.
#include "matrix_kernel.h"
#include "avx512_helpers.h"
#include <string.h>

#if defined(__x86_64__)
// MC: a block of 48 rows of A (48 KiB at KC) is read by every panel from L1 or L2; 192 rows
// (A's block meant to stay in L2, the GotoBLAS way) made a training step's products 2-3 %
// slower, the rows of A coming cold from the previous op anyway.
enum { MR = 12, NR = 32, KC = 256, MC = 48 };

/// Sixteen floats from p, the lanes outside `m` zero when `masked` (a masked load costs an
/// extra micro-op, so whole vectors are read without one).
AVX512 INLINE __m512 load_part(const int masked, __mmask16 m, const float *p) {
    return masked ? _mm512_maskz_loadu_ps(m, p) : _mm512_loadu_ps(p);
}

/// left[r] and right[r] += op(A)[r, p] · panel row p (its two halves) for p < k, reading the
/// panel with masks `m0`, `m1` when `masked`, else whole.
AVX512 INLINE void accumulate(const int mr, const int masked, long k, const float *a, const long ars, const long acs,
                              const float *b, long ldb, __mmask16 m0, __mmask16 m1, __m512 *left, __m512 *right) {
    int next_row = 0;
    for (long p = 0; p < k; p++) {
        // A comes from wherever the last op left it: ask for its lines two ahead, one row's per step.
        if (acs == 1) {
            __builtin_prefetch(a + next_row * ars + p + 32, 0, 3);
            next_row = next_row + 1 == mr ? 0 : next_row + 1;
        } else {
            __builtin_prefetch(a + (p + 16) * acs, 0, 3);
        }
        const __m512 b0 = load_part(masked, m0, b + p * ldb), b1 = load_part(masked, m1, b + p * ldb + 16);
        const float *ap = a + p * acs;
#pragma clang loop unroll(full)
        for (int r = 0; r < mr; r++) {
            const __m512 x = _mm512_set1_ps(ap[r * ars]);
            left[r] = _mm512_fmadd_ps(x, b0, left[r]);
            right[r] = _mm512_fmadd_ps(x, b1, right[r]);
        }
    }
}

/// One tile: rows `mr` (<= MR) by the 32 columns selected by masks `m0`, `m1`, over `k` steps.
/// op(A)[r, p] is a[r * ars + p * acs]; the panel row p starts at b + p * ldb.
/// The store is C = (alpha * sum) ⊙ scale + beta * C + bias (C is not read when beta == 0;
/// `scale`, when not NULL, is laid out like C), or with `scale_late` C = (alpha * sum + beta * C)
/// ⊙ scale + bias: the last block of a scaled product whose earlier blocks' sums are in C.
/// `addend` (laid out like C), when not NULL, is added last: a residual connection.
/// `padded`: the panel's rows hold 32 floats whatever the masks (zeros past the last column).
AVX512 INLINE void tile(const int mr, long k, const float *a, const long ars, const long acs,
                        const float *b, long ldb, int padded, float *c, long ldc, __mmask16 m0, __mmask16 m1,
                        float alpha, float beta, const float *bias, const float *scale, int scale_late,
                        const float *addend) {
    __m512 left[MR], right[MR];
#pragma clang loop unroll(full)
    for (int r = 0; r < mr; r++) { left[r] = _mm512_setzero_ps(); right[r] = _mm512_setzero_ps(); }
    // C's lines are fetched for writing while the sums run (the result is usually cold).
#pragma clang loop unroll(full)
    for (int r = 0; r < mr; r++) { __builtin_prefetch(c + r * ldc, 1, 3); __builtin_prefetch(c + r * ldc + 16, 1, 3); }
    // So are the scale's and the addend's, read as the result is stored.
    if (scale) {
#pragma clang loop unroll(full)
        for (int r = 0; r < mr; r++) { __builtin_prefetch(scale + r * ldc, 0, 3); __builtin_prefetch(scale + r * ldc + 16, 0, 3); }
    }
    if (addend) {
#pragma clang loop unroll(full)
        for (int r = 0; r < mr; r++) { __builtin_prefetch(addend + r * ldc, 0, 3); __builtin_prefetch(addend + r * ldc + 16, 0, 3); }
    }
    // Masked loads cost an extra micro-op each (5-8 % of a tile): only the last panel of an
    // unpacked B needs them (packed panels are padded with zeros).
    if (padded || (m0 == 0xFFFF && m1 == 0xFFFF))
        accumulate(mr, 0, k, a, ars, acs, b, ldb, m0, m1, left, right);
    else
        accumulate(mr, 1, k, a, ars, acs, b, ldb, m0, m1, left, right);
    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    const __m512 bias0 = bias ? _mm512_maskz_loadu_ps(m0, bias) : _mm512_setzero_ps();
    const __m512 bias1 = bias ? _mm512_maskz_loadu_ps(m1, bias + 16) : _mm512_setzero_ps();
#pragma clang loop unroll(full)
    for (int r = 0; r < mr; r++) {
        float *row = c + r * ldc;
        __m512 y0 = _mm512_mul_ps(left[r], va), y1 = _mm512_mul_ps(right[r], va);
        if (scale && !scale_late) {
            y0 = _mm512_mul_ps(y0, _mm512_maskz_loadu_ps(m0, scale + r * ldc));
            y1 = _mm512_mul_ps(y1, _mm512_maskz_loadu_ps(m1, scale + r * ldc + 16));
        }
        if (beta != 0) {
            y0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, row), y0);
            y1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, row + 16), y1);
        }
        if (scale && scale_late) {
            y0 = _mm512_mul_ps(y0, _mm512_maskz_loadu_ps(m0, scale + r * ldc));
            y1 = _mm512_mul_ps(y1, _mm512_maskz_loadu_ps(m1, scale + r * ldc + 16));
        }
        if (bias) { y0 = _mm512_add_ps(y0, bias0); y1 = _mm512_add_ps(y1, bias1); }
        if (addend) {
            y0 = _mm512_add_ps(y0, _mm512_maskz_loadu_ps(m0, addend + r * ldc));
            y1 = _mm512_add_ps(y1, _mm512_maskz_loadu_ps(m1, addend + r * ldc + 16));
        }
        _mm512_mask_storeu_ps(row, m0, y0);
        _mm512_mask_storeu_ps(row + 16, m1, y1);
    }
}

// The tile specialised for both layouts of A (constant strides let the compiler address the
// 12 rows directly) and for every row count, so the loops above are fully unrolled.
#define TILE_ARGS long k, const float *a, long lda, const float *b, long ldb, int padded, float *c, long ldc, \
                  __mmask16 m0, __mmask16 m1, float alpha, float beta, const float *bias, const float *scale, \
                  int scale_late, const float *addend
#define ROWS(mr) \
    AVX512 static void rows##mr##_n(TILE_ARGS) { tile(mr, k, a, lda, 1, b, ldb, padded, c, ldc, m0, m1, alpha, beta, bias, scale, scale_late, addend); } \
    AVX512 static void rows##mr##_t(TILE_ARGS) { tile(mr, k, a, 1, lda, b, ldb, padded, c, ldc, m0, m1, alpha, beta, bias, scale, scale_late, addend); }
ROWS(1) ROWS(2) ROWS(3) ROWS(4) ROWS(5) ROWS(6) ROWS(7) ROWS(8) ROWS(9) ROWS(10) ROWS(11) ROWS(12)

typedef void (*TileFunction)(TILE_ARGS);
static const TileFunction tiles_n[MR + 1] = {
    0, rows1_n, rows2_n, rows3_n, rows4_n, rows5_n, rows6_n, rows7_n, rows8_n, rows9_n, rows10_n, rows11_n, rows12_n,
};
static const TileFunction tiles_t[MR + 1] = {
    0, rows1_t, rows2_t, rows3_t, rows4_t, rows5_t, rows6_t, rows7_t, rows8_t, rows9_t, rows10_t, rows11_t, rows12_t,
};

/// Copies rows p0..<p0+kc of op(B) into panels of NR columns (kc rows of NR floats each),
/// the last panel padded with zeros.
AVX512 static void pack_b(int trans_b, const float *b, long ldb, long p0, long kc, long n, float *dst) {
    for (long j0 = 0; j0 < n; j0 += NR) {
        float *panel = dst + (j0 / NR) * kc * NR;
        long width = n - j0 < NR ? n - j0 : NR;
        if (width < NR) memset(panel, 0, (size_t)kc * NR * sizeof(float));
        if (!trans_b) {
            if (width == NR) {
                // Two vector copies per row: a call to memcpy for 128 bytes cost more than the copy.
                for (long p = 0; p < kc; p++) {
                    const float *source = b + (p0 + p) * ldb + j0;
                    _mm512_storeu_ps(panel + p * NR, _mm512_loadu_ps(source));
                    _mm512_storeu_ps(panel + p * NR + 16, _mm512_loadu_ps(source + 16));
                }
            } else {
                for (long p = 0; p < kc; p++) memcpy(panel + p * NR, b + (p0 + p) * ldb + j0, (size_t)width * sizeof(float));
            }
        } else {
            // Row j of the stored B is column j of op(B): 16 x 16 blocks are transposed in
            // registers, what is left over one float at a time.
            for (long j = 0; j < width; j += 16) {
                long p = 0;
                if (width - j >= 16)
                    for (; p + 16 <= kc; p += 16) transpose16(b + (j0 + j) * ldb + p0 + p, ldb, panel + p * NR + j, NR);
                for (long jj = j; jj < j + 16 && jj < width; jj++) {
                    const float *source = b + (j0 + jj) * ldb + p0;
                    for (long q = p; q < kc; q++) panel[q * NR + jj] = source[q];
                }
            }
        }
    }
}

AVX512 static int sgemm_avx512(int trans_a, int trans_b, long m, long n, long k, float alpha,
                               const float *a, long lda, const float *b, long ldb,
                               float beta, float *c, long ldc, const float *bias, const float *scale,
                               const float *addend, int structure) {
    // The scale applies to the finished sums, in the last block; until then C holds partial
    // sums, so C's own earlier value cannot be kept apart: that case is left to the caller.
    if (scale && k > KC && (beta != 0 || bias)) return -1;
    // B is packed when it must be transposed, or when it has several panels whose strided
    // rows would evict each other from L1, and there are enough rows of C to pay for the copy.
    const int pack = trans_b || (n > NR && m > 4 * MR);
    const long panels = (n + NR - 1) / NR;
    float *packed = NULL;
    if (pack && !(packed = scratch_for((size_t)panels * (k < KC ? k : KC) * NR))) return -1;
    const TileFunction *tiles = trans_a ? tiles_t : tiles_n;
    const long row_step = trans_a ? 1 : lda;   // from one row of op(A) to the next
    const long column_step = trans_a ? lda : 1; // from one column of op(A) to the next

    for (long p0 = 0; p0 < k; p0 += KC) {
        const long kc = k - p0 < KC ? k - p0 : KC;
        // beta and the bias apply once; later blocks add to what the first one stored.
        const float block_beta = p0 == 0 ? beta : 1;
        const float *block_bias = p0 == 0 ? bias : NULL;
        const int last = p0 + kc >= k;
        const float *block_scale = last ? scale : NULL;
        // The addend comes after the whole sum (and the bias), as a separate addition would.
        const float *block_addend = last ? addend : NULL;
        if (pack) pack_b(trans_b, b, ldb, p0, kc, n, packed);
        const float *a_block = a + p0 * column_step;
        for (long i0 = 0; i0 < m; i0 += MC) {
            const long rows = m - i0 < MC ? m - i0 : MC;
            for (long q = 0; q < panels; q++) {
                const long j0 = q * NR;
                const float *panel = pack ? packed + q * kc * NR : b + p0 * ldb + j0;
                const long panel_ldb = pack ? NR : ldb;
                const __mmask16 m0 = first_lanes(n - j0), m1 = first_lanes(n - j0 - 16);
                const float *tile_bias = block_bias ? block_bias + j0 : NULL;
                for (long i = i0; i < i0 + rows; i += MR) {
                    const long mr = i0 + rows - i < MR ? i0 + rows - i : MR;
                    if (structure == MNEMO_LOWER_TRIANGLE_OF_C && j0 > i + mr - 1) continue;
                    // The steps p of this block where the tile's rows of op(A) can be non-zero.
                    long lo = 0, hi = kc;
                    if (structure == MNEMO_LOWER_TRIANGULAR_A && i + mr - p0 < hi) hi = i + mr - p0;
                    if (structure == MNEMO_UPPER_TRIANGULAR_A && i - p0 > lo) lo = i - p0;
                    if (hi < lo) hi = lo;
                    // Nothing to add, and beta was applied already (the addend not yet, perhaps).
                    if (hi == lo && p0 > 0 && !block_addend && !block_scale) continue;
                    tiles[mr](hi - lo, a_block + i * row_step + lo * column_step, lda, panel + lo * panel_ldb, panel_ldb, pack,
                              c + i * ldc + j0, ldc, m0, m1, alpha, block_beta, tile_bias,
                              block_scale ? block_scale + i * ldc + j0 : NULL, p0 > 0,
                              block_addend ? block_addend + i * ldc + j0 : NULL);
                }
            }
        }
    }
    return 0;
}

// Decided once, before main, so no call races to initialise it.
static int avx512_usable;
__attribute__((constructor)) static void detect_avx512(void) {
    __builtin_cpu_init();
    avx512_usable = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}

int mnemo_sgemm_available(void) { return avx512_usable; }
#else
int mnemo_sgemm_available(void) { return 0; }
#endif

int mnemo_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha,
                const float *a, long lda, const float *b, long ldb,
                float beta, float *c, long ldc, const float *bias, const float *scale, const float *addend,
                int structure) {
    if (m <= 0 || n <= 0) return 0;
    if (k <= 0) {
        if (addend || scale) return -1; // rare: the caller's fallback handles it
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++)
                c[i * ldc + j] = (beta != 0 ? beta * c[i * ldc + j] : 0) + (bias ? bias[j] : 0);
        return 0;
    }
#if defined(__x86_64__)
    if (avx512_usable)
        return sgemm_avx512(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, scale, addend,
                            structure);
#endif
    (void)trans_a; (void)trans_b; (void)structure; (void)scale; (void)addend; (void)alpha; (void)a; (void)lda; (void)b; (void)ldb;
    return -1;
}
