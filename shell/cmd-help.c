/*
 * cmd-help.c - help, in cmsh's layout: the Top block of the commands and
 * modes of every level, the current mode's block, and help on one
 * command (Name:, Usage:, Options:), mode or property; and the
 * Parameters: list a bare 'set' prints.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

#define TOP_WIDTH	31	/* a name and its dots, in the Top block */
#define MODE_WIDTH	26	/* in the block of a mode */
#define OPT_INDENT	9	/* strlen("Options: ") */

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

/* One help line: name, dots up to column width, description. */
static void
help_row(struct session *s, const char *name, const char *help, int width)
{
	int n = (int)strlen(name);

	out_printf(s, "%s ", name);
	for (int i = n + 1; i < width; i++)
		out_printf(s, ".");
	out_printf(s, "%s%s\n", n + 1 < width ? " " : "", help);
}

/* The entry of cmd_table for the Top block named name, or NULL. */
static const struct cmd_entry *
top_cmd(const char *name)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if ((cmd_table[i]->flags & (CF_GLOBAL | CF_TOP)) &&
		    !(cmd_table[i]->flags & CF_HIDDEN) &&
		    strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

/* The help of a name of a block: a command's, else a mode's. */
static const char *
row_help(const struct session *s, const char *name, int top)
{
	const struct cmd_entry *ce = top ? top_cmd(name) : cmd_find(s, name);
	const struct obj_type *t;

	if (ce)
		return ce->help;
	t = top ? type_find_mode(name) : mode_word(s, name);
	return t ? t->help : "";
}

/* Top: the commands of every level and the top-level modes, sorted. */
static void
help_top(struct session *s)
{
	struct strv names = STRV_INIT;

	for (size_t i = 0; cmd_table[i]; i++)
		if (top_cmd(cmd_table[i]->name) == cmd_table[i])
			strv_push(&names, cmd_table[i]->name);
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL)
			strv_push(&names, obj_types[i]->mode);
	strv_sort(&names);
	strv_uniq(&names);
	help_title(s, "Top");
	for (size_t i = 0; i < names.n; i++)
		help_row(s, names.v[i], row_help(s, names.v[i], 1), TOP_WIDTH);
	strv_release(&names);
}

/* The current mode: its own commands and submodes, then properties. */
static void
help_mode(struct session *s, const struct obj_type *t)
{
	struct strv all = STRV_INIT, names = STRV_INIT, modes = STRV_INIT;

	cmd_list(s, &all, 0);
	for (size_t i = 0; i < all.n; i++) {
		const struct cmd_entry *ce = cmd_find(s, all.v[i]);

		if (!ce || !(ce->flags & CF_GLOBAL) || top_cmd(ce->name) != ce)
			strv_push(&names, all.v[i]);
	}
	strv_release(&all);
	mode_words(s, &modes);
	for (size_t i = 0; i < modes.n; i++)
		if (mode_word(s, modes.v[i])->parent != NULL)
			strv_push(&names, modes.v[i]);
	strv_sort(&names);
	help_title(s, t->mode);
	for (size_t i = 0; i < names.n; i++)
		help_row(s, names.v[i], row_help(s, names.v[i], 0),
		    MODE_WIDTH);
	if (t->props[0].name) {
		char *title = xasprintf("%s properties", t->name);

		help_title(s, title);
		free(title);
		for (const struct prop_def *p = t->props; p->name; p++)
			help_row(s, p->name, p->help, MODE_WIDTH);
	}
	strv_release(&names);
	strv_release(&modes);
}

/* The placeholder of an option's value in help ("FILE"). */
static const char *
opt_placeholder(enum opt_kind k)
{
	switch (k) {
	case OPT_FILE: return " FILE";
	case OPT_NODES: return " NODES";
	case OPT_COLUMNS: return " FORMAT";
	case OPT_DELIM: return " DELIMITER";
	case OPT_STRING: return " VALUE";
	default: return "";
	}
}

/* One option: "-x, --echo" or "-F FILE" and its help below it. */
static void
help_option(struct session *s, int first, const char *spelling,
    const char *help)
{
	out_printf(s, "%-*s%s\n", OPT_INDENT, first ? "Options:" : "",
	    spelling);
	if (help)
		out_printf(s, "%*s%s\n", OPT_INDENT + 4, "", help);
}

/* The Options: block of ce here: its template, then the selectors. */
static void
help_options(struct session *s, const struct cmd_entry *ce)
{
	const struct obj_type *t = session_frame(s)->type;
	int n = 0;

	for (const struct cmd_opt *o = ce->opts; o && (o->ch || o->name);
	    o++) {
		char *sp = o->ch && o->name ? xasprintf("-%c, --%s%s", o->ch,
		    o->name, opt_placeholder(o->kind)) : o->ch ?
		    xasprintf("-%c%s", o->ch, opt_placeholder(o->kind)) :
		    xasprintf("--%s%s", o->name, opt_placeholder(o->kind));

		out_printf(s, "\n");
		help_option(s, n++ == 0, sp, o->help);
		free(sp);
	}
	for (const struct selector *sel = (ce->flags & CF_SELECT) && t ?
	    t->selectors : NULL; sel && sel->opt; sel++) {
		char *sp = xasprintf("-%c, --%s %s", sel->opt, sel->longopt,
		    sel->longopt);

		for (char *c = sp + strlen(sp) - strlen(sel->longopt); *c;
		    c++)
			*c = (char)toupper((unsigned char)*c);
		out_printf(s, "\n");
		help_option(s, n++ == 0, sp, sel->help);
		free(sp);
	}
}

void
cmd_help_print(struct session *s, const struct cmd_entry *ce)
{
	char *usage = cmd_usage(s, ce);

	out_printf(s, "Name: %s - %s\n\nUsage: %s\n", ce->name, ce->help,
	    usage);
	free(usage);
	help_options(s, ce);
}

void
cmd_help_params(struct session *s)
{
	const struct obj_type *t = session_frame(s)->type;

	out_printf(s, "\nParameters:\n");
	for (const struct prop_def *p = t ? t->props : NULL; p && p->name;
	    p++)
		if (!(p->flags & (PROP_KEY | PROP_RO)))
			help_row(s, p->name, p->help, MODE_WIDTH);
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
	int i;

	if (mt == NULL)
		mt = type_find_mode(word);
	if (ce) {
		cmd_help_print(s, ce);
		return CMD_OK;
	}
	if (mt) {
		out_printf(s, "Name: %s - %s\n\nUsage: %s [COMMAND...]\n",
		    mt->mode, mt->help, mt->mode);
		return CMD_OK;
	}
	if (t && (p = prop_find(t, word, 1, &e)) != NULL) {
		help_prop(s, p);
		return CMD_OK;
	}
	free(e);
	e = NULL;
	if ((i = strv_find(&s->alias_names, word)) >= 0) {
		out_printf(s, "Name: %s - alias for: %s\n", word,
		    s->alias_values.v[i]);
		return CMD_OK;
	}
	free(e);
	*cause = xasprintf("no help for '%s': not a command, mode, property "
	    "or alias here", word);
	return CMD_ERROR;
}

/* help [COMMAND|MODE|PROPERTY] */
static int
cmd_help_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct frame *f = session_frame(s);

	if (args->argc > 1)
		return help_word(s, args->argv[1], cause);
	help_top(s);
	if (f->type)
		help_mode(s, f->type);
	return CMD_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.min_args = 0,
	.max_args = 1,
	.usage = "help [COMMAND|MODE|PROPERTY]",
	.help = "Display this help",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_COMMAND, ARG_END },
	.exec = cmd_help_exec
};
