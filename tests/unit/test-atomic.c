/*
 * test-atomic.c - atomic writes, containment inside a root, locks, the
 * signal cleanup, and (built with -DOCMSH_FAULT_INJECTION, as
 * test-atomic-fault) injected failures at each step of atomic_write().
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
#include "state/rootpath.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"

static char tmpdir[] = "/tmp/test-atomic-XXXXXX";

/* A path inside the test's folder (caller frees). */
static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Writes a file the ordinary way. */
static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
}

/* Reads a whole file (caller frees), or NULL. */
static char *
get(const char *path)
{
	struct sbuf sb = SBUF_INIT;
	char *cause = NULL;

	if (fs_read_file(&sb, path, 0, &cause) != 0) {
		free(cause);
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb, NULL);
}

/* Whether path exists (without following a last symbolic link). */
static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Checks that path holds want. */
static void
holds(const char *path, const char *want, const char *what)
{
	char *got = get(path);

	is_str(got, want, "%s", what);
	free(got);
}

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

/* Expects rootpath_resolve(root, "/", rel) to give root + want. */
static void
resolves(const char *root, const char *rel, int create, const char *want)
{
	char *cause = NULL, *got, *w;

	got = rootpath_resolve(root, "/", rel, create, &cause);
	w = want ? xasprintf("%s%s", root, want) : NULL;
	if (got == NULL && w != NULL)
		printf("#   cause: %s\n", cause);
	is_str(got, w, "resolve '%s'", rel);
	free(got);
	free(w);
	free(cause);
}

/* Containment: links absolute and relative never leave the root. */
static void
test_containment(void)
{
	char *root = tpath("root"), *p, *cause = NULL, *buf, *q;
	char name[64], etcname[80];
	struct stat st;
	size_t len;

	mkdir(root, 0755);
	p = xasprintf("%s/real", root);
	mkdir(p, 0755);
	free(p);
#define LINK(target, name) do {						\
	char *l_ = xasprintf("%s/%s", root, name);			\
	if (symlink(target, l_) != 0)					\
		exit(99);						\
	free(l_);							\
} while (0)
	LINK("real", "dlink");
	LINK("/real", "abslink");
	LINK("/etc", "etclink");
	LINK("../../..", "up");
	LINK("../../../../../../tmp", "uptmp");
	LINK("chain2", "chain1");
	LINK("real/../chain3", "chain2");
	LINK("/abslink/", "chain3");
	LINK("loop2", "loop1");
	LINK("loop1", "loop2");
	LINK("self", "self");
	LINK("real/sub/../x", "dangling");
	LINK("/etc", "real/abs2");
	LINK("../../../..", "real/up2");
	snprintf(name, sizeof name, "ocmsh-test-%d", (int)getpid());
	snprintf(etcname, sizeof etcname, "/etc/%s", name);
	LINK(etcname, "flink");
	p = xasprintf("%s/file.txt", root);
	put(p, "plain file\n");
	free(p);

	resolves(root, "dlink/x", 0, "/real/x");
	resolves(root, "abslink/x", 0, "/real/x");
	resolves(root, "/abslink/x", 0, "/real/x");
	resolves(root, "etclink/passwd", 0, "/etc/passwd");
	resolves(root, "up/x", 0, "/x");
	resolves(root, "up/up/../../up/x", 0, "/x");
	resolves(root, "../../../x", 0, "/x");
	resolves(root, "/../x", 0, "/x");
	resolves(root, "uptmp/x", 0, "/tmp/x");
	resolves(root, "real/abs2/x", 0, "/etc/x");
	resolves(root, "real/up2/x", 0, "/x");
	resolves(root, "dlink/up2/dlink/abs2/../real", 0, "/real");
	resolves(root, "chain1/x", 0, "/real/x");
	resolves(root, "chain1", 0, "/real");
	resolves(root, "dangling", 0, "/real/x");
	resolves(root, "./real//./y", 0, "/real/y");
	resolves(root, "", 0, "");
	resolves(root, "real/..", 0, "");
	resolves(root, "flink", 0, etcname);
	resolves(root, "missing/a/../b", 0, "/missing/b");

	/* The root given with a trailing slash. */
	q = xasprintf("%s/", root);
	p = rootpath_resolve(q, "/", "dlink/x", 0, &cause);
	buf = xasprintf("%s/real/x", root);
	is_str(p, buf, "root with a trailing slash");
	free(buf);
	free(p);
	free(q);

	/* Errors: loops, a file used as a folder, a missing root. */
	p = rootpath_resolve(root, "/", "loop1/x", 0, &cause);
	ok(p == NULL && cause != NULL &&
	    strstr(cause, "Too many levels of symbolic links") != NULL,
	    "a loop is refused (%s)", cause ? cause : "");
	FREE_AND_NULL(cause);
	p = rootpath_resolve(root, "/", "self", 0, &cause);
	ok(p == NULL && cause != NULL, "a link to itself is refused");
	FREE_AND_NULL(cause);
	p = rootpath_resolve(root, "/", "file.txt/x", 1, &cause);
	buf = xasprintf("cannot resolve 'file.txt/x' in '%s': '%s/file.txt' "
	    "is not a folder", root, root);
	is_str(cause, buf, "a file is not a folder");
	free(buf);
	FREE_AND_NULL(cause);
	p = rootpath_resolve("/nonexistent-root", "/", "x", 0, &cause);
	ok(p == NULL && cause != NULL, "a missing root is refused");
	FREE_AND_NULL(cause);

	/* 40 links are followed, 41 are not. */
	{
		char l[32], t[32];
		int i;

		for (i = 0; i < 41; i++) {
			snprintf(l, sizeof l, "n%d", i);
			snprintf(t, sizeof t, i == 40 ? "real" : "n%d", i + 1);
			LINK(t, l);
		}
		resolves(root, "n1/x", 0, "/real/x");
		p = rootpath_resolve(root, "/", "n0/x", 0, &cause);
		ok(p == NULL, "41 links are too many");
		FREE_AND_NULL(cause);
	}

	/* Creating folders. */
	resolves(root, "new/a/b/file", 0, "/new/a/b/file");
	p = xasprintf("%s/new", root);
	ok(!exists(p), "nothing created without create_dirs");
	resolves(root, "dlink/new/a/b/file", 1, "/real/new/a/b/file");
	free(p);
	p = xasprintf("%s/real/new/a/b", root);
	ok(stat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 0777) == 0755, "folders created, 0755");
	free(p);

	/* Writes land inside the root, never in /etc. */
	q = xasprintf("etclink/%s", name);
	ok(rootpath_write(root, "/", q, "inside\n", 7, &cause) == 0,
	    "written through a link to /etc");
	free(q);
	p = xasprintf("%s/etc/%s", root, name);
	holds(p, "inside\n", "it landed in root/etc");
	ok(!exists(etcname), "nothing in the real /etc");
	free(p);

	ok(rootpath_write(root, "/", "up/up/nova/nova.conf", "n\n", 2,
	    &cause) == 0, "written through ../../..");
	p = xasprintf("%s/nova/nova.conf", root);
	holds(p, "n\n", "it landed in root/nova");
	free(p);

	p = xasprintf("%s/etc/%s", root, name);
	unlink(p);
	ok(rootpath_write(root, "/", "flink", "via final link\n", 15,
	    &cause) == 0, "written through a final link to /etc");
	holds(p, "via final link\n", "it landed in root/etc");
	ok(!exists(etcname), "still nothing in the real /etc");
	free(p);
	p = xasprintf("%s/flink", root);
	ok(lstat(p, &st) == 0 && S_ISLNK(st.st_mode), "the link stays");
	free(p);
	p = xasprintf("%s/etc/%s.lock", root, name);
	ok(!exists(p), "no lock file left inside the root");
	free(p);

	ok(rootpath_write(root, "/", "/abslink/deep/er/f", "d", 1, &cause) == 0,
	    "missing folders created on the way");
	p = xasprintf("%s/real/deep/er/f", root);
	holds(p, "d", "it landed in root/real/deep/er");
	free(p);

	ok(rootpath_write(root, "/", "real", "x", 1, &cause) == -1,
	    "a folder cannot be written");
	FREE_AND_NULL(cause);
	ok(rootpath_write(root, "/", "up/..", "x", 1, &cause) == -1,
	    "the root itself cannot be written");
	FREE_AND_NULL(cause);
	ok(rootpath_write(root, "/", "loop1/x", "x", 1, &cause) == -1,
	    "a write through a loop fails");
	FREE_AND_NULL(cause);

	/* rootpath_read. */
	ok(rootpath_read(root, "/", "/chain1/deep/er/f", &buf, &len,
	    &cause) == 1 && len == 1 && buf[0] == 'd', "read through a chain of links");
	free(buf);
	ok(rootpath_read(root, "/", "etclink/hostname", &buf, &len,
	    &cause) == 0 && buf == NULL, "/etc/hostname of the host is not visible");
	ok(rootpath_read(root, "/", "no/such/file", &buf, &len, &cause) == 0,
	    "missing folder: does not exist");
	ok(rootpath_read(root, "/", "real/nothing", &buf, &len, &cause) == 0,
	    "missing file: does not exist");
	ok(rootpath_read(root, "/", "dlink", &buf, &len, &cause) == -1 &&
	    cause != NULL, "a folder cannot be read");
	FREE_AND_NULL(cause);
	ok(rootpath_read(root, "/", "loop2", &buf, &len, &cause) == -1 &&
	    cause != NULL, "a loop cannot be read");
	FREE_AND_NULL(cause);
	free(root);
#undef LINK
}

/* Expects atomic_real_path(path) to be want (NULL: an error). */
static void
real_is(const char *path, const char *want, const char *what)
{
	char *cause = NULL, *got = atomic_real_path(path, &cause);

	if (got == NULL && want != NULL)
		printf("#   cause: %s\n", cause);
	ok(want ? got != NULL && strcmp(got, want) == 0 :
	    got == NULL && cause != NULL, "real path: %s", what);
	free(got);
	free(cause);
}

/* atomic_real_path(): every spelling of one file gives one name. */
static void
test_real_path(void)
{
	char *d = tpath("rp"), *real, *file, *p, *q;

	mkdir(d, 0755);
	p = xasprintf("%s/sub", d);
	mkdir(p, 0755);
	free(p);
	/* tmpdir itself may lie behind a link (/tmp -> /private/tmp) */
	real = realpath(d, NULL);
	file = xasprintf("%s/c.yaml", real);
	put(file, "x");
#define RLINK(target, name) do {					\
	char *l_ = xasprintf("%s/%s", d, name);				\
	if (symlink(target, l_) != 0)					\
		exit(99);						\
	free(l_);							\
} while (0)
	RLINK("c.yaml", "link.yaml");
	RLINK("link.yaml", "link2.yaml");
	RLINK("sub", "dirlink");
	RLINK("new.yaml", "dangling.yaml");
	RLINK("loop.yaml", "loop.yaml");
	q = xasprintf("%s/c.yaml", d);
	real_is(q, file, "the file");
	free(q);
	q = xasprintf("%s/link.yaml", d);
	real_is(q, file, "a link");
	free(q);
	q = xasprintf("%s/link2.yaml", d);
	real_is(q, file, "a link to a link");
	free(q);
	q = xasprintf("%s/./sub/../c.yaml", d);
	real_is(q, file, "./ and dir/..");
	free(q);
	q = xasprintf("%s/dirlink/../c.yaml", d);
	real_is(q, file, "a folder link and ..");
	free(q);
	p = xasprintf("%s/dirlink/../../rp/link.yaml", d);
	real_is(p, file, "all of them");
	free(p);
	q = xasprintf("%s/dangling.yaml", d);
	p = xasprintf("%s/new.yaml", real);
	real_is(q, p, "a dangling link: its target");
	free(p);
	free(q);
	q = xasprintf("%s/loop.yaml", d);
	real_is(q, NULL, "a loop is refused");
	free(q);
	q = xasprintf("%s/missing/c.yaml", d);
	real_is(q, NULL, "a missing folder is refused");
	free(q);
	q = xasprintf("%s/sub/", d);
	real_is(q, NULL, "a folder is refused");
	free(q);
#undef RLINK
	free(file);
	free(real);
	free(d);
}

/*
 * Image paths inside ROOT: links on the way are followed inside ROOT,
 * ".." is refused, ROOT that is no folder is named, a FIFO is refused
 * without blocking, a lock file is removed itself, never its target.
 */
static void
test_images(void)
{
	char *top = tpath("img"), *root, *out, *p, *cause = NULL, *buf;
	struct stat st;
	size_t len;

	mkdir(top, 0755);
	root = xasprintf("%s/root", top);
	out = xasprintf("%s/outside", top);
	mkdir(root, 0755);
	mkdir(out, 0755);
	p = xasprintf("%s/cm", root);
	mkdir(p, 0755);
	free(p);
	p = xasprintf("%s/cm/images", root);
	if (symlink("../../outside", p) != 0)
		exit(99);
	free(p);

	/* a link on the way to the image, leading beside ROOT */
	ok(rootpath_write(root, "/cm/images/a", "/etc/nova/nova.conf", "n\n",
	    2, &cause) == 0, "written through cm/images -> ../../outside");
	p = xasprintf("%s/outside/a/etc/nova/nova.conf", root);
	holds(p, "n\n", "it landed in ROOT/outside");
	free(p);
	p = xasprintf("%s/a", out);
	ok(!exists(p), "nothing in the folder beside ROOT");
	free(p);
	p = rootpath_resolve(root, "/cm/images/a", "/etc/x", 0, &cause);
	buf = xasprintf("%s/outside/a/etc/x", root);
	is_str(p, buf, "resolved inside ROOT");
	free(buf);
	free(p);

	/* ".." in the image path: refused, nothing made */
	ok(rootpath_write(root, "/../escaped", "/f", "x", 1, &cause) == -1 &&
	    cause != NULL && strstr(cause, "'/../escaped' holds '..'"),
	    "'..' in an image path is refused (%s)", cause ? cause : "");
	FREE_AND_NULL(cause);
	p = xasprintf("%s/escaped", top);
	ok(!exists(p), "nothing created above ROOT");
	free(p);
	ok(rootpath_read(root, "/a/b/..", "/f", &buf, &len, &cause) == -1,
	    "a final '..' is refused for reads too");
	FREE_AND_NULL(cause);
	ok(rootpath_has_dotdot("..") && rootpath_has_dotdot("/a/../b") &&
	    !rootpath_has_dotdot("/a/..b/c.") && !rootpath_has_dotdot("/"),
	    "rootpath_has_dotdot");

	/* ROOT missing, or no folder */
	p = xasprintf("%s/none", top);
	ok(rootpath_read(p, "/a", "/f", &buf, &len, &cause) == 0,
	    "a missing ROOT holds no files");
	free(p);
	p = xasprintf("%s/file", top);
	put(p, "x");
	ok(rootpath_read(p, "/a", "/f", &buf, &len, &cause) == -1 &&
	    cause != NULL && strstr(cause, "is not a folder") &&
	    strstr(cause, "root '"), "ROOT a file: '%s'", cause ? cause : "");
	FREE_AND_NULL(cause);
	ok(rootpath_write(p, "/a", "/f", "x", 1, &cause) == -1,
	    "ROOT a file: nothing written");
	FREE_AND_NULL(cause);
	free(p);

	/* a FIFO is refused, at once */
	p = xasprintf("%s/outside/a/fifo", root);
	if (mkfifo(p, 0644) != 0)
		exit(99);
	alarm(10);
	ok(rootpath_read(root, "/cm/images/a", "/fifo", &buf, &len,
	    &cause) == -1 && cause != NULL &&
	    strstr(cause, "not a regular file"), "a FIFO is refused");
	alarm(0);
	FREE_AND_NULL(cause);
	ok(rootpath_write(root, "/cm/images/a", "/fifo", "x", 1,
	    &cause) == -1, "a FIFO is not replaced");
	FREE_AND_NULL(cause);
	free(p);

	/* rootpath_remove: a lock file that is a link goes, not its target */
	p = xasprintf("%s/outside/a/etc/nova/nova.conf.lock", root);
	if (symlink("nova.conf", p) != 0)
		exit(99);
	ok(rootpath_remove(root, "/cm/images/a", "/etc/nova/nova.conf",
	    ".lock", &cause) == 0 && lstat(p, &st) != 0,
	    "the lock file is removed");
	free(p);
	p = xasprintf("%s/outside/a/etc/nova/nova.conf", root);
	holds(p, "n\n", "the file it linked to stays");
	ok(rootpath_remove(root, "/cm/images/a", "/etc/nova/nova.conf", "",
	    &cause) == 0 && !exists(p), "the file is removed");
	ok(rootpath_remove(root, "/cm/images/a", "/etc/nova/nova.conf", "",
	    &cause) == 0, "a missing file is fine");
	free(p);
	free(root);
	free(out);
	free(top);
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

/* Removes the test folder. */
static void
cleanup(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

int
main(int argc, char **argv)
{
#ifdef OCMSH_FAULT_INJECTION
	if (argc == 3 && strcmp(argv[1], "--writer") == 0)
		return writer(argv[2]);
#endif
	(void)argc;
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_write();
	test_write_efbig();
	test_signal_cleanup();
	test_signal_chain();
	test_lock();
	test_containment();
	test_images();
	test_real_path();
#ifdef OCMSH_FAULT_INJECTION
	test_faults("/proc/self/exe");
#else
	test_no_faults();
	(void)argv;
#endif
	cleanup();
	return done_testing();
}
