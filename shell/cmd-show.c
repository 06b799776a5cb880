/* cmd-show.c - reading objects: list, show, get. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/out.h"
#include "shell/target.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

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

/* list -d {}: the objects as a JSON array, one object per row. */
static void
list_json(struct session *s, json_t *coll, const struct strv *names,
    const struct column *cols, size_t ncols)
{
	json_t *a = json_array();
	char *text;

	for (size_t n = 0; n < names->n; n++) {
		json_t *o = json_object_get(coll, names->v[n]);
		json_t *row = json_object();

		for (size_t c = 0; c < ncols; c++) {
			const struct prop_def *p = cols[c].p;
			json_t *v = (p->flags & PROP_KEY) ?
			    json_string(names->v[n]) :
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
}

/* list: the objects as a table, columns separated by sep. */
static void
list_table(struct session *s, json_t *coll, const struct strv *names,
    const struct column *cols, size_t ncols, const char *sep)
{
	struct out_table *tb = out_table_new(ncols);

	for (size_t c = 0; c < ncols; c++) {
		char *h = xasprintf("%s%s", cols[c].p->name,
		    (cols[c].p->flags & PROP_KEY) ? " (key)" : "");

		out_table_column(tb, c, h, cols[c].min, cols[c].max);
		free(h);
	}
	for (size_t n = 0; n < names->n; n++) {
		json_t *o = json_object_get(coll, names->v[n]);

		for (size_t c = 0; c < ncols; c++)
			out_table_add(tb, cell(cols[c].p, names->v[n], o, ","));
	}
	out_table_print(s, tb, sep);
	out_table_free(tb);
}

/* list [-f FORMAT] [-d DELIMITER|{}]: the mode's objects. */
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
	json_t *coll, *v;
	const char *k;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (args->argc > 1) {
		*cause = xasprintf("unexpected argument '%s'", args->argv[1]);
		free(cp);
		return CMD_ERROR;
	}
	if (parse_format(t, fmt ? fmt : t->list_format, &cols, &ncols,
	    cause) != 0) {
		free(cp);
		return CMD_ERROR;
	}
	coll = view_coll(s->store->staged, cp);
	if (coll)
		json_object_foreach(coll, k, v)
			strv_push(&names, k);
	strv_sort(&names);
	if (delim && strcmp(delim, "{}") == 0)
		list_json(s, coll, &names, cols, ncols);
	else
		list_table(s, coll, &names, cols, ncols, delim ? delim : " ");
	free(cols);
	free(cp);
	strv_release(&names);
	return CMD_OK;
}

/* show -d {}: every property of the target's object o as JSON. */
static void
show_json(struct session *s, const struct target *t, json_t *o)
{
	json_t *j = json_object();
	char *text;

	for (const struct prop_def *p = t->type->props; p->name; p++) {
		json_t *v = (p->flags & PROP_KEY) ? json_string(t->name) :
		    json_incref(json_object_get(o, p->name));

		if (v == NULL)
			v = json_unset(p);
		json_object_set_new(j, p->name, v);
	}
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	out_printf(s, "%s\n", text);
	free(text);
	json_decref(j);
}

/* show: the Parameter/Value table of o, then the submodes. */
static void
show_table(struct session *s, const struct target *t, json_t *o)
{
	out_printf(s, "%-32s %s\n", "Parameter", "Value");
	out_printf(s, "-------------------------------- "
	    "------------------------------------------------\n");
	for (const struct prop_def *p = t->type->props; p->name; p++) {
		json_t *l = json_object_get(o, p->name), *e;
		char *v;
		size_t k;

		if (p->show_elem && json_is_array(l) && json_array_size(l)) {
			/* one element a line, under the Value column */
			json_array_foreach(l, k, e) {
				v = p->show_elem(e);
				out_printf(s, "%-32s %s\n", k ? "" : p->label,
				    v);
				free(v);
			}
			continue;
		}
		v = cell(p, t->name, o, ",");
		if (*v)
			out_printf(s, "%-32s %s\n", p->label, v);
		else
			out_printf(s, "%s\n", p->label);
		free(v);
	}
	for (size_t k = 0; obj_types[k]; k++) {
		const struct obj_type *c = obj_types[k];
		char *cp;
		json_t *coll;

		if (c->parent != t->type)
			continue;
		if (c->layout == OT_RECORD) {
			out_printf(s, "%-32s <submode>\n", c->plural);
			continue;
		}
		cp = xasprintf("%s/%s/%s", t->collpath, t->name, c->yaml_key);
		coll = view_coll(s->store->staged, cp);
		out_printf(s, "%-32s <%zu in submode>\n", c->plural,
		    coll ? json_object_size(coll) : 0);
		free(cp);
	}
}

/* show [NAME] [-d {}]: every property of one object. */
static int
cmd_show_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *delim = args_get(args, 'd');
	struct target t;
	int used, r = CMD_OK;

	if (target_resolve(s, args->argc - 1, args->argv + 1, &used, &t,
	    cause) != 0)
		return CMD_ERROR;
	if (used < args->argc - 1) {
		*cause = xasprintf("unexpected argument '%s'",
		    args->argv[1 + used]);
		r = CMD_ERROR;
	} else if (delim && strcmp(delim, "{}") == 0)
		show_json(s, &t, target_get(s, &t));
	else if (delim) {
		*cause = xasprintf("show supports only -d {} (JSON)");
		r = CMD_ERROR;
	} else
		show_table(s, &t, target_get(s, &t));
	target_release(&t);
	return r;
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

	if (target_resolve(s, args->argc - 1, args->argv + 1, &used, &t,
	    cause) != 0)
		return CMD_ERROR;
	if (args->argc - 1 - used != 1) {
		*cause = xstrdup(args->argc - 1 - used < 1 ?
		    "missing property name" : "get takes one property name");
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
	.flags = CF_COLL | CF_RECORD | CF_ANYRECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_show_exec
};

const struct cmd_entry cmd_get_entry = {
	.name = "get",
	.min_args = 1,
	.max_args = 2,
	.usage = "get [NAME] PROPERTY",
	.help = "Print one property",
	.flags = CF_COLL | CF_RECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP, ARG_END },
	.exec = cmd_get_exec
};
