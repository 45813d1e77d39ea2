#include "AllocationCounter.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static atomic_int counting;
static atomic_llong allocations;
static atomic_llong bytes;

static inline void note_allocation(size_t size) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&bytes, (long long)size, memory_order_relaxed);
    }
}

void *malloc(size_t size) { note_allocation(size); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { note_allocation(count * size); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { note_allocation(size); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { note_allocation(size); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { note_allocation(size); return __libc_memalign(alignment, size); }

int posix_memalign(void **out, size_t alignment, size_t size) {
    note_allocation(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}

int allocation_counter_available(void) { return 1; }

void allocation_counter_start(void) {
    atomic_store(&allocations, 0);
    atomic_store(&bytes, 0);
    atomic_store(&counting, 1);
}

int64_t allocation_counter_stop(void) {
    atomic_store(&counting, 0);
    return atomic_load(&allocations);
}

int64_t allocation_counter_bytes(void) { return atomic_load(&bytes); }

#else

int allocation_counter_available(void) { return 0; }
void allocation_counter_start(void) {}
int64_t allocation_counter_stop(void) { return 0; }
int64_t allocation_counter_bytes(void) { return 0; }

#endif
