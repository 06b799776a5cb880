/*
 * cmd.h - command records (SPEC section 2, "Commands").  One record per
 * command holds its name, alias, arity, usage, help, where it applies,
 * how its arguments complete, and its handler (tmux cmd_entry).
 */
#ifndef OCMSH_CMD_H
#define OCMSH_CMD_H

#include "shell/session.h"
#include "lib/strv.h"

#define CF_GLOBAL	0x01	/* everywhere */
#define CF_COLL		0x02	/* in collection modes */
#define CF_RECORD	0x04	/* in record modes (settings->compute) */
#define CF_NAV		0x08	/* navigating: a mode-word prefix moves */
#define CF_BODY		0x10	/* takes a ( ... ) body */
#define CF_HIDDEN	0x20	/* not listed by help */
#define CF_ANYRECORD	0x40	/* also in records without properties */
#define CF_SELECT	0x80	/* takes the mode's selectors as options */

/* How each positional argument completes (completion engine). */
enum argk {
	ARG_END = 0,
	ARG_OBJECT,		/* an object name of the mode */
	ARG_OBJECT_OR_PROP,	/* set/get/...: [NAME] PROP VALUE */
	ARG_PROP,
	ARG_VALUE,
	ARG_ADDTYPE,		/* add [TYPE] NAME */
	ARG_FILE,
	ARG_COMMAND,		/* help CMD */
	ARG_NONE,		/* free text */
	ARG_REPEAT = 0x100,	/* flag: the last kind repeats */
};

struct cmd_entry {
	const char	*name;
	const char	*alias;
	int		 min_args, max_args;	/* words after the name; -1 = any */
	const char	*usage;
	const char	*help;
	int		 flags;			/* CF_* */
	const int	*args;			/* enum argk list, ARG_END-ended */
	int		(*exec)(struct session *, int argc, char **argv,
			    const char *body, char **cause);
};

/* Generic commands, NULL-terminated (cmds_generic.c). */
extern const struct cmd_entry *const generic_cmds[];

/*
 * Finds the command for word in the current mode: the mode's extra
 * commands, then the collection/record commands, then the global ones.
 * NULL if none.
 */
const struct cmd_entry	*cmd_find(const struct session *s, const char *word);
/* Lists the commands available in the current mode (for help and
 * completion), sorted; appends names to out. */
void			 cmd_list(const struct session *s, struct strv *out,
			    int with_hidden);
/* 1 if entry applies in the current frame. */
int			 cmd_applies(const struct session *s,
			    const struct cmd_entry *ce);

/*
 * The selector of t that option word names ("-t" or "--type"), or NULL.
 * cmd_selector_owner() finds the type that has one, for messages.
 */
const struct selector	*cmd_selector(const struct obj_type *t,
			    const char *word);
const struct obj_type	*cmd_selector_owner(const char *word);
/* The usage of ce here, with the mode's selectors. Caller frees. */
char			*cmd_usage(const struct session *s,
			    const struct cmd_entry *ce);

/* Runs words (argv[0] is the command) with an optional body. *navigated
 * is set when the stack should stay where the command left it. */
int	cmd_run_words(struct session *s, int argc, char **argv,
	    const char *body, int *navigated, char **cause);

/* Object names of the current collection mode (staged), sorted. */
void	cmd_object_names(struct session *s, struct strv *out);

#endif
