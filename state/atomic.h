/*
 * atomic.h - atomic file replacement and writes confined to a root.
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
#ifndef OCMSH_ATOMIC_H
#define OCMSH_ATOMIC_H

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
 * Like atomic_write(), for the file relpath inside the tree root: every
 * component of relpath is resolved inside root as if root were "/"; a
 * symbolic link, absolute or relative, is followed within root and can
 * never lead out of it ("..", at root, stays at root).  Missing folders
 * are created (mode 0755).  Returns 0, or -1 with *cause set.
 */
int	atomic_write_in(const char *root, const char *relpath,
	    const void *buf, size_t len, char **cause);

/*
 * Reads relpath inside root with the same containment.  Returns 1 and
 * fills *buf (NUL-terminated, caller frees) and *len if it exists, 0 if
 * it or a folder on the way does not exist, -1 with *cause set on error.
 */
int	read_file_in(const char *root, const char *relpath, char **buf,
	    size_t *len, char **cause);

/*
 * Resolves relpath inside root as above and returns the real path
 * (a string starting with root) of the result, whose last component may
 * not exist yet; NULL with *cause set on error (a loop, a component that
 * is not a folder, more than 40 links).  create_dirs: create missing
 * folders on the way; without it, missing folders are kept by name (and
 * ".." after one goes back up, as it would once it exists).  The last
 * component too is followed if it is a symbolic link.
 */
char	*path_resolve_in(const char *root, const char *relpath,
	    int create_dirs, char **cause);

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
