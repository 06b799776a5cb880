/*
 * commit.c - the commit transaction (see commit.h), one function per
 * step: commit_prepare, commit_check, then commit_dry_run, or
 * commit_write and commit_adopt.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/udiff.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "nova/render.h"
#include "nova/sync.h"
#include "state/backend.h"
#include "state/adopt.h"
#include "state/checked.h"
#include "state/lockfile.h"
#include "state/rootpath.h"
#include "state/commit.h"
#include "state/history.h"
#include "state/journal.h"
#include "state/statefile.h"
#include "state/store_internal.h"
#include "state/validate.h"

/* A commit in progress. */
struct commit {
	struct store		 *st;
	const char		 *scope;
	int			  exact;
	const struct commit_opts *opts;
	struct diag		 *diag;
	int			  lockfd;	/* the state lock, or -1 */
	struct store_items	  items;	/* the changes committed */
	json_t			 *intent;	/* the intent record found */
	json_t			 *next;		/* the state to write */
	json_t			 *patched;	/* objects some carried keys
						   of which it commits */
	struct checked		  ck;		/* what the checks start from */
	struct render_plan	  plan;		/* the derived files */
	struct state_doc	  doc;		/* next as a state file */
	struct sbuf		  yaml;		/* doc, serialised */
};

/* Collects the objects of items that another session changed. */
static char *
conflicts(const struct store *st, const struct store_items *items)
{
	struct strv names = STRV_INIT;
	char *s = NULL;

	for (size_t i = 0; i < items->n; i++) {
		const struct store_item *it = &items->v[i];
		json_t *dc = json_object_get(st->disk, it->collpath);
		json_t *bc = json_object_get(st->base, it->collpath);
		json_t *d, *b;

		if (dc == bc)
			continue;	/* the whole collection is as it was */
		d = dc ? json_object_get(dc, it->name) : NULL;
		b = bc ? json_object_get(bc, it->name) : NULL;
		if (d == b || (d && b && store_tree_equal(d, b)))
			continue;
		strv_pushf(&names, "%s %s", it->type ? it->type->name :
		    it->collpath, it->name);
	}
	if (names.n) {
		char *list = strv_join(&names, ", ");

		s = xasprintf("commit refused: another session committed "
		    "changes to the same objects since this one loaded them: "
		    "%s (run 'refresh' and make the changes again)", list);
		free(list);
	}
	strv_release(&names);
	return s;
}

/* Lists a folder of an image for the renderer (see commit.h). */
size_t
store_list_image_dir(const char *root, const char *image, const char *inner,
    struct strv *out)
{
	char *real, *e = NULL;
	struct dirent *de;
	size_t n = 0;
	DIR *dir;

	if ((real = rootpath_resolve(root, image, inner, 0, &e)) == NULL) {
		free(e);
		return 0;
	}
	if ((dir = opendir(real)) != NULL) {
		while ((de = readdir(dir)) != NULL)
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0) {
				strv_push(out, de->d_name);
				n++;
			}
		closedir(dir);
	}
	free(real);
	return n;
}

/*
 * The state to write: what is on disk now, plus the changes in scope.  A
 * collection wholly in scope whose baseline is what is on disk is the
 * staged one as it is: shared, not rebuilt object by object.
 */
static json_t *
build_next(const struct commit *c)
{
	const struct store *st = c->st;
	json_t *next = json_copy(st->disk), *sc;
	const char *cp;

	json_object_foreach(st->staged, cp, sc) {
		json_t *dc = json_object_get(st->disk, cp);

		if (dc != NULL && dc != sc &&
		    dc == json_object_get(st->base, cp) &&
		    store_coll_scope(cp, c->scope, c->exact) == 2)
			json_object_set(next, cp, sc);
	}
	for (size_t i = 0; i < c->items.n; i++) {
		const char *icp = c->items.v[i].collpath;
		json_t *nc = json_object_get(next, icp);

		if (nc != NULL && nc == json_object_get(st->staged, icp))
			continue;
		store_view_set(next, icp, c->items.v[i].name,
		    view_get(st->staged, icp, c->items.v[i].name));
	}
	return next;
}

/*
 * Takes the lock (unless a dry run), re-reads the file if another session
 * wrote it, cleans up after a killed commit, refuses objects another
 * session changed too, and builds c->next.  Returns 0, STORE_CONFLICT or
 * -1, with *cause.
 */
static int
commit_prepare(struct commit *c, char **cause)
{
	struct store *st = c->st;
	char *why;

	/* a dry run shows the whole state file's diff */
	if (c->opts->dry_run && store_load_all(st, cause) != 0)
		return -1;
	store_changes(st, c->scope, c->exact, &c->items);
	if (st->be->begin(st, c->opts->dry_run, &c->lockfd, &c->intent,
	    cause) != 0)
		return -1;
	c->next = build_next(c);
	/* the checks read what they need into it too (state/lazy.c) */
	store_hold_view(st, c->next);
	store_carry_apply(st, c->next, &c->items, &c->patched);
	if ((why = conflicts(st, &c->items)) != NULL) {
		*cause = why;
		return STORE_CONFLICT;
	}
	return 0;
}

/*
 * Serialises c->next as the next revision, refusing what the loader
 * would refuse (see state_emit): a commit never writes a state that no
 * later run can load.  Returns 0, or -1 with *cause.
 */
static int
commit_serialise(struct commit *c, char **cause)
{
	struct store *st = c->st;
	char *why;

	if (st->revision == LLONG_MAX) {
		*cause = xasprintf("commit refused: the state is at revision "
		    "%lld, the highest a state file can hold (lower "
		    "'revision' in '%s' by hand to commit again; nothing was "
		    "changed)", st->revision, st->real);
		return -1;
	}
	c->doc.colls = c->next;
	c->doc.written = c->plan.written;
	c->doc.revision = st->revision + 1;
	c->doc.cluster = st->cluster;
	if (!st->be->whole_text && !c->opts->dry_run)
		return 0;
	if (state_emit(&c->doc, &c->yaml, &why) != 0) {
		*cause = xasprintf("commit refused: %s (nothing was changed; "
		    "the changes stay staged)", why);
		free(why);
		return -1;
	}
	return 0;
}

/* 1 if two plans write the same files with the same bytes. */
static int
plans_equal(const struct render_plan *a, const struct render_plan *b)
{
	if (a->n != b->n || !json_equal(a->written, b->written))
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].display, b->v[i].display) != 0 ||
		    a->v[i].newlen != b->v[i].newlen ||
		    memcmp(a->v[i].new, b->v[i].new, a->v[i].newlen) != 0)
			return 0;
	return 1;
}

/* 1 if d holds from index from on what e holds. */
static int
diags_equal(const struct diag *d, size_t from, const struct diag *e)
{
	if (d->n - from != e->n)
		return 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct diag_item *x = &d->v[from + i], *y = &e->v[i];

		if (x->sev != y->sev || x->code != y->code ||
		    strcmp(x->field, y->field) != 0 ||
		    strcmp(x->msg, y->msg) != 0)
			return 0;
	}
	return 1;
}

/*
 * $OCMSH_VERIFY_FAST (checked.h): the commit checked from the record
 * (problems from index nd on, c->plan) against a walk over the whole
 * state.  Returns 0, or -1 with *why naming what differs.
 */
static int
checked_verify(struct commit *c, const struct render_in *fast, size_t nd,
    char **why)
{
	struct render_in in = *fast;
	struct render_plan plan;
	struct diag d;
	json_t *sum = json_object(), *replay = json_object();
	const char *what = NULL;

	if (store_load_all(c->st, why) != 0) {
		json_decref(sum);
		json_decref(replay);
		return -1;
	}
	diag_init(&d);
	render_plan_init(&plan);
	validate_run(c->next, sum, NULL, NULL, replay, &d);
	in.images = NULL;
	if (render_plan(&in, &plan, &d, why) != 0)
		what = "the walk's render failed";
	else if (!json_equal(sum, c->ck.sum))
		what = "the summary";
	else if (!json_equal(replay, c->ck.replay))
		what = "the replayed checks";
	else if (!diags_equal(c->diag, nd, &d))
		what = "the problems found";
	else if (!plans_equal(&c->plan, &plan))
		what = "the derived files";
	if (what) {
		free(*why);
		*why = xasprintf("internal error: checking the changed objects "
		    "only and walking the whole state disagree on %s", what);
	}
	render_plan_release(&plan);
	diag_release(&d);
	json_decref(sum);
	json_decref(replay);
	return what ? -1 : 0;
}

/*
 * Validates c->next into the diag, renders the derived files and
 * serialises the state.  Returns 0, STORE_INVALID or -1, with *cause.
 */
static int
commit_check(struct commit *c, char **cause)
{
	struct store *st = c->st;
	struct render_in in = { .root = st->root, .colls = c->next,
	    .prev = st->disk, .force = c->opts->force,
	    .reader = rootpath_read,
	    .lister = store_list_image_dir };
	struct strv images;
	size_t nd = c->diag->n;
	json_t *wcheck;
	char *why = NULL;
	int r;

	if (checked_begin(st, c->next, &c->items, c->patched, &c->ck,
	    cause) != 0)
		return -1;
	validate_run(c->next, c->ck.sum, c->ck.only, c->ck.changed,
	    c->ck.replay, c->diag);
	checked_images(&c->ck, &images);
	in.images = &images;
	in.written = wcheck = journal_written_for_check(st, c->intent);
	r = render_plan(&in, &c->plan, c->diag, &why);
	if (r == 0 && c->ck.fast && getenv("OCMSH_VERIFY_FAST"))
		r = checked_verify(c, &in, nd, &why);
	json_decref(wcheck);
	strv_release(&images);
	sync_record_carry(c->plan.written, st->written);
	if (r != 0) {
		*cause = xasprintf("commit failed: %s (nothing was changed; "
		    "the changes stay staged)", why);
		free(why);
		return -1;
	}
	if (c->diag->nerrors) {
		if (c->plan.notes.len && c->opts->out)
			sbuf_add(c->opts->out, c->plan.notes.buf,
			    c->plan.notes.len);
		*cause = xasprintf("commit refused: %zu error%s",
		    c->diag->nerrors, c->diag->nerrors == 1 ? "" : "s");
		return STORE_INVALID;
	}
	return commit_serialise(c, cause);
}

/* 1 if nothing changes: the files match the state as it is. */
static int
commit_is_empty(const struct commit *c)
{
	return c->items.n == 0 && c->plan.n == 0 && c->st->exists &&
	    json_equal(c->plan.written, c->st->written);
}

/* Writes the diffs of the state and of the derived files to opts->out. */
static void
commit_dry_run(struct commit *c)
{
	struct store *st = c->st;
	struct sbuf old = SBUF_INIT;
	char *e = NULL;

	if (st->be->old_text(st, &old, &e) != 0) {
		free(e);
		sbuf_reset(&old);
	}
	udiff(st->path, old.buf ? old.buf : "", old.len, c->yaml.buf,
	    c->yaml.len, c->opts->out);
	sbuf_release(&old);
	for (size_t i = 0; i < c->plan.n; i++) {
		const struct render_file *f = &c->plan.v[i];

		udiff(f->display, f->old ? f->old : "", f->oldlen, f->new,
		    f->newlen, c->opts->out);
	}
}

/*
 * Writes the derived files and the state through the backend.  Returns
 * 0, or STORE_CONFLICT or -1 with *cause (nothing was changed).
 */
static int
commit_write(struct commit *c, char **cause)
{
	struct backend_write w = { .plan = &c->plan, .doc = &c->doc,
	    .yaml = &c->yaml, .items = &c->items, .patched = c->patched,
	    .diag = c->diag };
	json_t *rec = checked_record(&c->ck, c->doc.revision);
	int r;

	w.checked = rec;
	r = c->st->be->write(c->st, &w, cause);
	json_decref(rec);
	return r;
}

/* 1 if items holds collpath/name. */
static int
items_hold(const struct store_items *items, const char *cp, const char *name)
{
	for (size_t i = 0; i < items->n; i++)
		if (strcmp(items->v[i].collpath, cp) == 0 &&
		    strcmp(items->v[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * Makes the written state disk and base; the changes out of scope stay
 * staged against their old baseline, except the carried ones, which are
 * committed (an object only some keys of which were carried keeps its
 * other changes staged, against the committed object).
 */
static void
commit_adopt(struct commit *c)
{
	struct store *st = c->st;
	struct store_items rest = { 0 };
	json_t *old_base = st->base, *old_staged = st->staged;

	if (*c->scope != '\0' || c->exact)
		store_changes_outside(st, c->scope, c->exact, &rest);
	store_retire(st, st->disk);
	st->disk = json_incref(c->next);
	json_decref(st->written);
	st->written = json_incref(c->plan.written);
	st->revision = c->doc.revision;
	st->base = json_copy(c->next);
	for (size_t i = 0; i < rest.n; i++) {
		const char *cp = rest.v[i].collpath, *name = rest.v[i].name;

		if (!items_hold(&c->items, cp, name) && json_object_get(
		    json_object_get(c->patched, cp), name) == NULL)
			store_view_set(st->base, cp, name,
			    view_get(old_base, cp, name));
	}
	st->staged = json_copy(st->base);
	for (size_t i = 0; i < rest.n; i++)
		if (!items_hold(&c->items, rest.v[i].collpath, rest.v[i].name))
			store_view_set(st->staged, rest.v[i].collpath,
			    rest.v[i].name, view_get(old_staged,
			    rest.v[i].collpath, rest.v[i].name));
	FREE_AND_NULL_JSON(st->carried);
	store_retire(st, old_base);
	store_retire(st, old_staged);
	store_items_release(&rest);
}

/* Runs the steps after commit_prepare and commit_check. */
static int
commit_finish(struct commit *c, size_t *ncommitted, char **cause)
{
	int r;

	if (commit_is_empty(c)) {
		if (c->intent && !c->opts->dry_run)
			journal_remove(c->st);
		return 0;
	}
	if (c->opts->dry_run) {
		commit_dry_run(c);
		*ncommitted = c->items.n;
		return 0;
	}
	if ((r = commit_write(c, cause)) != 0)
		return r;
	*ncommitted = c->items.n;
	commit_adopt(c);
	return 0;
}

/* Drops the diag items added since it held n of them. */
static void
diag_truncate(struct diag *d, size_t n)
{
	while (d->n > n) {
		struct diag_item *it = &d->v[--d->n];

		if (it->sev == DIAG_ERROR)
			d->nerrors--;
		free(it->field);
		free(it->msg);
	}
}

/*
 * Fails the commit when a read of the state failed on the way (state/
 * lazy.c): the checks did not see the state.  Returns 0, or -1 with
 * *cause (replacing one set already).
 */
static int
commit_read_ok(struct store *st, char **cause)
{
	char *e = store_read_error(st, NULL);

	if (e == NULL)
		return 0;
	free(*cause);
	*cause = xasprintf("commit failed: %s (nothing was changed; the "
	    "changes stay staged)", e);
	free(e);
	return -1;
}

/* One attempt at a commit; BACKEND_RETRY when it must start again. */
static int
commit_once(struct store *st, const char *scope, int exact,
    const struct commit_opts *opts, struct diag *diag, size_t *ncommitted,
    char **cause)
{
	struct commit c = { .st = st, .scope = scope, .exact = exact,
	    .opts = opts, .diag = diag, .lockfd = -1, .yaml = SBUF_INIT };
	int ret;

	render_plan_init(&c.plan);
	*ncommitted = 0;
	FREE_AND_NULL_JSON(st->retired);
	if ((ret = commit_prepare(&c, cause)) == 0 &&
	    (ret = commit_check(&c, cause)) == 0 &&
	    (ret = commit_read_ok(st, cause)) == 0)
		ret = commit_finish(&c, ncommitted, cause);
	else if (ret != BACKEND_RETRY && commit_read_ok(st, cause) != 0)
		ret = -1;
	if (c.lockfd >= 0)
		atomic_unlock(c.lockfd);
	store_drop_view(st, c.next);
	if (ret == 0 && opts->next)
		*opts->next = json_incref(c.next);
	if (ret == 0 && opts->committed) {
		/* hand the list over rather than make the caller list again */
		store_items_release(opts->committed);
		*opts->committed = c.items;
		memset(&c.items, 0, sizeof c.items);
	}
	json_decref(c.next);
	json_decref(c.patched);
	json_decref(c.intent);
	render_plan_release(&c.plan);
	checked_release(&c.ck);
	sbuf_release(&c.yaml);
	store_items_release(&c.items);
	return ret;
}

/*
 * Commits the staged changes within scope, step by step (see commit.h),
 * again from the start when the backend found that another session
 * committed other objects in the meantime.
 */
int
store_commit(struct store *st, const char *scope, int exact,
    const struct commit_opts *opts, struct diag *diag, size_t *ncommitted,
    char **cause)
{
	size_t nd = diag->n;
	int ret;

	for (int tries = 0;; tries++) {
		ret = commit_once(st, scope, exact, opts, diag, ncommitted,
		    cause);
		if (ret != BACKEND_RETRY)
			return ret;
		diag_truncate(diag, nd);
		if (tries == 20) {
			*cause = xstrdup("commit failed: other sessions keep "
			    "committing at the same time (nothing was "
			    "changed; the changes stay staged)");
			return -1;
		}
	}
}

/* Checks the staged state as a commit would (see commit.h). */
int
store_validate(struct store *st, struct diag *diag, char **cause)
{
	struct render_in in = { .root = st->root, .colls = st->staged,
	    .prev = st->disk, .written = st->written,
	    .reader = rootpath_read,
	    .lister = store_list_image_dir };
	struct render_plan plan;
	int r;

	render_plan_init(&plan);
	validate_state(st->staged, diag);
	r = render_plan(&in, &plan, diag, cause);
	render_plan_release(&plan);
	return r;
}
