/*
 * etcd_sync.c - the etcd backend catching up with other sessions'
 * commits (see backend_etcd.h): the objects the history records since
 * the revision held name are read again, all at one etcd revision;
 * everything when the records do not say.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "state/backend_etcd.h"
#include "state/statefile.h"
#include "state/store_internal.h"

/* The paths of the objects the history records of (from, to] name. */
static int
changed_paths(struct etcd_be *b, long long from, long long to, long long at,
    struct strv *paths, char **cause)
{
	char *k1 = etcd_be_history_key(b, from + 1);
	char *k2 = etcd_be_history_key(b, to + 1);
	struct etcd_range r = { .key = k1, .end = k2, .revision = at };
	struct etcd_kvs kvs;
	int ret = 0;

	ret = etcd_get(b->e, &r, &kvs, cause);
	free(k1);
	free(k2);
	if (ret != 0)
		return -1;
	if ((long long)kvs.n != to - from)
		ret = 1;	/* records are missing: read everything */
	for (size_t i = 0; i < kvs.n && ret == 0; i++) {
		json_t *j = json_loads(kvs.v[i].value, 0, NULL), *o;
		size_t k;

		if (!json_is_array(json_object_get(j, "objects")))
			ret = 1;
		json_array_foreach(json_object_get(j, "objects"), k, o)
			if (json_is_string(o))
				strv_push(paths, json_string_value(o));
		json_decref(j);
	}
	etcd_kvs_release(&kvs);
	return ret;
}

/* Sets (or removes, when o is NULL) an object of disk and its modrev. */
static void
disk_set(struct store *st, const char *path, json_t *o, long long mod)
{
	struct etcd_be *b = ETCD_BE(st);
	const char *slash = strrchr(path, '/');
	char *cp = xstrndup(path, (size_t)(slash - path));

	store_view_set(st->disk, cp, slash + 1, o);
	if (o != NULL) {
		json_object_set_new(b->modrev, path, json_integer(mod));
		view_add_owned(st->disk, cp, slash + 1);
	} else
		json_object_del(b->modrev, path);
	free(cp);
}

/*
 * Reads the objects paths name as they are at etcd revision at into
 * st->disk.  Returns 0, or -1 with *cause.
 */
static int
read_paths(struct store *st, const struct strv *paths, long long at,
    char **cause)
{
	struct etcd_be *b = ETCD_BE(st);

	for (size_t i = 0; i < paths->n; i++) {
		const char *slash = strrchr(paths->v[i], '/');
		char *key, *cp, *name;
		struct etcd_kvs kvs;
		json_t *o = NULL;
		int r, held;

		if (slash == NULL)
			continue;
		/* what this session has not read is read when needed */
		cp = xstrndup(paths->v[i], (size_t)(slash - paths->v[i]));
		held = store_lazy_held(st, cp, slash + 1);
		free(cp);
		if (!held)
			continue;
		key = etcd_be_key(b, paths->v[i]);
		r = etcd_be_get_one(b, key, at, &kvs, cause);
		free(key);
		if (r != 0)
			return -1;
		if (kvs.n == 1 && etcd_be_object(b, &kvs.v[0], &cp, &name, &o,
		    cause) != 0) {
			etcd_kvs_release(&kvs);
			return -1;
		}
		if (o != NULL) {
			free(cp);
			free(name);
		}
		disk_set(st, paths->v[i], o, kvs.n ? kvs.v[0].mod_rev : 0);
		json_decref(o);
		etcd_kvs_release(&kvs);
	}
	return 0;
}

/* Reads the written map (see backend_etcd.h). */
int
etcd_be_read_written(struct store *st, long long at, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, "written");
	struct etcd_kvs kvs;
	json_t *w = NULL;
	int r = etcd_be_get_one(b, key, at, &kvs, cause);

	free(key);
	if (r != 0)
		return -1;
	if (kvs.n == 1 && kvs.v[0].mod_rev != b->written_mod) {
		if (state_written_load(kvs.v[0].key, kvs.v[0].value,
		    kvs.v[0].vlen, &w, cause) != 0)
			r = -1;
		else {
			json_decref(st->written);
			st->written = w;
			b->written_mod = kvs.v[0].mod_rev;
		}
	}
	etcd_kvs_release(&kvs);
	return r;
}

/* Reads everything again: the history does not say what changed. */
static int
reload(struct store *st, char **cause)
{
	struct state_doc d;
	int r = etcd_be_load(st, 0, &d, cause);

	if (r < 0)
		return -1;
	if (r == 0) {
		store_set_disk(st, &d);
		st->exists = 1;
	}
	return 0;
}

/*
 * Catches up with the commits of other sessions: the objects their
 * history records name are read again, all at one etcd revision.
 */
int
etcd_be_sync(struct store *st, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, "revision"), *end;
	struct strv paths = STRV_INIT;
	struct etcd_kvs kvs;
	long long now, at, mod;
	int r = etcd_be_get_one(b, key, 0, &kvs, cause);

	free(key);
	if (r != 0)
		return -1;
	if (kvs.n == 0 || (kvs.v[0].mod_rev == b->rev_mod && !b->stale)) {
		/* unchanged, or removed behind our back: keep what we have */
		etcd_kvs_release(&kvs);
		return 0;
	}
	at = kvs.revision;
	errno = 0;
	now = strtoll(kvs.v[0].value, &end, 10);
	if (!st->exists || b->stale || *end || errno || now < st->revision) {
		etcd_kvs_release(&kvs);
		return reload(st, cause);
	}
	if (now == st->revision) {
		/* written again as it was: a lost commit barred (fence) */
		b->rev_mod = kvs.v[0].mod_rev;
		etcd_kvs_release(&kvs);
		return 0;
	}
	mod = kvs.v[0].mod_rev;
	etcd_kvs_release(&kvs);
	r = changed_paths(b, st->revision, now, at, &paths, cause);
	if (r == 0)
		r = read_paths(st, &paths, at, cause);
	strv_release(&paths);
	if (r == 1)
		return reload(st, cause);
	if (r != 0 || etcd_be_read_written(st, at, cause) != 0) {
		/* what was read stays; the next sync reads it all again */
		b->stale = 1;
		return -1;
	}
	b->rev_mod = mod;
	st->revision = now;
	b->seen = at;
	return 0;
}

