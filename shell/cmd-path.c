/*
 * cmd-path.c - places in the mode stack, as cmsh has them: path prints
 * the current one as a line that goes back there, bookmark keeps it
 * under a name, goto goes to one ("-": the place before the last line
 * that moved; the built-in alias "-" is "goto -").
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "shell/repl.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* path: "home;device;use hyper01;" */
static int
cmd_path_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *p = mode_location(s);

	out_printf(s, "%s\n", p);
	free(p);
	return CMD_OK;
}

/* Sets bookmark name to place, replacing one of that name. */
static void
bookmark_set(struct session *s, const char *name, const char *place)
{
	int i = strv_find(&s->bookmark_names, name);

	if (i >= 0) {
		free(s->bookmark_paths.v[i]);
		s->bookmark_paths.v[i] = xstrdup(place);
		return;
	}
	strv_push(&s->bookmark_names, name);
	strv_push(&s->bookmark_paths, place);
}

/* bookmark -l: the Name Bookmark table, "-" last. */
static void
bookmark_list(struct session *s)
{
	struct out_table *t = out_table_new(2);

	out_table_column(t, 0, "Name", 16, 64);
	out_table_column(t, 1, "Bookmark", 23, 1024);
	for (size_t i = 0; i < s->bookmark_names.n; i++) {
		out_table_add(t, xstrdup(s->bookmark_names.v[i]));
		out_table_add(t, xstrdup(s->bookmark_paths.v[i]));
	}
	if (s->previous) {
		out_table_add(t, xstrdup("-"));
		out_table_add(t, xstrdup(s->previous));
	}
	out_table_print(s, t, " ");
	out_table_free(t);
}

/* bookmark -s FILE: one "NAME<TAB>PLACE" line per bookmark. */
static int
bookmark_save(struct session *s, const char *path, char **cause)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		return CMD_ERROR;
	}
	for (size_t i = 0; i < s->bookmark_names.n; i++)
		fprintf(f, "%s\t%s\n", s->bookmark_names.v[i],
		    s->bookmark_paths.v[i]);
	if (fclose(f) != 0) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		return CMD_ERROR;
	}
	return CMD_OK;
}

/* bookmark -x FILE: takes the bookmarks -s saved. */
static int
bookmark_load(struct session *s, const char *path, char **cause)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *tab;
	size_t cap = 0;
	ssize_t n;
	long no = 0;

	if (f == NULL) {
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		return CMD_ERROR;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		no++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if ((tab = strchr(line, '\t')) == NULL) {
			*cause = xasprintf("%s:%ld: not a saved bookmark", path,
			    no);
			break;
		}
		*tab = '\0';
		bookmark_set(s, line, tab + 1);
	}
	free(line);
	fclose(f);
	return *cause ? CMD_ERROR : CMD_OK;
}

/* bookmark [NAME] | -l | -s FILE | -x FILE */
static int
cmd_bookmark_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *save = args_get(args, 's'), *load = args_get(args, 'x');
	char *here;

	if (args->argc > 2 || (args->nopts && args->argc > 1)) {
		*cause = xasprintf("bookmark takes a name or an option: "
		    "unexpected '%s'", args->argv[args->argc - 1]);
		return CMD_ERROR;
	}
	if (args_has(args, 'l'))
		bookmark_list(s);
	if (save)
		return bookmark_save(s, save, cause);
	if (load)
		return bookmark_load(s, load, cause);
	if (args->nopts)
		return CMD_OK;
	if (args->argc > 1 && strcmp(args->argv[1], "-") == 0) {
		*cause = xstrdup("bookmark '-' is the previous place: it is "
		    "kept by itself");
		return CMD_ERROR;
	}
	here = mode_location(s);
	bookmark_set(s, args->argc > 1 ? args->argv[1] : "", here);
	free(here);
	return CMD_OK;
}

/* goto [NAME|-]: runs the bookmark's place as a line. */
static int
cmd_goto_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *name = args->argc > 1 ? args->argv[1] : "";
	const char *place = NULL;
	char *line;
	int i, r;

	if (strcmp(name, "-") == 0)
		place = s->previous;
	else if ((i = strv_find(&s->bookmark_names, name)) >= 0)
		place = s->bookmark_paths.v[i];
	if (place == NULL) {
		*cause = *name == '\0' ? xstrdup("no bookmark set: "
		    "'bookmark' keeps this place") : strcmp(name, "-") == 0 ?
		    xstrdup("no previous place yet") :
		    xasprintf("no bookmark '%s'", name);
		return CMD_ERROR;
	}
	line = xstrdup(place);
	s->run_depth++;
	r = session_run_line(s, line, cause);
	s->run_depth--;
	free(line);
	return r;
}

const struct cmd_entry cmd_path_entry = {
	.name = "path",
	.min_args = 0,
	.max_args = 0,
	.usage = "path",
	.help = "Print a line that leads back here (home;MODE;use NAME;)",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_path_exec
};

const struct cmd_entry cmd_bookmark_entry = {
	.name = "bookmark",
	.min_args = 0,
	.max_args = 2,
	.opts = (const struct cmd_opt[]){
		{ 'l', "list", OPT_FLAG, 0, .help = "List the bookmarks" },
		{ 's', "save", OPT_FILE, OPT_ONCE, .arg = "a file",
		    .help = "Save the bookmarks to a file" },
		{ 'x', "load", OPT_FILE, OPT_ONCE, .arg = "a file",
		    .help = "Load bookmarks saved with -s" },
		{ 0 }
	},
	.usage = "bookmark [NAME] | -l | -s FILE | -x FILE",
	.help = "Keep this place under a name (none: the unnamed one)",
	.flags = CF_GLOBAL | CF_OPTNAMED,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_bookmark_exec
};

const struct cmd_entry cmd_goto_entry = {
	.name = "goto",
	.min_args = 0,
	.max_args = 1,
	.usage = "goto [NAME|-]",
	.help = "Go to a bookmark (none: the unnamed one; -: back)",
	.flags = CF_GLOBAL | CF_NAV,
	.args = (const int[]){ ARG_BOOKMARK, ARG_END },
	.exec = cmd_goto_exec
};
