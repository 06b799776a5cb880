/* history.c - saved revisions and the commit log. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "state/lockfile.h"
#include "state/history.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"

/* STATEDIR/history, created on demand. Caller frees. */
static char *
history_dir(const char *state_path, int create)
{
	char *copy = xstrdup(state_path);
	char *dir = xasprintf("%s/history", dirname(copy));

	free(copy);
	if (create)
		(void)mkdir(dir, 0755);
	return dir;
}

/* The path of revision rev's saved state (see history.h). */
char *
history_path(const char *state_path, long long rev)
{
	char *dir = history_dir(state_path, 0);
	char *p = xasprintf("%s/%lld.yaml", dir, rev);

	free(dir);
	return p;
}

/* Removes saved revisions beyond the newest HISTORY_KEEP. */
static void
prune(const char *dir, long long newest)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long long r = strtoll(de->d_name, &end, 10);

		if (end == de->d_name || strcmp(end, ".yaml") != 0)
			continue;
		if (r <= newest - HISTORY_KEEP) {
			char *p = xasprintf("%s/%s", dir, de->d_name);

			(void)unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/* Copies the state file to history/REV.yaml and prunes (see history.h). */
int
history_save(const char *state_path, long long rev, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	char *dir, *p;
	int r;

	dir = history_dir(state_path, 1);
	p = xasprintf("%s/%lld.yaml", dir, rev);
	/*
	 * The state is about to be replaced by a rename, so its current
	 * inode can simply stay on as the history copy: a hard link costs
	 * no copy and no fsync.  Other file systems get a copy.
	 */
	(void)unlink(p);
	if (link(state_path, p) == 0) {
		prune(dir, rev);
		free(p);
		free(dir);
		return 0;
	}
	if (fs_read_file(&sb, state_path, 0, cause) != 0) {
		sbuf_release(&sb);
		free(p);
		free(dir);
		return -1;
	}
	r = atomic_write(p, sb.buf, sb.len, cause);
	if (r == 0)
		prune(dir, rev);
	free(p);
	free(dir);
	sbuf_release(&sb);
	return r;
}

/* Appends a commit's line to history/log (see history.h). */
void
history_log(const char *state_path, long long rev,
    const struct store_items *items)
{
	char *dir = history_dir(state_path, 1);
	char *p = xasprintf("%s/log", dir);
	struct passwd *pw = getpwuid(getuid());
	struct sbuf sb = SBUF_INIT;
	FILE *f;

	for (size_t i = 0; i < items->n && i < 4; i++)
		sbuf_addf(&sb, "%s%c%s %s", i ? ", " : "",
		    items->v[i].change == CH_ADDED ? '+' :
		    items->v[i].change == CH_REMOVED ? '-' : '~',
		    items->v[i].type ? items->v[i].type->name : "?",
		    items->v[i].name);
	if (items->n > 4)
		sbuf_addf(&sb, " and %zu more", items->n - 4);
	if (items->n == 0)
		sbuf_adds(&sb, "derived files brought in line");
	if ((f = fopen(p, "a")) != NULL) {
		fprintf(f, "%lld\t%lld\t%s\t%s\n", rev, (long long)time(NULL),
		    pw ? pw->pw_name : "?", sb.buf);
		fclose(f);
	}
	sbuf_release(&sb);
	free(p);
	free(dir);
}

/* The text of history/log, or NULL (see history.h). */
char *
history_read_log(const char *state_path)
{
	char *dir = history_dir(state_path, 0);
	char *p = xasprintf("%s/log", dir), *cause = NULL;
	struct sbuf sb = SBUF_INIT;

	free(dir);
	if (fs_read_file(&sb, p, 0, &cause) != 0) {
		free(cause);
		free(p);
		sbuf_release(&sb);
		return NULL;
	}
	free(p);
	return sbuf_detach(&sb, NULL);
}
