/*
 * cmd-state.c - the commands about where the state lives: export (the
 * state into another file or etcd) and render (this machine's derived
 * files from the committed state, once or following the commits).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "shell/cmd.h"
#include "shell/out.h"
#include "state/follow.h"
#include "state/store.h"

/* export TARGET: writes the committed state into a new state. */
static int
cmd_export_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	(void)body;
	if (store_export(s->store, args->argv[1], cause) != 0)
		return CMD_ERROR;
	out_printf(s, "Exported revision %lld to %s\n", s->store->revision,
	    args->argv[1]);
	return CMD_OK;
}

/* Prints one line of render --watch at once. */
static void
render_report(void *arg, const char *line)
{
	struct session *s = arg;

	out_printf(s, "%s\n", line);
	fflush(s->out);
}

/* render [--watch [--count N]]: this machine's derived files. */
static int
cmd_render_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *count = args_get(args, 'n');
	char *end = NULL;
	long max = count ? strtol(count, &end, 10) : 0;
	size_t n;

	(void)body;
	if (count && (*count == '\0' || *end || max <= 0)) {
		*cause = xasprintf("bad count '%s'", count);
		return CMD_ERROR;
	}
	if (args_has(args, 'w'))
		return store_follow(s->store, max, render_report, s,
		    cause) == 0 ? CMD_OK : CMD_ERROR;
	if (store_render(s->store, &n, cause) != 0)
		return CMD_ERROR;
	out_printf(s, "Rendered revision %lld: %zu file%s written\n",
	    s->store->revision, n, n == 1 ? "" : "s");
	return CMD_OK;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.min_args = 1,
	.max_args = 1,
	.usage = "export TARGET",
	.help = "Write the committed state into a new state file or "
	    "etcd://HOST:PORT/PREFIX",
	.flags = CF_GLOBAL | CF_ARGV,
	.args = (const int[]){ ARG_FILE, ARG_END },
	.exec = cmd_export_exec
};

const struct cmd_entry cmd_render_entry = {
	.name = "render",
	.min_args = 0,
	.max_args = 3,		/* the options and their value */
	.opts = (const struct cmd_opt[]){
		{ 'w', "watch", OPT_FLAG, OPT_LONGNAME, .help = "keep "
		    "rendering as commits land, for ever" },
		{ 'n', "count", OPT_STRING, OPT_LONGNAME, .arg = "N",
		    .help = "with --watch: stop after N commits" },
		{ 0 }
	},
	.usage = "render [--watch [--count N]]",
	.help = "Write this machine's derived files from the committed state",
	.flags = CF_GLOBAL | CF_ARGV,
	.args = (const int[]){ ARG_END },
	.exec = cmd_render_exec
};
