/*
 * complete.h - the completion engine (SPEC section 8).  No Readline in
 * here: it takes a line and a cursor position and returns candidates,
 * reading the staged state and never changing it (it works on a copy of
 * the mode stack).
 */
#ifndef OCMSH_COMPLETE_H
#define OCMSH_COMPLETE_H

#include <stddef.h>

#include "session.h"
#include "xmalloc.h"

/*
 * Candidates for the word that ends at point in line, sorted and
 * de-duplicated; each is the whole word as it should read after
 * completion.  If helps is not NULL it receives, for each candidate, a
 * one-line description (for '?').  *word_start is set to the byte offset
 * where the word being completed starts.
 */
void	compl_line(struct session *s, const char *line, size_t point,
	    struct strv *out, struct strv *helps, size_t *word_start);

/* --complete LINE: prints the candidates one per line; returns 0. */
int	complete_print(struct session *s, const char *line);

#endif
