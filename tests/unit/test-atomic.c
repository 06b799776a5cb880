/*
 * test-atomic.c - atomic writes, locks, the signal cleanup, and (built
 * with -DOCMSH_FAULT_INJECTION, as test-atomic-fault) injected failures
 * at each step of atomic_write().  Files below a root: test-rootpath.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "state/lockfile.h"
#include "tests/unit/fsfix.h"

/* atomic_write(): content, modes, owner, symlinks, stale locks, errors. */
static void
test_write(void)
{
	char *p = tpath("state.yaml"), *lock = tpath("state.yaml.lock");
	char *link = tpath("link.yaml"), *dir = tpath("adir");
	char *cause = NULL, *big;
	struct stat st;
	mode_t old = umask(077);

	ok(atomic_write(p, "one\n", 4, &cause) == 0, "new file written");
	holds(p, "one\n", "new file content");
	ok(stat(p, &st) == 0 && (st.st_mode & 07777) == 0644,
	    "new file gets 0644 whatever the umask (%o)", st.st_mode & 07777);
	ok(!exists(lock), "no lock file left");
	umask(old);

	chmod(p, 0640);
	if (geteuid() == 0)
		ok(chown(p, 1234, 4321) == 0, "gave the file to 1234:4321");
	ok(atomic_write(p, "two\n", 4, &cause) == 0, "existing file replaced");
	holds(p, "two\n", "replaced content");
	ok(stat(p, &st) == 0 && (st.st_mode & 07777) == 0640,
	    "mode 0640 kept (%o)", st.st_mode & 07777);
	if (geteuid() == 0)
		ok(st.st_uid == 1234 && st.st_gid == 4321,
		    "owner kept (%d:%d)", (int)st.st_uid, (int)st.st_gid);
	else
		ok(st.st_uid == geteuid(), "owner is the writer (not root)");
	ok(!exists(lock), "no lock file left after a replace");

	ok(atomic_write(p, "", 0, &cause) == 0 && stat(p, &st) == 0 &&
	    st.st_size == 0, "an empty file");
	big = xmalloc(3 << 20);
	memset(big, 'z', 3 << 20);
	ok(atomic_write(p, big, 3 << 20, &cause) == 0 && stat(p, &st) == 0 &&
	    st.st_size == 3 << 20, "a 3 MiB file");
	free(big);

	unlink(p);
	ok(atomic_write_mode(p, "secret", 6, 0600, &cause) == 0 &&
	    stat(p, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "atomic_write_mode gives a new file 0600");

	/* A stale lock file from a killed process does not block. */
	put(lock, "half-written garbage");
	ok(atomic_write(p, "three\n", 6, &cause) == 0, "stale lock replaced");
	holds(p, "three\n", "content after a stale lock");
	ok(!exists(lock), "stale lock gone");

	/* Through a symbolic link: the target changes, the link stays. */
	ok(symlink("state.yaml", link) == 0, "symlink made");
	ok(atomic_write(link, "four\n", 5, &cause) == 0, "written via link");
	holds(p, "four\n", "target replaced");
	ok(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "link kept");

	/* Failures leave the file alone. */
	mkdir(dir, 0755);
	ok(atomic_write(dir, "x", 1, &cause) == -1, "a folder is refused");
	big = xasprintf("cannot write '%s': it is a folder", dir);
	is_str(cause, big, "folder message");
	free(big);
	FREE_AND_NULL(cause);
	free(dir);
	dir = tpath("nowhere/x");
	ok(atomic_write(dir, "x", 1, &cause) == -1 && cause != NULL &&
	    strstr(cause, "No such file or directory") != NULL,
	    "missing folder refused (%s)", cause ? cause : "");
	FREE_AND_NULL(cause);

	/* A lock that cannot be taken (a folder in its place). */
	mkdir(lock, 0755);
	ok(atomic_write(p, "five\n", 5, &cause) == -1, "lock clash refused");
	big = xasprintf("cannot create '%s': File exists", lock);
	is_str(cause, big, "lock clash message");
	free(big);
	FREE_AND_NULL(cause);
	holds(p, "four\n", "original intact after a lock clash");
	rmdir(lock);

	free(dir);
	free(link);
	free(lock);
	free(p);
}

/* A real failure: a file size limit makes write() fail with EFBIG. */
static void
test_write_efbig(void)
{
	char *p = tpath("limited"), *lock = tpath("limited.lock");
	char buf[4096];
	int status;
	pid_t pid;

	put(p, "original\n");
	memset(buf, 'x', sizeof buf);
	if ((pid = fork()) == 0) {
		struct rlimit rl = { 1000, 1000 };
		char *cause = NULL;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		if (atomic_write(p, buf, sizeof buf, &cause) == 0)
			_exit(0);
		_exit(cause && strstr(cause, "File too large") ? 3 : 4);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	    "write over RLIMIT_FSIZE fails with EFBIG (status %d)", status);
	holds(p, "original\n", "original byte-identical after EFBIG");
	ok(!exists(lock), "no lock file after EFBIG");
	free(lock);
	free(p);
}

/* Lock files are removed when SIGTERM kills a writer. */
static void
test_signal_cleanup(void)
{
	char *p = tpath("big"), *lock = tpath("big.lock");
	size_t len = 64 << 20;
	int status, seen = 0, i;
	struct timespec ts = { 0, 100000 };
	pid_t pid;

	put(p, "original\n");
	if ((pid = fork()) == 0) {
		char *cause = NULL, *buf = xmalloc(len);
		int n;

		memset(buf, 'y', len);
		atomic_cleanup_install();
		/* Keep writing until the parent's SIGTERM arrives. */
		for (n = 0; n < 1000; n++)
			atomic_write(p, buf, len, &cause);
		_exit(0);
	}
	for (i = 0; i < 200000 && !seen; i++) {
		if (exists(lock))
			seen = 1;
		else
			nanosleep(&ts, NULL);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	ok(seen, "the writer's lock file was seen");
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	    "the writer died of SIGTERM");
	ok(!exists(lock), "its lock file was removed by the handler");
	free(lock);
	free(p);
}

static volatile sig_atomic_t got_hup;

/* A handler of the program's own. */
static void
on_hup(int sig)
{
	got_hup = sig;
}

/* A handler installed before atomic_cleanup_install() still runs. */
static void
test_signal_chain(void)
{
	int status;
	pid_t pid;

	if ((pid = fork()) == 0) {
		signal(SIGHUP, on_hup);
		atomic_cleanup_install();
		atomic_cleanup_install();
		raise(SIGHUP);
		_exit(got_hup == SIGHUP ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "an earlier SIGHUP handler is chained, the process lives on");
}

/* atomic_lock(): exclusive, and released when its holder dies. */
static void
test_lock(void)
{
	char *p = tpath("locked.yaml"), *lck = tpath("locked.yaml.lck");
	char *cause = NULL;
	int fd, fd2, status, pipefd[2];
	pid_t pid;
	char c;

	fd = atomic_lock(p, &cause);
	ok(fd >= 0 && exists(lck), "lock taken, .lck exists");
	fd2 = open(lck, O_RDWR);
	ok(flock(fd2, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK,
	    "a second lock would block");
	atomic_unlock(fd);
	ok(flock(fd2, LOCK_EX | LOCK_NB) == 0, "free after atomic_unlock");
	close(fd2);

	/* A holder killed with SIGKILL leaves no stale lock. */
	if (pipe(pipefd) != 0)
		exit(99);
	if ((pid = fork()) == 0) {
		if (atomic_lock(p, &cause) < 0)
			_exit(1);
		if (write(pipefd[1], "L", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	ok(read(pipefd[0], &c, 1) == 1, "child holds the lock");
	fd2 = open(lck, O_RDWR);
	ok(flock(fd2, LOCK_EX | LOCK_NB) == -1, "held by the child");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	fd = atomic_lock(p, &cause);
	ok(fd >= 0, "lock free once its holder was killed");
	atomic_unlock(fd);
	close(fd2);
	close(pipefd[0]);
	close(pipefd[1]);

	ok(atomic_lock("/nonexistent/dir/x", &cause) == -1 &&
	    cause != NULL, "lock in a missing folder fails");
	free(cause);
	free(lck);
	free(p);
}

#ifdef OCMSH_FAULT_INJECTION
/*
 * Runs this program again as a writer of path, with OCMSH_FAULT=fault.
 * Returns the wait status.
 */
static int
run_writer(const char *self, const char *path, const char *fault)
{
	char *env = xasprintf("OCMSH_FAULT=%s", fault);
	char *argv[] = { (char *)self, (char *)"--writer", (char *)path,
	    NULL };
	char *envp[] = { env, NULL };
	int status;
	pid_t pid;

	if ((pid = fork()) == 0) {
		execve(self, argv, envp);
		_exit(98);
	}
	waitpid(pid, &status, 0);
	free(env);
	return status;
}

/* The child: one atomic_write(), exit 0 or 1 (message on stderr). */
static int
writer(const char *path)
{
	char *cause = NULL;

	if (atomic_write(path, "new content\n", 12, &cause) == 0)
		return 0;
	fprintf(stderr, "writer: %s\n", cause);
	free(cause);
	return 1;
}

/* Injected failures at each step leave the original byte-identical. */
static void
test_faults(const char *self)
{
	static const struct {
		const char *fault;
		int killed;	/* 1: SIGKILL expected */
		int status;	/* otherwise the exit status */
		int replaced;	/* the new content is in place */
	} cases[] = {
		{ "enospc:1", 0, 1, 0 },	/* the write */
		{ "eio:1", 0, 1, 0 },
		{ "eio:2", 0, 1, 0 },		/* the fsync */
		{ "enospc:3", 0, 1, 0 },	/* the rename */
		{ "eio:4", 0, 1, 1 },		/* the folder's fsync */
		{ "short:1", 0, 0, 1 },		/* short write, then the rest */
		{ "short:2", 0, 0, 1 },		/* "short" fsync: no effect */
		{ "kill:1", 1, 0, 0 },
		{ "kill:2", 1, 0, 0 },
		{ "kill:3", 1, 0, 0 },
		{ "kill:4", 1, 0, 1 },
		{ "kill:9", 0, 0, 1 },		/* never reached */
		{ "bogus", 0, 0, 1 },
	};
	char *p = tpath("fault.yaml"), *lock = tpath("fault.yaml.lock");
	const char *orig = "original\n";
	char *cause = NULL;
	struct stat st;
	size_t i;
	int status, good;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		put(p, orig);
		chmod(p, 0600);
		status = run_writer(self, p, cases[i].fault);
		if (cases[i].killed)
			good = WIFSIGNALED(status) &&
			    WTERMSIG(status) == SIGKILL;
		else
			good = WIFEXITED(status) &&
			    WEXITSTATUS(status) == cases[i].status;
		ok(good, "%s: outcome (status %d)", cases[i].fault, status);
		holds(p, cases[i].replaced ? "new content\n" : orig,
		    cases[i].replaced ? "new content in place" :
		    "original byte-identical");
		ok(stat(p, &st) == 0 && (st.st_mode & 07777) == 0600,
		    "%s: mode 0600 kept", cases[i].fault);
		if (cases[i].killed && !cases[i].replaced) {
			ok(exists(lock), "%s: the killed writer left its lock",
			    cases[i].fault);
			ok(atomic_write(p, "after\n", 6, &cause) == 0,
			    "%s: the next write is not blocked",
			    cases[i].fault);
			holds(p, "after\n", "next write done");
		}
		ok(!exists(lock), "%s: no lock file at the end",
		    cases[i].fault);
	}
	free(lock);
	free(p);
}
#else
/* Without the option, the hook does nothing. */
static void
test_no_faults(void)
{
	int err = 0;

	setenv("OCMSH_FAULT", "eio:1", 1);
	ok(atomic_fault_step("write", &err) == 0 && err == 0,
	    "atomic_fault_step is a no-op without fault injection");
	unsetenv("OCMSH_FAULT");
}
#endif

int
main(int argc, char **argv)
{
#ifdef OCMSH_FAULT_INJECTION
	if (argc == 3 && strcmp(argv[1], "--writer") == 0)
		return writer(argv[2]);
#endif
	(void)argc;
	tmpdir_make();
	test_write();
	test_write_efbig();
	test_signal_cleanup();
	test_signal_chain();
	test_lock();
#ifdef OCMSH_FAULT_INJECTION
	test_faults("/proc/self/exe");
#else
	test_no_faults();
	(void)argv;
#endif
	tmpdir_remove();
	return done_testing();
}
