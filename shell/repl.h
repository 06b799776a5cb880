/*
 * repl.h - running commands: lines (mode words, user aliases, commands
 * with their redirections, the undo of a failing command), and batch
 * input (stdin, -c, -f, run FILE) with its error rule.  The interactive
 * loop is in readline.h.
 */
#ifndef OCMSH_REPL_H
#define OCMSH_REPL_H

#include <stdio.h>

#include "shell/session.h"

/* Reports an error the way the current source wants it. */
void	repl_report(struct session *s, const char *msg);

/*
 * Runs batch input from f (named source for messages).  Returns the exit
 * status: 0, 1 (a command failed), 3 (input ended with
 * staged changes, which are discarded and named on stderr), 75 (a commit
 * was refused because of another session).
 */
int	repl_batch(struct session *s, FILE *f, const char *source);
/* The same for the text of -c. */
int	repl_batch_string(struct session *s, const char *text);
/*
 * Opens a command file (-f FILE, run FILE): a regular file or a pipe, as
 * fs_open_read() takes them.  NULL with *cause: "cannot open 'dir': is a
 * folder, not a file".
 */
FILE	*repl_open(const char *path, char **cause);
/*
 * Runs a command file inside a session (run FILE, start-up files).  A
 * failing command is reported (FILE:LINE) and the rest runs, keeping
 * what the others staged; with stop_on_error the first failure ends it
 * and comes back in *cause (-1).  Returns 0 otherwise, also when some
 * commands failed (they were reported and counted).  With argv (argc
 * words, possibly none), $1, ${1-default}... in its lines are replaced
 * (subst.h); with argv NULL nothing is.
 */
int	repl_run_file(struct session *s, const char *path, int argc,
	    char **argv, int stop_on_error, char **cause);
/*
 * 1 if text ends inside an open '(' (outside quotes): the command goes on
 * on the next line.
 */
int	repl_continues(const char *text);
/*
 * Runs one input line (which may hold several commands): mode words,
 * user aliases and commands, each with its redirection, and a failing
 * command's changes undone.  Returns CMD_OK, or CMD_ERROR with *cause set
 * for the first failing command; in batch with keep_going, each failing
 * command is reported at once, the rest of the line still runs, and
 * *cause stays NULL.
 */
int	session_run_line(struct session *s, const char *line, char **cause);

/*
 * Runs the words of one command (argv[0] is a command, a mode word or an
 * alias) with its body, as a line would run them: time and watch run
 * the command they are given this way.
 */
int	session_run_words(struct session *s, int argc, char **argv,
	    const char *body, char **cause);

/*
 * Runs commands parsed once with cmdline_parse() (foreach runs its body
 * this way for each object); the same rules as session_run_line().
 */
struct cmdlist;
int	session_run_cmdlist(struct session *s, struct cmdlist *cl,
	    char **cause);

/* Describes the staged changes ("device hyper01, flavor x"), or NULL. */
char	*repl_staged_summary(struct session *s);

#endif
