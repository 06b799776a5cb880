/*
 * statefile.c - the YAML state file (doc/ocmsh-state.5): schema-driven
 * conversion of a loaded YAML tree into collections, and the built-in
 * example cluster (state/example.yaml, embedded at build time).  The
 * saver is statefile_save.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/schema.h"
#include "model/view.h"
#include "state/example.h"
#include "state/statefile.h"
#include "state/yaml_load.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/scalar.h"

/*
 * Loader context.  in, key and index say where the node being read is
 * (the mapping or list holding it, and its key or index): true, false
 * and null are nodes jansson shares, so their position is found by their
 * place (ymarks_get_in), not by the node.
 */
struct loadctx {
	const char		*path;
	const struct ymarks	*marks;
	json_t			*colls;
	char			**cause;
	int			 have_format;	/* "format" was read */
	const json_t		*in;	/* NULL: the document's node */
	const char		*key;	/* NULL: element index of in */
	size_t			 index;
};

/* Says where the next node read is: member key (or element index) of in. */
static void
read_in(struct loadctx *lc, const json_t *in, const char *key, size_t index)
{
	lc->in = in;
	lc->key = key;
	lc->index = index;
}

/* Frees what a loaded state holds (see statefile.h). */
void
state_doc_release(struct state_doc *d)
{
	json_decref(d->colls);
	json_decref(d->written);
	free(d->cluster);
	memset(d, 0, sizeof *d);
}

/*
 * Sets *cause to "FILE:LINE:COL: message" for node (or its key); a shared
 * node (true, false, null) must be the one read_in() named.
 */
static int PRINTFLIKE(4, 5)
fail_at(struct loadctx *lc, const json_t *node, int at_key, const char *fmt,
    ...)
{
	int line = 0, col = 0, shared = json_is_null(node) ||
	    json_is_boolean(node);
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (shared && at_key && lc->key)
		ymarks_get_member(lc->marks, lc->in, lc->key, &line, &col);
	else if (shared && !at_key)
		ymarks_get_in(lc->marks, lc->in, lc->key, lc->index, &line,
		    &col);
	else if (at_key)
		ymarks_get_key(lc->marks, node, &line, &col);
	else
		ymarks_get(lc->marks, node, &line, &col);
	*lc->cause = xasprintf("%s:%d:%d: %s", lc->path, line, col, msg);
	free(msg);
	return -1;
}

/* Reports the value error cause at at (see value_load). */
static int
fail_value(struct loadctx *lc, const struct value_at *at, char *cause)
{
	if (at->in != NULL)
		read_in(lc, at->in, at->key, at->index);
	fail_at(lc, at->node, 0, "%s", cause);
	free(cause);
	return -1;
}

static int convert_coll(struct loadctx *, const struct obj_type *,
    const char *, json_t *);

/*
 * Converts an object (or record) mapping of type t, in place: y becomes
 * the object (its values converted, its owned collections moved into
 * lc->colls), so that a large state is not built twice.  *out is a new
 * reference.
 */
static int
convert_object(struct loadctx *lc, const struct obj_type *t,
    const char *objpath, json_t *y, json_t **out)
{
	json_t *v, *tmp;
	const char *k;

	*out = NULL;
	if (json_is_null(y)) {
		*out = json_object();
		return 0;
	}
	if (!json_is_object(y))
		return fail_at(lc, y, 0, "%s must be a mapping", t->name);
	json_object_foreach_safe(y, tmp, k, v) {
		const struct prop_def *p = prop_get(t, k);
		const struct obj_type *child = NULL;
		json_t *cv;

		read_in(lc, y, k, 0);
		if (p && !(p->flags & PROP_KEY)) {
			struct value_at at;
			char *cause = NULL;

			cv = json_is_null(v) ? NULL : value_load(t, p, v, &at,
			    &cause);
			if (cause != NULL)
				return fail_value(lc, &at, cause);
			if (cv)
				json_object_set_new(y, k, cv);
			else
				json_object_del(y, k);
			continue;
		}
		for (size_t i = 0; obj_types[i]; i++)
			if (obj_types[i]->parent == t &&
			    strcmp(obj_types[i]->yaml_key, k) == 0)
				child = obj_types[i];
		if (child == NULL)
			return fail_at(lc, v, 1, "unknown key '%s' for %s", k,
			    t->name);
		if (child->layout == OT_RECORD) {
			if (convert_object(lc, child, objpath, v, &cv) != 0)
				return -1;
			/* an empty record is no record: the saver leaves it out */
			if (json_object_size(cv))
				json_object_set_new(y, k, cv);
			else {
				json_decref(cv);
				json_object_del(y, k);
			}
		} else {
			char *cp = xasprintf("%s/%s", objpath, k);
			int r = convert_coll(lc, child, cp, v);

			free(cp);
			if (r != 0)
				return -1;
			json_object_del(y, k);
		}
	}
	*out = json_incref(y);
	return 0;
}

/* Converts a collection mapping (name -> object) into lc->colls, in place. */
static int
convert_coll(struct loadctx *lc, const struct obj_type *t,
    const char *collpath, json_t *y)
{
	json_t *v;
	const char *name, *other;

	if (json_is_null(y)) {
		json_object_set_new(lc->colls, collpath, json_object());
		return 0;
	}
	if (!json_is_object(y))
		return fail_at(lc, y, 0, "'%s' must be a mapping of %s names",
		    t->yaml_key, t->name);
	if (type_names_clash(y, &other, &name) != 0) {
		read_in(lc, y, name, 0);
		return fail_at(lc, json_object_get(y, name), 1, "%s '%s' "
		    "differs from '%s' only in case", t->name, name, other);
	}
	json_object_set(lc->colls, collpath, y);
	json_object_foreach(y, name, v) {
		char *objpath, *cause = NULL;
		json_t *o;
		int r;

		read_in(lc, y, name, 0);
		if (type_name_check(t, name, strlen(name), &cause) != 0) {
			fail_at(lc, v, 1, "%s", cause);
			free(cause);
			return -1;
		}
		objpath = xasprintf("%s/%s", collpath, name);
		/* owned collections exist even when empty */
		view_add_owned(lc->colls, collpath, name);
		r = convert_object(lc, t, objpath, v, &o);
		free(objpath);
		if (r != 0)
			return -1;
		if (o != v)
			json_object_set_new(y, name, o);
		else
			json_decref(o);
	}
	return 0;
}

/* Parses a non-negative integer scalar. */
static int
scalar_int(const json_t *y, long long *out)
{
	const char *s = json_string_value(y);
	char *end;

	if (json_is_integer(y)) {
		*out = json_integer_value(y);
		return *out < 0 ? -1 : 0;
	}
	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (*end || errno || *out < 0) ? -1 : 0;
}

/* Reads "format": the only format this ocmsh reads. */
static int
load_format(struct loadctx *lc, json_t *v, struct state_doc *d)
{
	char buf[SCALAR_TEXT_MAX];
	const char *text;
	long long f;

	if (scalar_int(v, &f) != 0 || f != STATE_FORMAT)
		return fail_at(lc, v, 0, "unsupported format '%s' (this ocmsh "
		    "reads format %d)", (text = scalar_text(v, buf)) ? text :
		    "?", STATE_FORMAT);
	lc->have_format = 1;
	return 0;
}

/* Reads "revision". */
static int
load_revision(struct loadctx *lc, json_t *v, struct state_doc *d)
{
	if (scalar_int(v, &d->revision) != 0)
		return fail_at(lc, v, 0, "revision must be a non-negative "
		    "integer");
	return 0;
}

/* Reads "cluster": its name. */
static int
load_cluster(struct loadctx *lc, json_t *v, struct state_doc *d)
{
	char buf[SCALAR_TEXT_MAX];
	const char *ck, *name;
	json_t *n;

	if (!json_is_object(v))
		return fail_at(lc, v, 0, "cluster must be a mapping");
	json_object_foreach(v, ck, n) {
		read_in(lc, v, ck, 0);
		if (strcmp(ck, "name") != 0)
			return fail_at(lc, n, 1, "unknown key '%s' for cluster",
			    ck);
		if ((name = scalar_text(n, buf)) == NULL || *name == '\0')
			return fail_at(lc, n, 0, "cluster name must be a "
			    "non-empty string");
		free(d->cluster);
		d->cluster = xstrdup(name);
	}
	return 0;
}

/* Reads "written": a digest for each derived file. */
static int
load_written(struct loadctx *lc, json_t *v, struct state_doc *d)
{
	char buf[SCALAR_TEXT_MAX];
	const char *f, *ek, *digest;
	json_t *e, *dg;

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return fail_at(lc, v, 0, "written must be a mapping");
	json_object_foreach(v, f, e) {
		read_in(lc, v, f, 0);
		if (!json_is_object(e))
			return fail_at(lc, e, 0, "written entry must be a "
			    "mapping");
		json_object_foreach(e, ek, dg) {
			read_in(lc, e, ek, 0);
			if (strcmp(ek, "digest") != 0 ||
			    (digest = scalar_text(dg, buf)) == NULL)
				return fail_at(lc, dg, 1, "unknown key '%s' in "
				    "written", ek);
			if (!json_is_string(dg))
				json_object_set_new(e, ek, json_string(digest));
		}
		json_object_set(d->written, f, e);
	}
	return 0;
}

/* The top-level keys of a state that are not collections. */
static const struct {
	const char	*key;
	int		(*load)(struct loadctx *, json_t *, struct state_doc *);
} doc_keys[] = {
	{ "format", load_format },
	{ "revision", load_revision },
	{ "cluster", load_cluster },
	{ "written", load_written },
};

/* Reads one top-level key of a state into d. */
static int
load_key(struct loadctx *lc, const char *k, json_t *v, struct state_doc *d)
{
	const struct obj_type *t = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(doc_keys); i++)
		if (strcmp(k, doc_keys[i].key) == 0)
			return doc_keys[i].load(lc, v, d);
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL &&
		    strcmp(obj_types[i]->yaml_key, k) == 0)
			t = obj_types[i];
	if (t == NULL)
		return fail_at(lc, v, 1, "unknown key '%s'", k);
	return convert_coll(lc, t, k, v);
}

/*
 * Converts the loaded YAML tree y of the state named path (marks: its
 * positions, or NULL) into d, consuming y.  Returns 0, or -1 with *cause.
 */
static int
load_tree(const char *path, json_t *y, const struct ymarks *marks,
    struct state_doc *d, char **cause)
{
	struct loadctx lc = { .path = path, .marks = marks,
	    .colls = json_object(), .cause = cause };
	json_t *v;
	const char *k;
	int r = 0;

	memset(d, 0, sizeof *d);
	d->written = json_object();
	d->cluster = xstrdup("cluster");
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL)
			json_object_set_new(lc.colls, obj_types[i]->yaml_key,
			    json_object());
	if (!json_is_object(y))
		r = fail_at(&lc, y, 0, "the state must be a mapping");
	else
		json_object_foreach(y, k, v) {
			read_in(&lc, y, k, 0);
			if ((r = load_key(&lc, k, v, d)) != 0)
				break;
		}
	if (r == 0 && !lc.have_format)
		r = fail_at(&lc, y, 0, "missing 'format' (this ocmsh reads "
		    "format %d)", STATE_FORMAT);
	if (r == 0) {
		d->colls = lc.colls;
		lc.colls = NULL;
	} else
		state_doc_release(d);
	json_decref(lc.colls);
	json_decref(y);
	return r;
}

/*
 * Loads the state file into d: 0, or -1 with *cause.  Without want_marks
 * the YAML loader records no node positions (a large state loads much
 * faster), so a schema error is returned as -2 without a position, for
 * the caller to load again with them.
 */
static int
load_doc(const char *path, struct state_doc *d, int want_marks, char **cause)
{
	struct ymarks *marks = NULL;
	json_t *y;
	int r;

	memset(d, 0, sizeof *d);
	if ((y = yaml_load_file(path, want_marks ? &marks : NULL, cause)) ==
	    NULL)
		return -1;
	r = load_tree(path, y, marks, d, cause);
	ymarks_free(marks);
	if (r != 0)
		return want_marks ? -1 : -2;
	return 0;
}

/* Loads a state file, fast first, with positions on error. */
int
state_load(const char *path, struct state_doc *d, char **cause)
{
	struct stat sb;
	int r;

	memset(d, 0, sizeof *d);
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return 1;
	/* fast without positions; again with them only to report an error */
	if ((r = load_doc(path, d, 0, cause)) != -2)
		return r;
	free(*cause);
	*cause = NULL;
	return load_doc(path, d, 1, cause);
}

/* Fills d with an empty cluster (see statefile.h). */
void
state_empty(struct state_doc *d, const char *name)
{
	json_t *os = json_object();

	memset(d, 0, sizeof *d);
	json_object_set_new(os, "default", json_object());
	d->colls = json_object();
	json_object_set_new(d->colls, "openstack", os);
	d->written = json_object();
	d->revision = 0;
	d->cluster = xstrdup(name);
}

/* Fills d with the example cluster, state/example.yaml (see statefile.h). */
void
state_example(struct state_doc *d)
{
	char *cause = NULL;
	json_t *y;

	/* built-in text; tests/unit/test-store.c checks that it loads */
	y = yaml_load_buf("example", state_example_yaml,
	    state_example_yaml_len, NULL, &cause);
	if (y == NULL || load_tree("example", y, NULL, d, &cause) != 0)
		abort();
}

/*
 * Loads one object's document, with the positions of its nodes for the
 * messages when want_marks; without them a schema error is -2 (see
 * load_doc).
 */
static int
object_load(const char *where, const struct obj_type *t, const char *objpath,
    const char *buf, size_t len, int want_marks, json_t **out, char **cause)
{
	struct ymarks *marks = NULL;
	struct loadctx lc = { .path = where, .cause = cause };
	const char *k;
	json_t *y, *v;
	int r;

	if ((y = yaml_load_buf(where, buf, len, want_marks ? &marks : NULL,
	    cause)) == NULL)
		return -1;
	lc.marks = marks;
	lc.colls = json_object();
	r = convert_object(&lc, t, objpath, y, out);
	json_object_foreach(lc.colls, k, v) {
		if (r != 0)
			break;
		*cause = xasprintf("%s: '%s' is a collection of its own, not "
		    "a key of the object", where, k + strlen(objpath) + 1);
		FREE_AND_NULL_JSON(*out);
		r = -1;
	}
	json_decref(lc.colls);
	json_decref(y);
	ymarks_free(marks);
	if (r != 0 && !want_marks)
		return -2;
	return r;
}

/* Loads one object's own document, fast first (see statefile.h). */
int
state_object_load(const char *where, const char *collpath, const char *name,
    const char *buf, size_t len, json_t **out, char **cause)
{
	const struct obj_type *t = view_coll_type(collpath);
	char *objpath, *why = NULL;
	int r;

	*out = NULL;
	if (t == NULL || type_name_check(t, name, strlen(name), &why) != 0) {
		*cause = xasprintf("%s: %s", where, why ? why :
		    "not the key of an object");
		free(why);
		return -1;
	}
	objpath = xasprintf("%s/%s", collpath, name);
	r = object_load(where, t, objpath, buf, len, 0, out, cause);
	if (r == -2) {
		FREE_AND_NULL(*cause);
		r = object_load(where, t, objpath, buf, len, 1, out, cause);
	}
	free(objpath);
	return r;
}

/*
 * Loads a small document of the state's own keys (format, cluster,
 * written) into d, each key allowed by want (a string of the first
 * letters).  Returns 0, or -1 with *cause.
 */
static int
load_own(const char *where, const char *buf, size_t len, const char *want,
    struct state_doc *d, char **cause)
{
	struct ymarks *marks = NULL;
	struct loadctx lc = { .path = where, .cause = cause };
	json_t *y, *v;
	const char *k;
	int r = 0;

	memset(d, 0, sizeof *d);
	d->written = json_object();
	if ((y = yaml_load_buf(where, buf, len, &marks, cause)) == NULL)
		return -1;
	lc.marks = marks;
	if (!json_is_object(y))
		r = fail_at(&lc, y, 0, "must be a mapping");
	else
		json_object_foreach(y, k, v) {
			read_in(&lc, y, k, 0);
			if (strchr(want, *k) == NULL || (strcmp(k, "format") &&
			    strcmp(k, "cluster") && strcmp(k, "written")))
				r = fail_at(&lc, v, 1, "unknown key '%s'", k);
			else
				r = load_key(&lc, k, v, d);
			if (r != 0)
				break;
		}
	if (r == 0 && strchr(want, 'f') && !lc.have_format)
		r = fail_at(&lc, y, 0, "missing 'format' (this ocmsh reads "
		    "format %d)", STATE_FORMAT);
	json_decref(y);
	ymarks_free(marks);
	if (r != 0)
		state_doc_release(d);
	return r;
}

/* Loads the state's own record (see statefile.h). */
int
state_meta_load(const char *where, const char *buf, size_t len,
    char **cluster, char **cause)
{
	struct state_doc d;

	if (load_own(where, buf, len, "fc", &d, cause) != 0)
		return -1;
	*cluster = d.cluster ? d.cluster : xstrdup("cluster");
	d.cluster = NULL;
	state_doc_release(&d);
	return 0;
}

/* Loads the written map (see statefile.h). */
int
state_written_load(const char *where, const char *buf, size_t len,
    json_t **out, char **cause)
{
	struct state_doc d;

	if (load_own(where, buf, len, "w", &d, cause) != 0)
		return -1;
	*out = d.written;
	d.written = NULL;
	state_doc_release(&d);
	return 0;
}
