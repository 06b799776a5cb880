/*
 * readline.h - the interactive loop (readline.c, the only file that
 * includes Readline).
 */
#ifndef OCMSH_READLINE_H
#define OCMSH_READLINE_H

#include "shell/session.h"

/*
 * Reads and runs lines through Readline until quit or end of input,
 * asking before staged changes are discarded.  Returns the exit status.
 */
int	repl_interactive(struct session *s);

#endif
