/*
 * cmd.h - command records.  One record per command holds its name,
 * alias, arity, options, usage, help, where it applies, how its
 * arguments complete, its handler and how it moves the mode stack (tmux
 * cmd_entry, with tmux's args template).  The shared commands are in
 * shell/cmd-*.c, a mode's own in its type's extra list (modules/).
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

#define CF_OPTNAMED	0x100	/* option errors name the command:
					   "unknown run option '-z'" */
#define CF_ADDARG	0x200	/* usage ends with the mode's add
					   argument: "add [TYPE] NAME [IP]" */
#define CF_OPTSFIRST	0x400	/* options only before the first
					   positional word: the rest are
					   words (run FILE ARG..., time CMD) */
#define CF_TOP		0x800	/* at the top level only (applies
					   there, listed in help's Top) */
#define CF_RANGE	0x1000	/* in a range, runs for each of its
					   objects (get, set, show...) */
#define CF_ARGV		0x2000	/* may be given as the program's
					   arguments: ocmsh render */

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
	ARG_OBJECT_OR_ALL,	/* an object name, or * for all of them */
	ARG_REF,		/* an object of the type cmd_entry.ref */
	ARG_ALIAS,		/* a user alias */
	ARG_CMDLINE,		/* the rest is a command (time CMD) */
	ARG_BOOKMARK,		/* a bookmark name, or - */
	ARG_ONOFF,		/* on or off (color) */
	ARG_COLUMNS,		/* a list format: name:20,vcpus:[4-8] */
	ARG_FIELD,		/* a property name of the mode, key included */
	ARG_REPEAT = 0x100,	/* flag: the last kind repeats */
};

/* What an option's argument is, for parsing and completion. */
enum opt_kind {
	OPT_FLAG,		/* none */
	OPT_STRING,		/* any word */
	OPT_FILE,		/* a file name (an empty word is refused) */
	OPT_NODES,		/* a node set of the mode's objects */
	OPT_COLUMNS,		/* properties, comma-separated (list -f) */
	OPT_DELIM,		/* a delimiter, or {} for JSON */
	OPT_OBJECT,		/* an object of the mode */
	OPT_ADDTYPE,		/* an add TYPE of the mode (or its name) */
};

#define OPT_ONCE	0x01	/* given twice is an error */
#define OPT_LONGNAME	0x02	/* completion offers --name rather than -c */

/*
 * One option of a command (tmux's args template): -ch and --name, both
 * usable.  A template is ended by a row without ch and name.
 */
struct cmd_opt {
	char		 ch;		/* the letter of -c, or 0 */
	const char	*name;		/* --name, without "--"; or NULL */
	enum opt_kind	 kind;
	int		 flags;		/* OPT_* */
	const char	*arg;		/* "option '-F' needs ARG"; NULL:
					   "a value" */
	const char	*help;		/* one line for completion; NULL: not
					   offered */
};

/* One option as given on the command line. */
struct args_opt {
	const struct cmd_opt	*opt;	/* the template's row, or NULL */
	const struct selector	*sel;	/* or the mode's selector */
	const char		*word;	/* as typed: "-f", "--format" */
	const char		*value;	/* its argument (NULL for a flag) */
};

/* A command's words, parsed by args_parse(). */
struct args {
	int		 argc;		/* positional words; argv[0] is the */
	char		**argv;		/* command; NULL-terminated; the words
					   are borrowed */
	struct args_opt	*opts;		/* options in the order given */
	size_t		 nopts;
};

struct cmd_entry {
	const char	*name;
	const char	*alias;
	int		 min_args, max_args;	/* words after the name;
						   -1 = any */
	const struct cmd_opt *opts;		/* options, or NULL */
	const char	*usage;
	const char	*help;
	int		 flags;			/* CF_* */
	const int	*args;			/* enum argk list, ended by
						   ARG_END */
	const char	*ref;			/* ARG_REF: a type's name */
	/* runs the command; NULL: nothing to run */
	int		(*exec)(struct session *, const struct args *,
			    const char *body, char **cause);
	/*
	 * After exec succeeds: moves the mode stack as the command does
	 * (use selects, exit goes up, ...).  It only moves the stack and
	 * never fails, so completion runs it on its scratch copy to follow
	 * the earlier commands of a line.  NULL: the stack stays.
	 */
	void		(*navigate)(struct session *, const struct args *);
};

/*
 * Splits the words of ce (argv[0] is the command) into options and
 * positional words: ce's template, and the mode's selectors when ce
 * takes them.  Options may come anywhere (with CF_OPTSFIRST, only
 * before the first positional word); in a command that takes none,
 * and for "-" alone, a word that starts with '-' is a positional word.  A
 * command with options and no positional arguments takes no other words.
 * Returns -1 with *cause set ("unknown option '-z'", "option '-f' needs
 * a value", "option '-c' works in device mode only"); a is then empty.
 */
int	args_parse(const struct session *s, const struct cmd_entry *ce,
	    int argc, char **argv, struct args *a, char **cause);
void	args_release(struct args *a);
/* 1 if option ch was given. */
int	args_has(const struct args *a, char ch);
/* The value of the last option ch given, or NULL. */
const char *args_get(const struct args *a, char ch);
/*
 * 1 if word is one of ce's options here (filling *o, whose value is not
 * set), else 0.  For completion.
 */
int	args_find(const struct session *s, const struct cmd_entry *ce,
	    const char *word, struct args_opt *o);

/* The commands every mode shares, NULL-terminated (cmd.c). */
extern const struct cmd_entry *const cmd_table[];

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

/* The usage of ce here, with the mode's selectors. Caller frees. */
char			*cmd_usage(const struct session *s,
			    const struct cmd_entry *ce);
/*
 * Appends the objects of the current frame's range to out, named again
 * from its words (cmd-range.c): nothing without a range.  -1 with *cause
 * set when a name no longer exists.
 */
int	range_objects(struct session *s, struct strv *out, char **cause);
/*
 * Prints help on ce here in cmsh's layout: "Name: ...", "Usage: ...",
 * then "Options:" with each option and its help (cmd-help.c).
 */
void	cmd_help_print(struct session *s, const struct cmd_entry *ce);
/*
 * Prints "Parameters:" and the properties of the current mode that can
 * be set, one a line, as help does (a bare 'set').
 */
void	cmd_help_params(struct session *s);

/*
 * Moves s's mode stack as command ce with words argv (argv[0] is the
 * command) would, without running it: ce's navigate hook, when the words
 * fit ce.  Returns 1 if the stack moved that way.
 */
int	cmd_navigate(struct session *s, const struct cmd_entry *ce, int argc,
	    char **argv);

/*
 * Runs command ce with its words (argv[0] is the command word) and an
 * optional body: checks the number of words and the body, parses the
 * options, runs exec and then navigate.  *navigated is set for a command
 * that navigates (CF_NAV), whose stack stays where it left it after a
 * mode word.  Returns CMD_OK or CMD_ERROR with *cause set.
 */
int	cmd_exec(struct session *s, const struct cmd_entry *ce, int argc,
	    char **argv, const char *body, int *navigated, char **cause);
/*
 * The error for a word that is no command here, saying where it works
 * ("'lspci' works in device mode only: type 'device lspci'").  Caller
 * frees.
 */
char	*cmd_unknown(const struct session *s, const char *word);

#endif
