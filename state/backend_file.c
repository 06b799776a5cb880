/*
 * backend_file.c - the state in one YAML file (doc/ocmsh-state.5): read
 * whole, written whole and atomically under a lock, with the crash
 * journal (journal.c) and the saved revisions (history.c) beside it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "nova/render.h"
#include "state/backend.h"
#include "state/history.h"
#include "state/journal.h"
#include "state/lockfile.h"
#include "state/statefile.h"
#include "state/store_internal.h"

/* Records the identity of the state file, to notice other writers. */
static void
remember_stat(struct store *st)
{
	struct stat sb;

	if (stat(st->path, &sb) != 0) {
		st->st_ino = 0;
		st->st_size = -1;
		return;
	}
	st->st_dev = sb.st_dev;
	st->st_ino = sb.st_ino;
	st->st_size = sb.st_size;
	st->st_mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL +
	    sb.st_mtim.tv_nsec;
}

/* 1 if the file is not the one last read or written. */
static int
disk_changed(const struct store *st)
{
	struct stat sb;

	if (stat(st->path, &sb) != 0)
		return st->exists;
	return !st->exists || sb.st_dev != st->st_dev ||
	    sb.st_ino != st->st_ino || sb.st_size != st->st_size ||
	    (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec !=
	    st->st_mtime_ns;
}

/* 1 if two stat results name the same bytes (files are replaced by
 * rename, never rewritten in place). */
static int
same_identity(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/*
 * Loads the state and records the identity of exactly the file that was
 * read: the identity is taken before reading and checked after, and the
 * read is repeated if another session replaced the file in between (a
 * session that loads without the lock would otherwise believe it has the
 * newer file and later overwrite it).
 */
static int
load_consistent(struct store *st, struct state_doc *doc, char **cause)
{
	for (int tries = 0;; tries++) {
		struct stat before, after;
		int hb = stat(st->path, &before), r;

		r = state_load(st->path, doc, cause);
		if (r != 0)
			return r;
		if (hb == 0 && stat(st->path, &after) == 0 &&
		    same_identity(&before, &after)) {
			st->st_dev = before.st_dev;
			st->st_ino = before.st_ino;
			st->st_size = before.st_size;
			st->st_mtime_ns = (long long)before.st_mtim.tv_sec *
			    1000000000LL + before.st_mtim.tv_nsec;
			return 0;
		}
		state_doc_release(doc);
		if (tries >= 100) {
			*cause = xasprintf("%s: the file keeps changing while "
			    "it is read", st->path);
			return -1;
		}
	}
}

/* Opens the state file: loads it, or 1 when it does not exist. */
static int
file_open(struct store *st, struct state_doc *d, char **cause)
{
	char *e = NULL;
	int r;

	if ((st->real = atomic_real_path(st->path, &e)) == NULL) {
		st->real = xstrdup(st->path);
		free(e);
	}
	r = load_consistent(st, d, cause);
	if (r == 1)
		remember_stat(st);
	return r;
}

/* Re-reads the file if another session wrote it since. */
static int
file_sync(struct store *st, char **cause)
{
	struct state_doc doc = { 0 };
	int r;

	if (!disk_changed(st))
		return 0;
	r = load_consistent(st, &doc, cause);
	if (r < 0)
		return -1;
	if (r == 1) {
		/* removed behind our back: keep what we have */
		return 0;
	}
	store_set_disk(st, &doc);
	st->exists = 1;
	return 0;
}

/* Creates the folder of the state file and its parents when missing. */
static int
state_dir_create(const char *path, char **cause)
{
	char *d = xstrdup(path), *slash = strrchr(d, '/');
	int r = 0;

	if (slash != NULL && slash != d) {
		*slash = '\0';
		r = fs_mkdir_p(d, 0755, cause);
	}
	free(d);
	return r;
}

/*
 * Takes the state file's real path again (a link may point elsewhere
 * now): the lock, the files written and their companions are named
 * after it (see store.h).
 */
static int
state_resolve(struct store *st, char **cause)
{
	char *real = atomic_real_path(st->path, cause);

	if (real == NULL)
		return -1;
	free(st->real);
	st->real = real;
	return 0;
}

/*
 * Starts a commit: the lock (unless a dry run), the newest file, and the
 * intent record of a killed commit, cleaned up.
 */
static int
file_begin(struct store *st, int dry_run, int *lockfd, json_t **intent,
    char **cause)
{
	*lockfd = -1;
	*intent = NULL;
	if (!dry_run && (state_dir_create(st->path, cause) != 0 ||
	    state_resolve(st, cause) != 0 ||
	    (*lockfd = atomic_lock(st->real, cause)) < 0))
		return -1;
	if (file_sync(st, cause) != 0)
		return -1;
	*intent = journal_load(st);
	if (!dry_run)
		journal_clean(st, *intent);
	return 0;
}

/* The file's bytes (empty when it does not exist or cannot be read). */
static int
file_old_text(struct store *st, struct sbuf *out, char **cause)
{
	char *e = NULL;

	(void)cause;
	if (st->exists && fs_read_file(out, st->path, 0, &e) != 0) {
		free(e);
		sbuf_reset(out);
	}
	return 0;
}

/*
 * Writes the derived files first, then the state that records them, and
 * logs the commit.  Returns 0, or -1 with *cause (nothing was changed).
 */
static int
file_write(struct store *st, const struct backend_write *w, char **cause)
{
	struct sbuf oldyaml = SBUF_INIT;
	char *why;
	int r;

	if (st->exists && fs_read_file(&oldyaml, st->real, 0, cause) != 0)
		return -1;
	r = journal_write(st, w->plan, w->doc->revision, w->yaml,
	    st->exists ? &oldyaml : NULL, cause);
	sbuf_release(&oldyaml);
	if (r != 0)
		return -1;
	/* the state is in place: a log that cannot be written is a warning */
	if (history_log(st->real, w->doc->revision, w->items, &why) != 0) {
		diag_add(w->diag, DIAG_WARNING, DC_COMMIT_LOG, "commit log",
		    "%s (the commit is done; only its line in the log is "
		    "missing)", why);
		free(why);
	}
	st->exists = 1;
	remember_stat(st);
	return 0;
}

/* The commit log beside the file. */
static char *
file_log(struct store *st)
{
	return history_read_log(st->path);
}

/* Loads a saved revision, or the file itself for the current one. */
static int
file_load_rev(struct store *st, long long rev, struct state_doc *d,
    char **cause)
{
	char *path = rev == st->revision ? xstrdup(st->path) :
	    history_path(st->path, rev);
	int r = state_load(path, d, cause);

	if (r == 1)
		*cause = xasprintf("revision %lld is not in the history (%s)",
		    rev, path);
	free(path);
	return r;
}

/* Edits the written map under the lock, over what is on disk now. */
static int
file_save_written(struct store *st, void (*edit)(json_t *, void *),
    void *arg, char **cause)
{
	struct state_doc doc = { 0 };
	struct sbuf yaml = SBUF_INIT;
	int fd, r = -1;

	if ((fd = atomic_lock(st->path, cause)) < 0)
		return -1;
	if (file_sync(st, cause) != 0)
		goto out;
	edit(st->written, arg);
	doc.colls = st->disk;
	doc.written = st->written;
	doc.revision = st->revision;
	doc.cluster = st->cluster;
	if (state_emit(&doc, &yaml, cause) != 0 ||
	    atomic_write(st->path, yaml.buf, yaml.len, cause) != 0)
		goto out;
	remember_stat(st);
	r = 0;
out:
	atomic_unlock(fd);
	sbuf_release(&yaml);
	return r;
}

/* Writes a whole state into a file that does not exist yet. */
static int
file_import(struct store *st, const struct state_doc *d, char **cause)
{
	struct sbuf yaml = SBUF_INIT;
	int fd, r = -1;

	if (st->exists) {
		*cause = xasprintf("'%s' holds a state already (export writes "
		    "a new state only)", st->path);
		return -1;
	}
	if (state_dir_create(st->path, cause) != 0 ||
	    (fd = atomic_lock(st->path, cause)) < 0)
		return -1;
	if (access(st->path, F_OK) == 0)
		*cause = xasprintf("'%s' holds a state already (export writes "
		    "a new state only)", st->path);
	else if (state_emit(d, &yaml, cause) == 0 &&
	    atomic_write(st->path, yaml.buf, yaml.len, cause) == 0)
		r = 0;
	atomic_unlock(fd);
	sbuf_release(&yaml);
	return r;
}

/* Waits until the file is not the one last read (polls it). */
static int
file_wait(struct store *st, char **cause)
{
	(void)cause;
	while (!disk_changed(st))
		usleep(200 * 1000);
	return 0;
}

/* Nothing to free. */
static void
file_close(struct store *st)
{
	(void)st;
}

const struct backend_ops backend_file_ops = {
	.name = "file",
	.whole_text = 1,
	.open = file_open,
	.sync = file_sync,
	.begin = file_begin,
	.old_text = file_old_text,
	.write = file_write,
	.log = file_log,
	.load_rev = file_load_rev,
	.save_written = file_save_written,
	.import = file_import,
	.wait = file_wait,
	.close = file_close,
};
