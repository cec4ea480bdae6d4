// Counting allocator hook: the process's malloc family, counted while enabled.
//
// nnbench defines malloc/calloc/realloc/free/posix_memalign/aligned_alloc/memalign in this
// target; because the executable (or test bundle) that links it exports them, every shared
// library in the process (the Swift runtime, Foundation, OpenBLAS) resolves to these and they
// forward to glibc's __libc_* entry points. Counting costs one relaxed atomic add per call
// and only happens between nnbench_alloc_enable() and nnbench_alloc_disable().
#ifndef NNBENCH_ALLOC_COUNTER_H
#define NNBENCH_ALLOC_COUNTER_H
#include <stdint.h>

typedef struct {
    int64_t allocations;  ///< calls to malloc, calloc, realloc (new block), posix_memalign, ...
    int64_t bytes;        ///< requested bytes of those calls
    int64_t frees;        ///< calls to free with a non-null pointer
} nnbench_alloc_stats;

void nnbench_alloc_enable(void);
void nnbench_alloc_disable(void);
void nnbench_alloc_reset(void);
nnbench_alloc_stats nnbench_alloc_read(void);
/// Clears the flag that every call through the hook sets (counting on or off).
void nnbench_alloc_clear_seen(void);
/// 1 when a call reached the hook since the last clear: allocate from another library
/// (for example the Swift runtime) between the two calls to learn whether the hook is live.
int nnbench_alloc_seen(void);

#endif
