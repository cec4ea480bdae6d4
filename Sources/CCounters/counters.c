// See include/counters.h. glibc only: forwards to the __libc_* symbols glibc exports.
#include "counters.h"
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

// Static TLS (this object is linked into the executable), so touching it never allocates.
// Everything the hook writes is thread-local: no call through it touches a cache line that
// another thread writes (an atomic store to one shared flag on every malloc did, while timing).
static __thread int counting;
static __thread int in_blas;
static __thread int hook_seen;
static __thread nnbench_alloc_stats alloc_stats;
static __thread nnbench_kernel_stats kernel_stats;

static inline void count_alloc(size_t size) {
    hook_seen = 1;
    if (counting) {
        if (in_blas) {
            alloc_stats.blas_allocations++;
            alloc_stats.blas_bytes += (int64_t)size;
        } else {
            alloc_stats.allocations++;
            alloc_stats.bytes += (int64_t)size;
        }
    }
}

void *malloc(size_t size) { count_alloc(size); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count_alloc(n * size); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count_alloc(size); return __libc_realloc(p, size); }
void free(void *p) {
    if (p && counting) alloc_stats.frees++;
    __libc_free(p);
}
void *memalign(size_t alignment, size_t size) { count_alloc(size); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count_alloc(size); return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    count_alloc(size);
    void *p = __libc_memalign(alignment, size);
    if (!p && size) return ENOMEM;
    *out = p;
    return 0;
}

void nnbench_alloc_begin(void) {
    alloc_stats = (nnbench_alloc_stats){0, 0, 0, 0, 0};
    counting = 1;
}
nnbench_alloc_stats nnbench_alloc_end(void) {
    counting = 0;
    return alloc_stats;
}
void nnbench_blas_enter(void) { in_blas++; }
void nnbench_blas_exit(void) { in_blas--; }
void nnbench_alloc_clear_seen(void) { hook_seen = 0; }
int nnbench_alloc_seen(void) { return hook_seen; }

void nnbench_count_launch(void) { kernel_stats.kernel_launches++; }
void nnbench_count_flops(int64_t flops) { kernel_stats.flops += flops; }
void nnbench_count_gemm(int64_t flops) { kernel_stats.gemm_calls++; kernel_stats.flops += flops; }
void nnbench_kernel_reset(void) {
    kernel_stats.kernel_launches = 0;
    kernel_stats.gemm_calls = 0;
    kernel_stats.flops = 0;
}
void nnbench_tensor_alloc(int64_t bytes) {
    kernel_stats.live_bytes += bytes;
    if (kernel_stats.live_bytes > kernel_stats.peak_bytes) kernel_stats.peak_bytes = kernel_stats.live_bytes;
}
void nnbench_tensor_free(int64_t bytes) { kernel_stats.live_bytes -= bytes; }
void nnbench_peak_reset(void) { kernel_stats.peak_bytes = kernel_stats.live_bytes; }
nnbench_kernel_stats nnbench_kernel_read(void) { return kernel_stats; }
