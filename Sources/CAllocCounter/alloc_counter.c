// See include/alloc_counter.h. glibc only: forwards to the __libc_* symbols glibc exports.
#include "alloc_counter.h"
#include <stdatomic.h>
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static _Atomic int counting = 0;
static _Atomic int64_t n_alloc = 0;
static _Atomic int64_t n_bytes = 0;
static _Atomic int64_t n_free = 0;
static _Atomic int hook_seen = 0;

static inline void count_alloc(size_t size) {
    atomic_store_explicit(&hook_seen, 1, memory_order_relaxed);
    if (atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&n_alloc, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&n_bytes, (int64_t)size, memory_order_relaxed);
    }
}

void *malloc(size_t size) { count_alloc(size); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count_alloc(n * size); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count_alloc(size); return __libc_realloc(p, size); }
void free(void *p) {
    if (p && atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add_explicit(&n_free, 1, memory_order_relaxed);
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

void nnbench_alloc_enable(void) { atomic_store(&counting, 1); }
void nnbench_alloc_disable(void) { atomic_store(&counting, 0); }
void nnbench_alloc_reset(void) { atomic_store(&n_alloc, 0); atomic_store(&n_bytes, 0); atomic_store(&n_free, 0); }
nnbench_alloc_stats nnbench_alloc_read(void) {
    nnbench_alloc_stats s = { atomic_load(&n_alloc), atomic_load(&n_bytes), atomic_load(&n_free) };
    return s;
}
void nnbench_alloc_clear_seen(void) { atomic_store(&hook_seen, 0); }
int nnbench_alloc_seen(void) { return atomic_load(&hook_seen); }
