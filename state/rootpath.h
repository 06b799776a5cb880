/*
 * rootpath.h - files of a software image, found inside the root folder
 * (-r ROOT) and inside the image's tree, and read and written there so
 * that nothing can make ocmsh read or write outside ROOT.
 *
 * A file is named by three parts: ROOT (a folder, opened as the caller
 * names it), the image path (as the state holds it, e.g.
 * /cm/images/default-image) and the path inside the image
 * (/etc/nova/nova.conf).  The image path is resolved inside ROOT as if
 * ROOT were "/", and the inner path inside the image's tree as if the
 * tree were "/": one component at a time from a descriptor of the folder
 * above, never following a symbolic link by the kernel.  A symbolic link
 * on the way, absolute or relative, is followed within the folder it is
 * resolved in (ROOT, or the image tree) and can never lead out of it
 * ("..", at that folder, stays there).  An image path that holds a ".."
 * component is refused outright: it names a place above ROOT.
 */
#ifndef OCMSH_ROOTPATH_H
#define OCMSH_ROOTPATH_H

#include <stddef.h>

/* 1 if path has a ".." component ("/../x", "a/..", ".."). */
int	rootpath_has_dotdot(const char *path);

/*
 * Resolves inner inside image inside root and returns the real path (a
 * string starting with root) of the result, whose last component may
 * not exist yet; NULL with *cause set on error (ROOT missing or not a
 * folder, ".." in image, a loop, a component that is not a folder, more
 * than ATOMIC_MAX_LINKS links).  create_dirs: create missing folders on
 * the way (mode 0755); without it, missing folders are kept by name (and
 * ".." after one goes back up, as it would once it exists).  The last
 * component too is followed if it is a symbolic link.
 */
char	*rootpath_resolve(const char *root, const char *image,
	    const char *inner, int create_dirs, char **cause);

/*
 * Reads inner inside image inside root.  Returns 1 and fills *buf
 * (NUL-terminated, caller frees) and *len if it exists, 0 if it, a
 * folder on the way, the image or ROOT does not exist, -1 with *cause
 * set on error: ROOT that is not a folder ("root 'X' is not a folder"),
 * ".." in image, a folder, anything else that is not a regular file (a
 * FIFO is refused, never opened for reading), a file over FS_READ_MAX.
 */
int	rootpath_read(const char *root, const char *image, const char *inner,
	    char **buf, size_t *len, char **cause);

/*
 * Replaces inner inside image inside root with buf, as atomic_write()
 * does (state/lockfile.h); ROOT (with its parents) and the missing
 * folders inside it are created (mode 0755).  Returns 0, or -1 with
 * *cause set.
 */
int	rootpath_write(const char *root, const char *image, const char *inner,
	    const void *buf, size_t len, char **cause);

/*
 * Removes the file inner + suffix (suffix "" or e.g. ".lock") inside
 * image inside root, where inner is resolved as rootpath_write() resolves
 * it (a final symbolic link followed); the file named by suffix is
 * removed itself, never followed.  A file that does not exist is fine.
 * Returns 0, or -1 with *cause set.
 */
int	rootpath_remove(const char *root, const char *image, const char *inner,
	    const char *suffix, char **cause);

#endif
