/*
 * lockfile.c - atomic file replacement (git's lock-file protocol), the
 * removal of lock files on exit and on signals, advisory locks, and the
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

#include "lib/xalloc.h"
#include "state/lockfile.h"

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
			continue;	/* nohup and the like: keep ignoring */
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

/* One atomic_write_at() in progress. */
struct lockwrite {
	int		 dirfd;
	const char	*display;	/* the path, for messages */
	const char	*name;		/* the file, in dirfd */
	char		*lock;		/* name + LOCK_SUFFIX */
	struct lockslot	*slot;		/* its cleanup registration */
	struct stat	 st;		/* of name, when it exists */
	int		 exists;
	int		 fd;		/* the open lock file, or -1 */
};

/*
 * Checks that the file is a regular file or missing, and creates its
 * lock file (registered for cleanup).  Returns 0, or -1 with *cause set
 * and nothing left behind.
 */
static int
lock_open(struct lockwrite *lw, char **cause)
{
	int tries, err = 0;

	if (fstatat(lw->dirfd, lw->name, &lw->st, AT_SYMLINK_NOFOLLOW) == 0)
		lw->exists = 1;
	else if (errno == ENOENT)
		lw->exists = 0;
	else {
		*cause = xasprintf("cannot write '%s': %s", lw->display,
		    strerror(errno));
		return -1;
	}
	if (lw->exists && !S_ISREG(lw->st.st_mode)) {
		*cause = xasprintf("cannot write '%s': %s", lw->display,
		    S_ISDIR(lw->st.st_mode) ? "it is a folder" :
		    "it is not a regular file");
		return -1;
	}

	/* Registered first, so that a signal right after the creation
	 * still finds it (unlinking a file not yet made is harmless). */
	lw->slot = lockslot_add(lw->dirfd, lw->lock);
	for (tries = 0; tries < 2; tries++) {
		lw->fd = openat(lw->dirfd, lw->lock, O_WRONLY | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (lw->fd >= 0 || (err = errno) != EEXIST)
			break;
		/* A stale lock file from a killed process: see the top. */
		unlinkat(lw->dirfd, lw->lock, 0);
	}
	if (lw->fd < 0) {
		lockslot_remove(lw->slot);
		*cause = xasprintf("cannot create '%s%s': %s", lw->display,
		    LOCK_SUFFIX, strerror(err));
		return -1;
	}
	return 0;
}

/*
 * Gives the lock file the owner and mode of the file it replaces (or
 * newmode), writes buf to it, syncs and closes it.  Returns 0, or -1
 * with *err set.
 */
static int
lock_fill(struct lockwrite *lw, const void *buf, size_t len, mode_t newmode,
    int *err)
{
	int fd = lw->fd;

	/* Owner first: chown may clear the set-id bits that chmod sets. */
	if (lw->exists && fchown(fd, lw->st.st_uid, lw->st.st_gid) != 0 &&
	    errno != EPERM) {
		*err = errno;
		return -1;
	}
	if (fchmod(fd, lw->exists ? lw->st.st_mode & 07777 : newmode) != 0) {
		*err = errno;
		return -1;
	}
	if (write_all(fd, buf, len, err) != 0)
		return -1;
	if (sync_fd(fd, "fsync", err) != 0)
		return -1;
	lw->fd = -1;
	if (close(fd) != 0) {
		*err = errno;
		return -1;
	}
	return 0;
}

/* Makes a rename in dirfd durable (fsync of the folder). */
static int
sync_folder(int dirfd, const char *display, char **cause)
{
	int dfd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int err = 0;

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
}

/* Replaces the file name in the folder dirfd with buf (see lockfile.h). */
int
atomic_write_at(int dirfd, const char *display, const char *name,
    const void *buf, size_t len, mode_t newmode, char **cause)
{
	struct lockwrite lw = { .dirfd = dirfd, .display = display,
	    .name = name, .fd = -1 };
	int err = 0;

	lw.lock = xasprintf("%s%s", name, LOCK_SUFFIX);
	if (lock_open(&lw, cause) != 0) {
		free(lw.lock);
		return -1;
	}
	if (lock_fill(&lw, buf, len, newmode, &err) != 0)
		goto fail;
	if (atomic_fault_step("rename", &err) < 0)
		goto fail;
	if (renameat(dirfd, lw.lock, dirfd, name) != 0) {
		err = errno;
		goto fail;
	}
	lockslot_remove(lw.slot);
	free(lw.lock);
	/* The data is in place; make the rename itself durable. */
	return sync_folder(dirfd, display, cause);

fail:
	if (lw.fd >= 0)
		close(lw.fd);
	unlinkat(dirfd, lw.lock, 0);
	lockslot_remove(lw.slot);
	free(lw.lock);
	*cause = xasprintf("cannot write '%s': %s", display, strerror(err));
	return -1;
}

/* Replaces path with buf, a new file getting mode (see lockfile.h). */
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
		if (++links > ATOMIC_MAX_LINKS) {
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
	rc = atomic_write_at(dirfd, cur, slash ? slash + 1 : cur, buf, len,
	    mode, cause);
	close(dirfd);
	free(dir);
	free(cur);
	return rc;
}

/* Replaces path with buf (see lockfile.h). */
int
atomic_write(const char *path, const void *buf, size_t len, char **cause)
{
	return atomic_write_mode(path, buf, len, 0644, cause);
}

/*
 * Splits cur into its folder's real path and its name, joined again: the
 * path with every link of the folder resolved.  NULL with *cause.
 */
static char *
real_in_folder(const char *path, const char *cur, char **cause)
{
	const char *slash = strrchr(cur, '/'), *base = slash ? slash + 1 : cur;
	char *dir, *real, *full;

	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		*cause = xasprintf("'%s' is a folder, not a file", path);
		return NULL;
	}
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == cur)
		dir = xstrdup("/");
	else
		dir = xstrndup(cur, (size_t)(slash - cur));
	if ((real = realpath(dir, NULL)) == NULL) {
		*cause = xasprintf("cannot resolve '%s': %s: %s", path, dir,
		    strerror(errno));
		free(dir);
		return NULL;
	}
	full = xasprintf("%s/%s", strcmp(real, "/") ? real : "", base);
	free(real);
	free(dir);
	return full;
}

/* The real path of a file, links followed (see lockfile.h). */
char *
atomic_real_path(const char *path, char **cause)
{
	char *cur = xstrdup(path), *full, *slash, target[PATH_MAX];
	struct stat st;
	ssize_t n;

	for (int links = 0;; links++) {
		full = real_in_folder(path, cur, cause);
		free(cur);
		if (full == NULL)
			return NULL;
		if (lstat(full, &st) != 0 || !S_ISLNK(st.st_mode))
			return full;
		if (links >= ATOMIC_MAX_LINKS ||
		    (n = readlink(full, target, sizeof target - 1)) < 0) {
			*cause = xasprintf("cannot resolve '%s': %s", path,
			    links >= ATOMIC_MAX_LINKS ? strerror(ELOOP) :
			    strerror(errno));
			free(full);
			return NULL;
		}
		target[n] = '\0';
		slash = strrchr(full, '/');
		cur = target[0] == '/' ? xstrdup(target) :
		    xasprintf("%.*s/%s", (int)(slash - full), full, target);
		free(full);
	}
}

/* Takes an exclusive flock on "<path>.lck", waiting for it (see lockfile.h). */
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
