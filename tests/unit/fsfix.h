/*
 * fsfix.h - files for the unit tests that write into a scratch folder:
 * one per test program (tmpdir_make), paths in it, writing, reading and
 * checking files.  Header-only: each test is one program.
 */
#ifndef OCMSH_TESTS_FSFIX_H
#define OCMSH_TESTS_FSFIX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "tests/unit/tap.h"

static char tmpdir[] = "/tmp/ocmsh-unit-XXXXXX";

/* A path inside the test's folder (caller frees). */
static inline char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Writes a file the ordinary way. */
static inline void
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
static inline char *
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
static inline int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Checks that path holds want. */
static inline void
holds(const char *path, const char *want, const char *what)
{
	char *got = get(path);

	is_str(got, want, "%s", what);
	free(got);
}


/* Makes the scratch folder; exits 99 when it cannot. */
static inline void
tmpdir_make(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
}

/* Removes the scratch folder. */
static inline void
tmpdir_remove(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
}

#endif
