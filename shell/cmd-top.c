/*
 * cmd-top.c - top-level commands of cmsh that have no place in a mode:
 * list (the state of each mode) and color (accepted; ocmsh prints no
 * colour).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/cmd.h"
#include "shell/out.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

#define LIST_WIDTH	31	/* a mode and its dots, as in help's Top */

/* 1 if anything within the top-level mode of t is staged. */
static int
mode_staged(struct session *s, const struct obj_type *t)
{
	struct store_items items = { 0 };
	int r;

	store_changes(s->store, t->yaml_key, 0, &items);
	r = items.n > 0;
	store_items_release(&items);
	return r;
}

/*
 * list at the top: each top-level mode, sorted, with its state:
 * "device ........ [  OK  ]", or [ MODIFIED ] while it holds staged
 * changes.
 */
static int
cmd_toplist_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct strv modes = STRV_INIT;

	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL)
			strv_push(&modes, obj_types[i]->mode);
	strv_sort(&modes);
	for (size_t i = 0; i < modes.n; i++) {
		const struct obj_type *t = type_find_mode(modes.v[i]);
		int n = (int)strlen(modes.v[i]);

		out_printf(s, "%s ", modes.v[i]);
		for (int k = n + 1; k < LIST_WIDTH; k++)
			out_printf(s, ".");
		out_printf(s, " %s\n", mode_staged(s, t) ? "[ MODIFIED ]" :
		    "[  OK  ]");
	}
	strv_release(&modes);
	return CMD_OK;
}

/* color [on|off]: cmsh's switch; ocmsh never colours its output. */
static int
cmd_color_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	static const char *const words[] = { "on", "off", "yes", "no", "true",
	    "false", "1", "0", NULL };

	if (args->argc == 1) {
		out_printf(s, "off\n");
		return CMD_OK;
	}
	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(args->argv[1], words[i]) == 0)
			return CMD_OK;
	*cause = xasprintf("color takes on or off, not '%s'", args->argv[1]);
	return CMD_ERROR;
}

const struct cmd_entry cmd_toplist_entry = {
	.name = "list",
	.alias = "ls",
	.min_args = 0,
	.max_args = 0,
	.usage = "list",
	.help = "List state for all modes",
	.flags = CF_TOP,
	.args = (const int[]){ ARG_END },
	.exec = cmd_toplist_exec
};

const struct cmd_entry cmd_color_entry = {
	.name = "color",
	.min_args = 0,
	.max_args = 1,
	.usage = "color [on|off]",
	.help = "Manage console text color settings (ocmsh has none)",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_ONOFF, ARG_END },
	.exec = cmd_color_exec
};
