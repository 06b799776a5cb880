/*
 * rootpath.c - files of an image inside ROOT (see rootpath.h): paths
 * resolved inside a folder as if it were "/", one component at a time
 * with O_PATH folder fds (the image path inside ROOT, then the inner path
 * inside the image), and reads, atomic writes and removals there.
 *
 * The walk is the one mechanism on every kernel: each component is opened
 * with O_NOFOLLOW from the fd of the folder above, a symbolic link is read
 * (never followed by the kernel, so no magic link of /proc works either)
 * and its target spliced into what is left, and ".." pops the walk's own
 * stack of folder fds, which stops at the folder resolved in.  A folder
 * renamed or replaced by a link while it is walked cannot lead out: the
 * fds held are what the walk goes on from.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "state/lockfile.h"
#include "state/rootpath.h"

/* The folders from root down to the current one, during a resolution. */
struct walk {
	int	  rootfd;
	int	 *fds;		/* O_PATH fds; -1: a missing folder */
	char	**names;	/* their names */
	size_t	  n, cap;
};

/* The result of a resolution. */
struct resolved {
	int	 dirfd;		/* folder of name (dup); -1 if it is missing */
	char	*name;		/* last component; NULL: the folder itself */
	char	*real;		/* root + "/" + the real path inside it */
};

/* The fd of the current folder (-1 if it does not exist). */
static int
walk_cur(const struct walk *w)
{
	return w->n ? w->fds[w->n - 1] : w->rootfd;
}

/* Enters the folder name, whose fd is fd (taken; -1 if missing). */
static void
walk_push(struct walk *w, int fd, const char *name)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->fds = xrealloc(w->fds, w->cap * sizeof *w->fds);
		w->names = xrealloc(w->names, w->cap * sizeof *w->names);
	}
	w->fds[w->n] = fd;
	w->names[w->n] = xstrdup(name);
	w->n++;
}

/* Goes up one folder; stays at root. */
static void
walk_pop(struct walk *w)
{
	if (w->n == 0)
		return;
	w->n--;
	if (w->fds[w->n] >= 0)
		close(w->fds[w->n]);
	free(w->names[w->n]);
}

/* Builds root + the folders walked + name. */
static char *
walk_path(const struct walk *w, const char *root, const char *name)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, rl = strlen(root);

	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	sbuf_add(&sb, root, rl);
	for (i = 0; i < w->n; i++) {
		if (sb.len == 0 || sb.buf[sb.len - 1] != '/')
			sbuf_addc(&sb, '/');
		sbuf_adds(&sb, w->names[i]);
	}
	if (name != NULL) {
		if (sb.len == 0 || sb.buf[sb.len - 1] != '/')
			sbuf_addc(&sb, '/');
		sbuf_adds(&sb, name);
	}
	return sbuf_detach(&sb, NULL);
}

/* Ends a walk: closes every folder it holds, root included. */
static void
walk_release(struct walk *w)
{
	while (w->n > 0)
		walk_pop(w);
	free(w->fds);
	free(w->names);
	if (w->rootfd >= 0)
		close(w->rootfd);
}

/* A resolution in progress. */
struct resolver {
	const char	 *root;		/* folder resolved in, for messages */
	const char	 *relpath;
	int		  create_dirs;
	int		  follow_last;	/* follow a final symbolic link */
	struct walk	  w;
	char		 *rest;		/* the path being resolved (owned) */
	char		 *comp;		/* the next component, in rest */
	int		  links;	/* symbolic links followed */
	struct resolved	 *out;
	char		**cause;
};

/* What resolve_step() did. */
enum { STEP_ON, STEP_DONE, STEP_FAIL };

/* Fails with errno's message; closes fd (if >= 0) keeping errno. */
static int
resolve_fail(struct resolver *rs, int fd)
{
	if (fd >= 0) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	*rs->cause = xasprintf("cannot resolve '%s' in '%s': %s",
	    rs->relpath, rs->root, strerror(errno));
	return STEP_FAIL;
}

/* Takes comp, which does not exist: the result if last, else a folder. */
static int
resolve_missing(struct resolver *rs, const char *comp, int last)
{
	if (last) {
		rs->out->name = xstrdup(comp);
		return STEP_DONE;
	}
	walk_push(&rs->w, -1, comp);
	return STEP_ON;
}

/*
 * Follows the symbolic link fd (closed here): its target takes the place
 * of the component, in front of what is left (next, or nothing if last).
 */
static int
resolve_link(struct resolver *rs, int fd, const char *next, int last)
{
	char target[PATH_MAX], *tmp;
	ssize_t n;

	if (++rs->links > ATOMIC_MAX_LINKS) {
		errno = ELOOP;
		return resolve_fail(rs, fd);
	}
	if ((n = readlinkat(fd, "", target, sizeof target - 1)) < 0)
		return resolve_fail(rs, fd);
	close(fd);
	target[n] = '\0';
	if (target[0] == '/')
		while (rs->w.n > 0)
			walk_pop(&rs->w);
	/* Splice the target in front of what is left. */
	tmp = last ? xstrdup(target) : xasprintf("%s/%s", target, next);
	free(rs->rest);
	rs->rest = rs->comp = tmp;
	return STEP_ON;
}

/*
 * Opens comp in the folder cur (O_PATH), creating a missing folder.
 * Returns the fd, -1 (errno set) if it cannot be opened, or -2 (errno
 * set) if it cannot be created.
 */
static int
resolve_open(const struct resolver *rs, int cur, const char *comp, int last)
{
	int fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && !last && rs->create_dirs) {
		if (mkdirat(cur, comp, 0755) != 0 && errno != EEXIST)
			return -2;
		fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	}
	return fd;
}

/* Fails because comp, in the current folder, is not a folder. */
static int
resolve_not_folder(struct resolver *rs, const char *comp)
{
	char *tmp = walk_path(&rs->w, rs->root, comp);

	*rs->cause = xasprintf("cannot resolve '%s' in '%s': '%s' is not a "
	    "folder", rs->relpath, rs->root, tmp);
	free(tmp);
	return STEP_FAIL;
}

/* Resolves the next component of rs->rest. */
static int
resolve_step(struct resolver *rs)
{
	char *comp = rs->comp, *next;
	struct stat st;
	int cur, fd, last;

	while (*comp == '/')
		comp++;
	if (*comp == '\0')
		return STEP_DONE;	/* the result is the current folder */
	next = comp + strcspn(comp, "/");
	/* The last component: not even a "/" follows it. */
	last = *next == '\0';
	if (!last)
		*next++ = '\0';
	rs->comp = next;
	if (strcmp(comp, ".") == 0)
		return STEP_ON;
	if (strcmp(comp, "..") == 0) {
		walk_pop(&rs->w);
		return STEP_ON;
	}
	if ((cur = walk_cur(&rs->w)) < 0)	/* below a missing folder */
		return resolve_missing(rs, comp, last);
	if ((fd = resolve_open(rs, cur, comp, last)) == -2)
		return resolve_fail(rs, -1);
	if (fd < 0 && errno == ENOENT)
		return resolve_missing(rs, comp, last);
	if (fd < 0 || fstat(fd, &st) != 0)
		return resolve_fail(rs, fd);
	if (S_ISLNK(st.st_mode) && (!last || rs->follow_last))
		return resolve_link(rs, fd, next, last);
	if (last) {
		close(fd);
		rs->out->name = xstrdup(comp);
		return STEP_DONE;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		return resolve_not_folder(rs, comp);
	}
	walk_push(&rs->w, fd, comp);
	return STEP_ON;
}

/*
 * Resolves relpath inside the folder rootfd (borrowed; root names it in
 * messages and real paths) as if it were "/" (see rootpath.h), into *out:
 * out->dirfd is the folder holding out->name (NULL when relpath names a
 * folder, which is then out->dirfd itself); -1 when that folder does not
 * exist.  Returns 0, or -1 with *cause set.
 */
static int
resolve_in(int rootfd, const char *root, const char *relpath,
    int create_dirs, int follow_last, struct resolved *out, char **cause)
{
	struct resolver rs = { .root = root, .relpath = relpath,
	    .create_dirs = create_dirs, .follow_last = follow_last,
	    .w = { -1, NULL, NULL, 0, 0 }, .out = out, .cause = cause };
	int step = STEP_ON, cur;

	out->dirfd = -1;
	out->name = NULL;
	out->real = NULL;
	if ((rs.w.rootfd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0)) < 0) {
		*cause = xasprintf("cannot resolve '%s' in '%s': %s", relpath,
		    root, strerror(errno));
		return -1;
	}
	rs.rest = rs.comp = xstrdup(relpath);
	while (step == STEP_ON)
		step = resolve_step(&rs);
	if (step == STEP_DONE) {
		cur = walk_cur(&rs.w);
		if (cur >= 0 &&
		    (out->dirfd = fcntl(cur, F_DUPFD_CLOEXEC, 0)) < 0)
			step = resolve_fail(&rs, -1);
		else
			out->real = walk_path(&rs.w, root, out->name);
	}
	if (step != STEP_DONE)
		FREE_AND_NULL(out->name);
	walk_release(&rs.w);
	free(rs.rest);
	return step == STEP_DONE ? 0 : -1;
}

/* Frees what a resolution holds. */
static void
resolved_release(struct resolved *r)
{
	if (r->dirfd >= 0)
		close(r->dirfd);
	free(r->name);
	free(r->real);
}

/* 1 if path has a ".." component (see rootpath.h). */
int
rootpath_has_dotdot(const char *path)
{
	const char *p = path;

	for (;;) {
		size_t n;

		while (*p == '/')
			p++;
		if (*p == '\0')
			return 0;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
	}
}

/*
 * Opens ROOT (O_PATH): its fd; -2 if it does not exist (create: it is
 * made, with its parents); -1 with *cause on error.
 */
static int
root_open(const char *root, int create, char **cause)
{
	int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && create) {
		if (fs_mkdir_p(root, 0755, cause) != 0)
			return -1;
		fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return -2;
	if (errno == ENOTDIR)
		*cause = xasprintf("root '%s' is not a folder", root);
	else
		*cause = xasprintf("cannot open root '%s': %s", root,
		    strerror(errno));
	return -1;
}

/* Joins a real folder path and a path below it, by name. */
static char *
path_join(const char *dir, const char *rel)
{
	size_t dl = strlen(dir);

	while (*rel == '/')
		rel++;
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (*rel == '\0')
		return xstrndup(dir, dl);
	return xasprintf("%.*s%s%s", (int)dl, dir, dl == 1 && *dir == '/' ?
	    "" : "/", rel);
}

/* What a resolution below ROOT leaves missing: the result, by name. */
static void
resolve_absent(struct resolved *out, const char *dir, const char *inner)
{
	const char *slash = strrchr(inner, '/');

	out->dirfd = -1;
	out->real = path_join(dir, inner);
	out->name = xstrdup(slash ? slash + 1 : inner);
}

/*
 * Resolves inner inside image inside root (see rootpath.h) into *out, as
 * resolve_in() does; out->dirfd is -1 when ROOT, the image or a folder on
 * the way does not exist.  create: ROOT, the image and the folders on the
 * way are created.  Returns 0, or -1 with *cause set.
 */
static int
resolve_image(const char *root, const char *image, const char *inner,
    int create, int follow_last, struct resolved *out, char **cause)
{
	struct resolved img;
	char *rel;
	int rootfd, r;

	if (rootpath_has_dotdot(image)) {
		*cause = xasprintf("image path '%s' holds '..': an image must "
		    "be inside the root '%s'", image, root);
		return -1;
	}
	if ((rootfd = root_open(root, create, cause)) == -1)
		return -1;
	if (rootfd == -2) {
		rel = path_join(root, image);
		resolve_absent(out, rel, inner);
		free(rel);
		return 0;
	}
	/* a trailing "/": every component of the image path is a folder */
	rel = xasprintf("%s/", image);
	r = resolve_in(rootfd, root, rel, create, 1, &img, cause);
	free(rel);
	close(rootfd);
	if (r != 0)
		return -1;
	if (img.dirfd < 0)
		resolve_absent(out, img.real, inner);
	else
		r = resolve_in(img.dirfd, img.real, inner, create, follow_last,
		    out, cause);
	resolved_release(&img);
	return r;
}

/* Resolves inner inside image inside root; the real path (see rootpath.h). */
char *
rootpath_resolve(const char *root, const char *image, const char *inner,
    int create_dirs, char **cause)
{
	struct resolved r;
	char *real;
	int rootfd;

	/* a missing ROOT is an error here: there is nothing to resolve in */
	if ((rootfd = root_open(root, 0, cause)) < 0) {
		if (rootfd == -2)
			*cause = xasprintf("cannot open root '%s': %s", root,
			    strerror(ENOENT));
		return NULL;
	}
	close(rootfd);
	if (resolve_image(root, image, inner, create_dirs, 1, &r, cause) != 0)
		return NULL;
	real = r.real;
	r.real = NULL;
	resolved_release(&r);
	return real;
}

/* Atomically writes inner inside image inside root (see rootpath.h). */
int
rootpath_write(const char *root, const char *image, const char *inner,
    const void *buf, size_t len, char **cause)
{
	struct resolved r;
	int rc;

	if (resolve_image(root, image, inner, 1, 1, &r, cause) != 0)
		return -1;
	if (r.name == NULL || r.dirfd < 0) {
		*cause = xasprintf("cannot write '%s': %s", r.real,
		    r.name == NULL ? "it is a folder" : strerror(ENOENT));
		resolved_release(&r);
		return -1;
	}
	rc = atomic_write_at(r.dirfd, r.real, r.name, buf, len, 0644, cause);
	resolved_release(&r);
	return rc;
}

/* Removes inner + suffix inside image inside root (see rootpath.h). */
int
rootpath_remove(const char *root, const char *image, const char *inner,
    const char *suffix, char **cause)
{
	struct resolved r;
	char *name;
	int rc = 0;

	if (resolve_image(root, image, inner, 0, 1, &r, cause) != 0)
		return -1;
	if (r.name != NULL && r.dirfd >= 0) {
		name = xasprintf("%s%s", r.name, suffix);
		if (unlinkat(r.dirfd, name, 0) != 0 && errno != ENOENT) {
			*cause = xasprintf("cannot remove '%s%s': %s", r.real,
			    suffix, strerror(errno));
			rc = -1;
		}
		free(name);
	}
	resolved_release(&r);
	return rc;
}

/*
 * Opens the file name in the folder dirfd for reading, if it is a regular
 * file: a FIFO is never opened (it could block), a device never read.
 * Returns the fd, -2 if it does not exist, -1 with *cause on error.
 */
static int
open_regular(int dirfd, const char *name, const char *display, char **cause)
{
	struct stat st;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT)
			return -2;
		goto fail;
	}
	if (!S_ISREG(st.st_mode))
		goto notreg;
	/* O_NONBLOCK: what was swapped for a FIFO since still cannot block */
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -2;
	if (fd < 0 || fstat(fd, &st) != 0)
		goto fail;
	if (S_ISREG(st.st_mode))
		return fd;
	close(fd);
notreg:
	*cause = xasprintf("cannot read '%s': %s", display,
	    S_ISDIR(st.st_mode) ? "it is a folder" :
	    "it is not a regular file");
	return -1;
fail:
	*cause = xasprintf("cannot read '%s': %s", display, strerror(errno));
	return -1;
}

/* Reads the open file fd whole into *buf, *len (at most FS_READ_MAX). */
static int
read_whole(int fd, const char *display, char **buf, size_t *len,
    char **cause)
{
	struct sbuf sb = SBUF_INIT;
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("cannot read '%s': %s", display,
			    strerror(errno));
			sbuf_release(&sb);
			return -1;
		}
		if (n == 0)
			break;
		sbuf_add(&sb, chunk, (size_t)n);
		if (sb.len > FS_READ_MAX) {
			*cause = xasprintf("cannot read '%s': it is larger "
			    "than %zu bytes", display, FS_READ_MAX);
			sbuf_release(&sb);
			return -1;
		}
	}
	if (sb.buf == NULL)
		sbuf_add(&sb, "", 0);
	*buf = sbuf_detach(&sb, len);
	return 0;
}

/* Reads inner inside image inside root (see rootpath.h). */
int
rootpath_read(const char *root, const char *image, const char *inner,
    char **buf, size_t *len, char **cause)
{
	struct resolved r;
	int fd, rc;

	*buf = NULL;
	*len = 0;
	if (resolve_image(root, image, inner, 0, 1, &r, cause) != 0)
		return -1;
	if (r.name == NULL) {
		*cause = xasprintf("cannot read '%s': it is a folder", r.real);
		resolved_release(&r);
		return -1;
	}
	if (r.dirfd < 0) {
		resolved_release(&r);
		return 0;
	}
	fd = open_regular(r.dirfd, r.name, r.real, cause);
	if (fd < 0) {
		resolved_release(&r);
		return fd == -2 ? 0 : -1;
	}
	rc = read_whole(fd, r.real, buf, len, cause);
	close(fd);
	resolved_release(&r);
	return rc == 0 ? 1 : -1;
}
