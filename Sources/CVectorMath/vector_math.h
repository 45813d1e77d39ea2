// Vector operations Swift cannot express without falling back to one lane at a time.
//
// Swift's Float.squareRoot() calls libm's sqrtf, which may set errno, so neither it nor
// SIMD16<Float>.squareRoot() (a loop over it) vectorises. Clang's elementwise builtin is
// the plain IEEE square root (vsqrtps): the same result per lane, sixteen at a time.
//
// Swift has no masked load or store, and its lane masks (`indices .< count`) are built one
// lane at a time: the partial block at the end of every short row (an attention row of
// 1...64 positions, say) went through a sixteen-step loop three times. With AVX-512 (the
// kernel is compiled for the building CPU, so __AVX512F__ is set where the CPU has it) these
// are single masked instructions; elsewhere, plain loops.
// The vector type below is imported into Swift as SIMD16<Float>.
#ifndef MNEMO_VECTOR_MATH_H
#define MNEMO_VECTOR_MATH_H

typedef float mnemo_float16 __attribute__((ext_vector_type(16)));

/// Correctly rounded square root of each lane.
static inline __attribute__((always_inline)) mnemo_float16 mnemo_sqrt16(mnemo_float16 x) {
    return __builtin_elementwise_sqrt(x);
}

/// a · b + c in each lane with one rounding (vfmadd). Swift's SIMD addingProduct goes through
/// narrower pieces and single lanes at this width.
static inline __attribute__((always_inline)) mnemo_float16 mnemo_fma16(mnemo_float16 a, mnemo_float16 b, mnemo_float16 c) {
    return __builtin_elementwise_fma(a, b, c);
}

#if defined(__AVX512F__)
#include <immintrin.h>

static inline __attribute__((always_inline)) __mmask16 mnemo_first_lanes(long count) {
    return (__mmask16)((1u << count) - 1);
}

/// The `count` (0...16) floats at `p`, then `fill` in the other lanes; nothing past them is read.
static inline __attribute__((always_inline)) mnemo_float16 mnemo_load_first(const float *p, long count, float fill) {
    return (mnemo_float16)_mm512_mask_loadu_ps(_mm512_set1_ps(fill), mnemo_first_lanes(count), p);
}

/// Writes the first `count` (0...16) lanes of `v` at `p`; nothing past them is touched.
static inline __attribute__((always_inline)) void mnemo_store_first(float *p, mnemo_float16 v, long count) {
    _mm512_mask_storeu_ps(p, mnemo_first_lanes(count), (__m512)v);
}

/// `v` with its lanes from `count` on replaced by `fill`.
static inline __attribute__((always_inline)) mnemo_float16 mnemo_keep_first(mnemo_float16 v, long count, float fill) {
    return (mnemo_float16)_mm512_mask_blend_ps(mnemo_first_lanes(count), _mm512_set1_ps(fill), (__m512)v);
}
#else
static inline mnemo_float16 mnemo_load_first(const float *p, long count, float fill) {
    mnemo_float16 v = fill;
    for (long l = 0; l < count; l++) v[l] = p[l];
    return v;
}

static inline void mnemo_store_first(float *p, mnemo_float16 v, long count) {
    for (long l = 0; l < count; l++) p[l] = v[l];
}

static inline mnemo_float16 mnemo_keep_first(mnemo_float16 v, long count, float fill) {
    for (long l = count; l < 16; l++) v[l] = fill;
    return v;
}
#endif

#endif
