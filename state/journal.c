/*
 * journal.c - the crash journal of a commit: the intent record, the
 * cleanup of what a killed commit left, and writing the derived files and
 * the state so that a failure puts every file back as it was.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "state/lockfile.h"
#include "state/rootpath.h"
#include "state/history.h"
#include "state/journal.h"

/* The path of the intent record (see journal.h). Caller frees. */
static char *
intent_path(const struct store *st)
{
	return xasprintf("%s.intent", st->real);
}

/* Loads the intent record; NULL if there is none (or it does not parse). */
json_t *
journal_load(const struct store *st)
{
	char *p = intent_path(st);
	json_t *j = json_load_file(p, 0, NULL);

	free(p);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

/*
 * The record of written digests for the hand-edit check: st->written,
 * plus, for each file of a current intent record (a commit killed after
 * writing derived files, before the state), "pending": its digest.
 * Returns a new reference.
 */
json_t *
journal_written_for_check(const struct store *st, json_t *intent)
{
	json_t *w = json_deep_copy(st->written ? st->written : json_object());
	json_t *iw, *dg, *rec;
	const char *file;

	if (intent == NULL || json_integer_value(json_object_get(intent,
	    "revision")) != st->revision + 1)
		return w;
	iw = json_object_get(intent, "written");
	json_object_foreach(iw, file, dg) {
		if (!json_is_string(dg))
			continue;
		if ((rec = json_object_get(w, file)) == NULL ||
		    !json_is_object(rec)) {
			rec = json_object();
			json_object_set_new(w, file, rec);
		}
		json_object_set(rec, "pending", dg);
	}
	return w;
}

/*
 * Removes the lock files of the derived files an intent record names (a
 * killed commit leaves "<file>.lock" behind; under the state lock no
 * other writer can own one).  Each file is [ROOT, IMAGE, INNER], found
 * as the commit wrote it (state/rootpath.h: nothing outside ROOT); the
 * lock file itself goes, never what it may link to.  Records of another
 * form (an older ocmsh's) are left alone: a lock file they name is
 * removed by the next write of that file all the same (state/lockfile.h).
 */
static void
intent_clean_locks(json_t *intent)
{
	json_t *files = json_object_get(intent, "files"), *f;
	size_t i;

	json_array_foreach(files, i, f) {
		const char *root = json_string_value(json_array_get(f, 0));
		const char *image = json_string_value(json_array_get(f, 1));
		const char *inner = json_string_value(json_array_get(f, 2));
		char *e = NULL;

		if (json_array_size(f) != 3 || root == NULL || image == NULL ||
		    inner == NULL)
			continue;
		(void)rootpath_remove(root, image, inner, ".lock", &e);
		free(e);
	}
}

/* Writes the intent record of a plan about to be applied. */
static int
intent_write(const struct store *st, const struct render_plan *plan,
    long long revision, char **cause)
{
	json_t *j = json_object(), *w = json_object(), *files = json_array();
	json_t *rec;
	const char *file;
	char *text, *p;
	int r;

	json_object_foreach(plan->written, file, rec)
		json_object_set(w, file, json_object_get(rec, "digest"));
	for (size_t i = 0; i < plan->n; i++)
		json_array_append_new(files, json_pack("[s, s, s]",
		    plan->v[i].root, plan->v[i].image, plan->v[i].inner));
	json_object_set_new(j, "revision", json_integer(revision));
	json_object_set_new(j, "written", w);
	json_object_set_new(j, "files", files);
	text = json_dumps(j, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(j);
	p = intent_path(st);
	r = atomic_write_mode(p, text, strlen(text), 0600, cause);
	free(p);
	free(text);
	return r;
}

/* Removes the intent record (once the state records the digests). */
void
journal_remove(const struct store *st)
{
	char *p = intent_path(st);

	(void)unlink(p);
	free(p);
}

/*
 * Removes lock files of the state, its intent record and its history copy
 * that a killed commit left: called with the state lock held, so none is
 * live.
 */
static void
clean_stale_locks(const struct store *st)
{
	char *p = xasprintf("%s.lock", st->real), *h;

	(void)unlink(p);
	free(p);
	p = xasprintf("%s.intent.lock", st->real);
	(void)unlink(p);
	free(p);
	h = history_path(st->real, st->revision);
	p = xasprintf("%s.lock", h);
	(void)unlink(p);
	free(p);
	free(h);
}

/*
 * Removes what a killed commit left (see journal.h): lock files, and an
 * intent record of another revision than the next one.
 */
void
journal_clean(const struct store *st, json_t *intent)
{
	clean_stale_locks(st);
	if (intent == NULL)
		return;
	intent_clean_locks(intent);
	if (json_integer_value(json_object_get(intent, "revision")) !=
	    st->revision + 1)
		journal_remove(st);	/* stale */
}

/*
 * Puts back the first n files of a plan as they were (rollback): a file
 * that does not hold its old bytes (or that exists, when it did not) gets
 * them back (or is removed).  Returns 0, or -1 with the reasons in errs.
 */
static int
plan_undo(const struct render_plan *plan, size_t n, struct strv *errs)
{
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		const struct render_file *f = &plan->v[i];
		char *e = NULL, *now = NULL;
		size_t nowlen = 0;
		int r;

		r = rootpath_read(f->root, f->image, f->inner, &now, &nowlen,
		    &e);
		if (r == 0 && f->old == NULL)
			continue;
		if (r == 1 && f->old != NULL && nowlen == f->oldlen &&
		    memcmp(now, f->old, nowlen) == 0) {
			free(now);
			continue;
		}
		free(now);
		FREE_AND_NULL(e);
		if (f->old != NULL) {
			if (rootpath_write(f->root, f->image, f->inner, f->old,
			    f->oldlen, &e) == 0)
				continue;
		} else if (rootpath_remove(f->root, f->image, f->inner, "",
		    &e) == 0)
			continue;
		strv_push_nodup(errs, e);
		ret = -1;
	}
	return ret;
}

/* Puts the state file back to oldyaml (NULL: no file) if it changed. */
static void
restore_state(const struct store *st, const struct sbuf *oldyaml,
    struct strv *errs)
{
	struct sbuf now = SBUF_INIT;
	char *e = NULL;

	if (oldyaml == NULL) {
		if (unlink(st->real) != 0 && errno != ENOENT)
			strv_pushf(errs, "cannot remove '%s': %s", st->real,
			    strerror(errno));
		return;
	}
	if (fs_read_file(&now, st->real, 0, &e) == 0 &&
	    now.len == oldyaml->len && (now.len == 0 ||
	    memcmp(now.buf, oldyaml->buf, now.len) == 0)) {
		sbuf_release(&now);
		return;
	}
	sbuf_release(&now);
	free(e);
	e = NULL;
	if (atomic_write(st->real, oldyaml->buf, oldyaml->len, &e) != 0)
		strv_push_nodup(errs, e);
}

/*
 * Gives a file the plan creates its mode and group (render_file): group
 * first, as chown may clear set-id bits; a group the writer may not give
 * (not root) is left as it is.
 */
static int
new_file_owner(const struct render_file *f, char **cause)
{
	char *real;
	int fd, r = 0;

	if (f->old != NULL || (f->mode < 0 && f->gid < 0))
		return 0;
	if ((real = rootpath_resolve(f->root, f->image, f->inner, 0,
	    cause)) == NULL)
		return -1;
	fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || (f->gid >= 0 && fchown(fd, (uid_t)-1, (gid_t)f->gid) !=
	    0 && errno != EPERM) || (f->mode >= 0 && fchmod(fd,
	    (mode_t)f->mode) != 0)) {
		*cause = xasprintf("cannot set the mode and group of '%s': %s",
		    real, strerror(errno));
		r = -1;
	}
	if (fd >= 0)
		close(fd);
	free(real);
	return r;
}

/* Writes a derived file with a new file's mode and group (journal.h). */
int
derived_write(const struct render_file *f, char **cause)
{
	if (rootpath_write(f->root, f->image, f->inner, f->new, f->newlen,
	    cause) != 0)
		return -1;
	return new_file_owner(f, cause);
}

/*
 * Writes the derived files of plan, then the state (yaml); on failure puts
 * back every file as it was, so that nothing changes.  oldyaml is the
 * state file's current bytes (NULL if it does not exist).  The intent
 * record (see above) covers a process killed half way.
 */
int
journal_write(struct store *st, const struct render_plan *plan,
    long long revision, const struct sbuf *yaml, const struct sbuf *oldyaml,
    char **cause)
{
	struct strv errs = STRV_INIT;
	char *hpath = NULL, *why = NULL;
	size_t done = 0;
	int hist_existed = 1, intent = 0, state_tried = 0;

	if (plan->n > 0) {
		intent = 1;	/* even if its folder's fsync failed */
		if (intent_write(st, plan, revision, &why) != 0)
			goto fail;
	}
	if (oldyaml != NULL) {
		hpath = history_path(st->real, st->revision);
		hist_existed = access(hpath, F_OK) == 0;
		if (history_save(st->real, st->revision, &why) != 0)
			goto fail;
	}
	for (done = 0; done < plan->n; done++) {
		if (derived_write(&plan->v[done], &why) != 0) {
			done++;		/* it may have been replaced */
			goto fail;
		}
	}
	state_tried = 1;
	if (atomic_write(st->real, yaml->buf, yaml->len, &why) != 0)
		goto fail;
	if (intent)
		journal_remove(st);
	free(hpath);
	return 0;

fail:
	/* put everything back as it was */
	if (state_tried)
		restore_state(st, oldyaml, &errs);
	plan_undo(plan, done, &errs);
	if (hpath != NULL && !hist_existed)
		(void)unlink(hpath);
	free(hpath);
	if (errs.n == 0) {
		if (intent)
			journal_remove(st);
		*cause = xasprintf("commit failed: %s (nothing was changed; "
		    "the changes stay staged)", why);
	} else {
		/* the intent record stays: the next commit accepts what
		 * could not be put back */
		char *list = strv_join(&errs, "; ");

		*cause = xasprintf("commit failed: %s, and putting back the "
		    "files failed too: %s (the changes stay staged; commit "
		    "again to bring the files in line)", why, list);
		free(list);
	}
	free(why);
	strv_release(&errs);
	return -1;
}
