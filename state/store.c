/*
 * store.c - staged changes over the loaded state, copy on write, scoped
 * commit with per-object conflict detection, refresh.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "derive.h"
#include "diag.h"
#include "history.h"
#include "store.h"
#include "udiff.h"

void
store_items_release(struct store_items *it)
{
	for (size_t i = 0; i < it->n; i++) {
		free(it->v[i].collpath);
		free(it->v[i].name);
	}
	free(it->v);
	memset(it, 0, sizeof *it);
}

void
state_doc_release(struct state_doc *d)
{
	json_decref(d->colls);
	json_decref(d->written);
	free(d->cluster);
	memset(d, 0, sizeof *d);
}

char *
store_collpath(const struct obj_type *t, const char *parent_path)
{
	if (parent_path == NULL)
		return xstrdup(t->yaml_key);
	return xasprintf("%s/%s", parent_path, t->yaml_key);
}

const struct obj_type *
store_coll_type(const char *collpath)
{
	const char *last = strrchr(collpath, '/');

	last = last ? last + 1 : collpath;
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->layout == OT_COLLECTION &&
		    strcmp(obj_types[i]->yaml_key, last) == 0)
			return obj_types[i];
	return NULL;
}

json_t *
store_coll(json_t *view, const char *collpath)
{
	return json_object_get(view, collpath);
}

json_t *
store_get(json_t *view, const char *collpath, const char *name)
{
	json_t *c = json_object_get(view, collpath);

	return c ? json_object_get(c, name) : NULL;
}

/* Makes the collection private to view (copy on write) and returns it. */
static json_t *
coll_w(json_t *view, const char *collpath)
{
	json_t *c = json_object_get(view, collpath);

	if (c == NULL) {
		c = json_object();
		json_object_set_new(view, collpath, c);
	} else if (c->refcount > 1) {
		c = json_copy(c);
		json_object_set_new(view, collpath, c);
	}
	return c;
}

json_t *
store_get_w(struct store *st, const char *collpath, const char *name)
{
	json_t *c, *o;

	if (store_get(st->staged, collpath, name) == NULL)
		return NULL;
	c = coll_w(st->staged, collpath);
	o = json_object_get(c, name);
	if (o->refcount > 1) {
		o = json_deep_copy(o);
		json_object_set_new(c, name, o);
	}
	return o;
}

int
store_add(struct store *st, const char *collpath, const char *name,
    json_t *obj)
{
	if (store_get(st->staged, collpath, name) != NULL) {
		json_decref(obj);
		return -1;
	}
	json_object_set_new(coll_w(st->staged, collpath), name, obj);
	return 0;
}

void
store_put(struct store *st, const char *collpath, const char *name,
    json_t *obj)
{
	json_object_set_new(coll_w(st->staged, collpath), name, obj);
}

/* Removes name and the collections it owns from a view. */
static void
view_remove(json_t *view, const char *collpath, const char *name)
{
	char *prefix = xasprintf("%s/%s/", collpath, name);
	size_t plen = strlen(prefix);
	struct strv owned = STRV_INIT;
	const char *k;
	json_t *v;

	json_object_del(coll_w(view, collpath), name);
	json_object_foreach(view, k, v)
		if (strncmp(k, prefix, plen) == 0)
			strv_push(&owned, k);
	for (size_t i = 0; i < owned.n; i++)
		json_object_set_new(view, owned.v[i], json_object());
	strv_release(&owned);
	free(prefix);
}

void
store_remove(struct store *st, const char *collpath, const char *name)
{
	view_remove(st->staged, collpath, name);
}

enum store_change
store_change_of(const struct store *st, const char *collpath, const char *name)
{
	json_t *b = store_get(st->base, collpath, name);
	json_t *s = store_get(st->staged, collpath, name);

	if (b == NULL && s == NULL)
		return CH_NONE;
	if (b == NULL)
		return CH_ADDED;
	if (s == NULL)
		return CH_REMOVED;
	return json_equal(b, s) ? CH_NONE : CH_CHANGED;
}

int
store_coll_modified(const struct store *st, const char *collpath)
{
	json_t *b = store_coll(st->base, collpath);
	json_t *s = store_coll(st->staged, collpath);
	const char *k;
	json_t *v;

	if (b == s)
		return 0;
	if (b == NULL || s == NULL)
		return json_object_size(b ? b : s) != 0;
	if (json_object_size(b) != json_object_size(s))
		return 1;
	json_object_foreach(s, k, v) {
		json_t *o = json_object_get(b, k);

		if (o == NULL || !json_equal(o, v))
			return 1;
	}
	return 0;
}

/* 1 if the object path collpath/name lies within scope. */
static int
in_scope(const char *collpath, const char *name, const char *scope, int exact)
{
	size_t cl = strlen(collpath), sl = strlen(scope);

	if (exact)
		return strncmp(scope, collpath, cl) == 0 && scope[cl] == '/' &&
		    strcmp(scope + cl + 1, name) == 0;
	if (sl == 0)
		return 1;
	if (strncmp(collpath, scope, sl) == 0 &&
	    (collpath[sl] == '\0' || collpath[sl] == '/'))
		return 1;
	/* scope is an object path: its own collection entry */
	return strncmp(scope, collpath, cl) == 0 && scope[cl] == '/' &&
	    strncmp(scope + cl + 1, name, strlen(scope + cl + 1)) == 0 &&
	    name[strlen(scope + cl + 1)] == '\0';
}

/* Appends one item. */
static void
items_push(struct store_items *out, const char *collpath, const char *name,
    enum store_change ch)
{
	struct store_item *it;

	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
	it = &out->v[out->n++];
	it->collpath = xstrdup(collpath);
	it->name = xstrdup(name);
	it->type = store_coll_type(collpath);
	it->change = ch;
}

/* Orders items by collection path, then name. */
static int
item_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	int c = strcmp(x->collpath, y->collpath);

	return c ? c : strcmp(x->name, y->name);
}

void
store_changes(const struct store *st, const char *scope, int exact,
    struct store_items *out)
{
	struct strv paths = STRV_INIT;
	const char *cp, *name;
	json_t *c, *v;

	json_object_foreach(st->base, cp, c)
		strv_push(&paths, cp);
	json_object_foreach(st->staged, cp, c)
		if (json_object_get(st->base, cp) == NULL)
			strv_push(&paths, cp);
	for (size_t i = 0; i < paths.n; i++) {
		json_t *b = store_coll(st->base, paths.v[i]);
		json_t *s = store_coll(st->staged, paths.v[i]);

		if (b == s)
			continue;
		if (s)
			json_object_foreach(s, name, v) {
				json_t *o = b ? json_object_get(b, name) : NULL;

				if (o != NULL && (o == v || json_equal(o, v)))
					continue;
				if (!in_scope(paths.v[i], name, scope, exact))
					continue;
				items_push(out, paths.v[i], name,
				    o ? CH_CHANGED : CH_ADDED);
			}
		if (b)
			json_object_foreach(b, name, v) {
				if (s && json_object_get(s, name))
					continue;
				if (!in_scope(paths.v[i], name, scope, exact))
					continue;
				items_push(out, paths.v[i], name, CH_REMOVED);
			}
	}
	strv_release(&paths);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, item_cmp);
}

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

/* Installs a loaded document as disk (and as base and staged if fresh). */
static void
set_disk(struct store *st, struct state_doc *doc)
{
	json_decref(st->disk);
	json_decref(st->written);
	st->disk = doc->colls;
	st->written = doc->written;
	st->revision = doc->revision;
	if (doc->cluster) {
		free(st->cluster);
		st->cluster = doc->cluster;
	}
	doc->colls = doc->written = NULL;
	doc->cluster = NULL;
}

struct store *
store_open(const char *path, const char *root, char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	struct state_doc doc = { 0 };
	int r;

	st->path = xstrdup(path);
	st->root = xstrdup(root ? root : "/");
	r = state_load(path, &doc, cause);
	if (r < 0) {
		store_free(st);
		return NULL;
	}
	if (r == 1)
		state_example(&doc);
	else
		st->exists = 1;
	set_disk(st, &doc);
	st->base = json_copy(st->disk);
	st->staged = json_copy(st->base);
	remember_stat(st);
	return st;
}

void
store_free(struct store *st)
{
	if (st == NULL)
		return;
	json_decref(st->disk);
	json_decref(st->base);
	json_decref(st->staged);
	json_decref(st->written);
	free(st->cluster);
	free(st->path);
	free(st->root);
	free(st);
}

/* Re-reads the file if another session wrote it since. */
static int
sync_disk(struct store *st, char **cause)
{
	struct state_doc doc = { 0 };
	int r;

	if (!disk_changed(st))
		return 0;
	r = state_load(st->path, &doc, cause);
	if (r < 0)
		return -1;
	if (r == 1) {
		/* removed behind our back: keep what we have */
		return 0;
	}
	set_disk(st, &doc);
	st->exists = 1;
	remember_stat(st);
	return 0;
}

/* Sets (or removes, when v is NULL) an object in a view. */
static void
view_set(json_t *view, const char *collpath, const char *name, json_t *v)
{
	if (v == NULL)
		view_remove(view, collpath, name);
	else
		json_object_set(coll_w(view, collpath), name, v);
}

/* Collects the objects of items that another session changed. */
static char *
conflicts(const struct store *st, const struct store_items *items)
{
	struct strv names = STRV_INIT;
	char *s = NULL;

	for (size_t i = 0; i < items->n; i++) {
		const struct store_item *it = &items->v[i];
		json_t *d = store_get(st->disk, it->collpath, it->name);
		json_t *b = store_get(st->base, it->collpath, it->name);

		if (d == b || (d && b && json_equal(d, b)))
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

int
store_commit(struct store *st, const char *scope, int exact,
    const struct commit_opts *opts, struct diag *diag, size_t *ncommitted,
    char **cause)
{
	struct store_items items = { 0 }, rest = { 0 }, all = { 0 };
	struct derive_plan plan;
	struct state_doc doc = { 0 };
	struct sbuf yaml = SBUF_INIT;
	json_t *next = NULL, *old_base, *old_staged;
	int lockfd = -1, ret = -1;
	char *c;

	derive_plan_init(&plan);
	*ncommitted = 0;
	store_changes(st, scope, exact, &items);
	if (!opts->dry_run && (lockfd = atomic_lock(st->path, cause)) < 0)
		goto out;
	if (sync_disk(st, cause) != 0)
		goto out;
	if ((c = conflicts(st, &items)) != NULL) {
		*cause = c;
		ret = STORE_CONFLICT;
		goto out;
	}

	/* next = what is on disk now, plus the changes in scope */
	next = json_copy(st->disk);
	for (size_t i = 0; i < items.n; i++)
		view_set(next, items.v[i].collpath, items.v[i].name,
		    store_get(st->staged, items.v[i].collpath,
		    items.v[i].name));

	validate_state(next, diag);
	if (derive_plan(st->root, next, st->written, opts->force, &plan, diag,
	    cause) != 0)
		goto out;
	if (diag->nerrors) {
		*cause = xasprintf("commit refused: %zu error%s", diag->nerrors,
		    diag->nerrors == 1 ? "" : "s");
		ret = STORE_INVALID;
		goto out;
	}

	doc.colls = next;
	doc.written = plan.written;
	doc.revision = st->revision + 1;
	doc.cluster = st->cluster;
	if (state_emit(&doc, &yaml, cause) != 0)
		goto out;
	if (items.n == 0 && plan.n == 0 && st->exists &&
	    json_equal(plan.written, st->written)) {
		ret = 0;	/* nothing to do */
		goto out;
	}

	if (opts->dry_run) {
		struct sbuf old = SBUF_INIT;
		char *e2 = NULL;

		if (st->exists && sbuf_read_file(&old, st->path, 0, &e2) != 0) {
			free(e2);
			sbuf_reset(&old);
		}
		udiff(st->path, old.buf ? old.buf : "", old.len, yaml.buf,
		    yaml.len, opts->out);
		sbuf_release(&old);
		for (size_t i = 0; i < plan.n; i++)
			udiff(plan.v[i].display, plan.v[i].old ? plan.v[i].old :
			    "", plan.v[i].oldlen, plan.v[i].new,
			    plan.v[i].newlen, opts->out);
		*ncommitted = items.n;
		ret = 0;
		goto out;
	}

	/* derived files first, then the state that records them */
	if (derive_apply(&plan, cause) != 0)
		goto out;
	if (st->exists && history_save(st->path, st->revision, cause) != 0)
		goto out;
	if (atomic_write(st->path, yaml.buf, yaml.len, cause) != 0)
		goto out;
	history_log(st->path, doc.revision, &items);
	st->exists = 1;
	remember_stat(st);
	*ncommitted = items.n;

	/* the out-of-scope changes stay staged against their old baseline */
	store_changes(st, "", 0, &all);
	for (size_t i = 0; i < all.n; i++) {
		if (in_scope(all.v[i].collpath, all.v[i].name, scope, exact))
			continue;
		items_push(&rest, all.v[i].collpath, all.v[i].name,
		    all.v[i].change);
	}
	old_base = st->base;
	old_staged = st->staged;
	json_decref(st->disk);
	st->disk = json_incref(next);
	json_decref(st->written);
	st->written = json_incref(plan.written);
	st->revision = doc.revision;
	st->base = json_copy(next);
	for (size_t i = 0; i < rest.n; i++)
		view_set(st->base, rest.v[i].collpath, rest.v[i].name,
		    store_get(old_base, rest.v[i].collpath, rest.v[i].name));
	st->staged = json_copy(st->base);
	for (size_t i = 0; i < rest.n; i++)
		view_set(st->staged, rest.v[i].collpath, rest.v[i].name,
		    store_get(old_staged, rest.v[i].collpath, rest.v[i].name));
	json_decref(old_base);
	json_decref(old_staged);
	ret = 0;
out:
	if (lockfd >= 0)
		atomic_unlock(lockfd);
	json_decref(next);
	derive_plan_release(&plan);
	sbuf_release(&yaml);
	store_items_release(&items);
	store_items_release(&rest);
	store_items_release(&all);
	return ret;
}

int
store_refresh(struct store *st, const char *scope, int exact, char **cause)
{
	struct store_items items = { 0 };
	const char *cp;
	json_t *c;

	if (sync_disk(st, cause) != 0)
		return -1;
	/* objects in scope take the newest baseline and lose their changes */
	store_changes(st, scope, exact, &items);
	for (size_t i = 0; i < items.n; i++) {
		json_t *d = store_get(st->disk, items.v[i].collpath,
		    items.v[i].name);

		view_set(st->base, items.v[i].collpath, items.v[i].name, d);
		view_set(st->staged, items.v[i].collpath, items.v[i].name, d);
	}
	store_items_release(&items);
	/* unchanged objects follow the disk everywhere in scope */
	json_object_foreach(st->disk, cp, c) {
		const char *name;
		json_t *o;

		json_object_foreach(c, name, o) {
			if (!in_scope(cp, name, scope, exact))
				continue;
			if (store_change_of(st, cp, name) != CH_NONE)
				continue;
			if (store_get(st->base, cp, name) == o)
				continue;
			view_set(st->base, cp, name, o);
			view_set(st->staged, cp, name, o);
		}
	}
	return 0;
}
