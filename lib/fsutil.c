/* fsutil.c - whole-file reads and folder creation. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"

/* Opens path for reading, refusing what is no file (see fsutil.h). */
int
fs_open_read(const char *path, char **cause)
{
	struct stat sb;
	int fd;

	/* O_NONBLOCK: opening a FIFO that has no writer must not hang. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(sb.st_mode) || !(S_ISREG(sb.st_mode) ||
	    S_ISFIFO(sb.st_mode))) {
		*cause = xasprintf("%s: %s", path, S_ISDIR(sb.st_mode) ?
		    "is a folder, not a file" : "not a regular file");
		close(fd);
		return -1;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads a whole file into sb (see fsutil.h). */
int
fs_read_file(struct sbuf *sb, const char *path, size_t limit, char **cause)
{
	char buf[65536];
	ssize_t n;
	int fd;

	if (limit == 0)
		limit = FS_READ_MAX;
	if ((fd = fs_open_read(path, cause)) < 0)
		return -1;
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		sbuf_add(sb, buf, (size_t)n);
		if (sb->len > limit) {
			*cause = xasprintf("%s: file is larger than %zu bytes",
			    path, limit);
			close(fd);
			return -1;
		}
	}
	close(fd);
	if (sb->buf == NULL)
		sbuf_add(sb, "", 0);
	return 0;
}

/* Creates dir and its parents (see fsutil.h). */
int
fs_mkdir_p(const char *dir, mode_t mode, char **cause)
{
	char *d = xstrdup(dir);

	for (char *p = d + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(d, mode) != 0 && errno != EEXIST) {
			*cause = xasprintf("cannot create '%s': %s", d,
			    strerror(errno));
			free(d);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(d);
	return 0;
}
