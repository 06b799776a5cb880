/*
 * etcd_commit.c - the etcd backend's writes and what follows them (see
 * backend_etcd.h): catching up with other sessions' commits, the commit
 * as one transaction, the log and earlier revisions, the written map and
 * export into an empty prefix.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/view.h"
#include "nova/render.h"
#include "state/backend_etcd.h"
#include "state/commit.h"
#include "state/history.h"
#include "state/journal.h"
#include "state/statefile.h"
#include "state/store_internal.h"

/* Commit records kept under PREFIX/history (etcd.conf: history). */
#define ETCD_HISTORY_KEEP	10000

/* Operations per transaction when exporting (etcd's default is 128). */
#define IMPORT_BATCH	100

/* A text no other commit will have: says whether a lost answer's
 * transaction was applied. */
static char *
nonce(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return xasprintf("%ld.%09ld.%ld.%08lx", (long)ts.tv_sec, ts.tv_nsec,
	    (long)getpid(), (unsigned long)random());
}

/* The history record of a commit (JSON text). Caller frees. */
static char *
history_record(const struct backend_write *w, const char *id)
{
	struct sbuf line = SBUF_INIT;
	json_t *j = json_object(), *objs = json_array();
	char *text;

	history_line(&line, w->doc->revision, w->items);
	if (line.len)
		line.buf[--line.len] = '\0';
	for (size_t i = 0; i < w->items->n; i++)
		json_array_append_new(objs, json_sprintf("%s/%s",
		    w->items->v[i].collpath, w->items->v[i].name));
	json_object_set_new(j, "log", json_string(line.buf));
	json_object_set_new(j, "nonce", json_string(id));
	json_object_set_new(j, "objects", objs);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	sbuf_release(&line);
	return text;
}

/* Adds a put of a text key. */
static void
put_text(struct etcd_txn *t, const struct etcd_be *b, const char *rest,
    const char *text, size_t len)
{
	char *key = etcd_be_key(b, rest);

	etcd_txn_put(t, key, text, len);
	free(key);
}

/*
 * The objects a commit writes: its items, and the objects some carried
 * keys of which it commits (w->patched: collpath -> {name -> true}).
 * Calls fn for each, stopping at the first that does not return 0.
 */
static int
each_written(const struct backend_write *w,
    int (*fn)(const char *cp, const char *name, void *arg), void *arg)
{
	const char *cp, *name;
	json_t *c, *v;
	int r;

	for (size_t i = 0; i < w->items->n; i++)
		if ((r = fn(w->items->v[i].collpath, w->items->v[i].name,
		    arg)) != 0)
			return r;
	json_object_foreach((json_t *)w->patched, cp, c)
		json_object_foreach(c, name, v) {
			int dup = 0;

			for (size_t i = 0; i < w->items->n && !dup; i++)
				dup = strcmp(w->items->v[i].collpath, cp) ==
				    0 && strcmp(w->items->v[i].name, name) == 0;
			if (!dup && (r = fn(cp, name, arg)) != 0)
				return r;
		}
	return 0;
}

/* What txn_object needs. */
struct txn_arg {
	struct etcd_txn			*t;
	const struct etcd_be		*b;
	const struct backend_write	*w;
	char				**cause;
};

/* Adds the compare and the write of one object.  0, or -1. */
static int
txn_object(const char *cp, const char *name, void *arg)
{
	struct txn_arg *a = arg;
	char *path = xasprintf("%s/%s", cp, name);
	char *key = etcd_be_key(a->b, path);
	json_t *o = view_get(a->w->doc->colls, cp, name);
	struct sbuf sb = SBUF_INIT;
	int r = 0;

	etcd_txn_cmp_mod(a->t, key, json_integer_value(
	    json_object_get(a->b->modrev, path)));
	if (o == NULL)
		etcd_txn_del(a->t, key);
	else if ((r = state_object_emit(cp, name, o, &sb, a->cause)) == 0)
		etcd_txn_put(a->t, key, sb.buf, sb.len);
	sbuf_release(&sb);
	free(key);
	free(path);
	return r != 0 ? -1 : 0;
}

/* Adds the objects committed: compares and writes.  0, or -1. */
static int
txn_objects(struct etcd_txn *t, const struct etcd_be *b,
    const struct backend_write *w, char **cause)
{
	struct txn_arg a = { t, b, w, cause };

	return each_written(w, txn_object, &a);
}

/* Sends a batch of puts; 0, or -1 with *cause. */
static int
flush(struct etcd_be *b, struct etcd_txn *t, char **cause)
{
	long long at;
	int r = t->nops ? etcd_txn_run(b->e, t, &at, cause) : 1;

	etcd_txn_release(t);
	etcd_txn_init(t);
	if (r == 0)
		*cause = xasprintf("%s: another session wrote a state there "
		    "at the same time", b->url);
	return r == 1 ? 0 : -1;
}

/*
 * Adds a put of every object of d to t; with batch (export), sends t
 * whenever it holds IMPORT_BATCH operations.  0, or -1 with *cause.
 */
static int
put_all(struct etcd_txn *t, struct etcd_be *b, const struct state_doc *d,
    int batch, char **cause)
{
	const char *cp, *name;
	json_t *c, *o;

	json_object_foreach(d->colls, cp, c) {
		json_object_foreach(c, name, o) {
			struct sbuf sb = SBUF_INIT;
			char *path = xasprintf("%s/%s", cp, name);
			int r = state_object_emit(cp, name, o, &sb, cause);

			if (r == 0)
				put_text(t, b, path, sb.buf, sb.len);
			sbuf_release(&sb);
			free(path);
			if (r != 0 || (batch && t->nops >= IMPORT_BATCH &&
			    flush(b, t, cause) != 0))
				return -1;
		}
	}
	return 0;
}

/* Builds the transaction of a commit. Returns 0, or -1 with *cause. */
static int
txn_build(struct store *st, const struct backend_write *w, const char *id,
    struct etcd_txn *t, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, "revision"), *text, *hk;
	struct sbuf sb = SBUF_INIT;
	long long keep = b->conf.history > 0 ? b->conf.history :
	    ETCD_HISTORY_KEEP;

	etcd_txn_cmp_mod(t, key, b->rev_mod);
	free(key);
	if (!st->exists) {
		/* the first commit writes every object, not the changes */
		key = etcd_be_key(b, "meta");
		etcd_txn_cmp_mod(t, key, 0);
		free(key);
		if (put_all(t, b, w->doc, 0, cause) != 0)
			return -1;
	} else if (txn_objects(t, b, w, cause) != 0)
		return -1;
	text = xasprintf("%lld", w->doc->revision);
	put_text(t, b, "revision", text, strlen(text));
	free(text);
	if (!st->exists) {
		if (state_meta_emit(st->cluster, &sb, cause) != 0)
			return -1;
		put_text(t, b, "meta", sb.buf, sb.len);
		sbuf_reset(&sb);
	}
	if (!st->exists || !json_equal(w->doc->written, st->written)) {
		if (state_written_emit(w->doc->written, &sb, cause) != 0) {
			sbuf_release(&sb);
			return -1;
		}
		put_text(t, b, "written", sb.buf, sb.len);
	}
	sbuf_release(&sb);
	if (w->checked != NULL) {
		text = json_dumps(w->checked, JSON_COMPACT);
		put_text(t, b, "checked", text, strlen(text));
		free(text);
	} else {
		key = etcd_be_key(b, "checked");
		etcd_txn_del(t, key);
		free(key);
	}
	text = history_record(w, id);
	hk = etcd_be_history_key(b, w->doc->revision);
	etcd_txn_put(t, hk, text, strlen(text));
	free(hk);
	free(text);
	/* the oldest record kept goes: the history is a window */
	if (w->doc->revision > keep) {
		hk = etcd_be_history_key(b, w->doc->revision - keep);
		etcd_txn_del(t, hk);
		free(hk);
	}
	return 0;
}

/* 1 if the history record of rev holds id (*at: its revision), 0 if
 * not, -1 when etcd does not answer. */
static int
history_holds(struct etcd_be *b, long long rev, const char *id,
    long long *at)
{
	char *key = etcd_be_history_key(b, rev), *why = NULL;
	struct etcd_kvs kvs;
	int r = -1;

	if (etcd_be_get_one(b, key, 0, &kvs, &why) == 0) {
		r = kvs.n == 1 && strstr(kvs.v[0].value, id) != NULL;
		if (r == 1)
			*at = kvs.v[0].mod_rev;
		etcd_kvs_release(&kvs);
	}
	free(why);
	free(key);
	return r;
}

/*
 * Bars a transaction whose answer was lost from being applied later: the
 * revision key is written again, as it is, if it is still as that
 * transaction compared it.  1 when barred, 0 when the key moved (then
 * that transaction can never apply, or did), -1 when etcd cannot tell.
 */
static int
fence(struct store *st)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, "revision"), *why = NULL;
	char *text = xasprintf("%lld", st->revision);
	struct etcd_txn t;
	long long at = 0;
	int r;

	etcd_txn_init(&t);
	etcd_txn_cmp_mod(&t, key, b->rev_mod);
	etcd_txn_put(&t, key, text, strlen(text));
	r = etcd_txn_run(b->e, &t, &at, &why);
	if (r == 1)
		b->rev_mod = at;
	etcd_txn_release(&t);
	free(why);
	free(text);
	free(key);
	return r;
}

/*
 * After a transaction whose answer was lost: 1 if it was applied (*at:
 * its revision), 0 if it was not and never will be, -1 when etcd cannot
 * tell within a few tries.
 */
static int
txn_outcome(struct store *st, long long rev, const char *id, long long *at)
{
	struct etcd_be *b = ETCD_BE(st);

	for (int tries = 0; tries < 10; tries++) {
		int f = st->exists ? fence(st) : 0, h;

		if (f == 1)
			return 0;
		if (f == 0 && (h = history_holds(b, rev, id, at)) >= 0 &&
		    (h == 1 || st->exists))
			return h;
		usleep(300 * 1000);
	}
	return -1;
}

/* What modrev_note needs. */
struct modrev_arg {
	struct etcd_be			*b;
	const struct backend_write	*w;
	long long			 at;
};

/* Notes one committed object's new mod_revision (or its deletion). */
static int
modrev_note(const char *cp, const char *name, void *arg)
{
	struct modrev_arg *a = arg;
	char *path = xasprintf("%s/%s", cp, name);

	if (view_get(a->w->doc->colls, cp, name))
		json_object_set_new(a->b->modrev, path, json_integer(a->at));
	else
		json_object_del(a->b->modrev, path);
	free(path);
	return 0;
}

/* Notes the committed objects' new mod_revision. */
static void
adopt_modrevs(struct etcd_be *b, const struct backend_write *w, int all,
    long long at)
{
	struct modrev_arg a = { b, w, at };
	const char *cp, *name;
	json_t *c, *o;

	if (all)
		json_object_foreach(w->doc->colls, cp, c)
			json_object_foreach(c, name, o) {
				char *path = xasprintf("%s/%s", cp, name);

				json_object_set_new(b->modrev, path,
				    json_integer(at));
				free(path);
			}
	each_written(w, modrev_note, &a);
	b->rev_mod = at;
	b->seen = at;
}

/* Writes the derived files after the state: a failure is a warning. */
static void
write_files(const struct backend_write *w)
{
	for (size_t i = 0; i < w->plan->n; i++) {
		const struct render_file *f = &w->plan->v[i];
		char *why = NULL;

		if (derived_write(f, &why) == 0)
			continue;
		diag_add(w->diag, DIAG_WARNING, DC_FILES, "files", "%s (the "
		    "state is committed; run 'render' to write the file)",
		    why);
		free(why);
	}
}

/* Commits as one transaction (see backend.h). */
int
etcd_be_write(struct store *st, const struct backend_write *w, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	struct etcd_txn t;
	char *id = nonce(), *why = NULL;
	long long at = 0;
	int r, lost = 0;

	etcd_txn_init(&t);
	r = txn_build(st, w, id, &t, cause);
	if (r == 0)
		r = etcd_txn_run(b->e, &t, &at, &why);
	else
		r = -2;
	etcd_txn_release(&t);
	if (r == -1 && (lost = txn_outcome(st, w->doc->revision, id,
	    &at)) == 1)
		r = 1;
	free(id);
	if (r == -2)
		return -1;
	if (r == -1) {
		*cause = xasprintf("commit failed: %s (%s; the changes stay "
		    "staged)", why, lost == 0 ? "nothing was changed" :
		    "etcd cannot tell whether it was applied: run 'refresh' "
		    "to see");
		free(why);
		return -1;
	}
	free(why);
	if (r == 0)
		return BACKEND_RETRY;	/* another commit came first */
	adopt_modrevs(b, w, !st->exists, at);
	st->exists = 1;
	write_files(w);
	return 0;
}

/* The commit log: the "log" line of every history record. */
char *
etcd_be_log(struct store *st)
{
	struct etcd_be *b = ETCD_BE(st);
	char *k1 = etcd_be_key(b, "history/"), *k2 = etcd_be_key(b,
	    "history0"), *why = NULL;
	struct etcd_range r = { .key = k1, .end = k2 };
	struct sbuf sb = SBUF_INIT;
	struct etcd_kvs kvs;

	if (etcd_get(b->e, &r, &kvs, &why) != 0) {
		free(why);
		kvs.n = 0;
		kvs.v = NULL;
	}
	for (size_t i = 0; i < kvs.n; i++) {
		json_t *j = json_loads(kvs.v[i].value, 0, NULL);
		const char *line = json_string_value(json_object_get(j, "log"));

		if (line != NULL)
			sbuf_addf(&sb, "%s\n", line);
		json_decref(j);
	}
	if (kvs.v != NULL)
		etcd_kvs_release(&kvs);
	free(k1);
	free(k2);
	return sb.len ? sbuf_detach(&sb, NULL) : (sbuf_release(&sb), NULL);
}

/* Loads revision rev: etcd's own older revision of the keys. */
int
etcd_be_load_rev(struct store *st, long long rev, struct state_doc *d,
    char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_history_key(b, rev);
	struct etcd_kvs kvs;
	long long at;
	int r;

	if (rev == st->revision) {
		free(key);
		memset(d, 0, sizeof *d);
		d->colls = json_deep_copy(st->disk);
		d->written = json_deep_copy(st->written);
		d->revision = st->revision;
		d->cluster = xstrdup(st->cluster);
		return 0;
	}
	r = etcd_be_get_one(b, key, 0, &kvs, cause);
	free(key);
	if (r != 0)
		return -1;
	if (kvs.n == 0) {
		etcd_kvs_release(&kvs);
		*cause = xasprintf("revision %lld is not in the history (%s)",
		    rev, b->url);
		return 1;
	}
	at = kvs.v[0].mod_rev;
	etcd_kvs_release(&kvs);
	if ((r = etcd_be_load(st, at, d, cause)) == 1) {
		*cause = xasprintf("revision %lld is not in the history (%s)",
		    rev, b->url);
		return 1;
	}
	return r;
}

/* Edits the written map over the newest one, compared and retried. */
int
etcd_be_save_written(struct store *st, void (*edit)(json_t *, void *),
    void *arg, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);

	for (int tries = 0; tries < 10; tries++) {
		char *key = etcd_be_key(b, "written");
		struct sbuf sb = SBUF_INIT;
		struct etcd_txn t;
		long long at;
		int r;

		if (etcd_be_sync(st, cause) != 0 ||
		    etcd_be_read_written(st, 0, cause) != 0) {
			free(key);
			return -1;
		}
		edit(st->written, arg);
		etcd_txn_init(&t);
		etcd_txn_cmp_mod(&t, key, b->written_mod);
		r = state_written_emit(st->written, &sb, cause);
		if (r == 0) {
			etcd_txn_put(&t, key, sb.buf, sb.len);
			r = etcd_txn_run(b->e, &t, &at, cause);
		} else
			r = -1;
		etcd_txn_release(&t);
		sbuf_release(&sb);
		free(key);
		if (r < 0)
			return -1;
		if (r == 1) {
			b->written_mod = at;
			return 0;
		}
	}
	*cause = xasprintf("%s: the written map keeps changing while it is "
	    "saved", b->url);
	return -1;
}

/*
 * Writes a whole state into an empty prefix: the objects in batches, then
 * the written map, the revision and, last, the meta record that makes it
 * a state (a prefix left half written refuses to load).
 */
int
etcd_be_import(struct store *st, const struct state_doc *d, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	struct sbuf sb = SBUF_INIT;
	struct etcd_txn t;
	char *text, *meta = etcd_be_key(b, "meta");
	int r = -1;

	if (st->exists) {
		*cause = xasprintf("'%s' holds a state already (export writes "
		    "a new state only)", b->url);
		free(meta);
		return -1;
	}
	etcd_txn_init(&t);
	if (put_all(&t, b, d, 1, cause) != 0 || flush(b, &t, cause) != 0 ||
	    state_written_emit(d->written, &sb, cause) != 0)
		goto out;
	put_text(&t, b, "written", sb.buf, sb.len);
	text = xasprintf("%lld", d->revision);
	put_text(&t, b, "revision", text, strlen(text));
	free(text);
	sbuf_reset(&sb);
	if (state_meta_emit(d->cluster, &sb, cause) != 0)
		goto out;
	etcd_txn_cmp_mod(&t, meta, 0);
	etcd_txn_put(&t, meta, sb.buf, sb.len);
	r = flush(b, &t, cause);
out:
	etcd_txn_release(&t);
	sbuf_release(&sb);
	free(meta);
	return r;
}
