/*
 * cmd-session.c - the session itself: alias, unalias, history, run.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "shell/repl.h"
#include "shell/tok.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

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
		struct strv lines = STRV_INIT;

		for (size_t i = 0; cmd_table[i]; i++)
			if (cmd_table[i]->alias)
				strv_pushf(&lines, "alias %s %s",
				    cmd_table[i]->alias, cmd_table[i]->name);
		for (size_t i = 0; i < s->alias_names.n; i++)
			strv_pushf(&lines, "alias %s %s", s->alias_names.v[i],
			    s->alias_values.v[i]);
		strv_sort(&lines);
		strv_uniq(&lines);
		for (size_t i = 0; i < lines.n; i++)
			out_printf(s, "%s\n", lines.v[i]);
		strv_release(&lines);
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

/*
 * run [-x] [-q] FILE [ARG...]: runs a command file with arguments ($1,
 * ${1-default} in its lines).  A failing command is reported and the
 * rest runs, as in batch input; -q (or the session's -q) stops at the
 * first error.
 */
static int
cmd_run_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	int oecho = s->echo, r = CMD_OK;
	int stop = args_has(args, 'q') || !s->keep_going;

	if (args->argc == 1) {
		*cause = xstrdup("run needs a file name");
		return CMD_ERROR;
	}
	if (args_has(args, 'x'))
		s->echo = 1;
	if (repl_run_file(s, args->argv[1], args->argc - 2, args->argv + 2,
	    stop, cause) != 0)
		r = CMD_ERROR;
	s->echo = oecho;
	return r;
}

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
	.args = (const int[]){ ARG_ALIAS, ARG_END },
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

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.min_args = 1,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ .ch = 'x', .name = "echo", .kind = OPT_FLAG,
		    .help = "Echo all commands" },
		{ .ch = 'q', .name = "quit", .kind = OPT_FLAG,
		    .help = "Exit immediately after error" },
		{ 0 }
	},
	.usage = "run [-x] [-q] FILE [ARG...]",
	.help = "Execute all commands in the given file",
	.flags = CF_GLOBAL | CF_OPTNAMED | CF_OPTSFIRST,
	.args = (const int[]){ ARG_FILE, ARG_NONE | ARG_REPEAT, ARG_END },
	.exec = cmd_run_exec
};
