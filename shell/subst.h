/*
 * subst.h - the arguments of a script: $1, ${1} and ${1-default} in the
 * lines of a file run with `run FILE ARG...` or `ocmsh -f FILE ARG...`,
 * as cmsh's scripts take them.
 */
#ifndef OCMSH_SUBST_H
#define OCMSH_SUBST_H

#include "lib/strv.h"

/*
 * Replaces the script arguments in line: $N (one digit), ${N}, and
 * ${N-DEFAULT} (DEFAULT when argument N is missing or empty); $0 is the
 * script's name (args->v[0]), N >= 1 the arguments after it.  Nothing is
 * replaced inside single quotes, after a backslash or in a comment (a '#'
 * that starts a word, to the end of its line); any other '$' stays as it
 * is.  Returns the new line (caller frees), or NULL with *cause set when
 * an argument without a default is missing ("no argument $2 for this
 * script ...").
 */
char	*subst_args(const char *line, const struct strv *args, char **cause);

#endif
