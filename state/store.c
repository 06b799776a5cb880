/*
 * store.c - the views of the cluster (disk, base, staged), copy on write,
 * the lists of changes, refresh, and opening the state file.  The commit
 * transaction is commit.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "state/backend.h"
#include "state/statefile.h"
#include "state/store.h"
#include "state/store_internal.h"

/* Frees a list of changed objects. */
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

/* A private shallow copy of an object or array (values shared). */
static json_t *
shallow_copy(json_t *j)
{
	void *it;
	size_t i;
	json_t *c, *v;

	if (json_is_object(j)) {
		c = json_object();
		for (it = json_object_iter(j); it;
		    it = json_object_iter_next(j, it))
			json_object_setn_new_nocheck(c,
			    json_object_iter_key(it),
			    json_object_iter_key_len(it),
			    json_incref(json_object_iter_value(it)));
		return c;
	}
	if (json_is_array(j)) {
		c = json_array();
		json_array_foreach(j, i, v)
			json_array_append(c, v);
		return c;
	}
	return json_incref(j);
}

/*
 * Makes every object and array below the private container j private too,
 * copying only those still shared: afterwards nothing reachable from j is
 * reachable from anywhere else, except scalars (nothing changes a scalar
 * in place; a change replaces it).
 */
static void
unshare_below(json_t *j)
{
	void *it;
	size_t i;
	json_t *v;

	if (json_is_object(j))
		for (it = json_object_iter(j); it;
		    it = json_object_iter_next(j, it)) {
			v = json_object_iter_value(it);
			if (!json_is_object(v) && !json_is_array(v))
				continue;
			if (v->refcount > 1) {
				v = shallow_copy(v);
				json_object_iter_set_new(j, it, v);
			}
			unshare_below(v);
		}
	else if (json_is_array(j))
		json_array_foreach(j, i, v) {
			if (!json_is_object(v) && !json_is_array(v))
				continue;
			if (v->refcount > 1) {
				v = shallow_copy(v);
				json_array_set_new(j, i, v);
			}
			unshare_below(v);
		}
}

/* The staged object, itself made private (its values may be shared). */
static json_t *
get_w_top(struct store *st, const char *collpath, const char *name)
{
	json_t *c, *o;
	void *it;

	if (view_get(st->staged, collpath, name) == NULL)
		return NULL;
	c = json_object_get(st->staged, collpath);
	if (c == NULL || (it = json_object_iter_at(c, name)) == NULL)
		return NULL;
	if (c->refcount > 1) {
		c = coll_w(st->staged, collpath);
		it = json_object_iter_at(c, name);
	}
	o = json_object_iter_value(it);
	if (o->refcount > 1) {
		o = shallow_copy(o);
		json_object_iter_set_new(c, it, o);
	}
	return o;
}

/* The staged object, made wholly private (see store.h). */
json_t *
store_get_w(struct store *st, const char *collpath, const char *name)
{
	json_t *o = get_w_top(st, collpath, name);

	if (o != NULL)
		unshare_below(o);
	return o;
}

/* The staged object, itself private (see store.h). */
json_t *
store_get_w_top(struct store *st, const char *collpath, const char *name)
{
	return get_w_top(st, collpath, name);
}

/* A value of a private object, made private to it (see store.h). */
json_t *
store_child_w(json_t *obj, const char *key, int create)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		if (!create || !json_is_object(obj))
			return NULL;
		v = json_object();
		json_object_set_new(obj, key, v);
	} else if (v->refcount > 1 && (json_is_object(v) ||
	    json_is_array(v))) {
		v = shallow_copy(v);
		json_object_set_new(obj, key, v);
	}
	return v;
}

/* Stages a new object (see store.h). */
int
store_add(struct store *st, const char *collpath, const char *name,
    json_t *obj)
{
	if (view_get(st->staged, collpath, name) != NULL) {
		json_decref(obj);
		return -1;
	}
	json_object_set_new(coll_w(st->staged, collpath), name, obj);
	return 0;
}

/* Replaces a staged object (see store.h). */
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

/* Stages the removal of an object (see store.h). */
void
store_remove(struct store *st, const char *collpath, const char *name)
{
	view_remove(st->staged, collpath, name);
}

/* How an object differs between base and staged. */
enum store_change
store_change_of(const struct store *st, const char *collpath, const char *name)
{
	json_t *b = view_get(st->base, collpath, name);
	json_t *s = view_get(st->staged, collpath, name);

	if (b == NULL && s == NULL)
		return CH_NONE;
	if (b == NULL)
		return CH_ADDED;
	if (s == NULL)
		return CH_REMOVED;
	return json_equal(b, s) ? CH_NONE : CH_CHANGED;
}

/* 1 if any object of the collection is changed. */
int
store_coll_modified(const struct store *st, const char *collpath)
{
	/* only what was read can have changed */
	json_t *b = view_coll_held(st->base, collpath);
	json_t *s = view_coll_held(st->staged, collpath);
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

/* Appends one item of a collection of type t. */
static void
items_push(struct store_items *out, const char *collpath,
    const struct obj_type *t, const char *name, enum store_change ch)
{
	struct store_item *it;

	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
	it = &out->v[out->n++];
	it->collpath = xstrdup(collpath);
	it->name = xstrdup(name);
	it->type = t;
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

/*
 * How a collection relates to scope: 2 if all of its objects are within
 * it, 1 if some may be, 0 if none is (see in_scope).
 */
int
store_coll_scope(const char *collpath, const char *scope, int exact)
{
	size_t cl = strlen(collpath), sl = strlen(scope);

	if (!exact && (sl == 0 || (strncmp(collpath, scope, sl) == 0 &&
	    (collpath[sl] == '\0' || collpath[sl] == '/'))))
		return 2;
	return strncmp(scope, collpath, cl) == 0 && scope[cl] == '/';
}

/*
 * json_equal, faster for the usual pair: an object and its copy on write,
 * whose keys come in the same order and whose unchanged values are shared.
 */
int
store_tree_equal(json_t *a, json_t *b)
{
	if (a == b)
		return 1;
	if (json_is_object(a) && json_is_object(b)) {
		void *ia = json_object_iter(a), *ib = json_object_iter(b);

		if (json_object_size(a) != json_object_size(b))
			return 0;
		for (; ia && ib; ia = json_object_iter_next(a, ia),
		    ib = json_object_iter_next(b, ib)) {
			if (strcmp(json_object_iter_key(ia),
			    json_object_iter_key(ib)) != 0)
				return json_equal(a, b);	/* reordered */
			if (!store_tree_equal(json_object_iter_value(ia),
			    json_object_iter_value(ib)))
				return 0;
		}
		return 1;
	}
	if (json_is_array(a) && json_is_array(b)) {
		size_t n = json_array_size(a);

		if (n != json_array_size(b))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!store_tree_equal(json_array_get(a, i),
			    json_array_get(b, i)))
				return 0;
		return 1;
	}
	return json_equal(a, b);
}

/*
 * Adds the changed objects of one collection (b: base, s: staged) that lie
 * within scope, or with outside = 1, those that do not (see in_scope).
 */
static void
coll_changes(const char *cp, json_t *b, json_t *s, const char *scope,
    int exact, int outside, struct store_items *out)
{
	int all = store_coll_scope(cp, scope, exact);
	const struct obj_type *t;
	const char *name;
	json_t *v;
	void *bi;
	size_t nadded = 0;

	if (b == s || (!outside && all == 0) || (outside && all == 2))
		return;
	t = view_coll_type(cp);
	if (!outside && all == 1) {
		/* scope is an object path: that object only */
		json_t *o;

		name = scope + strlen(cp) + 1;
		o = b ? json_object_get(b, name) : NULL;
		v = s ? json_object_get(s, name) : NULL;
		if (o == v || (o && v && store_tree_equal(o, v)))
			return;
		items_push(out, cp, t, name, o == NULL ? CH_ADDED : v == NULL ?
		    CH_REMOVED : CH_CHANGED);
		return;
	}
	/*
	 * Staged is a copy of base with changes: walk base alongside, and
	 * look a name up only where the two orders part.
	 */
	bi = b ? json_object_iter(b) : NULL;
	if (s)
		json_object_foreach(s, name, v) {
			json_t *o = NULL;


			if (bi && strcmp(json_object_iter_key(bi), name) == 0) {
				o = json_object_iter_value(bi);
				bi = json_object_iter_next(b, bi);
			} else if (b) {
				o = json_object_get(b, name);
				bi = NULL;
			}
			if (o == NULL)
				nadded++;
			if (o == v)
				continue;
			if (o != NULL && store_tree_equal(o, v))
				continue;
			if (all == 1 && in_scope(cp, name, scope, exact))
				continue;	/* outside: one object is in */
			items_push(out, cp, t, name, o ? CH_CHANGED : CH_ADDED);
		}
	if (b && (s == NULL || nadded + json_object_size(b) !=
	    json_object_size(s)))
		json_object_foreach(b, name, v) {
			if (s && json_object_get(s, name))
				continue;
			if (all == 1 && in_scope(cp, name, scope, exact))
				continue;
			items_push(out, cp, t, name, CH_REMOVED);
		}
}

/* store_changes, or with outside = 1, the changes it leaves out. */
static void
list_changes(const struct store *st, const char *scope, int exact,
    int outside, struct store_items *out)
{
	const char *cp;
	json_t *c;

	json_object_foreach(st->base, cp, c)
		coll_changes(cp, c, json_object_get(st->staged, cp), scope,
		    exact, outside, out);
	json_object_foreach(st->staged, cp, c)
		if (json_object_get(st->base, cp) == NULL)
			coll_changes(cp, NULL, c, scope, exact, outside, out);
	for (size_t i = 1; i < out->n; i++)
		if (item_cmp(&out->v[i - 1], &out->v[i]) > 0) {
			qsort(out->v, out->n, sizeof *out->v, item_cmp);
			break;
		}
}

/* Lists the changed objects within scope (see store.h). */
void
store_changes(const struct store *st, const char *scope, int exact,
    struct store_items *out)
{
	list_changes(st, scope, exact, 0, out);
}

/* Lists the changed objects outside scope (see store_internal.h). */
void
store_changes_outside(const struct store *st, const char *scope, int exact,
    struct store_items *out)
{
	list_changes(st, scope, exact, 1, out);
}

/* Installs a loaded document as disk (see store_internal.h). */
void
store_set_disk(struct store *st, struct state_doc *doc)
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

/* An empty cluster named after this host (its name up to the first dot). */
static void
start_empty(struct state_doc *doc)
{
	char host[256];

	if (gethostname(host, sizeof host) != 0 || host[0] == '\0')
		strcpy(host, "cluster");
	host[sizeof host - 1] = '\0';
	host[strcspn(host, ".")] = '\0';
	state_empty(doc, host);
}

/* Opens the state, or the example cluster (see store.h). */
struct store *
store_open(const char *path, const char *root, enum store_start start,
    char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	struct state_doc doc = { 0 };
	int r;

	st->path = xstrdup(path);
	st->root = xstrdup(root ? root : "/");
	st->be = backend_for(path);
	r = st->be->open(st, &doc, cause);
	if (r < 0) {
		store_free(st);
		return NULL;
	}
	if (st->real == NULL)
		st->real = xstrdup(path);
	if (r == 1 && start == STORE_START_EXAMPLE)
		state_example(&doc);
	else if (r == 1)
		start_empty(&doc);
	else
		st->exists = 1;
	store_set_disk(st, &doc);
	st->base = json_copy(st->disk);
	st->staged = json_copy(st->base);
	if (r == 0 && st->be->load_obj != NULL)
		store_lazy_start(st);
	return st;
}

/* Hands a view a commit replaced over to st->retired (see store.h). */
void
store_retire(struct store *st, json_t *j)
{
	if (j == NULL)
		return;
	if (st->retired == NULL)
		st->retired = json_array();
	json_array_append_new(st->retired, j);
}

/* Frees a store and every view it holds. */
void
store_free(struct store *st)
{
	if (st == NULL)
		return;
	store_lazy_free(st);
	json_decref(st->retired);
	json_decref(st->carried);
	json_decref(st->disk);
	json_decref(st->base);
	json_decref(st->staged);
	json_decref(st->written);
	if (st->be)
		st->be->close(st);
	free(st->cluster);
	free(st->path);
	free(st->real);
	free(st->root);
	free(st);
}

/* Brings disk up to date with what other sessions wrote. */
int
store_sync_disk(struct store *st, char **cause)
{
	return st->be->sync(st, cause);
}

/* The commit log (see store.h). */
char *
store_commit_log(struct store *st)
{
	return st->be->log(st);
}

/* Loads an earlier revision (see store.h). */
int
store_load_revision(struct store *st, long long rev, struct state_doc *d,
    char **cause)
{
	int r = st->be->load_rev(st, rev, d, cause);

	return r == 1 ? -1 : r;
}

/* Edits the written map of the newest state (see store.h). */
int
store_save_written(struct store *st, void (*edit)(json_t *, void *),
    void *arg, char **cause)
{
	return st->be->save_written(st, edit, arg, cause);
}

/* Writes the state as it is now into another backend (see store.h). */
int
store_export(struct store *st, const char *target, char **cause)
{
	struct store *to;
	struct state_doc d = { .colls = st->disk, .written = st->written,
	    .revision = st->revision, .cluster = st->cluster };
	int r;

	if (store_sync_disk(st, cause) != 0 || store_load_all(st, cause) != 0)
		return -1;
	d.colls = st->disk;
	d.written = st->written;
	d.revision = st->revision;
	if ((to = store_open(target, st->root, STORE_START_EMPTY, cause)) ==
	    NULL)
		return -1;
	r = to->be->import(to, &d, cause);
	store_free(to);
	return r;
}

/* Sets (or removes, when v is NULL) an object in a view. */
void
store_view_set(json_t *view, const char *collpath, const char *name,
    json_t *v)
{
	if (v == NULL)
		view_remove(view, collpath, name);
	else
		json_object_set(coll_w(view, collpath), name, v);
}


/* Drops the staged changes within scope (see store.h). */
int
store_refresh(struct store *st, const char *scope, int exact, char **cause)
{
	struct store_items items = { 0 };
	const char *cp;
	json_t *c;

	if (store_sync_disk(st, cause) != 0)
		return -1;
	/* objects in scope take the newest baseline and lose their changes */
	store_changes(st, scope, exact, &items);
	for (size_t i = 0; i < items.n; i++) {
		const struct store_item *it = &items.v[i];
		json_t *d = view_get(st->disk, it->collpath, it->name);

		store_view_set(st->base, it->collpath, it->name, d);
		store_view_set(st->staged, it->collpath, it->name, d);
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
			if (view_get(st->base, cp, name) == o)
				continue;
			store_view_set(st->base, cp, name, o);
			store_view_set(st->staged, cp, name, o);
		}
	}
	return 0;
}

