// Small AVX-512 helpers shared by the matrix and attention kernels (private to CMatrixKernel).
#ifndef MNEMO_AVX512_HELPERS_H
#define MNEMO_AVX512_HELPERS_H
#if defined(__x86_64__)
#include <immintrin.h>
#include <stdlib.h>

#define AVX512 __attribute__((target("avx512f,fma,prfchw")))
#define INLINE __attribute__((always_inline)) static inline

/// A mask of the first `count` of 16 lanes (all for 16 or more, none for 0 or fewer).
static inline __mmask16 first_lanes(long count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

/// dst[c * ldd + r] = src[r * lds + c] for a 16 x 16 block, in registers: pairs of rows are
/// interleaved by 32 bits, then by 64 bits, then the 128-bit lanes are gathered (as in the
/// usual AVX-512 transpose).
AVX512 INLINE void transpose16(const float *src, long lds, float *dst, long ldd) {
    __m512 r[16], t[16];
    for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(src + i * lds);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    // r[4g + c], lane L: rows 4g..4g+3 of column 4L + c.
    for (int g = 0; g < 16; g += 4) {
        r[g] = _mm512_shuffle_ps(t[g], t[g + 2], 0x44);
        r[g + 1] = _mm512_shuffle_ps(t[g], t[g + 2], 0xEE);
        r[g + 2] = _mm512_shuffle_ps(t[g + 1], t[g + 3], 0x44);
        r[g + 3] = _mm512_shuffle_ps(t[g + 1], t[g + 3], 0xEE);
    }
    for (int c = 0; c < 4; c++) {
        const __m512 x0 = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x44), x1 = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xEE);
        const __m512 y0 = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x44), y1 = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xEE);
        _mm512_storeu_ps(dst + c * ldd, _mm512_shuffle_f32x4(x0, y0, 0x88));
        _mm512_storeu_ps(dst + (4 + c) * ldd, _mm512_shuffle_f32x4(x0, y0, 0xDD));
        _mm512_storeu_ps(dst + (8 + c) * ldd, _mm512_shuffle_f32x4(x1, y1, 0x88));
        _mm512_storeu_ps(dst + (12 + c) * ldd, _mm512_shuffle_f32x4(x1, y1, 0xDD));
    }
}

// Each thread packs into its own buffer (each file including this header has its own), which
// only ever grows: after the first steps of a training run no kernel call allocates.
static _Thread_local float *scratch;
static _Thread_local size_t scratch_floats;

/// The calling thread's buffer of at least `floats` floats (64-byte aligned; earlier contents
/// lost when it grows), or NULL when memory runs out.
static inline float *scratch_for(size_t floats) {
    if (floats <= scratch_floats) return scratch;
    size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    float *grown = aligned_alloc(64, bytes);
    if (!grown) return NULL;
    free(scratch);
    scratch = grown;
    scratch_floats = bytes / sizeof(float);
    return scratch;
}
#endif
#endif
