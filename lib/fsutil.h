/* fsutil.h - whole-file reads and folder creation. */
#ifndef OCMSH_FSUTIL_H
#define OCMSH_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

struct sbuf;

/* Reads a whole file into sb; -1 with *cause set on error.  Limit 0 =
 * none; a larger file is refused. */
int	fs_read_file(struct sbuf *sb, const char *path, size_t limit,
	    char **cause);
/* Creates dir and every missing parent with mode; an existing folder is
 * fine.  Returns 0, or -1 with *cause naming the folder. */
int	fs_mkdir_p(const char *dir, mode_t mode, char **cause);

#endif
