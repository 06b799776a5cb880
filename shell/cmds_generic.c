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
#include "lib/diag.h"
#include "state/derive.h"
#include "model/diagcodes.h"
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

/* Splits "coll/path/name". */
static void
split_path(const char *path, char **collpath, char **name)
{
	const char *slash = strrchr(path, '/');

	*collpath = xstrndup(path, (size_t)(slash - path));
	*name = xstrdup(slash + 1);
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
	*collpath = session_collpath(s, s->depth);
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
		char *op = session_objpath(s, s->depth);

		if (op == NULL) {
			*cause = xstrdup("no object selected");
			return -1;
		}
		t->type = f->type;
		split_path(op, &t->collpath, &t->name);
		free(op);
		session_record_keys(s, s->depth, &t->keys);
		if (target_get(s, t) == NULL && view_get(s->store->staged,
		    t->collpath, t->name) == NULL) {
			*cause = xasprintf("no such object '%s'", t->name);
			target_release(t);
			return -1;
		}
		return 0;
	}
	t->type = f->type;
	t->collpath = session_collpath(s, s->depth);
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

/* Pops the stack to depth d, freeing selections. */
static void
stack_pop_to(struct session *s, int d)
{
	while (s->depth > d) {
		FREE_AND_NULL(s->stack[s->depth].selected);
		s->stack[s->depth].type = NULL;
		s->depth--;
	}
}

/* Pushes a frame. */
static int
stack_push(struct session *s, const struct obj_type *t, const char *sel,
    char **cause)
{
	if (s->depth + 1 >= MODE_MAX_DEPTH) {
		*cause = xstrdup("modes nested too deeply");
		return -1;
	}
	s->depth++;
	s->stack[s->depth].type = t;
	s->stack[s->depth].selected = sel ? xstrdup(sel) : NULL;
	return 0;
}

const struct obj_type *
mode_word(const struct session *s, const char *word)
{
	const struct frame *f = &s->stack[s->depth];

	for (size_t i = 0; obj_types[i]; i++) {
		const struct obj_type *t = obj_types[i];

		if (strcmp(t->mode, word) != 0)
			continue;
		if (t->parent == NULL)
			return t;
		if (f->type == t->parent && (f->type->layout == OT_RECORD ||
		    f->selected != NULL))
			return t;
	}
	return NULL;
}

void
mode_words(const struct session *s, struct strv *out)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (mode_word(s, obj_types[i]->mode) == obj_types[i])
			strv_push(out, obj_types[i]->mode);
}

int
mode_enter(struct session *s, const struct obj_type *t, char **cause)
{
	const char *sel = NULL;

	if (t->parent == NULL)
		stack_pop_to(s, 0);
	if (t->autoselect) {
		char *cp;
		json_t *c;

		if (stack_push(s, t, NULL, cause) != 0)
			return -1;
		cp = session_collpath(s, s->depth);
		c = cp ? view_coll(s->store->staged, cp) : NULL;
		if (c && json_object_get(c, t->autoselect))
			sel = t->autoselect;
		else if (c && json_object_size(c) == 1) {
			void *it = json_object_iter(c);

			sel = json_object_iter_key(it);
		}
		if (sel)
			s->stack[s->depth].selected = xstrdup(sel);
		free(cp);
		return 0;
	}
	return stack_push(s, t, NULL, cause);
}

/* exit: up one level (deselect, then leave the mode); quits at the top. */
static int
cmd_exit_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct frame *f = session_frame(s);

	if (s->depth == 0) {
		s->quit = 1;
		return CMD_OK;
	}
	if (f->type->layout == OT_COLLECTION && f->selected &&
	    !(f->type->autoselect && strcmp(f->selected,
	    f->type->autoselect) == 0)) {
		FREE_AND_NULL(f->selected);
		return CMD_OK;
	}
	stack_pop_to(s, s->depth - 1);
	return CMD_OK;
}

/* home: back to the top level. */
static int
cmd_home_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	stack_pop_to(s, 0);
	return CMD_OK;
}

/* quit: leave the shell. */
static int
cmd_quit_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	s->quit = 1;
	return CMD_OK;
}

/* use NAME: select an object. */
static int
cmd_use_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const struct obj_type *t;
	char *cp;
	struct frame *f;

	const char *name = argv[1];
	struct strv names = STRV_INIT;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	/* a node set that names exactly one object selects it */
	if (view_get(s->store->staged, cp, name) == NULL &&
	    nodeset_is_pattern(name)) {
		if (nodeset_expand(name, &names, cause) != 0) {
			strv_release(&names);
			free(cp);
			return CMD_ERROR;
		}
		if (names.n != 1) {
			*cause = xasprintf("'%s' is a node set of %zu names: "
			    "'use' selects one %s (use 'foreach %s ( ... )' "
			    "for several)", name, names.n, t->name, name);
			strv_release(&names);
			free(cp);
			return CMD_ERROR;
		}
		name = names.v[0];
	}
	if (find_object(s, t, cp, name, cause) == NULL) {
		strv_release(&names);
		free(cp);
		return CMD_ERROR;
	}
	free(cp);
	f = session_frame(s);
	free(f->selected);
	f->selected = xstrdup(name);
	strv_release(&names);
	return CMD_OK;
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

/* Parses list/show options: -f FMT, -d DELIM. */
static int
parse_opts(int argc, char **argv, int *i, const char **fmt,
    const char **delim, struct strv *rest, char **cause)
{
	for (*i = 1; *i < argc; (*i)++) {
		const char *a = argv[*i];

		if ((strcmp(a, "-f") == 0 || strcmp(a, "--format") == 0) &&
		    fmt) {
			if (++(*i) >= argc)
				goto missing;
			*fmt = argv[*i];
		} else if (strcmp(a, "-d") == 0 || strcmp(a, "--delimiter") == 0) {
			if (++(*i) >= argc)
				goto missing;
			*delim = argv[*i];
		} else if (a[0] == '-' && a[1] != '\0') {
			*cause = xasprintf("unknown option '%s'", a);
			return -1;
		} else
			strv_push(rest, a);
	}
	return 0;
missing:
	*cause = xasprintf("option '%s' needs a value", argv[*i - 1]);
	return -1;
}

/* list: a table of the mode's objects. */
static int
cmd_list_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const struct obj_type *t;
	const char *fmt = NULL, *delim = NULL;
	struct strv rest = STRV_INIT, names = STRV_INIT;
	struct column *cols = NULL;
	size_t ncols = 0;
	char *cp = NULL;
	json_t *coll;
	int i, ret = CMD_ERROR;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (parse_opts(argc, argv, &i, &fmt, &delim, &rest, cause) != 0)
		goto out;
	if (rest.n) {
		*cause = xasprintf("unexpected argument '%s'", rest.v[0]);
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
	strv_release(&rest);
	strv_release(&names);
	return ret;
}

/* show [NAME] [-d {}]: every property of one object. */
static int
cmd_show_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct strv rest = STRV_INIT;
	const char *delim = NULL;
	struct target t;
	json_t *o;
	int i, used;

	if (parse_opts(argc, argv, &i, NULL, &delim, &rest, cause) != 0) {
		strv_release(&rest);
		return CMD_ERROR;
	}
	if (resolve_target(s, (int)rest.n, rest.v, &used, &t, cause) != 0) {
		strv_release(&rest);
		return CMD_ERROR;
	}
	if ((size_t)used < rest.n) {
		*cause = xasprintf("unexpected argument '%s'", rest.v[used]);
		strv_release(&rest);
		target_release(&t);
		return CMD_ERROR;
	}
	strv_release(&rest);
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
cmd_get_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const struct prop_def *p;
	struct target t;
	int used;
	char *v;

	if (resolve_target(s, argc - 1, argv + 1, &used, &t, cause) != 0)
		return CMD_ERROR;
	if (argc - 1 - used != 1) {
		*cause = xstrdup(argc - 1 - used < 1 ? "missing property name" :
		    "get takes one property name");
		target_release(&t);
		return CMD_ERROR;
	}
	if ((p = prop_find(t.type, argv[1 + used], 1, cause)) == NULL) {
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
cmd_set_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	return setlike(s, OP_SET, argc, argv, cause);
}

static int
cmd_append_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	return setlike(s, OP_APPEND, argc, argv, cause);
}

static int
cmd_removefrom_exec(struct session *s, int argc, char **argv,
    const char *body, char **cause)
{
	return setlike(s, OP_REMOVEFROM, argc, argv, cause);
}

static int
cmd_clear_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	return setlike(s, OP_CLEAR, argc, argv, cause);
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

/* Selects name in the current frame. */
static void
select_object(struct session *s, const char *name)
{
	struct frame *f = session_frame(s);

	free(f->selected);
	f->selected = xstrdup(name);
}

/* add [TYPE] NAME */
static int
cmd_add_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const struct obj_type *t;
	const char *name, *typeval = NULL;
	char *cp;
	json_t *o;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (argc == 3) {
		if (t->addtypes == NULL) {
			*cause = xasprintf("add takes one name in %s mode",
			    t->mode);
			goto fail;
		}
		for (size_t i = 0; t->addtypes[i]; i++)
			if (strcasecmp(t->addtypes[i], argv[1]) == 0)
				typeval = t->addvalues[i];
		if (typeval == NULL) {
			struct strv sv = STRV_INIT;
			char *list;

			for (size_t i = 0; t->addtypes[i]; i++)
				strv_push(&sv, t->addtypes[i]);
			list = strv_join(&sv, ", ");
			*cause = xasprintf("unknown %s type '%s': one of %s",
			    t->name, argv[1], list);
			free(list);
			strv_release(&sv);
			goto fail;
		}
		name = argv[2];
	} else
		name = argv[1];
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
	select_object(s, name);
	free(cp);
	return CMD_OK;
fail:
	free(cp);
	return CMD_ERROR;
}

/* clone SRC NEW */
static int
cmd_clone_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const struct obj_type *t;
	json_t *src;
	char *cp;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if ((src = find_object(s, t, cp, argv[1], cause)) == NULL ||
	    check_new_name(t, argv[2], cause) != 0) {
		free(cp);
		return CMD_ERROR;
	}
	if (view_get(s->store->staged, cp, argv[2])) {
		*cause = xasprintf("%s '%s' already exists", t->name, argv[2]);
		free(cp);
		return CMD_ERROR;
	}
	src = json_deep_copy(src);
	/* read-only facts (pcidevices) belong to the source, not the copy */
	for (const struct prop_def *p = t->props; p->name; p++)
		if (p->flags & PROP_RO)
			json_object_del(src, p->name);
	store_add(s->store, cp, argv[2], src);
	select_object(s, argv[2]);
	free(cp);
	return CMD_OK;
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
cmd_remove_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const struct obj_type *t;
	struct strv names = STRV_INIT;
	struct frame *f;
	char *cp;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	f = session_frame(s);
	if (argc == 1 && f->selected)
		strv_push(&names, f->selected);
	else if (argc == 1) {
		*cause = xasprintf("remove needs a %s name", t->name);
		goto fail;
	} else if (expand_names(s, t, cp, argc - 1, argv + 1, &names,
	    cause) != 0)
		goto fail;
	for (size_t i = 0; i < names.n; i++) {
		store_remove(s->store, cp, names.v[i]);
		if (f->selected && strcmp(f->selected, names.v[i]) == 0)
			FREE_AND_NULL(f->selected);
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

/* Adds the devices whose property prop matches value (list or scalar). */
static void
select_by(json_t *coll, const char *prop, const char *value,
    struct strv *out)
{
	struct strv hits = STRV_INIT;
	struct nameset seen = { NULL, 0 };
	const char *name;
	json_t *o;

	json_object_foreach(coll, name, o) {
		json_t *v = json_object_get(o, prop);
		size_t i;
		json_t *e;

		if (v == NULL && strcmp(prop, "type") == 0)
			v = json_string("PhysicalNode"), json_decref(v);
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
	strv_sort(&hits);
	for (size_t i = 0; i < hits.n; i++)
		nameset_push(&seen, out, hits.v[i]);
	nameset_release(&seen);
	strv_release(&hits);
}

/* foreach [-n NODES] [-c CAT] [-t TYPE] [-m IMAGE] [-l ROLE] [NAME...|*] (CMDS) */
static int
cmd_foreach_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct cmdlist bodycl = { NULL, 0, 0 };
	static const struct { const char *opt, *lopt, *prop; } sel[] = {
		{ "-c", "--category", "category" },
		{ "-t", "--type", "type" },
		{ "-m", "--image", "softwareimage" },
		{ "-l", "--role", "roles" },
	};
	const struct obj_type *t;
	struct strv names = STRV_INIT, plain = STRV_INIT;
	struct nameset seen = { NULL, 0 };
	struct frame saved[MODE_MAX_DEPTH];
	int saved_depth, ret = CMD_ERROR, all = 0;
	json_t *coll;
	char *cp;

	if (cur_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (body == NULL) {
		*cause = xstrdup("foreach needs a command list in "
		    "parentheses: foreach NAMES ( CMDS )");
		goto out;
	}
	coll = view_coll(s->store->staged, cp);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		size_t k;

		if (strcmp(a, "-n") == 0 || strcmp(a, "--nodes") == 0) {
			if (++i >= argc) {
				*cause = xasprintf("option '%s' needs a value",
				    a);
				goto out;
			}
			if (expand_names(s, t, cp, 1, &argv[i], &names,
			    cause) != 0)
				goto out;
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(sel); k++)
			if (strcmp(a, sel[k].opt) == 0 ||
			    strcmp(a, sel[k].lopt) == 0)
				break;
		if (k < ARRAY_SIZE(sel)) {
			if (t->props != NULL && prop_get(t, sel[k].prop) ==
			    NULL) {
				*cause = xasprintf("option '%s' works in "
				    "device mode only", a);
				goto out;
			}
			if (++i >= argc) {
				*cause = xasprintf("option '%s' needs a value",
				    a);
				goto out;
			}
			{
				struct strv hits = STRV_INIT;

				if (coll)
					select_by(coll, sel[k].prop, argv[i],
					    &hits);
				if (hits.n == 0) {
					*cause = xasprintf("no %s has %s '%s' "
					    "(%s %s)", t->name, sel[k].prop,
					    argv[i], a, argv[i]);
					strv_release(&hits);
					goto out;
				}
				for (size_t h = 0; h < hits.n; h++)
					nameset_push(&seen, &names, hits.v[h]);
				strv_release(&hits);
			}
			continue;
		}
		if (strcmp(a, "*") == 0) {
			all = 1;
			continue;
		}
		if (a[0] == '-' && a[1]) {
			*cause = xasprintf("unknown foreach option '%s'", a);
			goto out;
		}
		strv_push(&plain, a);
	}
	if (plain.n && expand_names(s, t, cp, (int)plain.n, plain.v, &names,
	    cause) != 0)
		goto out;
	if (all && coll) {
		struct strv every = STRV_INIT;
		const char *k;
		json_t *v;

		json_object_foreach(coll, k, v)
			strv_push(&every, k);
		strv_sort(&every);
		for (size_t i = 0; i < every.n; i++)
			nameset_push(&seen, &names, every.v[i]);
		strv_release(&every);
	}
	if (names.n == 0 && !all && plain.n == 0 && argc == 1) {
		*cause = xstrdup("foreach needs objects: names, '*' or a "
		    "selection option");
		goto out;
	}
	/* the body is parsed once, and run for each object from here */
	if (cmdline_parse(body, &bodycl, cause) != 0)
		goto out;
	saved_depth = s->depth;
	for (int i = 0; i <= saved_depth; i++) {
		saved[i].type = s->stack[i].type;
		saved[i].selected = s->stack[i].selected ?
		    xstrdup(s->stack[i].selected) : NULL;
	}
	ret = CMD_OK;
	for (size_t n = 0; n < names.n && !s->quit; n++) {
		char *e = NULL;

		select_object(s, names.v[n]);
		if (session_run_cmdlist(s, &bodycl, &e) != CMD_OK) {
			free(*cause);
			*cause = e;
			ret = CMD_ERROR;
		}
		/* back to where foreach started */
		for (int i = s->depth; i > saved_depth; i--)
			FREE_AND_NULL(s->stack[i].selected);
		s->depth = saved_depth;
		for (int i = 0; i <= saved_depth; i++) {
			free(s->stack[i].selected);
			s->stack[i].type = saved[i].type;
			s->stack[i].selected = saved[i].selected ?
			    xstrdup(saved[i].selected) : NULL;
		}
		if (ret != CMD_OK && !s->keep_going)
			break;
	}
	for (int i = 0; i <= saved_depth; i++)
		free(saved[i].selected);
out:
	cmdlist_release(&bodycl);
	nameset_release(&seen);
	strv_release(&names);
	strv_release(&plain);
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
		return session_objpath(s, s->depth);
	}
	return session_collpath(s, s->depth);
}

/* modified: a State Type Name table. */
static int
cmd_modified_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct store_items items = { 0 };
	struct frame *f = session_frame(s);
	char *scope;
	int exact;

	scope = current_scope(s, &exact);
	/* modified lists the whole mode even with an object selected */
	if (exact && f->type && f->type->layout == OT_COLLECTION) {
		free(scope);
		scope = session_collpath(s, s->depth);
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
cmd_diff_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
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
cmd_commit_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct commit_opts opts = { 0 };
	struct store_items items = { 0 };
	struct sbuf out = SBUF_INIT;
	struct diag d;
	size_t n = 0;
	char *scope;
	int exact, r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 ||
		    strcmp(argv[i], "-n") == 0)
			opts.dry_run = 1;
		else if (strcmp(argv[i], "--force") == 0 ||
		    strcmp(argv[i], "-f") == 0)
			opts.force = 1;
		else {
			*cause = xasprintf("unknown commit option '%s'",
			    argv[i]);
			return CMD_ERROR;
		}
	}
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
cmd_refresh_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	int exact, r;
	char *scope = current_scope(s, &exact);
	struct store_items before = { 0 };

	/* objects that exist in the baseline now, to notice removals */
	store_changes(s->store, scope ? scope : "", exact, &before);
	r = store_refresh(s->store, scope ? scope : "", exact, cause);
	free(scope);
	if (r != 0) {
		store_items_release(&before);
		return CMD_ERROR;
	}
	for (int i = 1; i <= s->depth; i++) {
		struct frame *f = &s->stack[i];
		char *cp;

		if (f->type->layout != OT_COLLECTION || f->selected == NULL)
			continue;
		cp = session_collpath(s, i);
		if (cp && view_get(s->store->staged, cp, f->selected) ==
		    NULL) {
			/* the selected object is gone: leave it */
			if (view_get(s->store->disk, cp, f->selected) == NULL &&
			    view_get(s->store->base, cp, f->selected) == NULL &&
			    !added_here(&before, cp, f->selected))
				out_printf(s, "%s '%s' no longer exists: "
				    "another session removed it\n",
				    f->type->name, f->selected);
			FREE_AND_NULL(f->selected);
			while (s->depth > i) {
				FREE_AND_NULL(s->stack[s->depth].selected);
				s->stack[s->depth].type = NULL;
				s->depth--;
			}
			free(cp);
			break;
		}
		free(cp);
	}
	store_items_release(&before);
	return CMD_OK;
}

/* validate: checks the whole staged state. */
static int
cmd_validate_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
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
		diag_add(&d, DIAG_ERROR, DC_FILES, "files", "%s", e);
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
	for (size_t i = 0; generic_cmds[i]; i++)
		if (generic_cmds[i] == ce)
			return (ce->flags & CF_GLOBAL) != 0;
	return 0;
}

/* help [CMD|PROP] */
static int
cmd_help_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct strv names = STRV_INIT, modes = STRV_INIT;
	struct frame *f = session_frame(s);

	if (argc > 1) {
		const struct cmd_entry *ce = cmd_find(s, argv[1]);
		const struct obj_type *mt = mode_word(s, argv[1]);
		char *e = NULL;

		if (mt == NULL)
			mt = type_find_mode(argv[1]);

		if (ce) {
			out_printf(s, "Name: %s - %s\n", ce->name, ce->help);
			out_printf(s, "Usage: %s\n", ce->usage);
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
			const struct prop_def *p = prop_find(f->type, argv[1],
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
		    "property here", argv[1]);
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
cmd_alias_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	if (body && argc < 3) {
		*cause = xstrdup("alias: '( ... )' belongs to an expansion: "
		    "alias NAME COMMAND ( ... )");
		return CMD_ERROR;
	}
	if (argc == 1) {
		for (size_t i = 0; generic_cmds[i]; i++)
			if (generic_cmds[i]->alias)
				out_printf(s, "alias %s %s\n",
				    generic_cmds[i]->alias,
				    generic_cmds[i]->name);
		for (size_t i = 0; i < s->alias_names.n; i++)
			out_printf(s, "alias %s %s\n", s->alias_names.v[i],
			    s->alias_values.v[i]);
		return CMD_OK;
	}
	if (argc == 2) {
		int i = strv_find(&s->alias_names, argv[1]);

		if (i < 0) {
			*cause = xasprintf("no such alias '%s'", argv[1]);
			return CMD_ERROR;
		}
		out_printf(s, "alias %s %s\n", s->alias_names.v[i],
		    s->alias_values.v[i]);
		return CMD_OK;
	}
	if (cmd_find(s, argv[1]) || type_find_mode(argv[1])) {
		*cause = xasprintf("cannot alias '%s': it is a command",
		    argv[1]);
		return CMD_ERROR;
	}
	{
		struct strv sv = STRV_INIT;
		char *exp;
		int i;

		for (int k = 2; k < argc; k++)
			strv_push_nodup(&sv, tok_quote(argv[k]));
		if (body)
			strv_pushf(&sv, "(%s)", body);
		exp = strv_join(&sv, " ");
		strv_release(&sv);
		if ((i = strv_find(&s->alias_names, argv[1])) >= 0) {
			free(s->alias_values.v[i]);
			s->alias_values.v[i] = exp;
		} else {
			strv_push(&s->alias_names, argv[1]);
			strv_push_nodup(&s->alias_values, exp);
		}
	}
	return CMD_OK;
}

/* unalias NAME */
static int
cmd_unalias_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	int i = strv_find(&s->alias_names, argv[1]);

	if (i < 0) {
		*cause = xasprintf("no such alias '%s'", argv[1]);
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
cmd_history_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	for (size_t i = 0; i < s->history.n; i++)
		out_printf(s, "%5zu  %s\n", i + 1, s->history.v[i]);
	return CMD_OK;
}

int	repl_run_file(struct session *s, const char *path, int stop_on_error,
	    char **cause);

/* run [-x] [-q] FILE...: runs command files; stops at the first error. */
static int
cmd_run_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	int oecho = s->echo, i, r = CMD_OK, nfiles = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-x") == 0 || strcmp(argv[i], "--echo")
		    == 0)
			s->echo = 1;
		else if (strcmp(argv[i], "-q") == 0 ||
		    strcmp(argv[i], "--quit") == 0)
			;	/* run always stops at the first error */
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			*cause = xasprintf("unknown run option '%s'", argv[i]);
			s->echo = oecho;
			return CMD_ERROR;
		} else
			nfiles++;
	}
	if (nfiles == 0) {
		*cause = xstrdup("run needs a file name");
		s->echo = oecho;
		return CMD_ERROR;
	}
	for (i = 1; i < argc && r == CMD_OK; i++) {
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			continue;
		if (repl_run_file(s, argv[i], 1, cause) != 0)
			r = CMD_ERROR;
	}
	s->echo = oecho;
	return r;
}

/* commits: the commit log. */
static int
cmd_commits_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
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
cmd_rollback_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	struct state_doc doc = { 0 };
	char *end, *path;
	long long rev = strtoll(argv[1], &end, 10);
	const char *cp;
	json_t *c;
	int r;

	if (*argv[1] == '\0' || *end || rev < 0) {
		*cause = xasprintf("bad revision '%s'", argv[1]);
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

/* clang-format off */
#define CMD(n, a, mn, mx, u, h, f, ex, ...) \
	static const int n##_args[] = { __VA_ARGS__, ARG_END }; \
	static const struct cmd_entry n##_entry = { #n, a, mn, mx, u, h, f, \
	    n##_args, ex }
#define CMDX(n, name, a, mn, mx, u, h, f, ex, ...) \
	static const int n##_args[] = { __VA_ARGS__, ARG_END }; \
	static const struct cmd_entry n##_entry = { name, a, mn, mx, u, h, f, \
	    n##_args, ex }

CMD(help, "?", 0, 1, "help [COMMAND|MODE|PROPERTY]", "Show help", CF_GLOBAL, cmd_help_exec, ARG_COMMAND);
CMD(exit, "..", 0, 0, "exit", "Go up one level (quits at the top)", CF_GLOBAL, cmd_exit_exec, ARG_END);
CMD(home, "/", 0, 0, "home", "Go to the top level", CF_GLOBAL, cmd_home_exec, ARG_END);
CMD(quit, NULL, 0, 0, "quit", "Leave the shell", CF_GLOBAL, cmd_quit_exec, ARG_END);
CMD(modified, NULL, 0, 0, "modified", "List objects with staged changes", CF_GLOBAL, cmd_modified_exec, ARG_END);
CMD(diff, NULL, 0, 0, "diff", "Show staged changes, property by property", CF_GLOBAL, cmd_diff_exec, ARG_END);
CMD(commit, NULL, 0, 2, "commit [--dry-run] [--force]", "Validate and write the staged changes here", CF_GLOBAL, cmd_commit_exec, ARG_NONE);
CMD(refresh, NULL, 0, 0, "refresh", "Drop the staged changes here and reload", CF_GLOBAL, cmd_refresh_exec, ARG_END);
CMD(validate, NULL, 0, 0, "validate", "Check the whole staged state", CF_GLOBAL, cmd_validate_exec, ARG_END);
CMD(run, NULL, 1, -1, "run [-x] [-q] FILE...", "Run the commands in files (-x echoes them)", CF_GLOBAL, cmd_run_exec, ARG_FILE | ARG_REPEAT);
CMD(alias, NULL, 0, -1, "alias [NAME [EXPANSION...]]", "List or define aliases", CF_GLOBAL | CF_BODY, cmd_alias_exec, ARG_NONE);
CMD(unalias, NULL, 1, 1, "unalias NAME", "Remove an alias", CF_GLOBAL, cmd_unalias_exec, ARG_NONE);
CMD(history, NULL, 0, 0, "history", "List the commands of this session", CF_GLOBAL, cmd_history_exec, ARG_END);
CMD(commits, NULL, 0, 0, "commits", "List earlier commits (revision, time, user, summary)", CF_GLOBAL, cmd_commits_exec, ARG_END);
CMD(rollback, NULL, 1, 1, "rollback REVISION", "Stage the state of an earlier revision", CF_GLOBAL, cmd_rollback_exec, ARG_NONE);
CMD(list, "ls", 0, 4, "list [-f FORMAT] [-d DELIMITER|{}]", "List the objects of this mode", CF_COLL, cmd_list_exec, ARG_NONE);
CMD(use, NULL, 1, 1, "use NAME", "Select an object", CF_COLL | CF_NAV, cmd_use_exec, ARG_OBJECT);
CMD(show, NULL, 0, 3, "show [NAME] [-d {}]", "Show every property of an object", CF_COLL | CF_RECORD | CF_ANYRECORD, cmd_show_exec, ARG_OBJECT);
CMD(get, NULL, 1, 2, "get [NAME] PROPERTY", "Print one property", CF_COLL | CF_RECORD, cmd_get_exec, ARG_OBJECT_OR_PROP, ARG_PROP);
CMD(set, NULL, 1, -1, "set [NAME] PROPERTY VALUE...", "Set a property (several values set a list)", CF_COLL | CF_RECORD, cmd_set_exec, ARG_OBJECT_OR_PROP, ARG_PROP, ARG_VALUE | ARG_REPEAT);
CMD(append, NULL, 2, -1, "append [NAME] PROPERTY VALUE...", "Add to a list, or key=value pairs to a map", CF_COLL | CF_RECORD, cmd_append_exec, ARG_OBJECT_OR_PROP, ARG_PROP, ARG_VALUE | ARG_REPEAT);
CMD(removefrom, NULL, 2, -1, "removefrom [NAME] PROPERTY VALUE...", "Remove list items or map keys", CF_COLL | CF_RECORD, cmd_removefrom_exec, ARG_OBJECT_OR_PROP, ARG_PROP, ARG_VALUE | ARG_REPEAT);
CMD(clear, NULL, 1, 2, "clear [NAME] PROPERTY", "Reset a property to empty or its default", CF_COLL | CF_RECORD, cmd_clear_exec, ARG_OBJECT_OR_PROP, ARG_PROP);
CMD(add, NULL, 1, 2, "add [TYPE] NAME", "Add an object and select it", CF_COLL | CF_NAV, cmd_add_exec, ARG_ADDTYPE);
CMD(clone, NULL, 2, 2, "clone SOURCE NEW", "Copy an object under a new name and select it", CF_COLL | CF_NAV, cmd_clone_exec, ARG_OBJECT, ARG_NONE);
CMD(remove, NULL, 0, -1, "remove NAME...", "Stage the removal of objects", CF_COLL, cmd_remove_exec, ARG_OBJECT | ARG_REPEAT);
CMD(foreach, NULL, 0, -1, "foreach [-n NODES] [-c CATEGORY] [-t TYPE] [-m IMAGE] [-l ROLE] [NAME...|*] ( COMMANDS )", "Run commands for each selected object", CF_COLL | CF_BODY, cmd_foreach_exec, ARG_OBJECT | ARG_REPEAT);
/* clang-format on */

const struct cmd_entry *const generic_cmds[] = {
	&help_entry, &exit_entry, &home_entry, &quit_entry, &modified_entry,
	&diff_entry, &commit_entry, &refresh_entry, &validate_entry,
	&run_entry, &alias_entry, &unalias_entry, &history_entry,
	&commits_entry, &rollback_entry, &list_entry, &use_entry,
	&show_entry, &get_entry, &set_entry, &append_entry,
	&removefrom_entry, &clear_entry, &add_entry, &clone_entry,
	&remove_entry, &foreach_entry, NULL
};
