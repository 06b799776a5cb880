/*
 * cmd-refs.c - references between objects: usedby lists the objects
 * that refer to one, rename renames objects and every reference to them
 * (BCM Administrator Manual 2.5.3 "usedby", 2.5.5 "rename").  A
 * reference is a property whose row names the type (VK_REF): a node's
 * category, an image of a node or a category, an aggregate's nodes.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "shell/target.h"
#include "lib/nodeset.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* One property value that refers to an object being looked for. */
struct ref {
	char			*collpath;	/* of the referring object */
	char			*name;
	const struct obj_type	*type;
	const struct prop_def	*p;
};

struct refs {
	struct ref	*v;
	size_t		 n, cap;
};

/* 1 if v (a name or a list of names) holds one of the names in set. */
static int
holds(const json_t *v, json_t *set)
{
	size_t i;
	json_t *e;

	if (json_is_string(v))
		return json_object_get(set, json_string_value(v)) != NULL;
	json_array_foreach(v, i, e)
		if (json_is_string(e) && json_object_get(set,
		    json_string_value(e)))
			return 1;
	return 0;
}

/*
 * Appends to out every property, of every object of the staged state,
 * that refers to an object of type t named in set (name -> anything).
 */
static void
refs_find(struct session *s, const struct obj_type *t, json_t *set,
    struct refs *out)
{
	const char *cp, *name;
	json_t *coll, *o;

	/* every collection: all of it read first (a failure fails the
	 * command, see store_read_error) */
	store_load_all(s->store, NULL);
	json_object_foreach(s->store->staged, cp, coll) {
		const struct obj_type *u = view_coll_type(cp);

		if (u == NULL)
			continue;
		json_object_foreach(coll, name, o) {
			for (const struct prop_def *p = u->props; p->name;
			    p++) {
				struct ref *r;

				if (p->kind != VK_REF || p->ref == NULL ||
				    strcmp(p->ref, t->name) != 0 ||
				    !holds(json_object_get(o, p->name), set))
					continue;
				xgrow((void **)&out->v, &out->cap, out->n + 1,
				    sizeof *out->v);
				r = &out->v[out->n++];
				r->collpath = xstrdup(cp);
				r->name = xstrdup(name);
				r->type = u;
				r->p = p;
			}
		}
	}
}

/* Frees the references. */
static void
refs_release(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].collpath);
		free(r->v[i].name);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* The position of t in the registry, to sort by type. */
static size_t
type_index(const struct obj_type *t)
{
	size_t i;

	for (i = 0; obj_types[i] && obj_types[i] != t; i++)
		;
	return i;
}

/* qsort: by type (registry order), name, property. */
static int
ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	size_t tx = type_index(x->type), ty = type_index(y->type);
	int r;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	if ((r = strcmp(x->name, y->name)) != 0)
		return r;
	return strcmp(x->p->name, y->p->name);
}

/* usedby [NAME]: the objects that refer to NAME (or the selected one). */
static int
cmd_usedby_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct refs refs = { NULL, 0, 0 };
	struct out_table *tb;
	const char *name = args->argc > 1 ? args->argv[1] :
	    session_frame(s)->selected;
	json_t *set;
	char *cp;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (name == NULL) {
		*cause = xasprintf("usedby needs a %s name", t->name);
		free(cp);
		return CMD_ERROR;
	}
	if (target_object(s, t, cp, name, cause) == NULL) {
		free(cp);
		return CMD_ERROR;
	}
	free(cp);
	set = json_object();
	json_object_set_new(set, name, json_true());
	refs_find(s, t, set, &refs);
	json_decref(set);
	if (refs.n > 1)
		qsort(refs.v, refs.n, sizeof *refs.v, ref_cmp);
	out_printf(s, "%s used by the following:\n", type_label(t));
	tb = out_table_new(3);
	out_table_column(tb, 0, "Type", 16, SIZE_MAX);
	out_table_column(tb, 1, "Name", 10, SIZE_MAX);
	out_table_column(tb, 2, "Parameter", 9, SIZE_MAX);
	out_table_cmsh_rule(tb);
	for (size_t i = 0; i < refs.n; i++) {
		out_table_add(tb, xstrdup(type_label(refs.v[i].type)));
		out_table_add(tb, xstrdup(refs.v[i].name));
		out_table_add(tb, xstrdup(refs.v[i].p->name));
	}
	out_table_print(s, tb, " ");
	out_table_free(tb);
	refs_release(&refs);
	return CMD_OK;
}

/*
 * The printf format of a rename target, "test%04d": one %d conversion,
 * with an optional zero flag and width.  1 if fmt is one.
 */
static int
number_format(const char *fmt)
{
	const char *p = strchr(fmt, '%');

	if (p == NULL || strchr(p + 1, '%'))
		return 0;
	p++;
	if (*p == '0')
		p++;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == 'd' && p - strchr(fmt, '%') < 6;
}

/*
 * The new names of n objects from word (BCM AM 2.5.5 "rename"): one name
 * for one object; a node set of n names ("test0[1,2,5-7]", "a,b,c"); a
 * format with %d ("test%04d"); else a prefix numbered from 1, as wide as
 * n needs ("test" -> test01 .. test10).
 */
static int
rename_targets(const char *word, size_t n, struct strv *out, char **cause)
{
	size_t width = 1;

	if (nodeset_is_pattern(word)) {
		if (nodeset_expand(word, out, cause) != 0)
			return -1;
		if (out->n != n) {
			*cause = xasprintf("'%s' gives %zu name%s for %zu "
			    "object%s", word, out->n, out->n == 1 ? "" : "s",
			    n, n == 1 ? "" : "s");
			return -1;
		}
		return 0;
	}
	if (n == 1) {
		strv_push(out, word);
		return 0;
	}
	if (strchr(word, '%') && !number_format(word)) {
		*cause = xasprintf("bad name format '%s': use one %%d, as in "
		    "test%%04d", word);
		return -1;
	}
	for (size_t k = n; k >= 10; k /= 10)
		width++;
	for (size_t i = 1; i <= n; i++) {
		if (strchr(word, '%')) {
			/* the format was checked above: one %d */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			strv_pushf(out, word, (int)i);
#pragma GCC diagnostic pop
		} else
			strv_pushf(out, "%s%0*zu", word, (int)width, i);
	}
	return 0;
}

/* Checks the new names: valid, distinct, free unless renamed away. */
static int
rename_check(struct session *s, const struct obj_type *t, const char *cp,
    const struct strv *from, const struct strv *to, char **cause)
{
	for (size_t i = 0; i < to->n; i++) {
		if (object_check_name(t, to->v[i], cause) != 0)
			return -1;
		for (size_t k = 0; k < i; k++)
			if (strcmp(to->v[k], to->v[i]) == 0) {
				*cause = xasprintf("cannot rename both '%s' "
				    "and '%s' to '%s'", from->v[k],
				    from->v[i], to->v[i]);
				return -1;
			}
		if (view_get(s->store->staged, cp, to->v[i]) &&
		    strv_find(from, to->v[i]) < 0) {
			*cause = xasprintf("cannot rename '%s' to '%s': %s "
			    "'%s' already exists", from->v[i], to->v[i],
			    t->name, to->v[i]);
			return -1;
		}
	}
	return 0;
}

/* A reference value with the names of map (old -> new) replaced. */
static json_t *
renamed_value(const json_t *v, json_t *map)
{
	json_t *n, *e;
	size_t i;

	if (json_is_string(v)) {
		n = json_object_get(map, json_string_value(v));
		return json_incref(n ? n : (json_t *)v);
	}
	n = json_array();
	json_array_foreach(v, i, e) {
		json_t *to = json_is_string(e) ? json_object_get(map,
		    json_string_value(e)) : NULL;

		json_array_append(n, to ? to : e);
	}
	return n;
}

/* Moves the objects and every reference to them (map: old -> new). */
static void
rename_apply(struct session *s, const struct obj_type *t, const char *cp,
    const struct strv *from, const struct strv *to, json_t *map)
{
	struct refs refs = { NULL, 0, 0 };
	json_t **objs = xcalloc(from->n + 1, sizeof *objs);

	refs_find(s, t, map, &refs);
	for (size_t i = 0; i < from->n; i++) {
		objs[i] = json_deep_copy(view_get(s->store->staged, cp,
		    from->v[i]));
		store_remove(s->store, cp, from->v[i]);
	}
	for (size_t i = 0; i < to->n; i++)
		store_add(s->store, cp, to->v[i], objs[i]);
	free(objs);
	for (size_t i = 0; i < refs.n; i++) {
		struct ref *r = &refs.v[i];
		const char *name = r->name;
		json_t *o, *to_name = NULL;

		/* a renamed object refers to others under its new name */
		if (strcmp(r->collpath, cp) == 0)
			to_name = json_object_get(map, name);
		if (to_name)
			name = json_string_value(to_name);
		if ((o = store_get_w_top(s->store, r->collpath, name)) == NULL)
			continue;
		json_object_set_new(o, r->p->name, renamed_value(
		    json_object_get(o, r->p->name), map));
	}
	refs_release(&refs);
	/* a selected object keeps being selected under its new name */
	for (int i = 1; i <= s->depth; i++) {
		struct frame *f = &s->stack[i];
		json_t *n = f->selected && f->type == t ?
		    json_object_get(map, f->selected) : NULL;
		char *fcp = n ? mode_collpath(s, i) : NULL;

		if (fcp && strcmp(fcp, cp) == 0) {
			free(f->selected);
			f->selected = xstrdup(json_string_value(n));
		}
		free(fcp);
	}
}

/* rename [--dry-run] OBJECTS NEW: renames objects and their references. */
static int
cmd_rename_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct strv from = STRV_INIT, to = STRV_INIT;
	json_t *map = json_object();
	int r = CMD_ERROR;
	char *cp;

	if (args->argc != 3) {
		*cause = xstrdup("wrong number of arguments to 'rename'; "
		    "usage: rename [--dry-run] OBJECTS NEWNAMES");
		json_decref(map);
		return CMD_ERROR;
	}
	if (target_coll(s, &t, &cp, cause) != 0) {
		json_decref(map);
		return CMD_ERROR;
	}
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == t &&
		    obj_types[i]->layout == OT_COLLECTION) {
			*cause = xasprintf("%s objects cannot be renamed "
			    "(they own %s)", t->name, obj_types[i]->mode);
			goto out;
		}
	if (target_names(s, t, cp, 1, args->argv + 1, &from, cause) != 0)
		goto out;
	strv_sort(&from);
	if (rename_targets(args->argv[2], from.n, &to, cause) != 0 ||
	    rename_check(s, t, cp, &from, &to, cause) != 0)
		goto out;
	for (size_t i = 0; i < from.n; i++) {
		out_printf(s, "Renamed: %s to %s\n", from.v[i], to.v[i]);
		json_object_set_new(map, from.v[i], json_string(to.v[i]));
	}
	if (!args_has(args, 'n'))
		rename_apply(s, t, cp, &from, &to, map);
	r = CMD_OK;
out:
	json_decref(map);
	strv_release(&from);
	strv_release(&to);
	free(cp);
	return r;
}

const struct cmd_entry cmd_usedby_entry = {
	.name = "usedby",
	.min_args = 0,
	.max_args = 1,
	.usage = "usedby [NAME]",
	.help = "List the objects that refer to an object",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_usedby_exec
};

const struct cmd_entry cmd_rename_entry = {
	.name = "rename",
	.min_args = 2,
	.max_args = 3,
	.opts = (const struct cmd_opt[]){
		{ 'n', "dry-run", OPT_FLAG, OPT_LONGNAME, .help =
		    "print the new names, rename nothing" },
		{ 0 }
	},
	.usage = "rename [--dry-run] OBJECTS NEWNAMES",
	.help = "Rename objects and every reference to them",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_OBJECT, ARG_NONE, ARG_END },
	.exec = cmd_rename_exec
};
