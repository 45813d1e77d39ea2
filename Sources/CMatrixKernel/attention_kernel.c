// One head of causal self-attention at a time (see attention_kernel.h).
//
// Three small products cover the six of a head, each summed only where the causal mask
// allows, over blocks of four rows (eight for the sums of narrow heads) held in registers:
//   scores:  s[i, j]  = Σ_d x[i, d] yᵀ[d, j]   for j < the block's last row + 1 (QKᵀ, dO Vᵀ)
//   lower:   c[i]    += Σ_{j ≤ i} a[i, j] b[j]  (P V, dS K)
//   upper:   c[j]    += Σ_{i ≥ j} a[i, j] b[i]  (Pᵀ dO, dSᵀ Q)
// The lower and upper products rely on a's entries above the diagonal being zero, which the
// softmax and dS steps ensure. Every sum runs in a fixed order, so results depend only on the
// sizes, never on the thread.
#include "attention_kernel.h"
#include "avx512_helpers.h"
#include "matrix_kernel.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__)
enum { R = 4, GROUP = 4, SUM_ROWS = 8 };

/// e^x per lane, step for step as FastMath.exp in Swift (same constants, same rounding).
AVX512 INLINE __m512 exp16(__m512 x) {
    const __m512 floor_ = _mm512_set1_ps(-87.3f), ceiling = _mm512_set1_ps(88.7f);
    const __mmask16 underflow = _mm512_cmp_ps_mask(x, floor_, _CMP_LT_OQ);
    __m512 clamped = _mm512_mask_blend_ps(underflow, x, floor_);
    clamped = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(clamped, ceiling, _CMP_GT_OQ), clamped, ceiling);
    const __m512 magic = _mm512_set1_ps(12582912.0f);
    const __m512 shifted = _mm512_fmadd_ps(clamped, _mm512_set1_ps(1.44269504f), magic);
    const __m512 n = _mm512_sub_ps(shifted, magic);
    const __m512i ni = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_set1_epi32(0x4B400000));
    const __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.4286068e-6f),
                                      _mm512_fnmadd_ps(n, _mm512_set1_ps(0.69314575f), clamped));
    __m512 p = _mm512_set1_ps(1.9875691e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.333452e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665796e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.16666666f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_add_ps(_mm512_fmadd_ps(_mm512_mul_ps(p, r), r, r), _mm512_set1_ps(1.0f));
    const __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(ni, _mm512_set1_epi32(127)), 23));
    return _mm512_maskz_mov_ps((__mmask16)~underflow, _mm512_mul_ps(p, scale));
}

/// s[r, 16c + l] = scale · Σ_d x[r, d] yt[d, 16c + l] for rows r < rows and chunks c < groups,
/// storing only columns below `width` (counted from the first chunk).
AVX512 INLINE void scores_tile(const int rows, const int groups, long hs, float scale, const float *x, long ldx,
                               const float *yt, long ldy, float *s, long lds, long width) {
    __m512 acc[R][GROUP];
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++)
#pragma clang loop unroll(full)
        for (int c = 0; c < groups; c++) acc[r][c] = _mm512_setzero_ps();
    for (long d = 0; d < hs; d++) {
        __m512 y[GROUP];
#pragma clang loop unroll(full)
        for (int c = 0; c < groups; c++) y[c] = _mm512_loadu_ps(yt + d * ldy + 16 * c);
#pragma clang loop unroll(full)
        for (int r = 0; r < rows; r++) {
            const __m512 xr = _mm512_set1_ps(x[r * ldx + d]);
#pragma clang loop unroll(full)
            for (int c = 0; c < groups; c++) acc[r][c] = _mm512_fmadd_ps(xr, y[c], acc[r][c]);
        }
    }
    const __m512 vs = _mm512_set1_ps(scale);
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++)
#pragma clang loop unroll(full)
        for (int c = 0; c < groups; c++)
            _mm512_mask_storeu_ps(s + r * lds + 16 * c, first_lanes(width - 16 * c), _mm512_mul_ps(acc[r][c], vs));
}

/// c[r, :hs] (+)= Σ_{j < terms} a[r, j · astep] b[j, :hs], for rows r < rows, with `chunks`
/// vectors of 16 per row of b and c (the last masked by `tail`). `astep` 1 reads a's rows
/// (the lower product), a's stride reads its columns (the upper product, rows being columns).
AVX512 INLINE void sum_tile(const int rows, const int chunks, long terms, const float *a, long arow, long astep,
                            const float *b, long ldb, float *c, long ldc, __mmask16 tail, int accumulate) {
    __m512 acc[SUM_ROWS][GROUP];
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++)
#pragma clang loop unroll(full)
        for (int h = 0; h < chunks; h++) acc[r][h] = _mm512_setzero_ps();
    for (long j = 0; j < terms; j++) {
        __m512 bv[GROUP];
#pragma clang loop unroll(full)
        for (int h = 0; h < chunks; h++)
            bv[h] = _mm512_maskz_loadu_ps(h == chunks - 1 ? tail : (__mmask16)0xFFFF, b + j * ldb + 16 * h);
#pragma clang loop unroll(full)
        for (int r = 0; r < rows; r++) {
            const __m512 ar = _mm512_set1_ps(a[r * arow + j * astep]);
#pragma clang loop unroll(full)
            for (int h = 0; h < chunks; h++) acc[r][h] = _mm512_fmadd_ps(ar, bv[h], acc[r][h]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < rows; r++)
#pragma clang loop unroll(full)
        for (int h = 0; h < chunks; h++) {
            const __mmask16 m = h == chunks - 1 ? tail : (__mmask16)0xFFFF;
            float *out = c + r * ldc + 16 * h;
            const __m512 y = accumulate ? _mm512_add_ps(_mm512_maskz_loadu_ps(m, out), acc[r][h]) : acc[r][h];
            _mm512_mask_storeu_ps(out, m, y);
        }
}

// Constant row and chunk counts, so the tiles' loops unroll and their sums stay in registers.
#define DISPATCH(rows, count, call)                                              \
    switch ((rows) * 8 + (count)) {                                              \
    case 1 * 8 + 1: call(1, 1); break; case 1 * 8 + 2: call(1, 2); break;        \
    case 1 * 8 + 3: call(1, 3); break; case 1 * 8 + 4: call(1, 4); break;        \
    case 2 * 8 + 1: call(2, 1); break; case 2 * 8 + 2: call(2, 2); break;        \
    case 2 * 8 + 3: call(2, 3); break; case 2 * 8 + 4: call(2, 4); break;        \
    case 3 * 8 + 1: call(3, 1); break; case 3 * 8 + 2: call(3, 2); break;        \
    case 3 * 8 + 3: call(3, 3); break; case 3 * 8 + 4: call(3, 4); break;        \
    case 4 * 8 + 1: call(4, 1); break; case 4 * 8 + 2: call(4, 2); break;        \
    case 4 * 8 + 3: call(4, 3); break; case 4 * 8 + 4: call(4, 4); break;        \
    }

// Up to eight rows for heads of one or two vectors (16 sums in registers), four for wider ones.
#define DISPATCH_SUM(rows, chunks, call)                                                          \
    switch ((rows) * 8 + (chunks)) {                                                              \
    case 1 * 8 + 1: call(1, 1); break; case 2 * 8 + 1: call(2, 1); break;                         \
    case 3 * 8 + 1: call(3, 1); break; case 4 * 8 + 1: call(4, 1); break;                         \
    case 5 * 8 + 1: call(5, 1); break; case 6 * 8 + 1: call(6, 1); break;                         \
    case 7 * 8 + 1: call(7, 1); break; case 8 * 8 + 1: call(8, 1); break;                         \
    case 1 * 8 + 2: call(1, 2); break; case 2 * 8 + 2: call(2, 2); break;                         \
    case 3 * 8 + 2: call(3, 2); break; case 4 * 8 + 2: call(4, 2); break;                         \
    case 5 * 8 + 2: call(5, 2); break; case 6 * 8 + 2: call(6, 2); break;                         \
    case 7 * 8 + 2: call(7, 2); break; case 8 * 8 + 2: call(8, 2); break;                         \
    case 1 * 8 + 3: call(1, 3); break; case 2 * 8 + 3: call(2, 3); break;                         \
    case 3 * 8 + 3: call(3, 3); break; case 4 * 8 + 3: call(4, 3); break;                         \
    case 1 * 8 + 4: call(1, 4); break; case 2 * 8 + 4: call(2, 4); break;                         \
    case 3 * 8 + 4: call(3, 4); break; case 4 * 8 + 4: call(4, 4); break;                         \
    }

/// s[i, j] = scale · x_i · y_j for every i < t and j ≤ i (entries above the diagonal get
/// values or are left as they were), with yt = yᵀ padded to `ldy` (a multiple of 64) columns.
AVX512 static void causal_scores(long t, long hs, float scale, const float *x, long ldx, const float *yt, long ldy,
                                 float *s, long lds) {
    for (long i = 0; i < t; i += R) {
        const int rows = t - i < R ? (int)(t - i) : R;
        const long chunks = (i + rows + 15) / 16;
        for (long c0 = 0; c0 < chunks; c0 += GROUP) {
            const int groups = chunks - c0 < GROUP ? (int)(chunks - c0) : GROUP;
#define SCORES(rr, gg) scores_tile(rr, gg, hs, scale, x + i * ldx, ldx, yt + 16 * c0, ldy, s + i * lds + 16 * c0, lds, t - 16 * c0)
            DISPATCH(rows, groups, SCORES)
#undef SCORES
        }
    }
}

/// The two sums over a causal triangle (a is t×t with zeros above the diagonal):
/// lower, c_i (+)= Σ_{j ≤ i} a[i, j] b_j; upper, c_j (+)= Σ_{i ≥ j} a[i, j] b_i (a read by
/// columns, starting at the block's own row: the terms above it are zero). `upper` is a
/// constant at each call, so the tiles' strides are too.
AVX512 INLINE void triangle_product(const int upper, long t, long hs, const float *a, long lda, const float *b,
                                    long ldb, float *c, long ldc, int accumulate) {
    const int chunks = (int)((hs + 15) / 16);
    const __mmask16 tail = first_lanes(hs - 16 * (chunks - 1));
    const int block = chunks <= 2 ? SUM_ROWS : R;
    for (long i = 0; i < t; i += block) {
        const int rows = t - i < block ? (int)(t - i) : block;
        const long terms = upper ? t - i : i + rows;
        const float *a0 = upper ? a + i * lda + i : a + i * lda, *b0 = upper ? b + i * ldb : b;
#define SUMS(rr, hh) sum_tile(rr, hh, terms, a0, upper ? 1 : lda, upper ? lda : 1, b0, ldb, c + i * ldc, ldc, tail, accumulate)
        DISPATCH_SUM(rows, chunks, SUMS)
#undef SUMS
    }
}

/// yt[d, j] = y[j, d] for d < hs, j < t; columns t..<ldy are zero.
AVX512 static void transpose_head(long t, long hs, const float *y, long ld, float *yt, long ldy) {
    for (long d = 0; d < hs; d++) memset(yt + d * ldy + t, 0, (size_t)(ldy - t) * sizeof(float));
    const long full_t = t / 16 * 16, full_hs = hs / 16 * 16;
    for (long j = 0; j < full_t; j += 16)
        for (long d = 0; d < full_hs; d += 16) transpose16(y + j * ld + d, ld, yt + d * ldy + j, ldy);
    // The edges, if any, one float at a time (reading down columns, writing along rows).
    for (long d = 0; d < hs; d++) {
        const long from = d < full_hs ? full_t : 0;
        for (long j = from; j < t; j++) yt[d * ldy + j] = y[j * ld + d];
    }
}

/// Softmax of row[0..<n] in place (max subtracted first); row[n..<t] set to 0.
AVX512 static void softmax_prefix(float *row, long n, long t) {
    __m512 m = _mm512_set1_ps(-INFINITY);
    for (long j = 0; j < n; j += 16)
        m = _mm512_max_ps(m, _mm512_mask_loadu_ps(_mm512_set1_ps(-INFINITY), first_lanes(n - j), row + j));
    const __m512 top = _mm512_set1_ps(_mm512_reduce_max_ps(m));
    __m512 sum = _mm512_setzero_ps();
    for (long j = 0; j < n; j += 16) {
        const __mmask16 k = first_lanes(n - j);
        const __m512 e = _mm512_maskz_mov_ps(k, exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, row + j), top)));
        _mm512_mask_storeu_ps(row + j, k, e);
        sum = _mm512_add_ps(sum, e);
    }
    const __m512 inv = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
    for (long j = 0; j < n; j += 16) {
        const __mmask16 k = first_lanes(n - j);
        _mm512_mask_storeu_ps(row + j, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, row + j), inv));
    }
    if (t > n) memset(row + n, 0, (size_t)(t - n) * sizeof(float));
}

/// ds[0..<n] = p · (ds − Σ p·ds) · scale (the softmax's backward, scaled), ds[n..<t] = 0.
AVX512 static void softmax_gradient_prefix(const float *p, float *ds, long n, long t, float scale) {
    __m512 dot = _mm512_setzero_ps();
    for (long j = 0; j < n; j += 16) {
        const __mmask16 k = first_lanes(n - j);
        dot = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, p + j), _mm512_maskz_loadu_ps(k, ds + j), dot);
    }
    const __m512 s = _mm512_set1_ps(_mm512_reduce_add_ps(dot)), vscale = _mm512_set1_ps(scale);
    for (long j = 0; j < n; j += 16) {
        const __mmask16 k = first_lanes(n - j);
        const __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(k, ds + j), s);
        _mm512_mask_storeu_ps(ds + j, k, _mm512_mul_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(k, p + j), d), vscale));
    }
    if (t > n) memset(ds + n, 0, (size_t)(t - n) * sizeof(float));
}

AVX512 static int forward_avx512(long t, long hs, float scale, const float *q, const float *k, const float *v, long ld,
                                 float *probs, float *out, long ldo) {
    const long ldy = (t + 63) / 64 * 64;
    float *kt = scratch_for((size_t)(hs * ldy));
    if (!kt) return -1;
    transpose_head(t, hs, k, ld, kt, ldy);
    causal_scores(t, hs, scale, q, ld, kt, ldy, probs, t);
    for (long i = 0; i < t; i++) softmax_prefix(probs + i * t, i + 1, t);
    triangle_product(0, t, hs, probs, t, v, ld, out, ldo, 0);
    return 0;
}

AVX512 static int backward_avx512(long t, long hs, float scale, const float *q, const float *k, const float *v, long ld,
                                  const float *probs, const float *dout, long ldo, float *dq, float *dk, float *dv,
                                  int accumulate) {
    const long ldy = (t + 63) / 64 * 64;
    float *vt = scratch_for((size_t)(hs * ldy + t * t));
    if (!vt) return -1;
    float *ds = vt + hs * ldy;
    transpose_head(t, hs, v, ld, vt, ldy);
    causal_scores(t, hs, 1, dout, ldo, vt, ldy, ds, t);
    for (long i = 0; i < t; i++) softmax_gradient_prefix(probs + i * t, ds + i * t, i + 1, t, scale);
    triangle_product(1, t, hs, probs, t, dout, ldo, dv, ld, accumulate);
    triangle_product(0, t, hs, ds, t, k, ld, dq, ld, accumulate);
    triangle_product(1, t, hs, ds, t, q, ld, dk, ld, accumulate);
    return 0;
}
#endif

int mnemo_attention_forward(long t, long hs, float scale, const float *q, const float *k, const float *v, long ld,
                            float *probs, float *out, long ldo) {
    if (t <= 0 || hs <= 0) return 0;
#if defined(__x86_64__)
    if (mnemo_sgemm_available() && hs <= MNEMO_ATTENTION_MAX_HEAD)
        return forward_avx512(t, hs, scale, q, k, v, ld, probs, out, ldo);
#endif
    (void)scale; (void)q; (void)k; (void)v; (void)ld; (void)probs; (void)out; (void)ldo;
    return -1;
}

int mnemo_attention_backward(long t, long hs, float scale, const float *q, const float *k, const float *v, long ld,
                             const float *probs, const float *dout, long ldo, float *dq, float *dk, float *dv,
                             int accumulate) {
    if (t <= 0 || hs <= 0) return 0;
#if defined(__x86_64__)
    if (mnemo_sgemm_available() && hs <= MNEMO_ATTENTION_MAX_HEAD)
        return backward_avx512(t, hs, scale, q, k, v, ld, probs, dout, ldo, dq, dk, dv, accumulate);
#endif
    (void)scale; (void)q; (void)k; (void)v; (void)ld; (void)probs; (void)dout; (void)ldo; (void)dq; (void)dk; (void)dv;
    (void)accumulate;
    return -1;
}
