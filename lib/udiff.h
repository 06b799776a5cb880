/* udiff.h - unified diffs of two texts, for commit --dry-run. */
#ifndef OCMSH_UDIFF_H
#define OCMSH_UDIFF_H

#include <stddef.h>

struct sbuf;



/*
 * Appends to out the unified diff (3 lines of context, "--- a/NAME" and
 * "+++ b/NAME" headers) turning a into b; nothing when they are equal.
 * Line-based, Myers' O((N+M)D) algorithm.
 */
void	udiff(const char *name, const char *a, size_t alen, const char *b,
	    size_t blen, struct sbuf *out);

#endif
