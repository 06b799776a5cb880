/* fsutil.h - whole-file reads and folder creation. */
#ifndef OCMSH_FSUTIL_H
#define OCMSH_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct sbuf;

/* What fs_read_file reads at most when not told: 256 MiB. */
#define FS_READ_MAX	((size_t)256 << 20)

/*
 * Opens path for reading and returns the descriptor (blocking, close on
 * exec).  Only a regular file or a pipe is opened: a folder ("is a
 * folder, not a file"), a device such as /dev/zero or a socket ("not a
 * regular file") is refused, and a FIFO without a writer reads as empty
 * instead of hanging.  -1 with *cause naming path on error.
 */
int	fs_open_read(const char *path, char **cause);
/* Reads a whole file (as fs_open_read() opens it) into sb; -1 with *cause
 * set on error.  A file larger than limit (0: FS_READ_MAX) is refused:
 * "PATH: file is larger than N bytes". */
int	fs_read_file(struct sbuf *sb, const char *path, size_t limit,
	    char **cause);
/* Creates dir and every missing parent with mode; an existing folder is
 * fine.  Returns 0, or -1 with *cause naming the folder. */
int	fs_mkdir_p(const char *dir, mode_t mode, char **cause);

#endif
