#define _GNU_SOURCE
#include "tempfiles.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

// MARK: - Static storage: the handler may run at any moment, so nothing here is allocated.

enum { SLOTS = 64, PATH_BYTES = 4096 };

static char paths[SLOTS][PATH_BYTES];
/// 0 = free, 1 = being filled or emptied (the handler skips it), 2 = holds a path to remove.
static atomic_int state[SLOTS];
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void on_signal(int sig) {
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&state[i]) == 2) unlink(paths[i]);
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);   // delivered when the handler returns: the process ends as the signal says
}

static void install(void) {
    int signals[] = {SIGINT, SIGTERM, SIGHUP};
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaddset(&set, signals[i]);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) != 0) continue;
        if (old.sa_handler == SIG_IGN) continue;   // keep `nohup` and friends working
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[i], &sa, NULL);
    }
}

void nnb_tempfile_install(void) { pthread_once(&installed, install); }

int nnb_tempfile_register(const char *path) {
    pthread_once(&installed, install);
    size_t n = strlen(path);
    if (n >= PATH_BYTES) return -1;
    for (int i = 0; i < SLOTS; i++) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&state[i], &expected, 1)) {
            memcpy(paths[i], path, n + 1);
            atomic_store(&state[i], 2);
            return i;
        }
    }
    return -1;
}

void nnb_tempfile_forget(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    atomic_store(&state[slot], 1);
    paths[slot][0] = 0;
    atomic_store(&state[slot], 0);
}

// MARK: - Create-if-absent rename

int nnb_rename_noreplace(const char *from, const char *to) {
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 1 /* RENAME_NOREPLACE */) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
#endif
    // link() fails with EEXIST when `to` exists: the same guarantee, in two steps.
    if (link(from, to) != 0) return -1;
    unlink(from);
    return 0;
}
