// Counts heap allocations made by the whole test process, for the test that a training
// step allocates nothing after warm-up. On Linux (glibc) this target defines malloc and
// its siblings, forwarding to glibc's own entry points; everything linked into the test
// executable (the Swift runtime, Foundation, OpenBLAS) then allocates through them.
// Elsewhere it defines nothing and `allocation_counter_available` returns 0.
#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

#include <stdint.h>

/// 1 when allocations are being intercepted (Linux with glibc), 0 otherwise.
int allocation_counter_available(void);
/// Starts counting from zero.
void allocation_counter_start(void);
/// Stops counting and returns the number of allocations since the start.
int64_t allocation_counter_stop(void);
/// Bytes requested by the allocations of the last count.
int64_t allocation_counter_bytes(void);

#endif
