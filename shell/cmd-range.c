/*
 * cmd-range.c - range: a lasting selection of several objects of a
 * collection mode, shown in the prompt ("[cluster->device{-n hyper[01-
 * 04]}]%"); the commands that apply to an object (CF_RANGE) then run
 * for each of them (repl.c), until '..' leaves it.  The range keeps its
 * words and names its objects again for each command.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "shell/target.h"
#include "shell/tok.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

extern const struct cmd_entry cmd_range_entry;

/* 1 if property prop of o holds value (a list as an element; unset: its
 * default), case-insensitively. */
static int
holds(const struct prop_def *p, const json_t *o, const char *value)
{
	json_t *v = json_object_get(o, p->name), *def = NULL, *e;
	size_t i;
	int r = 0;

	if (v == NULL)
		v = def = value_default(p);
	if (json_is_string(v))
		r = strcasecmp(json_string_value(v), value) == 0;
	json_array_foreach(v, i, e)
		if (json_is_string(e) && strcasecmp(json_string_value(e),
		    value) == 0)
			r = 1;
	json_decref(def);
	return r;
}

/* The objects of coll that selector option o picks, sorted, to out. */
static int
range_select(const struct obj_type *t, json_t *coll, const struct args_opt *o,
    struct strv *out, char **cause)
{
	const struct prop_def *p = prop_get(t, o->sel->prop);
	struct strv hits = STRV_INIT;
	const char *name;
	json_t *obj;

	json_object_foreach(coll, name, obj)
		if (p && holds(p, obj, o->value))
			strv_push(&hits, name);
	if (hits.n == 0) {
		*cause = xasprintf("no %s has %s '%s' (%s %s)", t->name,
		    o->sel->prop, o->value, o->word, o->value);
		strv_release(&hits);
		return -1;
	}
	strv_sort(&hits);
	for (size_t i = 0; i < hits.n; i++)
		strv_push(out, hits.v[i]);
	strv_release(&hits);
	return 0;
}

/*
 * The objects range's words a pick: -n node sets and selectors in the
 * order given, then names, and every object for '*'; each once.
 */
static int
range_resolve(struct session *s, const struct args *a, struct strv *out,
    char **cause)
{
	const struct obj_type *t;
	struct strv all = STRV_INIT;
	struct nameset seen = { NULL, 0 };
	char *cp;
	int r = -1;

	if (target_coll(s, &t, &cp, cause) != 0)
		return -1;
	for (size_t i = 0; i < a->nopts; i++) {
		char *v = (char *)a->opts[i].value;

		if (a->opts[i].sel ? range_select(t, view_coll(s->store->staged,
		    cp), &a->opts[i], &all, cause) != 0 : a->opts[i].opt->ch ==
		    'n' && target_names(s, t, cp, 1, &v, &all, cause) != 0)
			goto out;
	}
	for (int i = 1; i < a->argc; i++) {
		const char *k;
		json_t *o;

		if (strcmp(a->argv[i], "*") != 0) {
			if (target_names(s, t, cp, 1, &a->argv[i], &all,
			    cause) != 0)
				goto out;
			continue;
		}
		json_object_foreach(view_coll(s->store->staged, cp), k, o)
			strv_push(&all, k);
	}
	for (size_t i = 0; i < all.n; i++)
		nameset_push(&seen, out, all.v[i]);
	r = 0;
out:
	nameset_release(&seen);
	strv_release(&all);
	free(cp);
	return r;
}

/* 1 if the long option name (--show, --clear) was given. */
static int
has_long(const struct args *a, const char *name)
{
	for (size_t i = 0; i < a->nopts; i++)
		if (a->opts[i].opt && a->opts[i].opt->name &&
		    strcmp(a->opts[i].opt->name, name) == 0)
			return 1;
	return 0;
}

/* 1 if a asks for a range to be set (not --show or --clear). */
static int
range_sets(const struct args *a)
{
	return a->argc > 1 || (a->nopts && !has_long(a, "show") &&
	    !has_long(a, "clear"));
}

int
range_objects(struct session *s, struct strv *out, char **cause)
{
	const char *words = session_frame(s)->range;
	struct tokv tv;
	struct strv argv = STRV_INIT;
	struct args a;
	int r = -1;

	if (words == NULL)
		return 0;
	tokv_init(&tv);
	strv_push(&argv, "range");
	if (tok_split(words, &tv, cause) == 0) {
		for (size_t i = 0; i < tv.n; i++)
			strv_push(&argv, tv.v[i].text);
		if (args_parse(s, &cmd_range_entry, (int)argv.n, argv.v, &a,
		    cause) == 0) {
			r = range_resolve(s, &a, out, cause);
			args_release(&a);
		}
	}
	tokv_release(&tv);
	strv_release(&argv);
	return r;
}

/*
 * range [-n NODES] [SELECTOR VALUE]... [NAME...|*] | --show | --clear:
 * checks that the words name objects (cmd_range_navigate sets it).
 */
static int
cmd_range_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct strv names = STRV_INIT;
	const char *words = session_frame(s)->range;
	int r = CMD_OK;
	int special = has_long(args, "show") + has_long(args, "clear");

	if (special && (special > 1 || args->argc > 1 ||
	    args->nopts > (size_t)special)) {
		*cause = xstrdup("range: --show and --clear take nothing else");
		return CMD_ERROR;
	}
	if (range_sets(args))
		r = range_resolve(s, args, &names, cause) == 0 ? CMD_OK :
		    CMD_ERROR;
	else if (!has_long(args, "clear") && words == NULL)
		out_printf(s, "No range set\n");
	else if (!has_long(args, "clear")) {
		char *list;

		r = range_objects(s, &names, cause) == 0 ? CMD_OK : CMD_ERROR;
		list = strv_join(&names, " ");
		if (r == CMD_OK)
			out_printf(s, "{%s}: %s\n", words, list);
		free(list);
	}
	strv_release(&names);
	return r;
}

/* Sets the range to the words given, or clears it. */
static void
cmd_range_navigate(struct session *s, const struct args *args)
{
	struct strv sv = STRV_INIT;
	char *words;

	if (has_long(args, "clear")) {
		mode_range(s, NULL);
		return;
	}
	if (!range_sets(args))
		return;
	for (size_t i = 0; i < args->nopts; i++) {
		strv_push(&sv, args->opts[i].word);
		strv_push_nodup(&sv, tok_quote(args->opts[i].value));
	}
	for (int i = 1; i < args->argc; i++)
		strv_push_nodup(&sv, tok_quote(args->argv[i]));
	words = strv_join(&sv, " ");
	mode_range(s, words);
	free(words);
	strv_release(&sv);
}

const struct cmd_entry cmd_range_entry = {
	.name = "range",
	.min_args = 0,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ 'n', "nodes", OPT_NODES, .help =
		    "these nodes (node sets accepted)" },
		{ 0, "show", OPT_FLAG, 0, .help = "Show the current range" },
		{ 0, "clear", OPT_FLAG, 0, .help = "Clear the range" },
		{ 0 }
	},
	.usage = "range [-n NODES] [NAME...|*] | --show | --clear",
	.help = "Set a range of objects to run the next commands on",
	.flags = CF_COLL | CF_SELECT | CF_OPTNAMED | CF_NAV,
	.args = (const int[]){ ARG_OBJECT_OR_ALL | ARG_REPEAT, ARG_END },
	.exec = cmd_range_exec,
	.navigate = cmd_range_navigate
};
