/* sbuf.c - growable NUL-terminated byte buffers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"

void
sbuf_init(struct sbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
sbuf_add(struct sbuf *sb, const void *data, size_t len)
{
	xgrow((void **)&sb->buf, &sb->cap, sb->len + len + 1, 1);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void
sbuf_addc(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void
sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sbuf_adds(sb, s);
	free(s);
}

void
sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void
sbuf_release(struct sbuf *sb)
{
	FREE_AND_NULL(sb->buf);
	sb->len = sb->cap = 0;
}

char *
sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p;

	if (sb->buf == NULL)
		sbuf_add(sb, "", 0);
	p = sb->buf;
	if (len)
		*len = sb->len;
	sbuf_init(sb);
	return p;
}
