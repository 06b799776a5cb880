/* cmd-nav.c - moving around: exit, home, quit, use. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/target.h"
#include "lib/nodeset.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* exit at the top: quits (cmd_exit_navigate does the rest). */
static int
cmd_exit_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	if (s->depth == 0)
		s->quit = 1;
	return CMD_OK;
}

/* exit: up one level (deselect, then leave the mode). */
static void
cmd_exit_navigate(struct session *s, const struct args *args)
{
	mode_up(s);
}

/* home: back to the top level. */
static void
cmd_home_navigate(struct session *s, const struct args *args)
{
	mode_pop_to(s, 0);
}

/* quit: leave the shell. */
static int
cmd_quit_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	s->quit = 1;
	return CMD_OK;
}

/*
 * The object 'use WORD' selects, pushed to names: WORD, or the one name
 * of a node set that names exactly one object.  -1 with *cause set for
 * a node set of several names.
 */
static int
use_name(struct session *s, const struct obj_type *t, const char *cp,
    const char *word, struct strv *names, char **cause)
{
	if (view_get(s->store->staged, cp, word) != NULL ||
	    !nodeset_is_pattern(word)) {
		strv_push(names, word);
		return 0;
	}
	if (nodeset_expand(word, names, cause) != 0)
		return -1;
	if (names->n != 1) {
		*cause = xasprintf("'%s' is a node set of %zu names: 'use' "
		    "selects one %s (use 'foreach %s ( ... )' for several)",
		    word, names->n, t->name, word);
		return -1;
	}
	return 0;
}

/* use NAME: checks that the object exists (cmd_use_navigate selects it). */
static int
cmd_use_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct strv names = STRV_INIT;
	char *cp;
	int r = CMD_ERROR;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (use_name(s, t, cp, args->argv[1], &names, cause) == 0 &&
	    target_object(s, t, cp, names.v[0], cause) != NULL)
		r = CMD_OK;
	strv_release(&names);
	free(cp);
	return r;
}

/* use NAME: selects the object. */
static void
cmd_use_navigate(struct session *s, const struct args *args)
{
	const struct obj_type *t = session_frame(s)->type;
	struct strv names = STRV_INIT;
	char *cp = mode_collpath(s, s->depth), *e = NULL;

	if (cp && use_name(s, t, cp, args->argv[1], &names, &e) == 0)
		mode_select(s, names.v[0]);
	else
		mode_select(s, args->argv[1]);
	strv_release(&names);
	free(cp);
	free(e);
}

const struct cmd_entry cmd_exit_entry = {
	.name = "exit",
	.alias = "..",
	.min_args = 0,
	.max_args = 0,
	.usage = "exit",
	.help = "Go up one level (quits at the top)",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_exit_exec,
	.navigate = cmd_exit_navigate
};

const struct cmd_entry cmd_home_entry = {
	.name = "home",
	.alias = "/",
	.min_args = 0,
	.max_args = 0,
	.usage = "home",
	.help = "Go to the top level",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.navigate = cmd_home_navigate
};

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.min_args = 0,
	.max_args = 0,
	.usage = "quit",
	.help = "Leave the shell",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_quit_exec
};

const struct cmd_entry cmd_use_entry = {
	.name = "use",
	.min_args = 1,
	.max_args = 1,
	.usage = "use NAME",
	.help = "Select an object",
	.flags = CF_COLL | CF_NAV,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_use_exec,
	.navigate = cmd_use_navigate
};
