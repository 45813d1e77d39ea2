// Causal self-attention for one head, forward and backward, for x86-64 CPUs with AVX-512.
//
// As six separate products (QKᵀ, PV and four for the gradients) with a softmax pass between
// them, one head of a small model (64 positions, 32 dimensions) spends more time calling,
// packing and walking masked tiles than multiplying. Here one call does a whole head while its
// rows stay in L1: scores and softmax row by row, and each product summed only over the
// causal triangle, in blocks of four rows held in registers.
#ifndef MNEMO_ATTENTION_KERNEL_H
#define MNEMO_ATTENTION_KERNEL_H

/// The widest head (`hs`) the attention kernel takes; wider heads return -1.
enum { MNEMO_ATTENTION_MAX_HEAD = 64 };

/// One head of causal attention over `t` positions with head size `hs`:
/// probs[i, j] = softmax_j≤i(scale · q_i · k_j) (a t×t row-major block; entries above the
/// diagonal are set to 0) and out_i = Σ_j≤i probs[i, j] v_j. Rows of q, k and v are `ld`
/// floats apart, rows of out `ldo`. Returns 0 when done, -1 when it did nothing (no AVX-512,
/// a head wider than MNEMO_ATTENTION_MAX_HEAD, or no memory for its scratch buffer).
int mnemo_attention_forward(long t, long hs, float scale, const float *q, const float *k, const float *v,
                            long ld, float *probs, float *out, long ldo);

/// The gradients of one head given probs (from the forward) and dout, the gradient of out
/// (rows `ldo` apart): dq, dk and dv (rows `ld` apart, like q, k and v) are set to the
/// gradients when `accumulate` is 0, else the gradients are added to them. Returns 0 or -1 as
/// the forward does.
int mnemo_attention_backward(long t, long hs, float scale, const float *q, const float *k, const float *v,
                             long ld, const float *probs, const float *dout, long ldo,
                             float *dq, float *dk, float *dv, int accumulate);

#endif
