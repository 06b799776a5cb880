/*
 * lazy.c - a state read as commands need it (see store.h): the etcd
 * backend reads an object when a command first looks it up and a
 * collection when one first walks it, so that `device; get node1 ip`
 * reads a few keys, not the cluster.
 *
 * What was read goes into every view the session holds (disk, base,
 * staged, and the copies held with store_hold_view), in place: it is
 * the state as it was, in none of them a change.  Two sets say what has
 * been read: the collections read whole, and the objects looked up (also
 * those found missing), so that nothing is read twice and an object a
 * session removed is not read back.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "state/backend.h"
#include "state/store_internal.h"

struct store_lazy {
	json_t	 *full;		/* collpath -> true: read whole */
	json_t	 *probed;	/* "collpath/name" -> true: looked up */
	json_t	**held;		/* views besides disk, base, staged */
	size_t	  nheld, cap;
	char	 *error;	/* the first read that failed */
	int	  bad;		/* because a key does not load */
	void	(*on_bad)(const char *);	/* see store_on_bad_key */
	int	  all;		/* everything was read */
};

/* 1 if view is one the session holds. */
static int
ours(const struct store *st, json_t *view)
{
	const struct store_lazy *lz = st->lazy;

	if (view == st->disk || view == st->base || view == st->staged)
		return 1;
	for (size_t i = 0; i < lz->nheld; i++)
		if (lz->held[i] == view)
			return 1;
	return 0;
}

/* The owner's collection path and name of an owned collection. */
static int
owner_of(const char *collpath, char **ocp, char **oname)
{
	const char *slash = strrchr(collpath, '/'), *first;
	char *owner;

	if (slash == NULL)
		return -1;
	owner = xstrndup(collpath, (size_t)(slash - collpath));
	if ((first = strrchr(owner, '/')) == NULL) {
		free(owner);
		return -1;
	}
	*oname = xstrdup(first + 1);
	owner[first - owner] = '\0';
	*ocp = owner;
	return 0;
}

/*
 * Puts an object read into one view, unless the view has it (or lost it
 * to a change: its path was looked up before) or does not hold its
 * owner.
 */
static void
put_one(json_t *view, const char *collpath, const char *name, json_t *o)
{
	json_t *c = json_object_get(view, collpath);
	char *ocp, *oname;

	if (c == NULL) {
		if (owner_of(collpath, &ocp, &oname) != 0) {
			c = json_object();
			json_object_set_new(view, collpath, c);
		} else {
			int has = view_get(view, ocp, oname) != NULL;

			free(ocp);
			free(oname);
			if (!has)
				return;
			c = json_object();
			json_object_set_new(view, collpath, c);
		}
	}
	if (json_object_get(c, name) == NULL) {
		json_object_set(c, name, o);
		view_add_owned(view, collpath, name);
	}
}

/* Puts an object read into every view the session holds. */
static void
put_all(struct store *st, const char *collpath, const char *name, json_t *o)
{
	struct store_lazy *lz = st->lazy;

	put_one(st->disk, collpath, name, o);
	put_one(st->base, collpath, name, o);
	put_one(st->staged, collpath, name, o);
	for (size_t i = 0; i < lz->nheld; i++)
		put_one(lz->held[i], collpath, name, o);
}

/* Keeps the first error of a read for store_read_error(). */
static void
read_failed(struct store_lazy *lz, char *cause, int r)
{
	if (r == BACKEND_BAD && lz->on_bad)
		lz->on_bad(cause);
	if (lz->error == NULL) {
		lz->error = cause;
		lz->bad = r == BACKEND_BAD;
	} else
		free(cause);
}

/*
 * 1 if the owner of an owned collection exists (read first when needed),
 * or the collection is a top-level one.
 */
static int
owner_held(struct store *st, const char *collpath)
{
	char *ocp, *oname;
	int has;

	if (owner_of(collpath, &ocp, &oname) != 0)
		return 1;
	has = view_get(st->disk, ocp, oname) != NULL;
	free(ocp);
	free(oname);
	return has;
}

/* Reads one object the session has not looked up yet. */
static void
fault_object(struct store *st, const char *collpath, const char *name)
{
	struct store_lazy *lz = st->lazy;
	char *path = xasprintf("%s/%s", collpath, name), *cause = NULL;
	json_t *o = NULL;
	int r;

	if (json_object_get(lz->probed, path) != NULL) {
		free(path);
		return;
	}
	if (!owner_held(st, collpath)) {
		free(path);
		return;
	}
	if ((r = st->be->load_obj(st, collpath, name, &o, &cause)) != 0) {
		read_failed(lz, cause, r);
		free(path);
		return;
	}
	json_object_set_new(lz->probed, path, json_true());
	if (o != NULL)
		put_all(st, collpath, name, o);
	json_decref(o);
	free(path);
}

/* Reads a collection not read whole yet (not what its objects own). */
static void
fault_coll(struct store *st, const char *collpath)
{
	struct store_lazy *lz = st->lazy;
	json_t *out = json_object(), *c, *o;
	const char *cp, *name;
	char *cause = NULL;
	int r;

	if (!owner_held(st, collpath)) {
		json_decref(out);
		return;
	}
	if ((r = st->be->load_coll(st, collpath, out, &cause)) != 0) {
		read_failed(lz, cause, r);
		json_decref(out);
		return;
	}
	json_object_foreach(out, cp, c)
		json_object_foreach(c, name, o) {
			char *path = xasprintf("%s/%s", cp, name);

			if (json_object_get(lz->probed, path) == NULL) {
				put_all(st, cp, name, o);
				json_object_set_new(lz->probed, path,
				    json_true());
			}
			free(path);
		}
	json_object_set_new(lz->full, collpath, json_true());
	json_decref(out);
}

/* The view source of a state read as needed (see view.h). */
static void
fault(void *arg, json_t *view, const char *collpath, const char *name)
{
	struct store *st = arg;
	struct store_lazy *lz = st->lazy;

	if (lz == NULL || lz->all || !ours(st, view) ||
	    json_object_get(lz->full, collpath) != NULL ||
	    view_coll_type(collpath) == NULL)
		return;
	if (name != NULL)
		fault_object(st, collpath, name);
	else
		fault_coll(st, collpath);
}

static struct view_source source;

/* Starts reading the state as needed (see store_internal.h). */
void
store_lazy_start(struct store *st)
{
	st->lazy = xcalloc(1, sizeof *st->lazy);
	st->lazy->full = json_object();
	st->lazy->probed = json_object();
	source.fault = fault;
	source.arg = st;
	view_set_source(&source);
}

/* Frees what store_lazy_start() made. */
void
store_lazy_free(struct store *st)
{
	struct store_lazy *lz = st->lazy;

	if (lz == NULL)
		return;
	if (source.arg == st) {
		view_set_source(NULL);
		source.arg = NULL;
	}
	json_decref(lz->full);
	json_decref(lz->probed);
	free(lz->held);
	free(lz->error);
	free(lz);
	st->lazy = NULL;
}

/* 1 if the object collpath/name is in the views (see store_internal.h). */
int
store_lazy_held(const struct store *st, const char *collpath,
    const char *name)
{
	const struct store_lazy *lz = st->lazy;
	char *path;
	int r;

	if (lz == NULL || lz->all || json_object_get(lz->full, collpath))
		return 1;
	path = xasprintf("%s/%s", collpath, name);
	r = json_object_get(lz->probed, path) != NULL;
	free(path);
	return r;
}

int
store_load_all(struct store *st, char **cause)
{
	struct store_lazy *lz = st->lazy;

	if (lz == NULL || lz->all)
		return 0;
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL &&
		    obj_types[i]->layout == OT_COLLECTION)
			fault(st, st->disk, obj_types[i]->yaml_key, NULL);
	/* then what the objects own: their collections are in disk now */
	for (int more = 1; more && lz->error == NULL;) {
		struct strv todo = STRV_INIT;
		const char *cp;
		json_t *c;

		json_object_foreach(st->disk, cp, c)
			if (json_object_get(lz->full, cp) == NULL)
				strv_push(&todo, cp);
		more = todo.n > 0;
		for (size_t i = 0; i < todo.n && lz->error == NULL; i++) {
			fault(st, st->disk, todo.v[i], NULL);
			/* an owner gone: nothing of it to read */
			json_object_set_new(lz->full, todo.v[i], json_true());
		}
		strv_release(&todo);
	}
	if (lz->error != NULL) {
		if (cause != NULL) {
			*cause = lz->error;
			lz->error = NULL;
		}
		return -1;
	}
	lz->all = 1;
	return 0;
}

void
store_hold_view(struct store *st, json_t *view)
{
	struct store_lazy *lz = st->lazy;

	if (lz == NULL || lz->all)
		return;
	xgrow((void **)&lz->held, &lz->cap, lz->nheld + 1, sizeof *lz->held);
	lz->held[lz->nheld++] = view;
}

void
store_drop_view(struct store *st, json_t *view)
{
	struct store_lazy *lz = st->lazy;

	for (size_t i = 0; lz && i < lz->nheld; i++)
		if (lz->held[i] == view) {
			lz->held[i] = lz->held[--lz->nheld];
			return;
		}
}

char *
store_read_error(struct store *st, int *bad)
{
	char *e;

	if (bad)
		*bad = 0;
	if (st->lazy == NULL)
		return NULL;
	if (bad)
		*bad = st->lazy->bad;
	e = st->lazy->error;
	st->lazy->error = NULL;
	st->lazy->bad = 0;
	return e;
}

void
store_on_bad_key(struct store *st, void (*fn)(const char *cause))
{
	if (st->lazy)
		st->lazy->on_bad = fn;
}

int
store_read_failed(const struct store *st)
{
	return st->lazy != NULL && st->lazy->error != NULL;
}
