/*
 * fuzz_rootpath.c - libFuzzer target: image paths and paths inside images
 * (state/rootpath.c) on any bytes.  The input is "[w]IMAGE\nINNER": the
 * two paths are resolved, read and (with a leading "w") written inside a
 * ROOT full of hostile symbolic links (out of ROOT by "..", to absolute
 * paths, to /etc, loops, dangling ones, through the image's own links).
 * Nothing may ever be resolved to, read from or written outside ROOT: a
 * resolved path starts with ROOT, and the folder above ROOT and the
 * folder beside it hold exactly what they held.
 */
#include <dirent.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state/rootpath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char top[64], root[128], beside[128];

/* The links of the ROOT under test: name -> target. */
static const char *const links[][2] = {
	{ "cm", "../../beside" },
	{ "abs", "/etc" },
	{ "up", "../../../../.." },
	{ "loop", "loop2" },
	{ "loop2", "loop" },
	{ "dangling", "../nowhere/x" },
	{ "beside-abs", "@BESIDE" },
	{ "img", "." },
	{ "images/default/etc", "../../../../.." },
	{ "images/default/usr", "/usr" },
};

/* Removes one entry of the tree (for nftw). */
static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes the tree made by setup() at exit. */
static void
cleanup(void)
{
	nftw(top, rm_entry, 64, FTW_DEPTH | FTW_PHYS);
}

/* Makes top/root with the links, and top/beside with one file. */
static void
setup(void)
{
	char p[512], t[512];

	snprintf(top, sizeof top, "/tmp/fuzz-rootpath-%d", (int)getpid());
	snprintf(root, sizeof root, "%s/root", top);
	snprintf(beside, sizeof beside, "%s/beside", top);
	mkdir(top, 0755);
	atexit(cleanup);
	mkdir(root, 0755);
	mkdir(beside, 0755);
	snprintf(p, sizeof p, "%s/images", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/images/default", root);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/sentinel", beside);
	fclose(fopen(p, "w"));
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", root, links[i][0]);
		if (strcmp(links[i][1], "@BESIDE") == 0)
			snprintf(t, sizeof t, "%s", beside);
		else
			snprintf(t, sizeof t, "%s", links[i][1]);
		if (symlink(t, p) != 0)
			abort();
	}
}

/* The number of entries of a folder, "." and ".." left out. */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		abort();
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Aborts if anything appeared outside ROOT. */
static void
check_outside(void)
{
	if (entries(top) != 2 || entries(beside) != 1)
		abort();
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = strndup((const char *)data, size), *image, *inner, *nl;
	char *cause = NULL, *real, *buf = NULL;
	size_t len, rl;
	int do_write = 0, r;

	if (*top == '\0')
		setup();
	image = in;
	if (*image == 'w') {
		do_write = 1;
		image++;
	}
	if ((nl = strchr(image, '\n')) == NULL) {
		free(in);
		return 0;
	}
	*nl = '\0';
	inner = nl + 1;
	rl = strlen(root);
	real = rootpath_resolve(root, image, inner, 0, &cause);
	if (real == NULL && cause == NULL)
		abort();	/* an error must say why */
	if (real != NULL && (strncmp(real, root, rl) != 0 ||
	    (real[rl] != '\0' && real[rl] != '/')))
		abort();	/* resolved outside ROOT */
	free(real);
	free(cause);
	cause = NULL;
	r = rootpath_read(root, image, inner, &buf, &len, &cause);
	if ((r < 0) != (cause != NULL) || (r == 1) != (buf != NULL))
		abort();
	free(buf);
	free(cause);
	cause = NULL;
	if (do_write && rootpath_write(root, image, inner, "x", 1,
	    &cause) != 0 && cause == NULL)
		abort();
	free(cause);
	check_outside();
	free(in);
	return 0;
}
