/*
 * atomic.c - atomic file replacement (git's lock-file protocol), paths
 * resolved inside a root as if it were "/", advisory locks, and the
 * fault-injection hooks the tests use.
 *
 * Stale lock files: "<path>.lock" is only ever created by atomic_write()
 * while the caller holds atomic_lock() on the state (one writer at a
 * time), so a "<path>.lock" found on entry was left by a process that was
 * killed before its cleanup ran.  atomic_write() removes it and creates
 * its own with O_EXCL again; a second clash is reported as an error.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state/atomic.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"

#define MAX_LINKS	40	/* symbolic links followed per resolution */
#define LOCK_SUFFIX	".lock"

/* A lock file that exists now and must go if the process dies. */
struct lockslot {
	volatile sig_atomic_t	live;	/* set last, cleared first */
	pid_t			pid;	/* creator: a forked child leaves it */
	int			dirfd;	/* folder holding it */
	char			name[NAME_MAX + 1];
};

static struct lockslot lockslots[8];
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old_actions[ARRAY_SIZE(cleanup_signals)];

/* Removes the live lock files created by this process. */
static void
remove_live_locks(void)
{
	pid_t me = getpid();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lockslots); i++) {
		if (lockslots[i].live && lockslots[i].pid == me) {
			unlinkat(lockslots[i].dirfd, lockslots[i].name, 0);
			lockslots[i].live = 0;
		}
	}
}

/*
 * Signal handler (async-signal-safe): a handler installed before ours is
 * called instead, as the process goes on; otherwise remove the live lock
 * files and die of the signal.
 */
static void
on_signal(int sig, siginfo_t *info, void *uc)
{
	struct sigaction *old = NULL;
	int saved = errno;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		if (cleanup_signals[i] == sig)
			old = &old_actions[i];
	if (old != NULL && (old->sa_flags & SA_SIGINFO)) {
		old->sa_sigaction(sig, info, uc);
		errno = saved;
		return;
	}
	if (old != NULL && old->sa_handler != SIG_DFL &&
	    old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		errno = saved;
		return;
	}
	remove_live_locks();
	signal(sig, SIG_DFL);
	raise(sig);	/* delivered once the handler returns */
	errno = saved;
}

/* Installs the exit and signal handlers that remove leftover lock files. */
void
atomic_cleanup_install(void)
{
	static int installed;
	struct sigaction sa, cur;
	size_t i;

	if (installed)
		return;
	installed = 1;
	atexit(remove_live_locks);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++) {
		if (sigaction(cleanup_signals[i], NULL, &cur) != 0)
			continue;
		if (!(cur.sa_flags & SA_SIGINFO) && cur.sa_handler == SIG_IGN)
			continue;	/* nohup and friends: leave it ignored */
		old_actions[i] = cur;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

/* Registers the lock file name in dirfd; returns its slot or NULL. */
static struct lockslot *
lockslot_add(int dirfd, const char *name)
{
	size_t i;

	if (strlen(name) > NAME_MAX)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(lockslots); i++) {
		if (lockslots[i].live)
			continue;
		lockslots[i].pid = getpid();
		lockslots[i].dirfd = dirfd;
		strcpy(lockslots[i].name, name);
		atomic_signal_fence(memory_order_seq_cst);
		lockslots[i].live = 1;
		return &lockslots[i];
	}
	return NULL;
}

/* Forgets a registered lock file. */
static void
lockslot_remove(struct lockslot *slot)
{
	if (slot != NULL)
		slot->live = 0;
	atomic_signal_fence(memory_order_seq_cst);
}

/*
 * One step of atomic_write(): with fault injection compiled in, acts on
 * OCMSH_FAULT ("kill:N", "enospc:N", "eio:N", "short:N"; parsed once) at
 * the N-th step.  Returns 0 to go on, -1 with *err set to fail the step,
 * 1 to make a write short (other steps ignore it); "kill" does not return.
 */
int
atomic_fault_step(const char *what, int *err)
{
#ifdef OCMSH_FAULT_INJECTION
	static int parsed;
	static char kind[16];
	static long target, count;
	const char *env, *colon;
	char *end;

	(void)what;
	if (!parsed) {
		parsed = 1;
		env = getenv("OCMSH_FAULT");
		if (env != NULL && (colon = strchr(env, ':')) != NULL &&
		    (size_t)(colon - env) < sizeof kind) {
			memcpy(kind, env, (size_t)(colon - env));
			kind[colon - env] = '\0';
			target = strtol(colon + 1, &end, 10);
			if (*end != '\0' || end == colon + 1)
				target = 0;
		}
	}
	if (target <= 0 || ++count != target)
		return 0;
	if (strcmp(kind, "kill") == 0) {
		kill(getpid(), SIGKILL);
		pause();
	}
	if (strcmp(kind, "enospc") == 0) {
		*err = ENOSPC;
		return -1;
	}
	if (strcmp(kind, "eio") == 0) {
		*err = EIO;
		return -1;
	}
	if (strcmp(kind, "short") == 0)
		return 1;
	return 0;
#else
	(void)what;
	(void)err;
	return 0;
#endif
}

/* Writes all of buf to fd, through short writes and EINTR; -1, *err. */
static int
write_all(int fd, const char *buf, size_t len, int *err)
{
	ssize_t n;
	size_t want;
	int f;

	while (len > 0) {
		want = len;
		if ((f = atomic_fault_step("write", err)) < 0)
			return -1;
		if (f > 0 && want > 1)
			want /= 2;
		n = write(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			return -1;
		}
		if (n == 0) {
			*err = ENOSPC;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Runs a fault step, then fsync(fd); -1 with *err on failure. */
static int
sync_fd(int fd, const char *what, int *err)
{
	if (atomic_fault_step(what, err) < 0)
		return -1;
	if (fsync(fd) != 0) {
		*err = errno;
		return -1;
	}
	return 0;
}

/*
 * Replaces the file name in the folder dirfd with buf, by the lock-file
 * protocol; display is the path used in messages.  newmode is the mode of
 * a file that does not exist yet.  Returns 0, or -1 with *cause set.
 */
static int
write_at(int dirfd, const char *display, const char *name, const void *buf,
    size_t len, mode_t newmode, char **cause)
{
	struct lockslot *slot = NULL;
	struct stat st;
	char *lock;
	int fd = -1, dfd, exists, err = 0, tries;

	lock = xasprintf("%s%s", name, LOCK_SUFFIX);
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		exists = 1;
	else if (errno == ENOENT)
		exists = 0;
	else {
		*cause = xasprintf("cannot write '%s': %s", display,
		    strerror(errno));
		free(lock);
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		*cause = xasprintf("cannot write '%s': %s", display,
		    S_ISDIR(st.st_mode) ? "it is a folder" :
		    "it is not a regular file");
		free(lock);
		return -1;
	}

	/* Registered first, so that a signal right after the creation
	 * still finds it (unlinking a file not yet made is harmless). */
	slot = lockslot_add(dirfd, lock);
	for (tries = 0; tries < 2; tries++) {
		fd = openat(dirfd, lock, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || (err = errno) != EEXIST)
			break;
		/* A stale lock file from a killed process: see the top. */
		unlinkat(dirfd, lock, 0);
	}
	if (fd < 0) {
		lockslot_remove(slot);
		*cause = xasprintf("cannot create '%s%s': %s", display,
		    LOCK_SUFFIX, strerror(err));
		free(lock);
		return -1;
	}

	/* Owner first: chown may clear the set-id bits that chmod sets. */
	if (exists && fchown(fd, st.st_uid, st.st_gid) != 0 &&
	    errno != EPERM) {
		err = errno;
		goto fail;
	}
	if (fchmod(fd, exists ? st.st_mode & 07777 : newmode) != 0) {
		err = errno;
		goto fail;
	}
	if (write_all(fd, buf, len, &err) != 0)
		goto fail;
	if (sync_fd(fd, "fsync", &err) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto fail;
	}
	fd = -1;
	if (atomic_fault_step("rename", &err) < 0)
		goto fail;
	if (renameat(dirfd, lock, dirfd, name) != 0) {
		err = errno;
		goto fail;
	}
	lockslot_remove(slot);
	free(lock);

	/* The data is in place; make the rename itself durable. */
	dfd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || sync_fd(dfd, "fsync-folder", &err) != 0) {
		if (dfd < 0)
			err = errno;
		else
			close(dfd);
		*cause = xasprintf("cannot sync the folder of '%s' after "
		    "replacing it: %s", display, strerror(err));
		return -1;
	}
	close(dfd);
	return 0;

fail:
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, lock, 0);
	lockslot_remove(slot);
	free(lock);
	*cause = xasprintf("cannot write '%s': %s", display, strerror(err));
	return -1;
}

/* Replaces path with buf, a new file getting mode (see atomic.h). */
int
atomic_write_mode(const char *path, const void *buf, size_t len,
    mode_t mode, char **cause)
{
	char *cur = xstrdup(path), *slash, *dir, *next;
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int links = 0, dirfd, rc;

	/* A symbolic link is followed, so that its target is replaced. */
	while (lstat(cur, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (++links > MAX_LINKS) {
			*cause = xasprintf("cannot write '%s': %s", path,
			    strerror(ELOOP));
			free(cur);
			return -1;
		}
		if ((n = readlink(cur, target, sizeof target - 1)) < 0) {
			*cause = xasprintf("cannot write '%s': %s", path,
			    strerror(errno));
			free(cur);
			return -1;
		}
		target[n] = '\0';
		if (target[0] == '/' || (slash = strrchr(cur, '/')) == NULL)
			next = xstrdup(target);
		else
			next = xasprintf("%.*s/%s", (int)(slash - cur), cur,
			    target);
		free(cur);
		cur = next;
	}

	slash = strrchr(cur, '/');
	if (slash != NULL && slash[1] == '\0') {
		*cause = xasprintf("cannot write '%s': it is a folder", path);
		free(cur);
		return -1;
	}
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == cur)
		dir = xstrdup("/");
	else
		dir = xstrndup(cur, (size_t)(slash - cur));
	if ((dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		*cause = xasprintf("cannot write '%s': %s: %s", path, dir,
		    strerror(errno));
		free(dir);
		free(cur);
		return -1;
	}
	rc = write_at(dirfd, cur, slash ? slash + 1 : cur, buf, len, mode,
	    cause);
	close(dirfd);
	free(dir);
	free(cur);
	return rc;
}

/* Replaces path with buf (see atomic.h). */
int
atomic_write(const char *path, const void *buf, size_t len, char **cause)
{
	return atomic_write_mode(path, buf, len, 0644, cause);
}

/* The folders from root down to the current one, during a resolution. */
struct walk {
	int	  rootfd;
	int	 *fds;		/* O_PATH fds; -1: a folder that does not exist */
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

/*
 * Resolves relpath inside root as if root were "/" (see atomic.h), into
 * *out.  Returns 0, or -1 with *cause set.
 */
static int
resolve_in(const char *root, const char *relpath, int create_dirs,
    struct resolved *out, char **cause)
{
	struct walk w = { -1, NULL, NULL, 0, 0 };
	char *rest, *comp, *next, *tmp;
	char target[PATH_MAX];
	struct stat st;
	int links = 0, fd, cur, last, rc = -1;
	ssize_t n;

	out->dirfd = -1;
	out->name = NULL;
	out->real = NULL;
	if ((w.rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		*cause = xasprintf("cannot open root '%s': %s", root,
		    strerror(errno));
		return -1;
	}
	rest = xstrdup(relpath);
	comp = rest;
	for (;;) {
		while (*comp == '/')
			comp++;
		if (*comp == '\0') {
			/* Nothing left: the result is the current folder. */
			break;
		}
		next = comp + strcspn(comp, "/");
		/* The last component: not even a "/" follows it. */
		last = *next == '\0';
		if (!last)
			*next++ = '\0';
		if (strcmp(comp, ".") == 0) {
			comp = next;
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			walk_pop(&w);
			comp = next;
			continue;
		}
		cur = walk_cur(&w);
		if (cur < 0) {
			/* Below a folder that does not exist. */
			if (last) {
				out->name = xstrdup(comp);
				break;
			}
			walk_push(&w, -1, comp);
			comp = next;
			continue;
		}
		fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT && !last && create_dirs) {
			if (mkdirat(cur, comp, 0755) != 0 && errno != EEXIST)
				goto syserr;
			fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd < 0 && errno == ENOENT) {
			if (last) {
				out->name = xstrdup(comp);
				break;
			}
			walk_push(&w, -1, comp);
			comp = next;
			continue;
		}
		if (fd < 0 || fstat(fd, &st) != 0)
			goto syserr_fd;
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_LINKS) {
				errno = ELOOP;
				goto syserr_fd;
			}
			n = readlinkat(fd, "", target, sizeof target - 1);
			if (n < 0)
				goto syserr_fd;
			close(fd);
			target[n] = '\0';
			if (target[0] == '/')
				while (w.n > 0)
					walk_pop(&w);
			/* Splice the target in front of what is left. */
			tmp = last ? xstrdup(target) :
			    xasprintf("%s/%s", target, next);
			free(rest);
			rest = comp = tmp;
			continue;
		}
		if (last) {
			close(fd);
			out->name = xstrdup(comp);
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			tmp = walk_path(&w, root, comp);
			*cause = xasprintf("cannot resolve '%s' in '%s': '%s' "
			    "is not a folder", relpath, root, tmp);
			free(tmp);
			goto out;
		}
		walk_push(&w, fd, comp);
		comp = next;
	}
	cur = walk_cur(&w);
	if (cur >= 0 && (out->dirfd = fcntl(cur, F_DUPFD_CLOEXEC, 0)) < 0)
		goto syserr;
	out->real = walk_path(&w, root, out->name);
	rc = 0;
	goto out;

syserr_fd:
	if (fd >= 0) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
syserr:
	*cause = xasprintf("cannot resolve '%s' in '%s': %s", relpath, root,
	    strerror(errno));
out:
	if (rc != 0)
		FREE_AND_NULL(out->name);
	while (w.n > 0)
		walk_pop(&w);
	free(w.fds);
	free(w.names);
	close(w.rootfd);
	free(rest);
	return rc;
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

/* Resolves relpath inside root and returns the real path (see atomic.h). */
char *
path_resolve_in(const char *root, const char *relpath, int create_dirs,
    char **cause)
{
	struct resolved r;
	char *real;

	if (resolve_in(root, relpath, create_dirs, &r, cause) != 0)
		return NULL;
	real = r.real;
	r.real = NULL;
	resolved_release(&r);
	return real;
}


/* Atomically writes relpath inside root (see atomic.h). */
int
atomic_write_in(const char *root, const char *relpath, const void *buf,
    size_t len, char **cause)
{
	struct resolved r;
	int rc;

	if (resolve_in(root, relpath, 1, &r, cause) != 0)
		return -1;
	if (r.name == NULL) {
		*cause = xasprintf("cannot write '%s': it is a folder", r.real);
		resolved_release(&r);
		return -1;
	}
	rc = write_at(r.dirfd, r.real, r.name, buf, len, 0644, cause);
	resolved_release(&r);
	return rc;
}

/* Reads relpath inside root (see atomic.h). */
int
read_file_in(const char *root, const char *relpath, char **buf,
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
	if (resolve_in(root, relpath, 0, &r, cause) != 0)
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

/* Takes an exclusive flock on "<path>.lck", waiting for it (see atomic.h). */
int
atomic_lock(const char *path, char **cause)
{
	char *lck = xasprintf("%s.lck", path);
	int fd;

	if ((fd = open(lck, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		*cause = xasprintf("cannot open lock '%s': %s", lck,
		    strerror(errno));
		free(lck);
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		*cause = xasprintf("cannot lock '%s': %s", lck,
		    strerror(errno));
		close(fd);
		free(lck);
		return -1;
	}
	free(lck);
	return fd;
}

/* Releases a lock taken by atomic_lock(). */
void
atomic_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
