/* target.c - what commands work on: the current collection, the object
 * of a property command, several objects named or by node set. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/target.h"
#include "shell/mode.h"
#include "lib/nodeset.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

/* The error outside modes that hold objects, naming the first such mode. */
static char *
not_in_mode(void)
{
	const char *mode = "";

	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL &&
		    obj_types[i]->layout == OT_COLLECTION) {
			mode = obj_types[i]->mode;
			break;
		}
	return xasprintf("not in a mode that holds objects (enter one "
	    "first, e.g. '%s')", mode);
}

/* Frees a target's strings. */
void
target_release(struct target *t)
{
	free(t->collpath);
	free(t->name);
	strv_release(&t->keys);
	memset(t, 0, sizeof *t);
}

/* Staged JSON of the target (borrowed; records may be NULL). */
json_t *
target_get(struct session *s, const struct target *t)
{
	json_t *o = view_get(s->store->staged, t->collpath, t->name);

	for (size_t i = 0; o && i < t->keys.n; i++)
		o = json_object_get(o, t->keys.v[i]);
	return o;
}

/*
 * Writable JSON of the target, creating records on the way: the object
 * and each record down to the target are private to staged, so the
 * caller may set and delete the target's keys (not change their values
 * in place: those may be shared with base).
 */
json_t *
target_get_w(struct session *s, const struct target *t)
{
	json_t *o = store_get_w_top(s->store, t->collpath, t->name);

	for (size_t i = 0; o && i < t->keys.n; i++)
		o = store_child_w(o, t->keys.v[i], 1);
	return o;
}

/* The current collection mode, or an error. */
int
target_coll(struct session *s, const struct obj_type **type, char **collpath,
    char **cause)
{
	struct frame *f = session_frame(s);

	if (f->type == NULL || f->type->layout != OT_COLLECTION) {
		*cause = not_in_mode();
		return -1;
	}
	*type = f->type;
	*collpath = mode_collpath(s, s->depth);
	if (*collpath == NULL) {
		*cause = xstrdup("no parent object selected");
		return -1;
	}
	return 0;
}

/* Looks an object up in the current collection. */
json_t *
target_object(struct session *s, const struct obj_type *t, const char *collpath,
    const char *name, char **cause)
{
	json_t *o = view_get(s->store->staged, collpath, name);

	if (o == NULL)
		*cause = xasprintf("no such %s '%s'", t->name, name);
	return o;
}

/*
 * Resolves the target of a property command from argv (after the command
 * word): an optional object name, consumed into *used.
 */
int
target_resolve(struct session *s, int argc, char **argv, int *used,
    struct target *t, char **cause)
{
	struct frame *f = session_frame(s);
	char *e = NULL;

	memset(t, 0, sizeof *t);
	*used = 0;
	if (f->type == NULL) {
		*cause = not_in_mode();
		return -1;
	}
	if (f->type->layout == OT_RECORD) {
		if (mode_owner(s, s->depth, &t->collpath, &t->name) != 0) {
			*cause = xstrdup("no object selected");
			return -1;
		}
		t->type = f->type;
		mode_record_keys(s, s->depth, &t->keys);
		if (target_get(s, t) == NULL && view_get(s->store->staged,
		    t->collpath, t->name) == NULL) {
			*cause = xasprintf("no such object '%s'", t->name);
			target_release(t);
			return -1;
		}
		return 0;
	}
	t->type = f->type;
	t->collpath = mode_collpath(s, s->depth);
	if (t->collpath == NULL) {
		*cause = xstrdup("no parent object selected");
		return -1;
	}
	/* with an object selected, a property name (or nothing) comes first */
	if (f->selected && (argc == 0 || prop_find(f->type, argv[0], 1, &e))) {
		t->name = xstrdup(f->selected);
		return 0;
	}
	free(e);
	e = NULL;
	if (argc > 0 && view_get(s->store->staged, t->collpath, argv[0])) {
		t->name = xstrdup(argv[0]);
		*used = 1;
		return 0;
	}
	if (f->selected) {
		/* report the property problem */
		if (argc > 0) {
			prop_find(f->type, argv[0], 1, cause);
			if (*cause == NULL)
				*cause = xasprintf("no such %s '%s'",
				    f->type->name, argv[0]);
		} else
			*cause = xstrdup("missing property name");
		target_release(t);
		return -1;
	}
	if (argc == 0)
		*cause = xasprintf("no %s selected: give its name first or "
		    "'use' one", f->type->name);
	else if (prop_get(f->type, argv[0]) != NULL)
		*cause = xasprintf("no %s selected: give its name before "
		    "'%s' or 'use' one", f->type->name, argv[0]);
	else if (nodeset_is_pattern(argv[0]))
		*cause = xasprintf("'%s' is a node set: this command takes one "
		    "%s name (use 'foreach %s ( ... )' for several)",
		    argv[0], f->type->name, argv[0]);
	else
		*cause = xasprintf("no such %s '%s'", f->type->name, argv[0]);
	target_release(t);
	return -1;
}

/* 1 if w is one of sv's names (ns follows sv as it grows). */
static int
nameset_has(struct nameset *ns, const struct strv *sv, const char *w)
{
	if (ns->set == NULL)
		ns->set = json_object();
	for (; ns->synced < sv->n; ns->synced++)
		json_object_set_new_nocheck(ns->set, sv->v[ns->synced],
		    json_null());
	return json_object_get(ns->set, w) != NULL;
}

/* Appends w to sv unless it is there already (see nameset_has). */
void
nameset_push(struct nameset *ns, struct strv *sv, const char *w)
{
	if (!nameset_has(ns, sv, w))
		strv_push(sv, w);
}

/* Frees the set. */
void
nameset_release(struct nameset *ns)
{
	json_decref(ns->set);
	ns->set = NULL;
	ns->synced = 0;
}

/* Expands names and node sets (see target.h). */
int
target_expand(int n, char **words, struct strv *out, char **cause)
{
	struct nameset seen = { NULL, 0 };

	for (int i = 0; i < n; i++) {
		if (nodeset_is_pattern(words[i])) {
			if (nodeset_expand(words[i], out, cause) != 0) {
				nameset_release(&seen);
				return -1;
			}
		} else
			nameset_push(&seen, out, words[i]);
	}
	nameset_release(&seen);
	return 0;
}

/* The most missing names an error lists. */
#define MISSING_LISTED 10

/* Names the objects of names that do not exist (see target.h). */
int
target_missing(struct session *s, const struct obj_type *t, const char *cp,
    const struct strv *names, struct strv *missing, char **cause)
{
	struct strv mine = STRV_INIT, *m = missing ? missing : &mine;
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < names->n; i++)
		if (view_get(s->store->staged, cp, names->v[i]) == NULL)
			strv_push(m, names->v[i]);
	if (m->n == 0 || cause == NULL) {
		int r = m->n ? -1 : 0;

		strv_release(&mine);
		return r;
	}
	sbuf_addf(&sb, "no such %s%s ", t->name, m->n > 1 ? "s" : "");
	for (size_t i = 0; i < m->n && i < MISSING_LISTED; i++)
		sbuf_addf(&sb, "%s'%s'", i ? ", " : "", m->v[i]);
	if (m->n > MISSING_LISTED)
		sbuf_addf(&sb, " and %zu more", m->n - MISSING_LISTED);
	*cause = sbuf_detach(&sb, NULL);
	strv_release(&mine);
	return -1;
}

/* Expands object names that must exist (see target.h). */
int
target_names(struct session *s, const struct obj_type *t, const char *cp,
    int n, char **words, struct strv *out, char **cause)
{
	if (target_expand(n, words, out, cause) != 0)
		return -1;
	return target_missing(s, t, cp, out, NULL, cause);
}

/* The objects of coll whose prop holds value (see target.h). */
void
target_select(struct session *s, const struct obj_type *t, json_t *coll,
    const char *prop, const char *value, struct strv *out)
{
	json_t *view = s->store->staged;
	const struct prop_def *p = prop_get(t, prop);
	json_t *def = p ? value_default(p) : NULL;
	struct strv hits = STRV_INIT;
	struct nameset seen = { NULL, 0 };
	const char *name;
	json_t *o;

	json_object_foreach(coll, name, o) {
		json_t *v = inherit_get(view, t, o, prop);
		size_t i;
		json_t *e;

		if (v == NULL)
			v = def;
		if (json_is_string(v) && strcasecmp(json_string_value(v),
		    value) == 0)
			strv_push(&hits, name);
		else if (json_is_array(v))
			json_array_foreach(v, i, e)
				if (json_is_string(e) && strcasecmp(
				    json_string_value(e), value) == 0) {
					strv_push(&hits, name);
					break;
				}
	}
	json_decref(def);
	strv_sort(&hits);
	for (size_t i = 0; i < hits.n; i++)
		nameset_push(&seen, out, hits.v[i]);
	nameset_release(&seen);
	strv_release(&hits);
}
