// Exact, per-thread counters: heap allocations (through a malloc hook) and kernel work.
//
// Allocation hook: nnbench defines malloc/calloc/realloc/free/posix_memalign/aligned_alloc/
// memalign in this target. Because the executable (or test bundle) that links it statically
// exports them, every shared library in the process (the Swift runtime, Foundation, OpenBLAS)
// resolves to these, and they forward to glibc's __libc_* entry points.
//
// Every counter is thread-local: a benchmark (or a test) counts only what its own thread did,
// so tests running in parallel and OpenBLAS's worker threads never pollute a measurement.
// With counting off, a call costs one thread-local store and one thread-local branch; the hook
// writes no state shared between threads.
#ifndef NNBENCH_COUNTERS_H
#define NNBENCH_COUNTERS_H
#include <stdint.h>

typedef struct {
    int64_t allocations;  ///< calls to malloc, calloc, realloc, posix_memalign, ...
    int64_t bytes;        ///< requested bytes of those calls
    int64_t frees;        ///< calls to free with a non-null pointer
    int64_t blas_allocations;  ///< allocations made inside OpenBLAS calls (its thread server), kept apart
    int64_t blas_bytes;
} nnbench_alloc_stats;

/// Starts counting this thread's allocations (from zero).
void nnbench_alloc_begin(void);
/// Stops counting and returns what this thread allocated since nnbench_alloc_begin().
nnbench_alloc_stats nnbench_alloc_end(void);
/// Marks the start and end of a call into OpenBLAS on this thread: allocations in between are
/// OpenBLAS's own (its threaded path allocates on the caller's thread) and are counted apart.
void nnbench_blas_enter(void);
void nnbench_blas_exit(void);
/// Clears this thread's flag that every call through the hook sets (counting or not).
void nnbench_alloc_clear_seen(void);
/// 1 when a call on this thread reached the hook since the last clear.
int nnbench_alloc_seen(void);

typedef struct {
    int64_t kernel_launches;
    int64_t gemm_calls;
    int64_t flops;
    int64_t live_bytes;   ///< tensor storage alive (allocated on this thread)
    int64_t peak_bytes;   ///< high-water mark of live_bytes since the last peak reset
} nnbench_kernel_stats;

void nnbench_count_launch(void);
void nnbench_count_flops(int64_t flops);
void nnbench_count_gemm(int64_t flops);
void nnbench_kernel_reset(void);
void nnbench_tensor_alloc(int64_t bytes);
void nnbench_tensor_free(int64_t bytes);
void nnbench_peak_reset(void);
nnbench_kernel_stats nnbench_kernel_read(void);

#endif
