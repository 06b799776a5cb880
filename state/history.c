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

/*
 * The state file with its symbolic links followed (atomic_real_path()),
 * or state_path itself when it cannot be resolved.  Caller frees.
 */
static char *
real_state(const char *state_path)
{
	char *cause = NULL, *real = atomic_real_path(state_path, &cause);

	free(cause);
	return real ? real : xstrdup(state_path);
}

/*
 * STATEDIR/history, created on demand: STATEDIR is the folder of the
 * state file with its links followed, whatever the spelling of
 * state_path.  Caller frees.
 */
static char *
history_dir(const char *state_path, int create)
{
	char *copy = real_state(state_path);
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
	char *dir, *p, *real;
	int r;

	dir = history_dir(state_path, 1);
	p = xasprintf("%s/%lld.yaml", dir, rev);
	real = real_state(state_path);
	/*
	 * The state is about to be replaced by a rename (it is never
	 * rewritten in place), so its current inode can simply stay on as
	 * the copy of this revision: a hard link costs no copy and no
	 * fsync.  It is a link of the file itself, never of a symbolic
	 * link naming it (link(2) does not follow one).  Other file systems
	 * get a copy.
	 */
	(void)unlink(p);
	if (link(real, p) == 0) {
		prune(dir, rev);
		free(real);
		free(p);
		free(dir);
		return 0;
	}
	r = fs_read_file(&sb, real, 0, cause);
	free(real);
	if (r != 0) {
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
int
history_log(const char *state_path, long long rev,
    const struct store_items *items, char **cause)
{
	char *dir = history_dir(state_path, 1);
	char *p = xasprintf("%s/log", dir);
	struct passwd *pw = getpwuid(getuid());
	struct sbuf sb = SBUF_INIT;
	ssize_t n = -1;
	int fd, err = 0;

	sbuf_addf(&sb, "%lld\t%lld\t%s\t", rev, (long long)time(NULL),
	    pw ? pw->pw_name : "?");
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
	sbuf_addc(&sb, '\n');
	/* one write with O_APPEND: lines of concurrent writers never mix */
	fd = open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
	    0644);
	if (fd < 0 || (n = write(fd, sb.buf, sb.len)) < 0)
		err = errno;
	else if ((size_t)n != sb.len)
		err = ENOSPC;
	if (fd >= 0 && close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0)
		*cause = xasprintf("cannot append to the commit log '%s': %s",
		    p, strerror(err));
	sbuf_release(&sb);
	free(p);
	free(dir);
	return err ? -1 : 0;
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
