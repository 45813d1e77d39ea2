// Vector operations Swift cannot express without falling back to one lane at a time.
//
// Swift's Float.squareRoot() calls libm's sqrtf, which may set errno, so neither it nor
// SIMD16<Float>.squareRoot() (a loop over it) vectorises. Clang's elementwise builtin is
// the plain IEEE square root (vsqrtps): the same result per lane, sixteen at a time.
// The vector type below is imported into Swift as SIMD16<Float>.
#ifndef MNEMO_VECTOR_MATH_H
#define MNEMO_VECTOR_MATH_H

typedef float mnemo_float16 __attribute__((ext_vector_type(16)));

/// Correctly rounded square root of each lane.
static inline __attribute__((always_inline)) mnemo_float16 mnemo_sqrt16(mnemo_float16 x) {
    return __builtin_elementwise_sqrt(x);
}

#endif
