/*
 * cmd-session.c - the session itself: help, alias, unalias, history,
 * run.
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

/* help PROP: a property's help, range, choices and default. */
static void
help_prop(struct session *s, const struct prop_def *p)
{
	json_t *def = value_default(p);

	out_printf(s, "Property: %s (%s)\n", p->name, p->label);
	out_printf(s, "Help:     %s\n", p->help);
	if (p->kind == VK_INT)
		out_printf(s, "Range:    %lld to %lld\n", p->min, p->max);
	if (p->choices) {
		out_printf(s, "Choices: ");
		for (size_t i = 0; p->choices[i]; i++)
			out_printf(s, " %s", p->choices[i]);
		out_printf(s, "\n");
	}
	if (def) {
		char *dv = value_format(p, def, ",");

		out_printf(s, "Default:  %s\n", dv);
		free(dv);
		json_decref(def);
	}
}

/* help WORD: a command, a mode or a property of this mode. */
static int
help_word(struct session *s, const char *word, char **cause)
{
	const struct cmd_entry *ce = cmd_find(s, word);
	const struct obj_type *mt = mode_word(s, word);
	const struct obj_type *t = session_frame(s)->type;
	const struct prop_def *p;
	char *e = NULL;

	if (mt == NULL)
		mt = type_find_mode(word);
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
	if (t && (p = prop_find(t, word, 1, &e)) != NULL) {
		help_prop(s, p);
		return CMD_OK;
	}
	free(e);
	*cause = xasprintf("no help for '%s': not a command, mode or "
	    "property here", word);
	return CMD_ERROR;
}

/* help [COMMAND|MODE|PROPERTY] */
static int
cmd_help_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct strv names = STRV_INIT, modes = STRV_INIT;
	struct frame *f = session_frame(s);

	if (args->argc > 1)
		return help_word(s, args->argv[1], cause);
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
	.help = "Run the commands in a file, with arguments $1, $2...",
	.flags = CF_GLOBAL | CF_OPTNAMED | CF_OPTSFIRST,
	.args = (const int[]){ ARG_FILE, ARG_NONE | ARG_REPEAT, ARG_END },
	.exec = cmd_run_exec
};
