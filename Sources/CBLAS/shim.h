// OpenBLAS's CBLAS interface plus the runtime queries nnbench records in every result, and
// thread placement (OpenBLAS's threads and the calling thread pinned to CPUs).
#define _GNU_SOURCE
#include <sched.h>
#include <pthread.h>
#include <cblas.h>

/// Pins OpenBLAS thread `idx` (0 … threads-2: its workers; threads-1: the calling thread) to `cpu`.
static inline int nnb_openblas_pin(int idx, int cpu) {
    cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
    return openblas_setaffinity(idx, sizeof(set), &set);
}

/// Pins the calling thread to `cpu`.
static inline int nnb_pin_current_thread(int cpu) {
    cpu_set_t set; CPU_ZERO(&set); CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/// The CPUs the calling process may run on.
static inline int nnb_allowed_cpus(void) {
    cpu_set_t set; CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    return CPU_COUNT(&set);
}

/// The n-th (0-based) CPU the calling thread may run on, or -1.
static inline int nnb_allowed_cpu(int n) {
    cpu_set_t set; CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    for (int c = 0; c < CPU_SETSIZE; c++) if (CPU_ISSET(c, &set) && n-- == 0) return c;
    return -1;
}
