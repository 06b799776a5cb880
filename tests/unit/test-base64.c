/* test-base64.c - base64 against RFC 4648's vectors, round trips of every
 * length and byte, and the texts the decoder must refuse. */
#include <stdlib.h>
#include <string.h>

#include "lib/base64.h"
#include "tests/unit/tap.h"

int
main(void)
{
	static const char *const vec[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const char *const bad[] = { "Zg=", "Zm9v!A==", "Zm 9v",
	    "Zg\x80=", "====", "Zg==Zg==", "-_==" };
	unsigned char buf[300];
	int roundtrips = 1;

	for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		char *e = base64_encode(vec[i][0], strlen(vec[i][0]));
		size_t n = 99;
		char *d = base64_decode(vec[i][1], &n);

		ok(strcmp(e, vec[i][1]) == 0, "encode '%s'", vec[i][0]);
		ok(d && n == strlen(vec[i][0]) &&
		    memcmp(d, vec[i][0], n) == 0, "decode '%s'", vec[i][1]);
		free(e);
		free(d);
	}
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 151 + 7);
	for (size_t len = 0; len <= sizeof buf; len++) {
		char *e = base64_encode(buf, len);
		size_t n = 0;
		char *d = base64_decode(e, &n);

		if (!d || n != len || memcmp(d, buf, len) != 0)
			roundtrips = 0;
		free(e);
		free(d);
	}
	ok(roundtrips, "every length 0..300 and every byte value round-trips");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n;
		char *d = base64_decode(bad[i], &n);

		ok(d == NULL, "refused: '%s'", bad[i]);
		free(d);
	}
	return done_testing();
}
