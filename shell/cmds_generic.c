/*
 * cmds_generic.c - the commands every mode shares, driven by the object
 * type tables: navigation, list, show, get, set, append, removefrom,
 * clear, add, clone, remove, foreach, modified, diff, commit, refresh,
 * validate.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "lib/diag.h"
#include "state/derive.h"
#include "state/history.h"
#include "lib/nodeset.h"
#include "state/store.h"
#include "shell/tok.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* What a property command works on. */
struct target {
	const struct obj_type	*type;		/* whose props apply */
	char			*collpath;	/* owning object's collection */
	char			*name;		/* owning object */
	struct strv		 keys;		/* record keys inside it */
};

/* Frees a target's strings. */
static void
target_release(struct target *t)
{
	free(t->collpath);
	free(t->name);
	strv_release(&t->keys);
	memset(t, 0, sizeof *t);
}

/* Staged JSON of the target (borrowed; records may be NULL). */
static json_t *
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
static json_t *
target_get_w(struct session *s, const struct target *t)
{
	json_t *o = store_get_w_top(s->store, t->collpath, t->name);

	for (size_t i = 0; o && i < t->keys.n; i++)
		o = store_child_w(o, t->keys.v[i], 1);
	return o;
}

/* The current collection mode, or an error. */
static int
cur_coll(struct session *s, const struct obj_type **type, char **collpath,
    char **cause)
{
	struct frame *f = session_frame(s);

	if (f->type == NULL || f->type->layout != OT_COLLECTION) {
		*cause = xstrdup("not in a mode that holds objects (enter one "
		    "first, e.g. 'device')");
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
static json_t *
find_object(struct session *s, const struct obj_type *t, const char *collpath,
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
static int
resolve_target(struct session *s, int argc, char **argv, int *used,
    struct target *t, char **cause)
{
	struct frame *f = session_frame(s);
	char *e = NULL;

	memset(t, 0, sizeof *t);
	*used = 0;
	if (f->type == NULL) {
		*cause = xstrdup("not in a mode that holds objects (enter one "
		    "first, e.g. 'device')");
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

/* ---- navigation ---- */

/* exit at the top: quits (see exit_navigate for the rest). */
static int
cmd_exit_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	if (s->depth == 0)
		s->quit = 1;
	return CMD_OK;
}

/* exit: up one level (deselect, then leave the mode). */
static void
cmd_exit_navigate(struct session *s, const struct args *args)
{
	mode_up(s);
}

/* home: back to the top level. */
static void
cmd_home_navigate(struct session *s, const struct args *args)
{
	mode_pop_to(s, 0);
}

/* quit: leave the shell. */
static int
cmd_quit_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	s->quit = 1;
	return CMD_OK;
}

/*
 * The object 'use WORD' selects, pushed to names: WORD, or the one name
 * of a node set that names exactly one object.  -1 with *cause set for
 * a node set of several names.
 */
static int
use_name(struct session *s, const struct obj_type *t, const char *cp,
    const char *word, struct strv *names, char **cause)
{
	if (view_get(s->store->staged, cp, word) != NULL ||
	    !nodeset_is_pattern(word)) {
		strv_push(names, word);
		return 0;
	}
	if (nodeset_expand(word, names, cause) != 0)
		return -1;
	if (names->n != 1) {
		*cause = xasprintf("'%s' is a node set of %zu names: 'use' "
		    "selects one %s (use 'foreach %s ( ... )' for several)",
		    word, names->n, t->name, word);
		return -1;
	}
	return 0;
}

/* use NAME: checks that the object exists (see use_navigate). */
static int
cmd_use_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct strv names = STRV_INIT;
	char *cp;
	int r = CMD_ERROR;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (use_name(s, t, cp, args->argv[1], &names, cause) == 0 &&
	    find_object(s, t, cp, names.v[0], cause) != NULL)
		r = CMD_OK;
	strv_release(&names);
	free(cp);
	return r;
}

/* use NAME: selects the object. */
static void
cmd_use_navigate(struct session *s, const struct args *args)
{
	const struct obj_type *t = session_frame(s)->type;
	struct strv names = STRV_INIT;
	char *cp = mode_collpath(s, s->depth), *e = NULL;

	if (cp && use_name(s, t, cp, args->argv[1], &names, &e) == 0)
		mode_select(s, names.v[0]);
	else
		mode_select(s, args->argv[1]);
	strv_release(&names);
	free(cp);
	free(e);
}

/* ---- list and show ---- */

/* One list column. */
struct column {
	const struct prop_def	*p;
	size_t			 min, max;	/* width bounds */
};

/* Parses "name:20,vcpus:[4-8],ram" into columns. */
static int
parse_format(const struct obj_type *t, const char *fmt, struct column **cols,
    size_t *ncols, char **cause)
{
	char *copy = xstrdup(fmt), *save = NULL, *item;
	size_t cap = 0;

	*cols = NULL;
	*ncols = 0;
	for (item = strtok_r(copy, ",", &save); item;
	    item = strtok_r(NULL, ",", &save)) {
		char *colon, *name = item, *whole = xstrdup(item);
		struct column c = { NULL, 20, 20 };

		while (*name == ' ')
			name++;
		if ((colon = strchr(name, ':')) != NULL) {
			char *w = colon + 1, *end;

			*colon = '\0';
			if (*w == '[') {
				c.min = strtoul(w + 1, &end, 10);
				if (*end != '-' || end == w + 1)
					goto bad;
				c.max = strtoul(end + 1, &end, 10);
				if (*end != ']' || end[1] || c.max < c.min)
					goto bad;
			} else {
				c.min = c.max = strtoul(w, &end, 10);
				if (end == w || *end)
					goto bad;
			}
		}
		if ((c.p = prop_find(t, name, 1, cause)) == NULL) {
			free(whole);
			goto fail;
		}
		free(whole);
		xgrow((void **)cols, &cap, *ncols + 1, sizeof **cols);
		(*cols)[(*ncols)++] = c;
		continue;
bad:
		*cause = xasprintf("bad column '%s' in format '%s': use NAME, "
		    "NAME:WIDTH or NAME:[MIN-MAX]", whole, fmt);
		free(whole);
		goto fail;
	}
	free(copy);
	if (*ncols == 0) {
		*cause = xasprintf("empty format '%s'", fmt);
		return -1;
	}
	return 0;
fail:
	free(copy);
	FREE_AND_NULL(*cols);
	return -1;
}

/* Value of property p of object name/o for display. Caller frees. */
static char *
cell(const struct prop_def *p, const char *name, json_t *o, const char *sep)
{
	if (p->flags & PROP_KEY)
		return xstrdup(name);
	return value_format(p, json_object_get(o, p->name), sep);
}

/* The JSON of an unset property: its default, [] or {}, else null. */
static json_t *
json_unset(const struct prop_def *p)
{
	json_t *v = value_default(p);

	if (v)
		return v;
	if (p->shape == PS_LIST)
		return json_array();
	if (p->shape == PS_MAP)
		return json_object();
	return json_null();
}

/* list: a table of the mode's objects. */
static int
cmd_list_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	const char *fmt = args_get(args, 'f'), *delim = args_get(args, 'd');
	struct strv names = STRV_INIT;
	struct column *cols = NULL;
	size_t ncols = 0;
	char *cp = NULL;
	json_t *coll;
	int ret = CMD_ERROR;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (args->argc > 1) {
		*cause = xasprintf("unexpected argument '%s'", args->argv[1]);
		goto out;
	}
	if (parse_format(t, fmt ? fmt : t->list_format, &cols, &ncols,
	    cause) != 0)
		goto out;
	coll = view_coll(s->store->staged, cp);
	{
		const char *k;
		json_t *v;

		if (coll)
			json_object_foreach(coll, k, v)
				strv_push(&names, k);
		strv_sort(&names);
	}
	if (delim && strcmp(delim, "{}") == 0) {
		json_t *a = json_array();
		char *text;

		for (size_t n = 0; n < names.n; n++) {
			json_t *o = json_object_get(coll, names.v[n]);
			json_t *row = json_object();

			for (size_t c = 0; c < ncols; c++) {
				const struct prop_def *p = cols[c].p;
				json_t *v = (p->flags & PROP_KEY) ?
				    json_string(names.v[n]) :
				    json_incref(json_object_get(o, p->name));

				if (v == NULL)
					v = json_unset(p);
				json_object_set_new(row, p->name, v);
			}
			json_array_append_new(a, row);
		}
		text = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		out_printf(s, "%s\n", text);
		free(text);
		json_decref(a);
		ret = CMD_OK;
		goto out;
	}
	{
		size_t *w = xcalloc(ncols, sizeof *w);
		char ***cells = xcalloc(names.n + 1, sizeof *cells);
		const char *sep = delim ? delim : " ";

		for (size_t n = 0; n < names.n; n++) {
			json_t *o = json_object_get(coll, names.v[n]);

			cells[n] = xcalloc(ncols, sizeof **cells);
			for (size_t c = 0; c < ncols; c++) {
				cells[n][c] = cell(cols[c].p, names.v[n], o,
				    ",");
				if (strlen(cells[n][c]) > w[c])
					w[c] = strlen(cells[n][c]);
			}
		}
		for (size_t c = 0; c < ncols; c++) {
			if (w[c] < cols[c].min)
				w[c] = cols[c].min;
			if (w[c] > cols[c].max)
				w[c] = cols[c].max;
		}
		for (size_t c = 0; c < ncols; c++) {
			char *h = xasprintf("%s%s", cols[c].p->name,
			    (cols[c].p->flags & PROP_KEY) ? " (key)" : "");

			if (strlen(h) > w[c])
				h[w[c]] = '\0';
			if (c + 1 < ncols)
				out_printf(s, "%-*s%s", (int)w[c], h, sep);
			else
				out_printf(s, "%s\n", h);
			free(h);
		}
		for (size_t c = 0; c < ncols; c++) {
			for (size_t k = 0; k < w[c]; k++)
				out_printf(s, "-");
			out_printf(s, "%s", c + 1 < ncols ? sep : "\n");
		}
		for (size_t n = 0; n < names.n; n++) {
			struct sbuf row = SBUF_INIT;

			for (size_t c = 0; c < ncols; c++) {
				if (c + 1 < ncols)
					sbuf_addf(&row, "%-*s%s", (int)w[c],
					    cells[n][c], sep);
				else
					sbuf_adds(&row, cells[n][c]);
				free(cells[n][c]);
			}
			/* no trailing blanks when the last cells are empty */
			while (row.len && row.buf[row.len - 1] == ' ')
				row.buf[--row.len] = '\0';
			out_printf(s, "%s\n", row.len ? row.buf : "");
			sbuf_release(&row);
			free(cells[n]);
		}
		free(cells);
		free(w);
	}
	ret = CMD_OK;
out:
	free(cols);
	free(cp);
	strv_release(&names);
	return ret;
}

/* show [NAME] [-d {}]: every property of one object. */
static int
cmd_show_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *delim = args_get(args, 'd');
	struct target t;
	json_t *o;
	int used;

	if (resolve_target(s, args->argc - 1, args->argv + 1, &used, &t,
	    cause) != 0)
		return CMD_ERROR;
	if (used < args->argc - 1) {
		*cause = xasprintf("unexpected argument '%s'",
		    args->argv[1 + used]);
		target_release(&t);
		return CMD_ERROR;
	}
	o = target_get(s, &t);
	if (delim && strcmp(delim, "{}") == 0) {
		json_t *j = json_object();
		char *text;

		for (const struct prop_def *p = t.type->props; p->name; p++) {
			json_t *v = (p->flags & PROP_KEY) ? json_string(t.name) :
			    json_incref(json_object_get(o, p->name));

			if (v == NULL)
				v = json_unset(p);
			json_object_set_new(j, p->name, v);
		}
		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		out_printf(s, "%s\n", text);
		free(text);
		json_decref(j);
		target_release(&t);
		return CMD_OK;
	} else if (delim) {
		*cause = xasprintf("show supports only -d {} (JSON)");
		target_release(&t);
		return CMD_ERROR;
	}
	out_printf(s, "%-32s %s\n", "Parameter", "Value");
	out_printf(s, "-------------------------------- "
	    "------------------------------------------------\n");
	for (const struct prop_def *p = t.type->props; p->name; p++) {
		json_t *l = json_object_get(o, p->name), *e;
		char *v;
		size_t k;

		if (p->show_elem && json_is_array(l) && json_array_size(l)) {
			/* one element a line, under the Value column */
			json_array_foreach(l, k, e) {
				v = p->show_elem(e);
				out_printf(s, "%-32s %s\n", k ? "" : p->label, v);
				free(v);
			}
			continue;
		}
		v = cell(p, t.name, o, ",");
		if (*v)
			out_printf(s, "%-32s %s\n", p->label, v);
		else
			out_printf(s, "%s\n", p->label);
		free(v);
	}
	for (size_t k = 0; obj_types[k]; k++) {
		const struct obj_type *c = obj_types[k];

		if (c->parent != t.type)
			continue;
		if (c->layout == OT_RECORD)
			out_printf(s, "%-32s <submode>\n", c->plural);
		else {
			char *cp = xasprintf("%s/%s/%s", t.collpath, t.name,
			    c->yaml_key);
			json_t *coll = view_coll(s->store->staged, cp);

			out_printf(s, "%-32s <%zu in submode>\n", c->plural,
			    coll ? json_object_size(coll) : 0);
			free(cp);
		}
	}
	target_release(&t);
	return CMD_OK;
}

/* get [NAME] PROP: one value. */
static int
cmd_get_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct prop_def *p;
	struct target t;
	int used;
	char *v;

	if (resolve_target(s, args->argc - 1, args->argv + 1, &used, &t, cause) != 0)
		return CMD_ERROR;
	if (args->argc - 1 - used != 1) {
		*cause = xstrdup(args->argc - 1 - used < 1 ? "missing property name" :
		    "get takes one property name");
		target_release(&t);
		return CMD_ERROR;
	}
	if ((p = prop_find(t.type, args->argv[1 + used], 1, cause)) == NULL) {
		target_release(&t);
		return CMD_ERROR;
	}
	v = cell(p, t.name, target_get(s, &t), " ");
	out_printf(s, "%s\n", v);
	free(v);
	target_release(&t);
	return CMD_OK;
}

/* Operations of the property-changing commands. */
enum setop { OP_SET, OP_APPEND, OP_REMOVEFROM, OP_CLEAR };

/* Appends list elements to cur, refusing duplicates where unique. */
static int
list_append(const struct prop_def *p, json_t *cur, json_t *add, char **cause)
{
	size_t i, j;
	json_t *e, *x;

	json_array_foreach(add, i, e) {
		if (p->flags & PROP_UNIQUE)
			json_array_foreach(cur, j, x)
				if (json_equal(x, e)) {
					char *f = value_format(p, NULL, "");
					json_t *one = json_pack("[O]", e);
					char *v = value_format(p, one, "");

					*cause = xasprintf("'%s' is already in "
					    "'%s' (it may appear only once)", v,
					    p->name);
					free(f);
					free(v);
					json_decref(one);
					return -1;
				}
		json_array_append(cur, e);
	}
	return 0;
}

/* Applies one change to a copy of the current value. */
static int
apply_op(enum setop op, const struct prop_def *p, json_t *obj, int n,
    char **words, json_t **result, char **cause)
{
	json_t *cur = json_object_get(obj, p->name), *v;

	*result = NULL;
	if (p->flags & (PROP_KEY | PROP_RO)) {
		*cause = xasprintf("property '%s' is read-only", p->name);
		return -1;
	}
	if (op == OP_CLEAR)
		return 0;
	if (op != OP_SET && p->shape == PS_SCALAR) {
		*cause = xasprintf("property '%s' is not a list or a map, use "
		    "'set'", p->name);
		return -1;
	}
	if (op == OP_SET) {
		if (n == 0 && p->shape != PS_SCALAR) {
			*result = p->shape == PS_LIST ? json_array() :
			    json_object();
			return 0;
		}
		*result = value_parse(p, words, n, cause);
		if (*result && p->shape == PS_LIST && (p->flags & PROP_UNIQUE)) {
			/* a list that refuses duplicates takes none at once */
			json_t *uniq = json_array();

			if (list_append(p, uniq, *result, cause) != 0) {
				FREE_AND_NULL_JSON(*result);
				json_decref(uniq);
				return -1;
			}
			json_decref(uniq);
		}
		return *result ? 0 : -1;
	}
	if (n == 0) {
		*cause = xasprintf("missing value for '%s'", p->name);
		return -1;
	}
	if (p->shape == PS_LIST) {
		json_t *out = cur ? json_copy(cur) : json_array();

		if (op == OP_APPEND) {
			if ((v = value_parse(p, words, n, cause)) == NULL ||
			    list_append(p, out, v, cause) != 0) {
				json_decref(v);
				json_decref(out);
				return -1;
			}
			json_decref(v);
		} else {
			for (int i = 0; i < n; i++) {
				size_t j, found = 0;
				json_t *e, *want = NULL;

				if (p->kind == VK_JSONOBJ || p->kind == VK_STRING ||
				    p->kind == VK_REF)
					want = p->kind == VK_JSONOBJ ?
					    value_parse_one(p, words[i], cause) :
					    json_string(words[i]);
				else
					want = value_parse_one(p, words[i],
					    cause);
				if (want == NULL) {
					json_decref(out);
					return -1;
				}
				for (j = 0; j < json_array_size(out);) {
					e = json_array_get(out, j);
					if (json_equal(e, want)) {
						json_array_remove(out, j);
						found = 1;
					} else
						j++;
				}
				json_decref(want);
				if (!found) {
					*cause = xasprintf("'%s' is not in "
					    "'%s'", words[i], p->name);
					json_decref(out);
					return -1;
				}
			}
		}
		*result = out;
		return 0;
	}
	/* maps */
	{
		json_t *out = cur ? json_copy(cur) : json_object();

		if (op == OP_APPEND) {
			if ((v = value_parse_map(p, words, n, cause)) == NULL) {
				json_decref(out);
				return -1;
			}
			json_object_update(out, v);
			json_decref(v);
		} else {
			for (int i = 0; i < n; i++) {
				if (json_object_get(out, words[i]) == NULL) {
					*cause = xasprintf("key '%s' is not in "
					    "'%s'", words[i], p->name);
					json_decref(out);
					return -1;
				}
				json_object_del(out, words[i]);
			}
		}
		*result = out;
		return 0;
	}
}

/* set/append/removefrom/clear [NAME] PROP VALUE... */
static int
setlike(struct session *s, enum setop op, int argc, char **argv,
    char **cause)
{
	const struct prop_def *p;
	struct target t;
	json_t *obj, *result = NULL;
	int used, n;
	char **words;

	if (resolve_target(s, argc - 1, argv + 1, &used, &t, cause) != 0)
		return CMD_ERROR;
	if (argc - 1 - used < 1) {
		*cause = xstrdup("missing property name");
		target_release(&t);
		return CMD_ERROR;
	}
	if ((p = prop_find(t.type, argv[1 + used], 1, cause)) == NULL) {
		target_release(&t);
		return CMD_ERROR;
	}
	words = argv + 2 + used;
	n = argc - 2 - used;
	if (op == OP_CLEAR && n > 0) {
		*cause = xasprintf("clear takes no value (got '%s')", words[0]);
		target_release(&t);
		return CMD_ERROR;
	}
	if (op == OP_SET && n == 0 && p->shape == PS_SCALAR) {
		*cause = xasprintf("missing value for '%s' (use 'clear' to "
		    "reset it)", p->name);
		target_release(&t);
		return CMD_ERROR;
	}
	obj = target_get(s, &t);
	if (apply_op(op, p, obj, n, words, &result, cause) != 0) {
		target_release(&t);
		return CMD_ERROR;
	}
	/* an empty list or map is the same as unset: store nothing */
	if ((json_is_array(result) && json_array_size(result) == 0) ||
	    (json_is_object(result) && json_object_size(result) == 0))
		FREE_AND_NULL_JSON(result);
	obj = target_get_w(s, &t);
	if (result == NULL)
		json_object_del(obj, p->name);
	else
		json_object_set_new(obj, p->name, result);
	target_release(&t);
	return CMD_OK;
}

static int
cmd_set_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_SET, args->argc, args->argv, cause);
}

static int
cmd_append_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_APPEND, args->argc, args->argv, cause);
}

static int
cmd_removefrom_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_REMOVEFROM, args->argc, args->argv, cause);
}

static int
cmd_clear_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_CLEAR, args->argc, args->argv, cause);
}

/* ---- add, clone, remove ---- */

/* Checks a new object name against the key's rules. */
static int
check_new_name(const struct obj_type *t, const char *name, char **cause)
{
	const struct prop_def *key = type_key(t);
	json_t *v;
	int r = 0;

	if (*name == '\0' || strchr(name, '/') || strpbrk(name, " \t\n")) {
		*cause = xasprintf("invalid %s name '%s'", t->name, name);
		return -1;
	}
	if (key && key->check) {
		v = json_string(name);
		r = key->check(key, v, cause);
		json_decref(v);
	}
	return r;
}

/* add [TYPE] NAME */
static int
cmd_add_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	const char *name, *typeval = NULL;
	char *cp;
	json_t *o;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (args->argc == 3) {
		if (t->addtypes == NULL) {
			*cause = xasprintf("add takes one name in %s mode",
			    t->mode);
			goto fail;
		}
		for (size_t i = 0; t->addtypes[i]; i++)
			if (strcasecmp(t->addtypes[i], args->argv[1]) == 0)
				typeval = t->addvalues[i];
		if (typeval == NULL) {
			struct strv sv = STRV_INIT;
			char *list;

			for (size_t i = 0; t->addtypes[i]; i++)
				strv_push(&sv, t->addtypes[i]);
			list = strv_join(&sv, ", ");
			*cause = xasprintf("unknown %s type '%s': one of %s",
			    t->name, args->argv[1], list);
			free(list);
			strv_release(&sv);
			goto fail;
		}
		name = args->argv[2];
	} else
		name = args->argv[1];
	if (check_new_name(t, name, cause) != 0)
		goto fail;
	if (view_get(s->store->staged, cp, name)) {
		*cause = xasprintf("%s '%s' already exists", t->name, name);
		goto fail;
	}
	o = json_object();
	if (typeval)
		json_object_set_new(o, "type", json_string(typeval));
	else if (t->addvalues)
		json_object_set_new(o, "type", json_string(t->addvalues[0]));
	store_add(s->store, cp, name, o);
	/* owned collections start empty */
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == t &&
		    obj_types[i]->layout == OT_COLLECTION) {
			char *ccp = xasprintf("%s/%s/%s", cp, name,
			    obj_types[i]->yaml_key);

			if (view_coll(s->store->staged, ccp) == NULL)
				json_object_set_new(s->store->staged, ccp,
				    json_object());
			free(ccp);
		}
	free(cp);
	return CMD_OK;
fail:
	free(cp);
	return CMD_ERROR;
}

/* clone SRC NEW */
static int
cmd_clone_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	json_t *src;
	char *cp;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if ((src = find_object(s, t, cp, args->argv[1], cause)) == NULL ||
	    check_new_name(t, args->argv[2], cause) != 0) {
		free(cp);
		return CMD_ERROR;
	}
	if (view_get(s->store->staged, cp, args->argv[2])) {
		*cause = xasprintf("%s '%s' already exists", t->name, args->argv[2]);
		free(cp);
		return CMD_ERROR;
	}
	src = json_deep_copy(src);
	/* read-only facts (pcidevices) belong to the source, not the copy */
	for (const struct prop_def *p = t->props; p->name; p++)
		if (p->flags & PROP_RO)
			json_object_del(src, p->name);
	store_add(s->store, cp, args->argv[2], src);
	free(cp);
	return CMD_OK;
}

/* add [TYPE] NAME: selects the new object. */
static void
cmd_add_navigate(struct session *s, const struct args *args)
{
	mode_select(s, args->argv[args->argc - 1]);
}

/* clone SRC NEW: selects the copy. */
static void
cmd_clone_navigate(struct session *s, const struct args *args)
{
	mode_select(s, args->argv[2]);
}

/* A set of the names in a strv, for lookups in constant time. */
struct nameset {
	json_t	*set;		/* name -> null */
	size_t	 synced;	/* names of the strv already in set */
};

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
static void
nameset_push(struct nameset *ns, struct strv *sv, const char *w)
{
	if (!nameset_has(ns, sv, w))
		strv_push(sv, w);
}

/* Frees the set. */
static void
nameset_release(struct nameset *ns)
{
	json_decref(ns->set);
	ns->set = NULL;
	ns->synced = 0;
}

/* Expands object names (node sets in any collection mode). */
static int
expand_names(struct session *s, const struct obj_type *t, const char *cp,
    int n, char **words, struct strv *out, char **cause)
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
	for (size_t i = 0; i < out->n; i++)
		if (view_get(s->store->staged, cp, out->v[i]) == NULL) {
			*cause = xasprintf("no such %s '%s'", t->name,
			    out->v[i]);
			return -1;
		}
	return 0;
}

/* remove NAME... */
static int
cmd_remove_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct strv names = STRV_INIT;
	struct frame *f;
	char *cp;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	f = session_frame(s);
	if (args->argc == 1 && f->selected)
		strv_push(&names, f->selected);
	else if (args->argc == 1) {
		*cause = xasprintf("remove needs a %s name", t->name);
		goto fail;
	} else if (expand_names(s, t, cp, args->argc - 1, args->argv + 1, &names,
	    cause) != 0)
		goto fail;
	for (size_t i = 0; i < names.n; i++) {
		store_remove(s->store, cp, names.v[i]);
		if (f->selected && strcmp(f->selected, names.v[i]) == 0)
			mode_select(s, NULL);
	}
	strv_release(&names);
	free(cp);
	return CMD_OK;
fail:
	strv_release(&names);
	free(cp);
	return CMD_ERROR;
}

/* ---- foreach ---- */

/*
 * Adds the objects of coll (of type t) whose property prop matches value
 * (list or scalar); an unset property matches by its default.
 */
static void
select_by(const struct obj_type *t, json_t *coll, const char *prop,
    const char *value, struct strv *out)
{
	const struct prop_def *p = prop_get(t, prop);
	json_t *def = p ? value_default(p) : NULL;
	struct strv hits = STRV_INIT;
	struct nameset seen = { NULL, 0 };
	const char *name;
	json_t *o;

	json_object_foreach(coll, name, o) {
		json_t *v = json_object_get(o, prop);
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

/*
 * The objects foreach runs for, in the order given: -n node sets and
 * selectors first, then names, then every object for "*".
 */
static int
foreach_names(struct session *s, const struct obj_type *t, const char *cp,
    const struct args *args, struct strv *names, char **cause)
{
	json_t *coll = view_coll(s->store->staged, cp);
	struct nameset seen = { NULL, 0 };
	struct strv plain = STRV_INIT, hits = STRV_INIT;
	int r = -1, all = 0;

	for (size_t i = 0; i < args->nopts; i++) {
		const struct args_opt *o = &args->opts[i];
		char *value = (char *)o->value;

		if (o->sel == NULL) {
			if (expand_names(s, t, cp, 1, &value, names,
			    cause) != 0)
				goto out;
			continue;
		}
		strv_clear(&hits);
		if (coll)
			select_by(t, coll, o->sel->prop, value, &hits);
		if (hits.n == 0) {
			*cause = xasprintf("no %s has %s '%s' (%s %s)", t->name,
			    o->sel->prop, value, o->word, value);
			goto out;
		}
		for (size_t h = 0; h < hits.n; h++)
			nameset_push(&seen, names, hits.v[h]);
	}
	for (int i = 1; i < args->argc; i++)
		if (strcmp(args->argv[i], "*") == 0)
			all = 1;
		else
			strv_push(&plain, args->argv[i]);
	if (plain.n && expand_names(s, t, cp, (int)plain.n, plain.v, names,
	    cause) != 0)
		goto out;
	if (all && coll) {
		const char *k;
		json_t *v;

		strv_clear(&hits);
		json_object_foreach(coll, k, v)
			strv_push(&hits, k);
		strv_sort(&hits);
		for (size_t i = 0; i < hits.n; i++)
			nameset_push(&seen, names, hits.v[i]);
	}
	r = 0;
out:
	nameset_release(&seen);
	strv_release(&plain);
	strv_release(&hits);
	return r;
}

/* foreach [-n NODES] [SELECTOR VALUE]... [NAME...|*] (CMDS) */
static int
cmd_foreach_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct cmdlist bodycl = { NULL, 0, 0 };
	const struct obj_type *t;
	struct strv names = STRV_INIT;
	int ret = CMD_ERROR;
	char *cp;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (body == NULL) {
		*cause = xstrdup("foreach needs a command list in "
		    "parentheses: foreach NAMES ( CMDS )");
		goto out;
	}
	if (foreach_names(s, t, cp, args, &names, cause) != 0)
		goto out;
	if (args->argc == 1 && args->nopts == 0) {
		*cause = xstrdup("foreach needs objects: names, '*' or a "
		    "selection option");
		goto out;
	}
	/* the body is parsed once, and run for each object from here */
	if (cmdline_parse(body, &bodycl, cause) != 0)
		goto out;
	ret = CMD_OK;
	for (size_t n = 0; n < names.n && !s->quit; n++) {
		struct mode_saved saved;
		char *e = NULL;

		mode_save(s, &saved);
		mode_select(s, names.v[n]);
		if (session_run_cmdlist(s, &bodycl, &e) != CMD_OK) {
			free(*cause);
			*cause = e;
			ret = CMD_ERROR;
		}
		/* back to where foreach started */
		mode_restore(s, &saved);
		if (ret != CMD_OK && !s->keep_going)
			break;
	}
out:
	cmdlist_release(&bodycl);
	strv_release(&names);
	free(cp);
	return ret;
}

/* ---- staging commands ---- */

/* The scope of modified/commit/refresh at the current position. */
static char *
current_scope(struct session *s, int *exact)
{
	struct frame *f = session_frame(s);

	*exact = 0;
	if (s->depth == 0)
		return xstrdup("");
	if (f->type->layout == OT_RECORD || f->selected) {
		*exact = 1;
		return mode_objpath(s, s->depth);
	}
	return mode_collpath(s, s->depth);
}

/* modified: a State Type Name table. */
static int
cmd_modified_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct store_items items = { 0 };
	struct frame *f = session_frame(s);
	char *scope;
	int exact;

	scope = current_scope(s, &exact);
	/* modified lists the whole mode even with an object selected */
	if (exact && f->type && f->type->layout == OT_COLLECTION) {
		free(scope);
		scope = mode_collpath(s, s->depth);
		exact = 0;
	}
	store_changes(s->store, scope ? scope : "", exact, &items);
	if (items.n == 0) {
		const struct obj_type *t = f->type;

		while (t && t->layout == OT_RECORD)
			t = t->parent;
		if (t)
			out_printf(s, "No modified objects of type %s\n",
			    t->name);
		else
			out_printf(s, "No modified objects\n");
	} else {
		size_t tw = 4, nw = 4;

		for (size_t i = 0; i < items.n; i++) {
			size_t l = strlen(items.v[i].type->name);

			if (l > tw)
				tw = l;
			l = strlen(items.v[i].name);
			if (l > nw)
				nw = l;
		}
		out_printf(s, "State %-*s %s\n", (int)tw, "Type", "Name");
		out_printf(s, "----- ");
		for (size_t i = 0; i < tw; i++)
			out_printf(s, "-");
		out_printf(s, " ");
		for (size_t i = 0; i < nw; i++)
			out_printf(s, "-");
		out_printf(s, "\n");
		for (size_t i = 0; i < items.n; i++)
			out_printf(s, "%-5s %-*s %s\n",
			    items.v[i].change == CH_ADDED ? "+" :
			    items.v[i].change == CH_REMOVED ? "-" : "",
			    (int)tw, items.v[i].type->name, items.v[i].name);
	}
	store_items_release(&items);
	free(scope);
	return CMD_OK;
}

/* Prints property differences of two objects (either may be NULL). */
static void
diff_object(struct session *s, const struct obj_type *t, json_t *a, json_t *b,
    const char *prefix)
{
	for (const struct prop_def *p = t->props; p->name; p++) {
		json_t *x = a ? json_object_get(a, p->name) : NULL;
		json_t *y = b ? json_object_get(b, p->name) : NULL;
		char *fx, *fy;

		if (p->flags & PROP_KEY)
			continue;
		if (x == y || (x && y && json_equal(x, y)))
			continue;
		fx = x ? value_format(p, x, ",") : NULL;
		fy = y ? value_format(p, y, ",") : NULL;
		if (a == NULL)
			out_printf(s, "    %s%s: %s\n", prefix, p->name, fy);
		else if (b == NULL)
			out_printf(s, "    %s%s: %s\n", prefix, p->name, fx);
		else
			out_printf(s, "    %s%s: %s -> %s\n", prefix, p->name,
			    x ? fx : "(unset)", y ? fy : "(unset)");
		free(fx);
		free(fy);
	}
	for (size_t i = 0; obj_types[i]; i++) {
		const struct obj_type *c = obj_types[i];
		char *pre;

		if (c->parent != t || c->layout != OT_RECORD)
			continue;
		pre = xasprintf("%s%s ", prefix, c->mode);
		diff_object(s, c, a ? json_object_get(a, c->yaml_key) : NULL,
		    b ? json_object_get(b, c->yaml_key) : NULL, pre);
		free(pre);
	}
}

/* diff: each changed property, old and new. */
static int
cmd_diff_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct store_items items = { 0 };
	int exact;
	char *scope = current_scope(s, &exact);

	store_changes(s->store, scope ? scope : "", exact, &items);
	for (size_t i = 0; i < items.n; i++) {
		struct store_item *it = &items.v[i];
		json_t *a = view_get(s->store->base, it->collpath, it->name);
		json_t *b = view_get(s->store->staged, it->collpath, it->name);

		out_printf(s, "%c %s %s\n", it->change == CH_ADDED ? '+' :
		    it->change == CH_REMOVED ? '-' : '~', it->type->name,
		    it->name);
		diff_object(s, it->type, it->change == CH_ADDED ? NULL : a,
		    it->change == CH_REMOVED ? NULL : b, "");
	}
	store_items_release(&items);
	free(scope);
	return CMD_OK;
}

/* Prints warnings/errors of a validation to stderr. */
static void
print_diag(const struct diag *d)
{
	struct sbuf sb = SBUF_INIT;

	if (d->n == 0)
		return;
	diag_table(d, &sb);
	fflush(stdout);
	fputs(sb.buf, stderr);
	sbuf_release(&sb);
}

/* commit [--dry-run] [--force] */
static int
cmd_commit_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct commit_opts opts = { 0 };
	struct store_items items = { 0 };
	struct sbuf out = SBUF_INIT;
	struct diag d;
	size_t n = 0;
	char *scope;
	int exact, r;

	opts.dry_run = args_has(args, 'n');
	opts.force = args_has(args, 'f');
	opts.out = &out;
	opts.committed = &items;
	scope = current_scope(s, &exact);
	diag_init(&d);
	r = store_commit(s->store, scope ? scope : "", exact, &opts, &d, &n,
	    cause);
	print_diag(&d);
	diag_release(&d);
	if (out.len)
		out_write(s, out.buf, out.len);
	sbuf_release(&out);
	if (r == STORE_CONFLICT)
		s->exit_status = 75;
	if (r != 0) {
		store_items_release(&items);
		free(scope);
		return CMD_ERROR;
	}
	/* mode level reports per type, as cmsh does */
	if (!exact && !opts.dry_run) {
		for (size_t i = 0; obj_types[i]; i++) {
			const struct obj_type *t = obj_types[i];
			size_t nc = 0, nr = 0;

			for (size_t k = 0; k < items.n; k++) {
				if (items.v[k].type != t)
					continue;
				if (items.v[k].change == CH_REMOVED)
					nr++;
				else
					nc++;
			}
			if (nr)
				out_printf(s, "Successfully removed %zu %s\n",
				    nr, t->plural);
			if (nc || (nr == 0 && s->depth > 0 &&
			    session_frame(s)->type == t))
				out_printf(s, "Successfully committed %zu %s\n",
				    nc, t->plural);
		}
	}
	store_items_release(&items);
	free(scope);
	return CMD_OK;
}

/* 1 if items holds collpath/name as added by this session. */
static int
added_here(const struct store_items *items, const char *cp, const char *name)
{
	for (size_t i = 0; i < items->n; i++)
		if (items->v[i].change == CH_ADDED &&
		    strcmp(items->v[i].collpath, cp) == 0 &&
		    strcmp(items->v[i].name, name) == 0)
			return 1;
	return 0;
}

/* refresh: drop staged changes here. */
static int
cmd_refresh_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	int exact, r, i;
	char *scope = current_scope(s, &exact), *gone = NULL;
	struct store_items before = { 0 };

	/* objects that exist in the baseline now, to notice removals */
	store_changes(s->store, scope ? scope : "", exact, &before);
	r = store_refresh(s->store, scope ? scope : "", exact, cause);
	free(scope);
	if (r != 0) {
		store_items_release(&before);
		return CMD_ERROR;
	}
	/* a selected object that is gone: leave it */
	if ((i = mode_drop_missing(s, &gone)) > 0) {
		char *cp = mode_collpath(s, i);

		if (cp && view_get(s->store->disk, cp, gone) == NULL &&
		    view_get(s->store->base, cp, gone) == NULL &&
		    !added_here(&before, cp, gone))
			out_printf(s, "%s '%s' no longer exists: another "
			    "session removed it\n", s->stack[i].type->name,
			    gone);
		free(cp);
		free(gone);
	}
	store_items_release(&before);
	return CMD_OK;
}

/* validate: checks the whole staged state. */
static int
cmd_validate_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct diag d;
	struct derive_plan plan;
	struct sbuf sb = SBUF_INIT;
	char *e = NULL;

	diag_init(&d);
	derive_plan_init(&plan);
	validate_state(s->store->staged, &d);
	if (derive_plan(s->store->root, s->store->staged, s->store->written,
	    0, &plan, &d, &e) != 0) {
		diag_add(&d, DIAG_ERROR, 900, "files", "%s", e);
		free(e);
	}
	derive_plan_release(&plan);
	if (d.n == 0)
		out_printf(s, "All good\n");
	else {
		diag_table(&d, &sb);
		out_write(s, sb.buf, sb.len);
	}
	sbuf_release(&sb);
	diag_release(&d);
	return CMD_OK;
}

/* ---- help, alias, history, run ---- */

/* A help section title centred in a 62-column rule, as cmsh draws it. */
static void
help_title(struct session *s, const char *title)
{
	int len = (int)strlen(title) + 2, left = (62 - len) / 2, right;

	if (left < 3)
		left = 3;
	right = 62 - len - left;
	if (right < 3)
		right = 3;
	for (int i = 0; i < left; i++)
		out_printf(s, "=");
	out_printf(s, " %s ", title);
	for (int i = 0; i < right; i++)
		out_printf(s, "=");
	out_printf(s, "\n");
}

/* One help line: name, dots up to column 32, description. */
static void
help_row(struct session *s, const char *name, const char *help)
{
	int n = (int)strlen(name);

	out_printf(s, "%s ", name);
	for (int i = n + 1; i < 31; i++)
		out_printf(s, ".");
	out_printf(s, "%s%s\n", n + 1 < 31 ? " " : "", help);
}

/* 1 for the generic commands that work at every level. */
static int
is_top_cmd(const struct cmd_entry *ce)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (cmd_table[i] == ce)
			return (ce->flags & CF_GLOBAL) != 0;
	return 0;
}

/* help [CMD|PROP] */
static int
cmd_help_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct strv names = STRV_INIT, modes = STRV_INIT;
	struct frame *f = session_frame(s);

	if (args->argc > 1) {
		const struct cmd_entry *ce = cmd_find(s, args->argv[1]);
		const struct obj_type *mt = mode_word(s, args->argv[1]);
		char *e = NULL;

		if (mt == NULL)
			mt = type_find_mode(args->argv[1]);

		if (ce) {
			char *usage = cmd_usage(s, ce);

			out_printf(s, "Name: %s - %s\n", ce->name, ce->help);
			out_printf(s, "Usage: %s\n", usage);
			free(usage);
			if (ce->alias)
				out_printf(s, "Alias: %s\n", ce->alias);
			return CMD_OK;
		}
		if (mt) {
			out_printf(s, "Name: %s - %s\n", mt->mode, mt->help);
			out_printf(s, "Usage: %s [COMMAND...]\n", mt->mode);
			return CMD_OK;
		}
		if (f->type) {
			const struct prop_def *p = prop_find(f->type, args->argv[1],
			    1, &e);

			if (p) {
				json_t *def = value_default(p);

				out_printf(s, "Property: %s (%s)\n", p->name,
				    p->label);
				out_printf(s, "Help:     %s\n", p->help);
				if (p->kind == VK_INT)
					out_printf(s, "Range:    %lld to %lld\n",
					    p->min, p->max);
				if (p->choices) {
					out_printf(s, "Choices: ");
					for (size_t i = 0; p->choices[i]; i++)
						out_printf(s, " %s",
						    p->choices[i]);
					out_printf(s, "\n");
				}
				if (def) {
					char *dv = value_format(p, def, ",");

					out_printf(s, "Default:  %s\n", dv);
					free(dv);
					json_decref(def);
				}
				return CMD_OK;
			}
			free(e);
		}
		*cause = xasprintf("no help for '%s': not a command, mode or "
		    "property here", args->argv[1]);
		return CMD_ERROR;
	}
	cmd_list(s, &names, 0);
	mode_words(s, &modes);
	/* Top: the commands and modes of every level */
	help_title(s, "Top");
	for (size_t i = 0; i < names.n; i++) {
		const struct cmd_entry *ce = cmd_find(s, names.v[i]);

		if (ce && is_top_cmd(ce))
			help_row(s, names.v[i], ce->help);
	}
	for (size_t i = 0; i < modes.n; i++) {
		const struct obj_type *mt = mode_word(s, modes.v[i]);

		if (mt->parent == NULL)
			help_row(s, modes.v[i], mt->help);
	}
	/* then the current mode's own commands and submodes */
	if (f->type) {
		help_title(s, f->type->mode);
		for (size_t i = 0; i < names.n; i++) {
			const struct cmd_entry *ce = cmd_find(s, names.v[i]);

			if (ce && !is_top_cmd(ce))
				help_row(s, names.v[i], ce->help);
		}
		for (size_t i = 0; i < modes.n; i++) {
			const struct obj_type *mt = mode_word(s, modes.v[i]);

			if (mt->parent != NULL)
				help_row(s, modes.v[i], mt->help);
		}
	}
	if (f->type && f->type->props[0].name) {
		char *title = xasprintf("%s properties", f->type->name);

		help_title(s, title);
		free(title);
		for (const struct prop_def *p = f->type->props; p->name; p++)
			help_row(s, p->name, p->help);
	}
	strv_release(&names);
	strv_release(&modes);
	return CMD_OK;
}

/* alias [NAME EXPANSION...] */
static int
cmd_alias_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	if (body && args->argc < 3) {
		*cause = xstrdup("alias: '( ... )' belongs to an expansion: "
		    "alias NAME COMMAND ( ... )");
		return CMD_ERROR;
	}
	if (args->argc == 1) {
		for (size_t i = 0; cmd_table[i]; i++)
			if (cmd_table[i]->alias)
				out_printf(s, "alias %s %s\n",
				    cmd_table[i]->alias,
				    cmd_table[i]->name);
		for (size_t i = 0; i < s->alias_names.n; i++)
			out_printf(s, "alias %s %s\n", s->alias_names.v[i],
			    s->alias_values.v[i]);
		return CMD_OK;
	}
	if (args->argc == 2) {
		int i = strv_find(&s->alias_names, args->argv[1]);

		if (i < 0) {
			*cause = xasprintf("no such alias '%s'", args->argv[1]);
			return CMD_ERROR;
		}
		out_printf(s, "alias %s %s\n", s->alias_names.v[i],
		    s->alias_values.v[i]);
		return CMD_OK;
	}
	if (cmd_find(s, args->argv[1]) || type_find_mode(args->argv[1])) {
		*cause = xasprintf("cannot alias '%s': it is a command",
		    args->argv[1]);
		return CMD_ERROR;
	}
	{
		struct strv sv = STRV_INIT;
		char *exp;
		int i;

		for (int k = 2; k < args->argc; k++)
			strv_push_nodup(&sv, tok_quote(args->argv[k]));
		if (body)
			strv_pushf(&sv, "(%s)", body);
		exp = strv_join(&sv, " ");
		strv_release(&sv);
		if ((i = strv_find(&s->alias_names, args->argv[1])) >= 0) {
			free(s->alias_values.v[i]);
			s->alias_values.v[i] = exp;
		} else {
			strv_push(&s->alias_names, args->argv[1]);
			strv_push_nodup(&s->alias_values, exp);
		}
	}
	return CMD_OK;
}

/* unalias NAME */
static int
cmd_unalias_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	int i = strv_find(&s->alias_names, args->argv[1]);

	if (i < 0) {
		*cause = xasprintf("no such alias '%s'", args->argv[1]);
		return CMD_ERROR;
	}
	free(s->alias_names.v[i]);
	free(s->alias_values.v[i]);
	for (size_t k = (size_t)i; k + 1 < s->alias_names.n; k++) {
		s->alias_names.v[k] = s->alias_names.v[k + 1];
		s->alias_values.v[k] = s->alias_values.v[k + 1];
	}
	s->alias_names.v[--s->alias_names.n] = NULL;
	s->alias_values.v[--s->alias_values.n] = NULL;
	return CMD_OK;
}

/* history: the commands of this session, numbered. */
static int
cmd_history_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	for (size_t i = 0; i < s->history.n; i++)
		out_printf(s, "%5zu  %s\n", i + 1, s->history.v[i]);
	return CMD_OK;
}

int	repl_run_file(struct session *s, const char *path, int stop_on_error,
	    char **cause);

/* run [-x] [-q] FILE...: runs command files; stops at the first error. */
static int
cmd_run_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	int oecho = s->echo, r = CMD_OK;

	/* -q: run always stops at the first error */
	if (args->argc == 1) {
		*cause = xstrdup("run needs a file name");
		return CMD_ERROR;
	}
	if (args_has(args, 'x'))
		s->echo = 1;
	for (int i = 1; i < args->argc && r == CMD_OK; i++)
		if (repl_run_file(s, args->argv[i], 1, cause) != 0)
			r = CMD_ERROR;
	s->echo = oecho;
	return r;
}

/* commits: the commit log. */
static int
cmd_commits_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *log = history_read_log(s->store->path), *save = NULL, *line;

	out_printf(s, "%-8s %-19s %-10s %s\n", "Revision", "Time", "User",
	    "Summary");
	out_printf(s, "-------- ------------------- ---------- "
	    "------------------------------\n");
	if (log == NULL)
		return CMD_OK;
	for (line = strtok_r(log, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 }, *p = line;
		char tbuf[32] = "";

		for (int k = 0; k < 4 && p; k++) {
			f[k] = p;
			p = k < 3 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		if (!f[3])
			continue;
		{
			time_t tt = (time_t)strtoll(f[1], NULL, 10);
			struct tm tm;

			if (localtime_r(&tt, &tm))
				strftime(tbuf, sizeof tbuf, "%Y-%m-%d %H:%M:%S",
				    &tm);
		}
		out_printf(s, "%-8s %-19s %-10s %s\n", f[0], tbuf, f[2], f[3]);
	}
	free(log);
	return CMD_OK;
}

/* rollback N: stages the state of revision N as changes. */
static int
cmd_rollback_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct state_doc doc = { 0 };
	char *end, *path;
	long long rev = strtoll(args->argv[1], &end, 10);
	const char *cp;
	json_t *c;
	int r;

	if (*args->argv[1] == '\0' || *end || rev < 0) {
		*cause = xasprintf("bad revision '%s'", args->argv[1]);
		return CMD_ERROR;
	}
	if (rev == s->store->revision)
		path = xstrdup(s->store->path);
	else
		path = history_path(s->store->path, rev);
	r = state_load(path, &doc, cause);
	if (r == 1) {
		*cause = xasprintf("revision %lld is not in the history (%s)",
		    rev, path);
		r = -1;
	}
	free(path);
	if (r != 0)
		return CMD_ERROR;
	/* stage: every collection of that revision replaces ours */
	json_object_foreach(s->store->staged, cp, c) {
		if (json_object_get(doc.colls, cp) == NULL)
			json_object_set_new(s->store->staged, cp, json_object());
	}
	json_object_foreach(doc.colls, cp, c) {
		json_t *cur = view_coll(s->store->staged, cp);
		json_t *nc = json_object();
		const char *name;
		json_t *o;

		/* keep our unchanged objects shared, take theirs otherwise */
		json_object_foreach(c, name, o) {
			json_t *mine = cur ? json_object_get(cur, name) : NULL;

			json_object_set(nc, name, mine && json_equal(mine, o) ?
			    mine : o);
		}
		json_object_set_new(s->store->staged, cp, nc);
	}
	state_doc_release(&doc);
	return CMD_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.min_args = 0,
	.max_args = 1,
	.usage = "help [COMMAND|MODE|PROPERTY]",
	.help = "Show help",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_COMMAND, ARG_END },
	.exec = cmd_help_exec
};

const struct cmd_entry cmd_exit_entry = {
	.name = "exit",
	.alias = "..",
	.min_args = 0,
	.max_args = 0,
	.usage = "exit",
	.help = "Go up one level (quits at the top)",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_exit_exec,
	.navigate = cmd_exit_navigate
};

const struct cmd_entry cmd_home_entry = {
	.name = "home",
	.alias = "/",
	.min_args = 0,
	.max_args = 0,
	.usage = "home",
	.help = "Go to the top level",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.navigate = cmd_home_navigate
};

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.min_args = 0,
	.max_args = 0,
	.usage = "quit",
	.help = "Leave the shell",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_quit_exec
};

const struct cmd_entry cmd_modified_entry = {
	.name = "modified",
	.min_args = 0,
	.max_args = 0,
	.usage = "modified",
	.help = "List objects with staged changes",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_modified_exec
};

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.min_args = 0,
	.max_args = 0,
	.usage = "diff",
	.help = "Show staged changes, property by property",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_diff_exec
};

const struct cmd_entry cmd_commit_entry = {
	.name = "commit",
	.min_args = 0,
	.max_args = 2,
	.opts = (const struct cmd_opt[]){
		{ 'n', "dry-run", OPT_FLAG, OPT_LONGNAME, .help = "validate "
		    "and print the diff of every file, write nothing" },
		{ 'f', "force", OPT_FLAG, OPT_LONGNAME, .help =
		    "overwrite nova.conf values that were edited by hand" },
		{ 0 }
	},
	.usage = "commit [--dry-run] [--force]",
	.help = "Validate and write the staged changes here",
	.flags = CF_GLOBAL | CF_OPTNAMED,
	.args = (const int[]){ ARG_END },
	.exec = cmd_commit_exec
};

const struct cmd_entry cmd_refresh_entry = {
	.name = "refresh",
	.min_args = 0,
	.max_args = 0,
	.usage = "refresh",
	.help = "Drop the staged changes here and reload",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_refresh_exec
};

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.min_args = 0,
	.max_args = 0,
	.usage = "validate",
	.help = "Check the whole staged state",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_validate_exec
};

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.min_args = 1,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ .ch = 'x', .name = "echo", .kind = OPT_FLAG },
		{ .ch = 'q', .name = "quit", .kind = OPT_FLAG },
		{ 0 }
	},
	.usage = "run [-x] [-q] FILE...",
	.help = "Run the commands in files (-x echoes them)",
	.flags = CF_GLOBAL | CF_OPTNAMED,
	.args = (const int[]){ ARG_FILE | ARG_REPEAT, ARG_END },
	.exec = cmd_run_exec
};

const struct cmd_entry cmd_alias_entry = {
	.name = "alias",
	.min_args = 0,
	.max_args = -1,
	.usage = "alias [NAME [EXPANSION...]]",
	.help = "List or define aliases",
	.flags = CF_GLOBAL | CF_BODY,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_alias_exec
};

const struct cmd_entry cmd_unalias_entry = {
	.name = "unalias",
	.min_args = 1,
	.max_args = 1,
	.usage = "unalias NAME",
	.help = "Remove an alias",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_unalias_exec
};

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.min_args = 0,
	.max_args = 0,
	.usage = "history",
	.help = "List the commands of this session",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_history_exec
};

const struct cmd_entry cmd_commits_entry = {
	.name = "commits",
	.min_args = 0,
	.max_args = 0,
	.usage = "commits",
	.help = "List earlier commits (revision, time, user, summary)",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_commits_exec
};

const struct cmd_entry cmd_rollback_entry = {
	.name = "rollback",
	.min_args = 1,
	.max_args = 1,
	.usage = "rollback REVISION",
	.help = "Stage the state of an earlier revision",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_rollback_exec
};

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.alias = "ls",
	.min_args = 0,
	.max_args = 4,
	.opts = (const struct cmd_opt[]){
		{ 'f', "format", OPT_COLUMNS, .help =
		    "columns to print, as name:20,vcpus:6" },
		{ 'd', "delimiter", OPT_DELIM, .help =
		    "column delimiter; {} prints JSON" },
		{ 0 }
	},
	.usage = "list [-f FORMAT] [-d DELIMITER|{}]",
	.help = "List the objects of this mode",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_list_exec
};

const struct cmd_entry cmd_use_entry = {
	.name = "use",
	.min_args = 1,
	.max_args = 1,
	.usage = "use NAME",
	.help = "Select an object",
	.flags = CF_COLL | CF_NAV,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_use_exec,
	.navigate = cmd_use_navigate
};

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.min_args = 0,
	.max_args = 3,
	.opts = (const struct cmd_opt[]){
		{ 'd', "delimiter", OPT_DELIM, .help = "{} prints JSON" },
		{ 0 }
	},
	.usage = "show [NAME] [-d {}]",
	.help = "Show every property of an object",
	.flags = CF_COLL | CF_RECORD | CF_ANYRECORD,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_show_exec
};

const struct cmd_entry cmd_get_entry = {
	.name = "get",
	.min_args = 1,
	.max_args = 2,
	.usage = "get [NAME] PROPERTY",
	.help = "Print one property",
	.flags = CF_COLL | CF_RECORD,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP, ARG_END },
	.exec = cmd_get_exec
};

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.min_args = 1,
	.max_args = -1,
	.usage = "set [NAME] PROPERTY VALUE...",
	.help = "Set a property (several values set a list)",
	.flags = CF_COLL | CF_RECORD,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP,
	    ARG_VALUE | ARG_REPEAT, ARG_END },
	.exec = cmd_set_exec
};

const struct cmd_entry cmd_append_entry = {
	.name = "append",
	.min_args = 2,
	.max_args = -1,
	.usage = "append [NAME] PROPERTY VALUE...",
	.help = "Add to a list, or key=value pairs to a map",
	.flags = CF_COLL | CF_RECORD,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP,
	    ARG_VALUE | ARG_REPEAT, ARG_END },
	.exec = cmd_append_exec
};

const struct cmd_entry cmd_removefrom_entry = {
	.name = "removefrom",
	.min_args = 2,
	.max_args = -1,
	.usage = "removefrom [NAME] PROPERTY VALUE...",
	.help = "Remove list items or map keys",
	.flags = CF_COLL | CF_RECORD,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP,
	    ARG_VALUE | ARG_REPEAT, ARG_END },
	.exec = cmd_removefrom_exec
};

const struct cmd_entry cmd_clear_entry = {
	.name = "clear",
	.min_args = 1,
	.max_args = 2,
	.usage = "clear [NAME] PROPERTY",
	.help = "Reset a property to empty or its default",
	.flags = CF_COLL | CF_RECORD,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP, ARG_END },
	.exec = cmd_clear_exec
};

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.min_args = 1,
	.max_args = 2,
	.usage = "add [TYPE] NAME",
	.help = "Add an object and select it",
	.flags = CF_COLL | CF_NAV,
	.args = (const int[]){ ARG_ADDTYPE, ARG_END },
	.exec = cmd_add_exec,
	.navigate = cmd_add_navigate
};

const struct cmd_entry cmd_clone_entry = {
	.name = "clone",
	.min_args = 2,
	.max_args = 2,
	.usage = "clone SOURCE NEW",
	.help = "Copy an object under a new name and select it",
	.flags = CF_COLL | CF_NAV,
	.args = (const int[]){ ARG_OBJECT, ARG_NONE, ARG_END },
	.exec = cmd_clone_exec,
	.navigate = cmd_clone_navigate
};

const struct cmd_entry cmd_remove_entry = {
	.name = "remove",
	.min_args = 0,
	.max_args = -1,
	.usage = "remove NAME...",
	.help = "Stage the removal of objects",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_OBJECT | ARG_REPEAT, ARG_END },
	.exec = cmd_remove_exec
};

const struct cmd_entry cmd_foreach_entry = {
	.name = "foreach",
	.min_args = 0,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ 'n', "nodes", OPT_NODES, .help =
		    "these nodes (node sets accepted)" },
		{ 0 }
	},
	.usage = "foreach [-n NODES] [NAME...|*] ( COMMANDS )",
	.help = "Run commands for each selected object",
	.flags = CF_COLL | CF_BODY | CF_SELECT | CF_OPTNAMED,
	.args = (const int[]){ ARG_OBJECT | ARG_REPEAT, ARG_END },
	.exec = cmd_foreach_exec
};
