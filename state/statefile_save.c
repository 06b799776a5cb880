/*
 * statefile_save.c - the saver of the YAML state file (see statefile.h):
 * the collections written in schema order through the YAML emitter.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/schema.h"
#include "model/view.h"
#include "state/statefile.h"
#include "state/yaml_emit.h"
#include "state/yaml_load.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"

/* A member of an object: its key and value, borrowed. */
struct member {
	const char	*key;
	json_t		*value;
};

/* Orders members by key (for qsort). */
static int
member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->key,
	    ((const struct member *)b)->key);
}

/*
 * The members of an object in byte order of their keys, borrowed from it
 * (free the array only).  Objects loaded from a state file are in order
 * already, so this sorts only when it has to, and it hands out the values
 * with the keys: looking each one up again costs a cache miss per object.
 */
static struct member *
sorted_members(json_t *o, size_t *n)
{
	struct member *v = xmalloc((json_object_size(o) + 1) * sizeof *v);
	const char *k;
	json_t *x;
	size_t i = 0;
	int sorted = 1;

	json_object_foreach(o, k, x) {
		if (i > 0 && sorted && strcmp(v[i - 1].key, k) > 0)
			sorted = 0;
		v[i].key = k;
		v[i++].value = x;
	}
	if (!sorted)
		qsort(v, i, sizeof *v, member_cmp);
	*n = i;
	return v;
}

/* A save in progress. */
struct saver {
	struct yemitter		*e;
	const struct state_doc	*d;
	char			*deep;	/* the first value nested too deep */
	int			 alone;	/* one object: no owned collections */
};

/* Emits a key of a block mapping. */
static void
emit_key(struct yemitter *e, const char *k)
{
	yemit_key(e, k, strlen(k));
}

/* Emits a mapping with its keys sorted. */
static void
emit_sorted_map(struct yemitter *e, json_t *m)
{
	struct member *mv;
	size_t n;

	mv = sorted_members(m, &n);
	yemit_map_start(e);
	for (size_t i = 0; i < n; i++) {
		emit_key(e, mv[i].key);
		yemit_value(e, mv[i].value);
	}
	yemit_map_end(e);
	free(mv);
}

/*
 * 1 if v, a mapping or sequence at nesting level (the document's mapping
 * is level 1), or one inside it, nests deeper than the loader reads
 * (YAML_MAX_DEPTH).  Stops at the first one too deep.
 */
static int
nests_too_deep(json_t *v, int level)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		if (level > YAML_MAX_DEPTH)
			return 1;
		json_object_foreach(v, k, x)
			if (nests_too_deep(x, level + 1))
				return 1;
	} else if (json_is_array(v)) {
		if (level > YAML_MAX_DEPTH)
			return 1;
		json_array_foreach(v, i, x)
			if (nests_too_deep(x, level + 1))
				return 1;
	}
	return 0;
}

/*
 * Emits the value v of property p of the t name, at nesting level,
 * remembering in s->deep the first one the loader would refuse.
 */
static void
emit_value(struct saver *s, const struct obj_type *t, const char *name,
    const struct prop_def *p, json_t *v, int level)
{
	if (s->deep == NULL && nests_too_deep(v, level))
		s->deep = xasprintf("%s '%s' property '%s' nests deeper than "
		    "the %d levels a state file may hold", t->name, name,
		    p->name, YAML_MAX_DEPTH);
	emit_key(s->e, p->name);
	if (p->shape == PS_MAP && json_is_object(v))
		emit_sorted_map(s->e, v);
	else
		yemit_value(s->e, v);
}

/*
 * Walks the members of an object in schema order: member(&w, name) is the
 * value of name (or NULL).  Members are usually stored in schema order
 * (as loaded), so the walk follows the object's own order and looks a
 * name up only where the two part.
 */
struct walk {
	json_t	*o;
	void	*it;
};

/* The value of name in the object walked, or NULL (see above). */
static json_t *
member(struct walk *w, const char *name)
{
	json_t *v;

	if (w->it && strcmp(json_object_iter_key(w->it), name) == 0) {
		v = json_object_iter_value(w->it);
		w->it = json_object_iter_next(w->o, w->it);
		return v;
	}
	return json_object_get(w->o, name);
}

/* Whether emit_object would write an empty mapping for the record o. */
static int
record_empty(const struct obj_type *t, json_t *o)
{
	for (const struct prop_def *p = t->props; p->name; p++)
		if (!(p->flags & PROP_KEY) && json_object_get(o, p->name))
			return 0;
	for (size_t i = 0; obj_types[i]; i++) {
		const struct obj_type *c = obj_types[i];
		json_t *r;

		if (c->parent != t)
			continue;
		if (c->layout != OT_RECORD)
			return 0;
		if ((r = json_object_get(o, c->yaml_key)) != NULL &&
		    !record_empty(c, r))
			return 0;
	}
	return 1;
}

static void emit_coll(struct saver *, const struct obj_type *, const char *,
    int);

/*
 * Emits one object or record name (of type t) as a mapping at nesting
 * level: its properties in schema order, then its records (unless empty)
 * and the collections it owns.
 */
static void
emit_object(struct saver *s, const struct obj_type *t, const char *objpath,
    const char *name, json_t *o, int level)
{
	struct walk w = { o, json_object_iter(o) };

	yemit_map_start(s->e);
	for (const struct prop_def *p = t->props; p->name; p++) {
		json_t *v;

		if ((p->flags & PROP_KEY) || (v = member(&w, p->name)) == NULL)
			continue;
		emit_value(s, t, name, p, v, level + 1);
	}
	for (size_t i = 0; obj_types[i]; i++) {
		const struct obj_type *c = obj_types[i];

		if (c->parent != t)
			continue;
		if (s->alone && c->layout != OT_RECORD)
			continue;
		if (c->layout == OT_RECORD) {
			json_t *r = member(&w, c->yaml_key);

			if (r == NULL || record_empty(c, r))
				continue;
			emit_key(s->e, c->yaml_key);
			emit_object(s, c, objpath, name, r, level + 1);
		} else {
			char *cp = xasprintf("%s/%s", objpath, c->yaml_key);

			emit_key(s->e, c->yaml_key);
			emit_coll(s, c, cp, level + 1);
			free(cp);
		}
	}
	yemit_map_end(s->e);
}

/* Emits a collection as a mapping at nesting level, names sorted. */
static void
emit_coll(struct saver *s, const struct obj_type *t, const char *collpath,
    int level)
{
	json_t *coll = json_object_get(s->d->colls, collpath);
	struct member *mv;
	size_t n;
	int owns = 0;

	yemit_map_start(s->e);
	if (coll == NULL) {
		yemit_map_end(s->e);
		return;
	}
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == t)
			owns = 1;
	mv = sorted_members(coll, &n);
	for (size_t i = 0; i < n; i++) {
		/* the path names owned collections only: most types own none */
		char *objpath = owns ? xasprintf("%s/%s", collpath,
		    mv[i].key) : NULL;

		emit_key(s->e, mv[i].key);
		emit_object(s, t, objpath, mv[i].key, mv[i].value, level + 1);
		free(objpath);
	}
	free(mv);
	yemit_map_end(s->e);
}

/*
 * Closes the saver's emitter: its result, or -1 with the saver's own
 * cause when a value nested too deep (that one wins).
 */
static int
saver_close(struct saver *s, char **cause)
{
	int r = yemit_close(s->e, cause);

	if (s->deep != NULL) {
		if (r == -1)
			free(*cause);
		*cause = s->deep;
		return -1;
	}
	return r;
}

/*
 * Serialises the state, streaming it to the emitter e (no second tree): a
 * state of 100,000 devices is millions of nodes.  Returns what
 * yemit_close() returns; -1 with *cause, too, for a value nested deeper
 * than the loader reads.
 */
static int
emit_doc(struct yemitter *e, const struct state_doc *d, char **cause)
{
	struct saver s = { e, d, NULL, 0 };
	json_t *v;

	yemit_map_start(e);
	emit_key(e, "format");
	yemit_value(e, v = json_integer(STATE_FORMAT));
	json_decref(v);
	emit_key(e, "revision");
	yemit_value(e, v = json_integer(d->revision));
	json_decref(v);
	emit_key(e, "cluster");
	yemit_map_start(e);
	emit_key(e, "name");
	yemit_value(e, v = json_string(d->cluster));
	json_decref(v);
	yemit_map_end(e);
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL) {
			emit_key(e, obj_types[i]->yaml_key);
			emit_coll(&s, obj_types[i], obj_types[i]->yaml_key, 2);
		}
	emit_key(e, "written");
	if (d->written)
		emit_sorted_map(e, d->written);
	else {
		yemit_map_start(e);
		yemit_map_end(e);
	}
	yemit_map_end(e);
	return saver_close(&s, cause);
}

/*
 * Serialises the state: through the fast writer, or through libyaml when
 * the state holds what only libyaml writes (see yemit_open_fast).  What
 * the loader would refuse is refused here (see statefile.h).
 */
int
state_emit(const struct state_doc *d, struct sbuf *out, char **cause)
{
	size_t start = out->len;
	int r;

	if (d->revision < 0) {
		*cause = xasprintf("the revision %lld is negative",
		    d->revision);
		return -1;
	}
	r = emit_doc(yemit_open_fast(out), d, cause);
	if (r == YEMIT_AGAIN)
		r = emit_doc(yemit_open(out), d, cause);
	if (r == 0 && out->len - start > YAML_MAX_SIZE) {
		*cause = xasprintf("the state would be %zu bytes, over the "
		    "%lu MiB (%lu bytes) a state file may hold",
		    out->len - start, YAML_MAX_SIZE >> 20, YAML_MAX_SIZE);
		r = -1;
	}
	if (r != 0 && out->buf != NULL) {
		out->len = start;
		out->buf[start] = '\0';
	}
	return r;
}

/* Emits one object alone (see state_object_emit). */
static int
emit_alone(struct yemitter *e, const struct obj_type *t, const char *name,
    json_t *o, char **cause)
{
	struct saver s = { e, NULL, NULL, 1 };

	emit_object(&s, t, NULL, name, o, 1);
	return saver_close(&s, cause);
}

/* Serialises one object as its own document (see statefile.h). */
int
state_object_emit(const char *collpath, const char *name, json_t *o,
    struct sbuf *out, char **cause)
{
	const struct obj_type *t = view_coll_type(collpath);
	size_t start = out->len;
	int r;

	if (t == NULL) {
		*cause = xasprintf("no object type for '%s'", collpath);
		return -1;
	}
	r = emit_alone(yemit_open_fast(out), t, name, o, cause);
	if (r == YEMIT_AGAIN)
		r = emit_alone(yemit_open(out), t, name, o, cause);
	if (r != 0 && out->buf != NULL) {
		out->len = start;
		out->buf[start] = '\0';
	}
	return r;
}

/* Emits the state's own record (see statefile.h). */
int
state_meta_emit(const char *cluster, struct sbuf *out, char **cause)
{
	struct yemitter *e = yemit_open(out);
	json_t *v;

	yemit_map_start(e);
	emit_key(e, "format");
	yemit_value(e, v = json_integer(STATE_FORMAT));
	json_decref(v);
	emit_key(e, "cluster");
	yemit_map_start(e);
	emit_key(e, "name");
	yemit_value(e, v = json_string(cluster));
	json_decref(v);
	yemit_map_end(e);
	yemit_map_end(e);
	return yemit_close(e, cause);
}

/* Emits the written map under its key (see statefile.h). */
int
state_written_emit(json_t *written, struct sbuf *out, char **cause)
{
	struct yemitter *e = yemit_open(out);
	json_t *empty = json_object();

	yemit_map_start(e);
	emit_key(e, "written");
	emit_sorted_map(e, written ? written : empty);
	yemit_map_end(e);
	json_decref(empty);
	return yemit_close(e, cause);
}
