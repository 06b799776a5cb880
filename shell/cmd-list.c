/*
 * cmd-list.c - list, format and sort: the objects of a mode as a table,
 * delimited text or JSON, in the formats of cmsh (BCM Administrator
 * Manual 2.5.3).  The format and sort order set by format and sort are
 * kept per mode in the session.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/out.h"
#include "shell/target.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* The width of a column that names none. */
#define DEFAULT_WIDTH	20

/* One column of a format. */
struct column {
	const struct prop_def	*p;
	size_t			 min, max;	/* width bounds */
	int			 flags;		/* OUT_FITHEAD, OUT_ASIS */
};

/* A parsed format: its columns, and whether headers are labels. */
struct format {
	struct column	*cols;
	size_t		 n;
	int		 labels;	/* the mode's default: "Hostname (key)" */
};

/* Appends the comma-separated items of text to out, trimmed, empty ones
 * left out. */
static void
split_items(const char *text, struct strv *out)
{
	while (*text) {
		size_t n = strcspn(text, ",");
		char *item = xstrndup(text, n);
		char *w = str_trim(item);

		if (*w)
			strv_push(out, w);
		free(item);
		text += n + (text[n] == ',');
	}
}

/* Parses the width after "NAME:" into c; -1 if it is not one. */
static int
parse_width(const char *w, struct column *c)
{
	char *end;

	if (*w == '[') {
		c->min = strtoul(w + 1, &end, 10);
		if (*end != '-' || end == w + 1 || !isdigit((unsigned char)
		    end[1]))
			return -1;
		c->max = strtoul(end + 1, &end, 10);
		if (*end != ']' || end[1] || c->max < c->min)
			return -1;
		c->flags = OUT_FITHEAD;
		return 0;
	}
	if (!isdigit((unsigned char)*w))
		return -1;
	c->min = c->max = strtoul(w, &end, 10);
	if (*end)
		return -1;
	if (c->min == 0)
		c->flags = OUT_ASIS;
	return 0;
}

/* Parses "name:20, vcpus:[4-8],ram:0" into f's columns. */
static int
parse_format(const struct obj_type *t, const char *fmt, struct format *f,
    char **cause)
{
	struct strv items = STRV_INIT;
	size_t cap = 0;

	memset(f, 0, sizeof *f);
	split_items(fmt, &items);
	for (size_t i = 0; i < items.n; i++) {
		char *name = items.v[i], *colon;
		struct column c = { NULL, DEFAULT_WIDTH, DEFAULT_WIDTH, 0 };

		if ((colon = strchr(name, ':')) != NULL) {
			*colon = '\0';
			if (parse_width(colon + 1, &c) != 0) {
				*colon = ':';
				*cause = xasprintf("bad column '%s' in format "
				    "'%s': use NAME, NAME:WIDTH or "
				    "NAME:[MIN-MAX]", name, fmt);
				goto fail;
			}
		}
		if ((c.p = prop_find(t, name, 1, cause)) == NULL)
			goto fail;
		xgrow((void **)&f->cols, &cap, f->n + 1, sizeof *f->cols);
		f->cols[f->n++] = c;
	}
	strv_release(&items);
	if (f->n == 0) {
		*cause = xasprintf("empty format '%s'", fmt);
		return -1;
	}
	return 0;
fail:
	strv_release(&items);
	FREE_AND_NULL(f->cols);
	f->n = 0;
	return -1;
}

/* A format as cmsh prints it: "type:22, hostname:[16-32]".  Caller frees. */
static char *
format_text(const char *fmt)
{
	struct strv items = STRV_INIT;
	struct sbuf sb = SBUF_INIT;

	split_items(fmt, &items);
	for (size_t i = 0; i < items.n; i++)
		sbuf_addf(&sb, "%s%s", i ? ", " : "", items.v[i]);
	strv_release(&items);
	return sbuf_detach(&sb, NULL);
}

/* The session's setting key of mode t ("format", "sort"), or NULL. */
static json_t *
pref_get(struct session *s, const struct obj_type *t, const char *key)
{
	return json_object_get(json_object_get(s->listprefs, t->name), key);
}

/* Sets (steals v) or, with v NULL, drops a setting of mode t. */
static void
pref_set(struct session *s, const struct obj_type *t, const char *key,
    json_t *v)
{
	json_t *m;

	if (s->listprefs == NULL)
		s->listprefs = json_object();
	if ((m = json_object_get(s->listprefs, t->name)) == NULL)
		json_object_set_new(s->listprefs, t->name, m = json_object());
	if (v)
		json_object_set_new(m, key, v);
	else
		json_object_del(m, key);
}

/*
 * The format list uses: -f, else the mode's format set by "format", else
 * the type's default (whose headers are labels, as cmsh's).
 */
static int
current_format(struct session *s, const struct obj_type *t, const char *opt,
    struct format *f, char **cause)
{
	const char *set = json_string_value(pref_get(s, t, "format"));

	if (opt)
		return parse_format(t, opt, f, cause);
	if (set)
		return parse_format(t, set, f, cause);
	if (parse_format(t, t->list_format, f, cause) != 0)
		return -1;
	f->labels = 1;
	return 0;
}

/* The header of column c: "hostname (key)", or "Hostname (key)". */
static char *
column_head(const struct format *f, size_t c)
{
	const struct prop_def *p = f->cols[c].p;

	return xasprintf("%s%s", f->labels ? p->label : p->name,
	    (p->flags & PROP_KEY) ? " (key)" : "");
}

/* Value of property p of object name/o as list prints it. Caller frees. */
static char *
cell(const struct prop_def *p, const char *name, json_t *o)
{
	if (p->flags & PROP_KEY)
		return xstrdup(name);
	return value_format(p, json_object_get(o, p->name), ",");
}

/* One object to list, with the values it is sorted by. */
struct row {
	const char		*name;
	json_t			*obj;
	char			**keys;		/* one per sort field */
	const struct prop_def	*const *sortp;	/* the sort fields */
	size_t			 nkeys;
};

/* 1 if p holds numbers, which sort by value. */
static int
numeric(const struct prop_def *p)
{
	return p->shape == PS_SCALAR && (p->kind == VK_INT ||
	    p->kind == VK_FLOAT);
}

/* qsort: by each sort field in turn (numbers by value), then by name. */
static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	for (size_t k = 0; k < x->nkeys; k++) {
		int r;

		if (numeric(x->sortp[k]) && *x->keys[k] && *y->keys[k]) {
			double dx = strtod(x->keys[k], NULL);
			double dy = strtod(y->keys[k], NULL);

			r = dx < dy ? -1 : dx > dy;
		} else
			r = strcmp(x->keys[k], y->keys[k]);
		if (r)
			return r;
	}
	return strcmp(x->name, y->name);
}

/* The sort fields: -s, else the mode's "sort", else none (by name). */
static int
sort_fields(struct session *s, const struct obj_type *t, const char *opt,
    const struct prop_def ***out, size_t *n, char **cause)
{
	struct strv f = STRV_INIT;
	json_t *set = pref_get(s, t, "sort"), *e;
	size_t i;

	if (opt)
		split_items(opt, &f);
	else
		json_array_foreach(set, i, e)
			strv_push(&f, json_string_value(e));
	*out = xcalloc(f.n + 1, sizeof **out);
	*n = 0;
	for (i = 0; i < f.n; i++)
		if (((*out)[(*n)++] = prop_find(t, f.v[i], 1, cause)) == NULL) {
			FREE_AND_NULL(*out);
			strv_release(&f);
			return -1;
		}
	strv_release(&f);
	return 0;
}

/* The objects to list: selected by the options, in the sort order. */
static struct row *
list_rows(struct session *s, const struct obj_type *t, json_t *coll,
    const struct args *args, const struct prop_def *const *sortp,
    size_t nsort, size_t *nrows)
{
	struct strv names = STRV_INIT, hits = STRV_INIT;
	json_t *set = NULL, *v;
	const char *k;
	struct row *rows;

	for (size_t i = 0; i < args->nopts; i++) {
		if (args->opts[i].sel == NULL)
			continue;
		/* several selection options: the union, as foreach's */
		target_select(s, t, coll, args->opts[i].sel->prop,
		    args->opts[i].value, &hits);
		if (set == NULL)
			set = json_object();
	}
	for (size_t i = 0; set && i < hits.n; i++)
		json_object_set_new(set, hits.v[i], json_null());
	json_object_foreach(coll, k, v)
		if (set == NULL || json_object_get(set, k))
			strv_push(&names, k);
	json_decref(set);
	rows = xcalloc(names.n + 1, sizeof *rows);
	for (size_t i = 0; i < names.n; i++) {
		struct row *r = &rows[i];

		r->obj = json_object_get(coll, names.v[i]);
		r->name = json_object_iter_key(json_object_iter_at(coll,
		    names.v[i]));
		r->sortp = sortp;
		r->nkeys = nsort;
		r->keys = xcalloc(nsort + 1, sizeof *r->keys);
		for (size_t j = 0; j < nsort; j++)
			r->keys[j] = cell(sortp[j], r->name, r->obj);
	}
	qsort(rows, names.n, sizeof *rows, row_cmp);
	*nrows = names.n;
	strv_release(&names);
	strv_release(&hits);
	return rows;
}

/* Frees rows from list_rows(). */
static void
rows_free(struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < rows[i].nkeys; j++)
			free(rows[i].keys[j]);
		free(rows[i].keys);
	}
	free(rows);
}

/*
 * list -d {} or {N}: a JSON array of one object per row, keyed by the
 * column headers, every value the text the table shows ("" when unset),
 * indented by 2 or N (BCM AM 2.5.5, "Creating JSON Format Output").
 */
static void
list_json(struct session *s, const struct format *f, const struct row *rows,
    size_t nrows, int indent)
{
	json_t *a = json_array();
	char *text;

	for (size_t n = 0; n < nrows; n++) {
		json_t *o = json_object();

		for (size_t c = 0; c < f->n; c++) {
			char *h = column_head(f, c);
			char *v = cell(f->cols[c].p, rows[n].name,
			    rows[n].obj);

			json_object_set_new(o, h, json_string(v));
			free(h);
			free(v);
		}
		json_array_append_new(a, o);
	}
	text = json_dumps(a, JSON_INDENT(indent) | JSON_PRESERVE_ORDER);
	out_printf(s, "%s\n", text);
	free(text);
	json_decref(a);
}

/* list: the table, columns joined by sep (the rule row too). */
static void
list_table(struct session *s, const struct format *f, const struct row *rows,
    size_t nrows, const char *sep)
{
	struct out_table *tb = out_table_new(f->n);

	for (size_t c = 0; c < f->n; c++) {
		char *h = column_head(f, c);

		out_table_column(tb, c, h, f->cols[c].min, f->cols[c].max);
		out_table_flags(tb, c, f->cols[c].flags);
		free(h);
	}
	out_table_cmsh_rule(tb);
	for (size_t n = 0; n < nrows; n++)
		for (size_t c = 0; c < f->n; c++)
			out_table_add(tb, cell(f->cols[c].p, rows[n].name,
			    rows[n].obj));
	out_table_print(s, tb, sep);
	out_table_free(tb);
}

/* The indent of -d {} (2) or {N}; -1 when delim is no JSON request. */
static int
json_indent(const char *delim)
{
	char *end;
	long n;

	if (delim == NULL || delim[0] != '{')
		return -1;
	if (strcmp(delim, "{}") == 0)
		return 2;
	n = strtol(delim + 1, &end, 10);
	if (!isdigit((unsigned char)delim[1]) || strcmp(end, "}") != 0 ||
	    n > 31)
		return -1;
	return (int)n;
}

/* list [-f FORMAT] [-s FIELDS] [-d DELIMITER|{}|{N}] [SELECTORS] */
static int
cmd_list_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *delim = args_get(args, 'd');
	const struct prop_def **sortp = NULL;
	const struct obj_type *t;
	struct format f = { NULL, 0, 0 };
	struct row *rows = NULL;
	size_t nsort = 0, nrows = 0;
	char *cp = NULL;
	int r = CMD_ERROR, indent = json_indent(delim);

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (args->argc > 1) {
		*cause = xasprintf("unexpected argument '%s'", args->argv[1]);
		goto out;
	}
	if (current_format(s, t, args_get(args, 'f'), &f, cause) != 0 ||
	    sort_fields(s, t, args_get(args, 's'), &sortp, &nsort,
	    cause) != 0)
		goto out;
	rows = list_rows(s, t, view_coll(s->store->staged, cp), args, sortp,
	    nsort, &nrows);
	if (indent >= 0)
		list_json(s, &f, rows, nrows, indent);
	else
		list_table(s, &f, rows, nrows, delim ? delim : " ");
	r = CMD_OK;
out:
	rows_free(rows, nrows);
	free(sortp);
	free(f.cols);
	free(cp);
	return r;
}

/* A rule under a title, one dash shorter, as cmsh draws it. */
static void
titled(struct session *s, const char *title)
{
	size_t n = strlen(title);

	out_printf(s, "%s\n", title);
	for (size_t i = 1; i < n; i++)
		out_printf(s, "-");
	out_printf(s, "\n");
}

/* format: the current format, then every field with its help. */
static void
format_show(struct session *s, const struct obj_type *t)
{
	const char *set = json_string_value(pref_get(s, t, "format"));
	char *text = format_text(set ? set : t->list_format);
	struct strv names = STRV_INIT;
	size_t w = 0;

	titled(s, "Current list printing format:");
	out_printf(s, "%s\n\n", text);
	free(text);
	titled(s, "Valid fields:");
	for (const struct prop_def *p = t->props; p->name; p++) {
		strv_push(&names, p->name);
		if (strlen(p->name) > w)
			w = strlen(p->name);
	}
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		out_printf(s, "%-*s : %s\n", (int)w, names.v[i],
		    prop_get(t, names.v[i])->help);
	strv_release(&names);
}

/* format [-r] [FORMAT...]: shows, sets or resets the mode's format. */
static int
cmd_format_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct format f;
	struct strv sv = STRV_INIT;
	char *cp, *fmt;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	free(cp);
	if (args_has(args, 'r')) {
		if (args->argc > 1) {
			*cause = xstrdup("format -r takes no format");
			return CMD_ERROR;
		}
		pref_set(s, t, "format", NULL);
		return CMD_OK;
	}
	if (args->argc == 1) {
		format_show(s, t);
		return CMD_OK;
	}
	for (int i = 1; i < args->argc; i++)
		strv_push(&sv, args->argv[i]);
	cp = strv_join(&sv, ",");
	strv_release(&sv);
	if (parse_format(t, cp, &f, cause) != 0) {
		free(cp);
		return CMD_ERROR;
	}
	free(f.cols);
	fmt = format_text(cp);
	free(cp);
	pref_set(s, t, "format", json_string(fmt));
	free(fmt);
	return CMD_OK;
}

/* sort [-r] [FIELD...]: shows, sets or resets the mode's sort order. */
static int
cmd_sort_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	const struct prop_def *p;
	struct strv f = STRV_INIT;
	json_t *a, *e;
	char *cp;
	size_t i;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	free(cp);
	if (args_has(args, 'r') || args->argc == 1) {
		if (args_has(args, 'r'))
			pref_set(s, t, "sort", NULL);
		else if ((a = pref_get(s, t, "sort")) != NULL) {
			json_array_foreach(a, i, e)
				out_printf(s, "%s%s", i ? " " : "",
				    json_string_value(e));
			out_printf(s, "\n");
		} else
			out_printf(s, "%s\n", type_key(t)->name);
		return CMD_OK;
	}
	for (int k = 1; k < args->argc; k++)
		split_items(args->argv[k], &f);
	a = json_array();
	for (i = 0; i < f.n; i++) {
		if ((p = prop_find(t, f.v[i], 1, cause)) == NULL) {
			json_decref(a);
			strv_release(&f);
			return CMD_ERROR;
		}
		json_array_append_new(a, json_string(p->name));
	}
	strv_release(&f);
	pref_set(s, t, "sort", a);
	return CMD_OK;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.alias = "ls",
	.min_args = 0,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ 'f', "format", OPT_COLUMNS, .help =
		    "columns: name:20, vcpus:[4-8] (fitted), ram:0 (as is)" },
		{ 's', "sort", OPT_COLUMNS, .help =
		    "sort by these fields, comma-separated" },
		{ 'd', "delimiter", OPT_DELIM, .help =
		    "column delimiter; {} prints JSON, {N} indented by N" },
		{ 0 }
	},
	.usage = "list [-f FORMAT] [-s FIELDS] [-d DELIMITER|{}]",
	.help = "List the objects of this mode",
	.flags = CF_COLL | CF_SELECT,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_list_exec
};

const struct cmd_entry cmd_format_entry = {
	.name = "format",
	.min_args = 0,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ 'r', "reset", OPT_FLAG, .help = "back to the mode's default" },
		{ 0 }
	},
	.usage = "format [-r] [FORMAT]",
	.help = "Show or set the columns list prints",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_COLUMNS | ARG_REPEAT, ARG_END },
	.exec = cmd_format_exec
};

const struct cmd_entry cmd_sort_entry = {
	.name = "sort",
	.min_args = 0,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ 'r', "reset", OPT_FLAG, .help = "back to sorting by name" },
		{ 0 }
	},
	.usage = "sort [-r] [FIELD...]",
	.help = "Show or set the order list sorts by",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_FIELD | ARG_REPEAT, ARG_END },
	.exec = cmd_sort_exec
};
