/*
 * fuzz_script.c - libFuzzer target: whole command scripts, line by line
 * as batch input runs them, against the built-in example cluster,
 * with commits writing into a scratch folder that is emptied after each
 * input.  Inputs that could run a shell or write elsewhere ('!', '|',
 * '>') are left out.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/session.h"
#include "shell/repl.h"
#include "state/store.h"
#include "lib/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[4096];

/* Removes one entry (nftw callback). */
static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Empties the scratch folder. */
static void
scratch_clean(void)
{
	char *root = xasprintf("%s/root", scratch);
	char *hist = xasprintf("%s/history", scratch);
	char *state = xasprintf("%s/cluster.yaml", scratch);

	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	nftw(hist, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	unlink(state);
	mkdir(root, 0755);
	free(root);
	free(hist);
	free(state);
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *line, *save = NULL, *cause = NULL, *state, *root;
	struct session s;
	struct store *st;
	FILE *devnull;

	if (memchr(data, '!', size) || memchr(data, '|', size) ||
	    memchr(data, '>', size) || size > 4096)
		return 0;
	if (scratch[0] == '\0') {
		const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
		    "/tmp";

		snprintf(scratch, sizeof scratch, "%s/ocmsh-fuzz-XXXXXX", tmp);
		if (mkdtemp(scratch) == NULL)
			abort();
		setenv("HOME", scratch, 1);
	}
	scratch_clean();
	state = xasprintf("%s/cluster.yaml", scratch);
	root = xasprintf("%s/root", scratch);
	if ((st = store_open(state, root, STORE_START_EXAMPLE, &cause)) == NULL)
		abort();	/* the example cluster always opens */
	devnull = fopen("/dev/null", "w");
	session_init(&s, st);
	s.out = devnull;
	s.noquitconfirm = 1;
	s.source = "fuzz";
	text = xstrndup((const char *)data, size);
	for (line = strtok_r(text, "\n", &save); line && !s.quit;
	    line = strtok_r(NULL, "\n", &save)) {
		s.line++;
		if (session_run_line(&s, line, &cause) != CMD_OK)
			FREE_AND_NULL(cause);
	}
	free(text);
	session_release(&s);
	store_free(st);
	fclose(devnull);
	free(state);
	free(root);
	return 0;
}
