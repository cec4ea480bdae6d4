// Temporary files that a signal must not leave behind.
//
// nnbench writes every file under a temporary name and renames it into place (AtomicFile).
// A SIGINT or SIGTERM inside that window would leave the temporary file. This registry holds
// the paths in flight in static storage; the handler unlinks them with async-signal-safe calls
// only (unlink, sigaction, raise) and then re-raises the signal with its default action, so the
// process still dies of the signal (exit status 130 / 143 in a shell).
#ifndef NNBENCH_TEMPFILES_H
#define NNBENCH_TEMPFILES_H

/// Installs the handlers now (idempotent) and unblocks SIGINT, SIGTERM and SIGHUP on the calling
/// thread: a process started with them blocked (a parent's thread mask is inherited) could
/// otherwise be neither interrupted nor cleaned up. Signals set to be ignored stay ignored.
void nnb_tempfile_install(void);

/// Registers `path` (copied) for removal on SIGINT/SIGTERM; installs the handlers on first use.
/// Returns a slot to pass to nnb_tempfile_forget, or -1 when the path is too long or every slot
/// is in use (the file is then simply not cleaned up by a signal).
int nnb_tempfile_register(const char *path);

/// Forgets a slot returned by nnb_tempfile_register (after the rename or the removal).
void nnb_tempfile_forget(int slot);

/// Renames `from` to `to` only if `to` does not exist (renameat2 RENAME_NOREPLACE, or link +
/// unlink where the file system lacks it). Returns 0, or -1 with errno set (EEXIST: `to` exists).
int nnb_rename_noreplace(const char *from, const char *to);

#endif
