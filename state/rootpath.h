/*
 * rootpath.h - paths resolved inside a root folder as if it were "/", and
 * reads and atomic writes of files inside it (an image's tree: nothing
 * in it can make ocmsh read or write outside it).
 *
 * Every component of a relative path is resolved inside root: a symbolic
 * link, absolute or relative, is followed within root and can never lead
 * out of it ("..", at root, stays at root).
 */
#ifndef OCMSH_ROOTPATH_H
#define OCMSH_ROOTPATH_H

#include <stddef.h>

/*
 * Resolves relpath inside root and returns the real path (a string
 * starting with root) of the result, whose last component may not exist
 * yet; NULL with *cause set on error (a loop, a component that is not a
 * folder, more than ATOMIC_MAX_LINKS links).  create_dirs: create missing
 * folders on the way (mode 0755); without it, missing folders are kept
 * by name (and ".." after one goes back up, as it would once it exists).
 * The last component too is followed if it is a symbolic link.
 */
char	*rootpath_resolve(const char *root, const char *relpath,
	    int create_dirs, char **cause);

/*
 * Reads relpath inside root.  Returns 1 and fills *buf (NUL-terminated,
 * caller frees) and *len if it exists, 0 if it or a folder on the way
 * does not exist, -1 with *cause set on error.
 */
int	rootpath_read(const char *root, const char *relpath, char **buf,
	    size_t *len, char **cause);

/*
 * Replaces relpath inside root with buf, as atomic_write() does
 * (state/lockfile.h); missing folders are created (mode 0755).  Returns
 * 0, or -1 with *cause set.
 */
int	rootpath_write(const char *root, const char *relpath,
	    const void *buf, size_t len, char **cause);

#endif
