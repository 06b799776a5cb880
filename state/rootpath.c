/*
 * rootpath.c - paths resolved inside a root as if it were "/", one
 * component at a time with O_PATH folder fds, and reads and atomic writes
 * of files inside it (see rootpath.h).
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
	const char	 *root;
	const char	 *relpath;
	int		  create_dirs;
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

/* Resolves the next component of rs->rest. */
static int
resolve_step(struct resolver *rs)
{
	char *comp = rs->comp, *next, *tmp;
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
	if (S_ISLNK(st.st_mode))
		return resolve_link(rs, fd, next, last);
	if (last) {
		close(fd);
		rs->out->name = xstrdup(comp);
		return STEP_DONE;
	}
	if (!S_ISDIR(st.st_mode)) {
		close(fd);
		tmp = walk_path(&rs->w, rs->root, comp);
		*rs->cause = xasprintf("cannot resolve '%s' in '%s': '%s' is "
		    "not a folder", rs->relpath, rs->root, tmp);
		free(tmp);
		return STEP_FAIL;
	}
	walk_push(&rs->w, fd, comp);
	return STEP_ON;
}

/*
 * Resolves relpath inside root as if root were "/" (see rootpath.h),
 * into *out.  Returns 0, or -1 with *cause set.
 */
static int
resolve(const char *root, const char *relpath, int create_dirs,
    struct resolved *out, char **cause)
{
	struct resolver rs = { .root = root, .relpath = relpath,
	    .create_dirs = create_dirs, .w = { -1, NULL, NULL, 0, 0 },
	    .out = out, .cause = cause };
	int step = STEP_ON, cur;

	out->dirfd = -1;
	out->name = NULL;
	out->real = NULL;
	if ((rs.w.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		*cause = xasprintf("cannot open root '%s': %s", root,
		    strerror(errno));
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

/* Resolves relpath inside root; the real path (see rootpath.h). */
char *
rootpath_resolve(const char *root, const char *relpath, int create_dirs,
    char **cause)
{
	struct resolved r;
	char *real;

	if (resolve(root, relpath, create_dirs, &r, cause) != 0)
		return NULL;
	real = r.real;
	r.real = NULL;
	resolved_release(&r);
	return real;
}

/* Atomically writes relpath inside root (see rootpath.h). */
int
rootpath_write(const char *root, const char *relpath, const void *buf,
    size_t len, char **cause)
{
	struct resolved r;
	int rc;

	if (resolve(root, relpath, 1, &r, cause) != 0)
		return -1;
	if (r.name == NULL) {
		*cause = xasprintf("cannot write '%s': it is a folder", r.real);
		resolved_release(&r);
		return -1;
	}
	rc = atomic_write_at(r.dirfd, r.real, r.name, buf, len, 0644, cause);
	resolved_release(&r);
	return rc;
}

/* Reads relpath inside root (see rootpath.h). */
int
rootpath_read(const char *root, const char *relpath, char **buf,
    size_t *len, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	struct resolved r;
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd;

	*buf = NULL;
	*len = 0;
	if (resolve(root, relpath, 0, &r, cause) != 0)
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
	fd = openat(r.dirfd, r.name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		resolved_release(&r);
		return 0;
	}
	if (fd < 0 || fstat(fd, &st) != 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		sbuf_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	resolved_release(&r);
	*buf = sbuf_detach(&sb, len);
	return 1;

fail:
	*cause = xasprintf("cannot read '%s': %s", r.real, strerror(errno));
	if (fd >= 0)
		close(fd);
	sbuf_release(&sb);
	resolved_release(&r);
	return -1;
}
