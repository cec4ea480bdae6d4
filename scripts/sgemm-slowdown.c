// A slowdown injected into nnbench without touching its code: an LD_PRELOAD shim that wraps
// OpenBLAS's cblas_sgemm. Built by scripts/detection-power (and the instruction-count test) with
//     gcc -O2 -shared -fPIC -o sgemm-slowdown.so sgemm-slowdown.c -ldl
//
// NNBENCH_SGEMM_DELAY=<fraction>  after each call, busy-wait <fraction> of the call's own
//                                 measured duration (0.10: every sgemm call takes 10% longer).
// NNBENCH_SGEMM_EXTRA=<fraction>  after each call, run a plain loop of <fraction> * M*N*K / 16
//                                 iterations (6 instructions each): extra work proportional to the
//                                 call's, deterministic, so it shows in instruction counts; 0.02
//                                 adds about 2% to an MLP step's count (measured: see the test
//                                 InstructionCountEndToEndTests).
// Both unset: a pass-through (the call costs one indirect jump more).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);

static sgemm_fn real_sgemm;
static double delay_fraction, extra_fraction;
static volatile unsigned long sink;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

__attribute__((constructor)) static void setup(void) {
    real_sgemm = (sgemm_fn)dlsym(RTLD_NEXT, "cblas_sgemm");
    const char *d = getenv("NNBENCH_SGEMM_DELAY"), *e = getenv("NNBENCH_SGEMM_EXTRA");
    delay_fraction = d ? atof(d) : 0;
    extra_fraction = e ? atof(e) : 0;
}

// The CBLAS enums are ints in every ABI OpenBLAS supports: 101 = row major.
void cblas_sgemm(int order, int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                 const float *B, int ldb, float beta, float *C, int ldc) {
    double t0 = delay_fraction > 0 ? seconds() : 0;
    real_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    if (extra_fraction > 0) {
        long n = (long)(extra_fraction * (double)M * (double)N * (double)K / 16);
        for (long i = 0; i < n; i++) sink += (unsigned long)i;
    }
    if (delay_fraction > 0) {
        double t1 = seconds(), until = t1 + delay_fraction * (t1 - t0);
        while (seconds() < until) { }
    }
}
