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

#include "state/atomic.h"
#include "state/derive.h"
#include "lib/diag.h"
#include "state/history.h"
#include "state/statefile.h"
#include "state/store.h"
#include "state/validate.h"
#include "lib/udiff.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"

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
			json_object_setn_new_nocheck(c, json_object_iter_key(it),
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
	json_t *c = json_object_get(st->staged, collpath), *o;
	void *it;

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

json_t *
store_get_w(struct store *st, const char *collpath, const char *name)
{
	json_t *o = get_w_top(st, collpath, name);

	if (o != NULL)
		unshare_below(o);
	return o;
}

json_t *
store_get_w_top(struct store *st, const char *collpath, const char *name)
{
	return get_w_top(st, collpath, name);
}

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

int
store_coll_modified(const struct store *st, const char *collpath)
{
	json_t *b = view_coll(st->base, collpath);
	json_t *s = view_coll(st->staged, collpath);
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
static int
coll_scope(const char *collpath, const char *scope, int exact)
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
static int
tree_equal(json_t *a, json_t *b)
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
			if (!tree_equal(json_object_iter_value(ia),
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
			if (!tree_equal(json_array_get(a, i),
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
	int all = coll_scope(cp, scope, exact);
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
		if (o == v || (o && v && tree_equal(o, v)))
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
			if (o != NULL && tree_equal(o, v))
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

void
store_changes(const struct store *st, const char *scope, int exact,
    struct store_items *out)
{
	list_changes(st, scope, exact, 0, out);
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

/* The identity of a file: 0, or -1 when it cannot be stat'ed. */
static int
file_identity(const char *path, struct stat *sb)
{
	return stat(path, sb) == 0 ? 0 : -1;
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
		int hb = file_identity(st->path, &before), r;

		r = state_load(st->path, doc, cause);
		if (r != 0)
			return r;
		if (hb == 0 && file_identity(st->path, &after) == 0 &&
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

struct store *
store_open(const char *path, const char *root, char **cause)
{
	struct store *st = xcalloc(1, sizeof *st);
	struct state_doc doc = { 0 };
	int r;

	st->path = xstrdup(path);
	st->root = xstrdup(root ? root : "/");
	r = load_consistent(st, &doc, cause);
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
	if (r == 1)
		remember_stat(st);
	return st;
}

/*
 * The views a commit replaced.  Freeing them (every object the commit
 * changed, in its old version) costs about as much as the rest of a large
 * commit, and a batch run that ends with the commit never needs the
 * memory back: they are freed at the next commit or by store_free.
 */
static json_t *graveyard;

/* Hands j over to the graveyard. */
static void
bury(json_t *j)
{
	if (j == NULL)
		return;
	if (graveyard == NULL)
		graveyard = json_array();
	json_array_append_new(graveyard, j);
}

void
store_free(struct store *st)
{
	FREE_AND_NULL_JSON(graveyard);
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
	r = load_consistent(st, &doc, cause);
	if (r < 0)
		return -1;
	if (r == 1) {
		/* removed behind our back: keep what we have */
		return 0;
	}
	set_disk(st, &doc);
	st->exists = 1;
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
		json_t *dc = json_object_get(st->disk, it->collpath);
		json_t *bc = json_object_get(st->base, it->collpath);
		json_t *d, *b;

		if (dc == bc)
			continue;	/* the whole collection is as it was */
		d = dc ? json_object_get(dc, it->name) : NULL;
		b = bc ? json_object_get(bc, it->name) : NULL;
		if (d == b || (d && b && tree_equal(d, b)))
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

/*
 * The intent record, "<state>.intent" (JSON, written atomically): before
 * commit replaces derived files it records the revision it is about to
 * write and the digests of the managed values it writes, and it removes
 * the record once the state holding those digests is in place.  A commit
 * killed in between leaves derived files newer than the state's "written";
 * the record, whose revision is then the state's + 1, tells the next
 * commit that those values are ocmsh's own, not hand edits.  A record
 * with any other revision is stale (the state was written after it).
 */
static char *
intent_path(const struct store *st)
{
	return xasprintf("%s.intent", st->path);
}

/* Loads the intent record; NULL if there is none (or it does not parse). */
static json_t *
intent_load(const struct store *st)
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
static json_t *
written_for_check(const struct store *st, json_t *intent)
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
 * Removes the lock file of the derived files an intent record names (a
 * killed commit leaves "<file>.lock" behind; under the state lock no
 * other writer can own one).  The link itself goes, never its target.
 */
static void
intent_clean_locks(json_t *intent)
{
	json_t *files = json_object_get(intent, "files"), *f;
	size_t i;

	json_array_foreach(files, i, f) {
		const char *root = json_string_value(json_array_get(f, 0));
		const char *inner = json_string_value(json_array_get(f, 1));
		const char *slash;
		char *dir, *real, *lock, *e = NULL;

		if (root == NULL || inner == NULL ||
		    (slash = strrchr(inner, '/')) == NULL)
			continue;
		dir = xstrndup(inner, (size_t)(slash - inner));
		if ((real = path_resolve_in(root, *dir ? dir : "/", 0, &e))
		    != NULL) {
			lock = xasprintf("%s/%s.lock", real, slash + 1);
			(void)unlink(lock);
			free(lock);
			free(real);
		}
		free(e);
		free(dir);
	}
}

/* Writes the intent record of a plan about to be applied. */
static int
intent_write(const struct store *st, const struct derive_plan *plan,
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
		json_array_append_new(files, json_pack("[s, s]",
		    plan->v[i].image_root, plan->v[i].inner));
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
static void
intent_remove(const struct store *st)
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
	char *p = xasprintf("%s.lock", st->path), *h;

	(void)unlink(p);
	free(p);
	p = xasprintf("%s.intent.lock", st->path);
	(void)unlink(p);
	free(p);
	h = history_path(st->path, st->revision);
	p = xasprintf("%s.lock", h);
	(void)unlink(p);
	free(p);
	free(h);
}

/*
 * Puts back the first n files of a plan as they were (rollback): a file
 * that does not hold its old bytes (or that exists, when it did not) gets
 * them back (or is removed).  Returns 0, or -1 with the reasons in errs.
 */
static int
plan_undo(const struct derive_plan *plan, size_t n, struct strv *errs)
{
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		const struct derived_file *f = &plan->v[i];
		char *e = NULL, *real, *now = NULL;
		size_t nowlen = 0;
		int r;

		r = read_file_in(f->image_root, f->inner, &now, &nowlen, &e);
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
			if (atomic_write_in(f->image_root, f->inner, f->old,
			    f->oldlen, &e) == 0)
				continue;
		} else if ((real = path_resolve_in(f->image_root, f->inner, 0,
		    &e)) != NULL) {
			if (unlink(real) == 0 || errno == ENOENT) {
				free(real);
				continue;
			}
			e = xasprintf("cannot remove '%s': %s", real,
			    strerror(errno));
			free(real);
		}
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
		if (unlink(st->path) != 0 && errno != ENOENT)
			strv_pushf(errs, "cannot remove '%s': %s", st->path,
			    strerror(errno));
		return;
	}
	if (fs_read_file(&now, st->path, 0, &e) == 0 &&
	    now.len == oldyaml->len && (now.len == 0 ||
	    memcmp(now.buf, oldyaml->buf, now.len) == 0)) {
		sbuf_release(&now);
		return;
	}
	sbuf_release(&now);
	free(e);
	e = NULL;
	if (atomic_write(st->path, oldyaml->buf, oldyaml->len, &e) != 0)
		strv_push_nodup(errs, e);
}

/*
 * Writes the derived files of plan, then the state (yaml); on failure puts
 * back every file as it was, so that nothing changes.  oldyaml is the
 * state file's current bytes (NULL if it does not exist).  The intent
 * record (see above) covers a process killed half way.
 */
static int
write_all_files(struct store *st, const struct derive_plan *plan,
    long long revision, const struct sbuf *yaml, const struct sbuf *oldyaml,
    char **cause)
{
	struct strv errs = STRV_INIT;
	struct derive_plan one;
	char *hpath = NULL, *why = NULL;
	size_t done = 0;
	int hist_existed = 1, intent = 0, state_tried = 0;

	if (plan->n > 0) {
		intent = 1;	/* even if its folder's fsync failed */
		if (intent_write(st, plan, revision, &why) != 0)
			goto fail;
	}
	if (oldyaml != NULL) {
		hpath = history_path(st->path, st->revision);
		hist_existed = access(hpath, F_OK) == 0;
		if (history_save(st->path, st->revision, &why) != 0)
			goto fail;
	}
	for (done = 0; done < plan->n; done++) {
		one = *plan;
		one.v = &plan->v[done];
		one.n = 1;
		if (derive_apply(&one, &why) != 0) {
			done++;		/* it may have been replaced */
			goto fail;
		}
	}
	state_tried = 1;
	if (atomic_write(st->path, yaml->buf, yaml->len, &why) != 0)
		goto fail;
	if (intent)
		intent_remove(st);
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
			intent_remove(st);
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

int
store_commit(struct store *st, const char *scope, int exact,
    const struct commit_opts *opts, struct diag *diag, size_t *ncommitted,
    char **cause)
{
	struct store_items items = { 0 }, rest = { 0 };
	struct derive_plan plan;
	struct state_doc doc = { 0 };
	struct sbuf yaml = SBUF_INIT, oldyaml = SBUF_INIT;
	json_t *next = NULL, *old_base, *old_staged, *intent = NULL;
	json_t *wcheck = NULL, *sc;
	const char *cp;
	int lockfd = -1, ret = -1;
	char *c;

	derive_plan_init(&plan);
	*ncommitted = 0;
	FREE_AND_NULL_JSON(graveyard);
	store_changes(st, scope, exact, &items);
	if (!opts->dry_run && (state_dir_create(st->path, cause) != 0 ||
	    (lockfd = atomic_lock(st->path, cause)) < 0))
		goto out;
	if (sync_disk(st, cause) != 0)
		goto out;
	intent = intent_load(st);
	if (!opts->dry_run) {
		clean_stale_locks(st);
		if (intent)
			intent_clean_locks(intent);
		if (intent && json_integer_value(json_object_get(intent,
		    "revision")) != st->revision + 1)
			intent_remove(st);	/* stale */
	}
	if ((c = conflicts(st, &items)) != NULL) {
		*cause = c;
		ret = STORE_CONFLICT;
		goto out;
	}

	/*
	 * next = what is on disk now, plus the changes in scope.  A
	 * collection wholly in scope whose baseline is what is on disk is
	 * the staged one as it is: shared, not rebuilt object by object.
	 */
	next = json_copy(st->disk);
	json_object_foreach(st->staged, cp, sc) {
		json_t *dc = json_object_get(st->disk, cp);

		if (dc != NULL && dc != sc &&
		    dc == json_object_get(st->base, cp) &&
		    coll_scope(cp, scope, exact) == 2)
			json_object_set(next, cp, sc);
	}
	for (size_t i = 0; i < items.n; i++) {
		const char *icp = items.v[i].collpath;
		json_t *nc = json_object_get(next, icp);

		if (nc != NULL && nc == json_object_get(st->staged, icp))
			continue;
		view_set(next, icp, items.v[i].name,
		    view_get(st->staged, icp, items.v[i].name));
	}

	validate_state(next, diag);
	wcheck = written_for_check(st, intent);
	if (derive_plan(st->root, next, wcheck, opts->force, &plan, diag,
	    &c) != 0) {
		*cause = xasprintf("commit failed: %s (nothing was changed; "
		    "the changes stay staged)", c);
		free(c);
		goto out;
	}
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
		/* nothing to do: the files match the state as it is */
		if (intent && !opts->dry_run)
			intent_remove(st);
		ret = 0;
		goto out;
	}

	if (opts->dry_run) {
		struct sbuf old = SBUF_INIT;
		char *e2 = NULL;

		if (st->exists && fs_read_file(&old, st->path, 0, &e2) != 0) {
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
	if (st->exists && fs_read_file(&oldyaml, st->path, 0, cause) != 0)
		goto out;
	if (write_all_files(st, &plan, doc.revision, &yaml,
	    st->exists ? &oldyaml : NULL, cause) != 0)
		goto out;
	history_log(st->path, doc.revision, &items);
	st->exists = 1;
	remember_stat(st);
	*ncommitted = items.n;

	/* the out-of-scope changes stay staged against their old baseline */
	if (*scope != '\0' || exact)
		list_changes(st, scope, exact, 1, &rest);
	old_base = st->base;
	old_staged = st->staged;
	bury(st->disk);
	st->disk = json_incref(next);
	json_decref(st->written);
	st->written = json_incref(plan.written);
	st->revision = doc.revision;
	st->base = json_copy(next);
	for (size_t i = 0; i < rest.n; i++)
		view_set(st->base, rest.v[i].collpath, rest.v[i].name,
		    view_get(old_base, rest.v[i].collpath, rest.v[i].name));
	st->staged = json_copy(st->base);
	for (size_t i = 0; i < rest.n; i++)
		view_set(st->staged, rest.v[i].collpath, rest.v[i].name,
		    view_get(old_staged, rest.v[i].collpath, rest.v[i].name));
	bury(old_base);
	bury(old_staged);
	ret = 0;
out:
	if (lockfd >= 0)
		atomic_unlock(lockfd);
	json_decref(next);
	json_decref(intent);
	json_decref(wcheck);
	derive_plan_release(&plan);
	sbuf_release(&yaml);
	sbuf_release(&oldyaml);
	if (ret == 0 && opts->committed) {
		/* hand the list over rather than make the caller list again */
		store_items_release(opts->committed);
		*opts->committed = items;
		memset(&items, 0, sizeof items);
	}
	store_items_release(&items);
	store_items_release(&rest);
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
		json_t *d = view_get(st->disk, items.v[i].collpath,
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
			if (view_get(st->base, cp, name) == o)
				continue;
			view_set(st->base, cp, name, o);
			view_set(st->staged, cp, name, o);
		}
	}
	return 0;
}
