/*
 * repl.h - reading commands: batch input (stdin, -c, -f, run FILE) with
 * the batch error rule of SPEC section 1, and the interactive loop.
 */
#ifndef OCMSH_REPL_H
#define OCMSH_REPL_H

#include <stdio.h>

#include "shell/session.h"

/* Reports an error the way the current source wants it. */
void	repl_report(struct session *s, const char *msg);

/*
 * Runs batch input from f (named source for messages).  Returns the exit
 * status of SPEC section 1: 0, 1 (a command failed), 3 (input ended with
 * staged changes, which are discarded and named on stderr), 75 (a commit
 * was refused because of another session).
 */
int	repl_batch(struct session *s, FILE *f, const char *source);
/* The same for the text of -c. */
int	repl_batch_string(struct session *s, const char *text);
/* Runs a command file inside a session (run FILE, start-up files). */
int	repl_run_file(struct session *s, const char *path, int stop_on_error,
	    char **cause);
/* The interactive loop through Readline. Returns the exit status. */
int	repl_interactive(struct session *s);

/* Describes the staged changes ("device hyper01, flavor x"), or NULL. */
char	*repl_staged_summary(struct session *s);

#endif
