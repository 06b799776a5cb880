/* cmd-foreach.c - foreach: runs a command list for each selected object. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/repl.h"
#include "shell/target.h"
#include "shell/tok.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

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
			if (target_names(s, t, cp, 1, &value, names,
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
	if (plain.n && target_names(s, t, cp, (int)plain.n, plain.v, names,
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

/*
 * How deep foreach bodies may run inside each other: each level parses
 * the rest of the line again, and a long line of them would otherwise
 * take quadratic time and the stack.
 */
#define FOREACH_DEPTH_MAX	64

/* The foreach bodies running now, one inside the other. */
static int foreach_depth;

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

	if (foreach_depth >= FOREACH_DEPTH_MAX) {
		*cause = xasprintf("foreach nested more than %d deep",
		    FOREACH_DEPTH_MAX);
		return CMD_ERROR;
	}
	if (target_coll(s, &t, &cp, cause) != 0)
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
	foreach_depth++;
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
	foreach_depth--;
out:
	cmdlist_release(&bodycl);
	strv_release(&names);
	free(cp);
	return ret;
}

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
	.args = (const int[]){ ARG_OBJECT_OR_ALL | ARG_REPEAT, ARG_END },
	.exec = cmd_foreach_exec
};
