/*
 * follow.h - this machine's derived files (nova.conf, the filter module)
 * brought in line with the state as committed, once or each time the
 * state changes: how a second head node, or any machine that serves
 * images, follows the commits made elsewhere.
 */
#ifndef OCMSH_FOLLOW_H
#define OCMSH_FOLLOW_H

#include <stddef.h>

#include "state/store.h"

/*
 * Reads the newest state and writes each derived file under st->root
 * whose bytes differ from what the state renders (the state is the
 * authority here: managed values edited by hand are overwritten).
 * *nwritten gets the number of files written.  Returns 0, or -1 with
 * *cause.
 */
int	store_render(struct store *st, size_t *nwritten, char **cause);

/*
 * Renders, then waits for every later commit and renders again, for ever
 * (or until max commits were rendered, when max > 0).  report(arg, line)
 * hears one line per render and per lost or regained connection.  A lost
 * connection is retried every second, resuming from the last revision
 * seen.  Returns 0 after max commits, or -1 with *cause when rendering
 * fails.
 */
int	store_follow(struct store *st, long max,
	    void (*report)(void *arg, const char *line), void *arg,
	    char **cause);

#endif
