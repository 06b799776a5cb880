/* base64.c - standard base64 (see base64.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/base64.h"
#include "lib/xalloc.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The base64 text of p (see base64.h). */
char *
base64_encode(const void *p, size_t len)
{
	const unsigned char *b = p;
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)b[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)b[i + 1] << 8;
		if (i + 2 < len)
			v |= b[i + 2];
		*o++ = alphabet[v >> 18 & 63];
		*o++ = alphabet[v >> 12 & 63];
		*o++ = i + 1 < len ? alphabet[v >> 6 & 63] : '=';
		*o++ = i + 2 < len ? alphabet[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

/* The value of one base64 digit, or -1 (a table: etcd's answers are
 * megabytes of base64, and a search per digit was a sixth of a load). */
static int
digit(char c)
{
	static signed char value[256];
	static int ready;

	if (!ready) {
		memset(value, -1, sizeof value);
		for (int i = 0; alphabet[i]; i++)
			value[(unsigned char)alphabet[i]] = (signed char)i;
		ready = 1;
	}
	return value[(unsigned char)c];
}

/* Decodes base64 text (see base64.h). */
char *
base64_decode(const char *s, size_t *len)
{
	return base64_decode_n(s, strlen(s), len);
}

char *
base64_decode_n(const char *s, size_t n, size_t *len)
{
	size_t pad = 0;
	char *out, *o;

	if (n % 4 != 0)
		return NULL;
	while (pad < 2 && n > pad && s[n - 1 - pad] == '=')
		pad++;
	out = o = xmalloc(n / 4 * 3 + 1);
	for (size_t i = 0; i < n; i += 4) {
		int d[4];
		unsigned v = 0;

		for (int k = 0; k < 4; k++) {
			d[k] = (i + k >= n - pad) ? 0 : digit(s[i + k]);
			if (d[k] < 0) {
				free(out);
				return NULL;
			}
			v = v << 6 | (unsigned)d[k];
		}
		*o++ = (char)(v >> 16);
		if (i + 4 < n || pad < 2)
			*o++ = (char)(v >> 8 & 255);
		if (i + 4 < n || pad < 1)
			*o++ = (char)(v & 255);
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}
