/*
 * test-rootpath.c - files below a root: containment of links absolute and
 * relative and of '..', image trees, and the real path of a state file
 * behind links.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state/lockfile.h"
#include "state/rootpath.h"
#include "tests/unit/fsfix.h"

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

int
main(void)
{
	tmpdir_make();
	test_containment();
	test_images();
	test_real_path();
	tmpdir_remove();
	return done_testing();
}
