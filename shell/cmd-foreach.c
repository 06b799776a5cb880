/*
 * cmd-foreach.c - foreach: runs a command list for each selected object,
 * creating the missing ones first with -o/--clone or -a/--add (BCM
 * Administrator Manual 2.5.5, "Looping Over Objects With foreach").
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "shell/repl.h"
#include "shell/target.h"
#include "shell/tok.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* Appends the selection of one selector option to names. */
static int
select_option(struct session *s, const struct obj_type *t, json_t *coll,
    const struct args_opt *o, struct strv *names, struct nameset *seen,
    char **cause)
{
	struct strv hits = STRV_INIT;

	if (coll)
		target_select(s, t, coll, o->sel->prop, o->value, &hits);
	if (hits.n == 0) {
		*cause = xasprintf("no %s has %s '%s' (%s %s)", t->name,
		    o->sel->prop, o->value, o->word, o->value);
		strv_release(&hits);
		return -1;
	}
	for (size_t h = 0; h < hits.n; h++)
		nameset_push(seen, names, hits.v[h]);
	strv_release(&hits);
	return 0;
}

/*
 * The objects foreach runs for, in the order given: -n node sets and
 * selectors first, then names, then every object for "*".  The names of
 * -n and of the words need not exist yet (see foreach_create).
 */
static int
foreach_names(struct session *s, const struct obj_type *t, const char *cp,
    const struct args *args, struct strv *names, char **cause)
{
	json_t *coll = view_coll(s->store->staged, cp);
	struct nameset seen = { NULL, 0 };
	struct strv plain = STRV_INIT, all = STRV_INIT;
	int r = -1, star = 0;

	for (size_t i = 0; i < args->nopts; i++) {
		const struct args_opt *o = &args->opts[i];
		char *value = (char *)o->value;

		if (o->sel && select_option(s, t, coll, o, names, &seen,
		    cause) != 0)
			goto out;
		if (o->opt && o->opt->ch == 'n' &&
		    target_expand(1, &value, names, cause) != 0)
			goto out;
	}
	for (int i = 1; i < args->argc; i++)
		if (strcmp(args->argv[i], "*") == 0)
			star = 1;
		else
			strv_push(&plain, args->argv[i]);
	if (plain.n && target_expand((int)plain.n, plain.v, names,
	    cause) != 0)
		goto out;
	if (star && coll) {
		const char *k;
		json_t *v;

		json_object_foreach(coll, k, v)
			strv_push(&all, k);
		strv_sort(&all);
		for (size_t i = 0; i < all.n; i++)
			nameset_push(&seen, names, all.v[i]);
	}
	r = 0;
out:
	nameset_release(&seen);
	strv_release(&plain);
	strv_release(&all);
	return r;
}

/*
 * Creates the objects of names that do not exist: copies of -o SRC, or
 * new objects of -a TYPE.  Without either, a name that is no object is
 * an error naming them all, and nothing runs.
 */
static int
foreach_create(struct session *s, const struct obj_type *t, const char *cp,
    const struct args *args, const struct strv *names, char **cause)
{
	const char *src = args_get(args, 'o'), *add = args_get(args, 'a');
	const char *typeval = NULL;
	struct strv missing = STRV_INIT;
	int r = -1;

	if (src && add) {
		*cause = xstrdup("foreach takes -o (clone) or -a (add), not "
		    "both");
		return -1;
	}
	if (src == NULL && add == NULL)
		return target_missing(s, t, cp, names, NULL, cause);
	target_missing(s, t, cp, names, &missing, NULL);
	if (src && missing.n < names->n) {
		struct strv exist = STRV_INIT;

		for (size_t i = 0; i < names->n; i++)
			if (strv_find(&missing, names->v[i]) < 0)
				strv_push(&exist, names->v[i]);
		*cause = xasprintf("foreach -o makes new objects only: %s "
		    "'%s' exists already", t->name, exist.v[0]);
		strv_release(&exist);
		goto out;
	}
	if (add && t->addtypes == NULL && strcasecmp(add, t->name) != 0) {
		*cause = xasprintf("foreach -a takes the type of the new "
		    "objects: %s", t->name);
		goto out;
	}
	if (add && t->addtypes && (typeval = object_type_value(t, add,
	    cause)) == NULL)
		goto out;
	for (size_t i = 0; i < missing.n; i++)
		if ((src ? object_clone(s, t, cp, src, missing.v[i], cause) :
		    object_add(s, t, cp, missing.v[i], typeval, NULL,
		    cause)) != 0)
			goto out;
	r = 0;
out:
	strv_release(&missing);
	return r;
}

/* One command of a body as typed again, for -v. Caller frees. */
static char *
command_text(const struct cmdline *cl)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < cl->argv.n; i++)
		sbuf_addf(&sb, "%s%s", i ? " " : "", cl->argv.v[i]);
	if (cl->body)
		sbuf_addf(&sb, " (%s)", cl->body);
	return sbuf_detach(&sb, NULL);
}

/*
 * -v: runs the body one command at a time, each echoed after its time
 * of day, "+(14:02:31) get ip".
 */
static int
run_verbose(struct session *s, struct cmdlist *body, int quit, char **cause)
{
	int ret = CMD_OK;

	for (size_t i = 0; i < body->n && !s->quit; i++) {
		struct cmdlist one = { &body->v[i], 1, 1 };
		char *text = command_text(&body->v[i]), tbuf[16] = "";
		time_t now = time(NULL);
		struct tm tm;
		char *e = NULL;

		if (localtime_r(&now, &tm))
			strftime(tbuf, sizeof tbuf, "%H:%M:%S", &tm);
		out_printf(s, "+(%s) %s\n", tbuf, text);
		free(text);
		if (session_run_cmdlist(s, &one, &e) == CMD_OK)
			continue;
		ret = CMD_ERROR;
		free(*cause);
		*cause = e;
		if (quit || !s->keep_going)
			break;
	}
	return ret;
}

/* Runs the body for each object, coming back after each. */
static int
foreach_run(struct session *s, const struct strv *names,
    struct cmdlist *body, const struct args *args, char **cause)
{
	int verbose = args_has(args, 'v'), quit = args_has(args, 'q');
	int ret = CMD_OK;

	for (size_t n = 0; n < names->n && !s->quit; n++) {
		struct mode_saved saved;
		char *e = NULL;
		int r;

		mode_save(s, &saved);
		mode_select(s, names->v[n]);
		if (verbose) {
			out_printf(s, "=== %s ===\n", names->v[n]);
			r = run_verbose(s, body, quit, &e);
		} else
			r = session_run_cmdlist(s, body, &e);
		if (r != CMD_OK) {
			free(*cause);
			*cause = e;
			ret = CMD_ERROR;
		} else
			free(e);
		/* back to where foreach started */
		mode_restore(s, &saved);
		if (ret != CMD_OK && (quit || !s->keep_going))
			break;
	}
	return ret;
}

/*
 * How deep foreach bodies may run inside each other: each level parses
 * the rest of the line again, and a long line of them would otherwise
 * take quadratic time and the stack.
 */
#define FOREACH_DEPTH_MAX	64

/* The foreach bodies running now, one inside the other. */
static int foreach_depth;

/* foreach [OPTIONS] [NAME...|*] (CMDS) */
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
	if (names.n == 0 && args->argc == 1 && !args_has(args, 'n')) {
		*cause = xstrdup("foreach needs objects: names, '*' or a "
		    "selection option");
		goto out;
	}
	/* the body is parsed once, and run for each object from here */
	if (cmdline_parse(body, &bodycl, cause) != 0 ||
	    foreach_create(s, t, cp, args, &names, cause) != 0)
		goto out;
	foreach_depth++;
	ret = foreach_run(s, &names, &bodycl, args, cause);
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
		{ 'n', "nodes", OPT_NODES, .arg = "a node list", .help =
		    "these objects (node sets accepted)" },
		{ 'o', "clone", OPT_OBJECT, .arg = "an object to clone",
		    .help = "create the objects that do not exist as copies "
		    "of this one" },
		{ 'a', "add", OPT_ADDTYPE, .arg = "a type", .help =
		    "create the objects that do not exist, of this type" },
		{ 'v', "verbose", OPT_FLAG, .help =
		    "print a header for each object and each command with "
		    "its time" },
		{ 'q', "quitonunknown", OPT_FLAG, .help =
		    "leave the loop at the first command that fails" },
		{ 0 }
	},
	.usage = "foreach [-n NODES] [-o SOURCE|-a TYPE] [-v] [-q] "
	    "[NAME...|*] ( COMMANDS )",
	.help = "Run commands for each selected object",
	.flags = CF_COLL | CF_BODY | CF_SELECT | CF_OPTNAMED,
	.args = (const int[]){ ARG_OBJECT_OR_ALL | ARG_REPEAT, ARG_END },
	.exec = cmd_foreach_exec
};
