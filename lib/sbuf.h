/* sbuf.h - a growable byte buffer, always NUL-terminated. */
#ifndef OCMSH_SBUF_H
#define OCMSH_SBUF_H

#include <stddef.h>

#include "lib/xalloc.h"

/* A growable byte buffer, always NUL-terminated. */
struct sbuf {
	char	*buf;	/* the bytes; NUL-terminated once anything is added */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* allocated */
};
#define SBUF_INIT { NULL, 0, 0 }

void	 sbuf_init(struct sbuf *sb);
void	 sbuf_add(struct sbuf *sb, const void *data, size_t len);
void	 sbuf_adds(struct sbuf *sb, const char *s);
void	 sbuf_addc(struct sbuf *sb, char c);
void	 sbuf_addf(struct sbuf *sb, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 sbuf_reset(struct sbuf *sb);	/* len = 0, keeps the memory */
void	 sbuf_release(struct sbuf *sb);
/* Returns the buffer (owned by the caller, never NULL) and empties sb. */
char	*sbuf_detach(struct sbuf *sb, size_t *len);

#endif
