/*
 * lockfile.h - atomic file replacement, advisory locks, and the removal
 * of lock files when the process dies.
 *
 * atomic_write() follows git's lock-file protocol: "<path>.lock" is
 * created with O_CREAT|O_EXCL and is the temporary file; the data is
 * written in full, fsync'ed, the old file's mode and owner are copied (or
 * mode 0644 for a new file; 0600 if the caller asks), it is renamed over
 * path, and the folder is fsync'ed.  On any failure the lock file is
 * removed and path is untouched.  Lock files still present are removed at
 * exit and on SIGINT/SIGTERM/SIGHUP (atomic_cleanup_install()).
 *
 * Callers serialise writers with atomic_lock() on the state, so a
 * "<path>.lock" that already exists was left by a killed process:
 * atomic_write() removes it and takes the lock file again with O_EXCL.
 */
#ifndef OCMSH_LOCKFILE_H
#define OCMSH_LOCKFILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Replaces path with buf.  If path is a symbolic link, the file it points
 * to is replaced (as git does), and the link stays.  Returns 0, or -1 with
 * *cause set.  A failure to fsync the folder after the rename is reported
 * too, although path then already holds the new data.
 */
int	atomic_write(const char *path, const void *buf, size_t len,
	    char **cause);
/* Like atomic_write(); a new file gets mode (e.g. 0600) instead of 0644. */
int	atomic_write_mode(const char *path, const void *buf, size_t len,
	    mode_t mode, char **cause);

/*
 * Like atomic_write(), for the file name (one component) in the folder
 * dirfd, which is not followed if it is a symbolic link: it must be a
 * regular file or missing.  display is its path for messages; a new file
 * gets newmode.  Returns 0, or -1 with *cause set.
 */
int	atomic_write_at(int dirfd, const char *display, const char *name,
	    const void *buf, size_t len, mode_t newmode, char **cause);

/* Symbolic links followed per path, here and in state/rootpath.c. */
#define ATOMIC_MAX_LINKS	40

/*
 * The file path names, with every symbolic link followed: the real path
 * of its folder (realpath(3): links, ".", ".." and repeated slashes
 * resolved) and its name, a final symbolic link followed too, also when
 * it dangles (its target is the file a write creates).  Every spelling
 * of one file (a link to it, "./f", "dir/../f", a link in another
 * folder) gives the same string, so that what is named after it (the
 * lock of atomic_lock(), the temporary file of atomic_write(), the
 * companions of the state) is one for all.  A bind mount of the folder
 * gives another string for the same folder; the names made from it are
 * then the same files all the same.  Returns a new string, or NULL with
 * *cause set (the folder does not exist, a loop, "it is a folder").
 */
char	*atomic_real_path(const char *path, char **cause);

/* Installs the exit and signal handlers that remove leftover lock files. */
void	atomic_cleanup_install(void);

/*
 * An exclusive advisory lock (flock) on a lock file next to the state,
 * "<path>.lck"; blocks until it is free.  Returns an fd >= 0, or -1 with
 * *cause set.  atomic_unlock() closes it.  A lock held by a killed process
 * is released by the kernel, so a crash never leaves a stale lock.  The
 * ".lck" file itself is never removed (removing it would race).
 */
int	atomic_lock(const char *path, char **cause);
void	atomic_unlock(int fd);

/*
 * Fault injection for tests (compiled in with --enable-fault-injection):
 * OCMSH_FAULT="kill:N" SIGKILLs the process at the N-th step (each write
 * call, the fsync of the file, the rename and the fsync of the folder
 * count one step each, numbered from 1 for the life of the process);
 * OCMSH_FAULT="enospc:N" / "eio:N" make the N-th step fail with ENOSPC /
 * EIO; "short:N" makes the N-th step, if a write, write only half of
 * what it was asked (atomic_write() then writes the rest).  The variable
 * is read once.  atomic_fault_step() is called at each step, what naming
 * it ("write", "fsync", "rename", "fsync-folder"); it returns 0 to go on,
 * -1 with *err set to fail the step, 1 to shorten a write.  Without the
 * option (the macro OCMSH_FAULT_INJECTION), it does nothing and returns 0.
 */
int	atomic_fault_step(const char *what, int *err);

#endif
