/*
 * base64.h - standard base64 (RFC 4648, with padding), as JSON gateways
 * carry bytes.
 */
#ifndef OCMSH_BASE64_H
#define OCMSH_BASE64_H

#include <stddef.h>

/* The base64 text of len bytes of p, NUL-terminated.  Caller frees. */
char	*base64_encode(const void *p, size_t len);
/*
 * Decodes the base64 text s (NUL-terminated) into a new buffer, NUL-
 * terminated after the *len bytes decoded.  NULL if s is not base64.
 * Caller frees.
 */
char	*base64_decode(const char *s, size_t *len);
/* The same for the n bytes of s. */
char	*base64_decode_n(const char *s, size_t n, size_t *len);

#endif
