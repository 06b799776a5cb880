/* sha256.h - SHA-256 (FIPS 180-4), for the digests in the state's "written". */
#ifndef OCMSH_SHA256_H
#define OCMSH_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t	h[8];		/* chaining state */
	uint64_t	len;		/* bytes hashed so far */
	unsigned char	buf[64];	/* partial block */
	size_t		used;		/* bytes in buf */
};

void	sha256_init(struct sha256 *c);
void	sha256_update(struct sha256 *c, const void *data, size_t len);
void	sha256_final(struct sha256 *c, unsigned char out[32]);
/* Lower-case hex digest of data, 64 characters plus NUL, into hex. */
void	sha256_hex(const void *data, size_t len, char hex[65]);

#endif
