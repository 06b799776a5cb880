/* test-sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors. */
#include <stdlib.h>
#include <string.h>

#include "lib/sha256.h"
#include "tests/unit/tap.h"

/* Hex digest of a finished context. */
static void
final_hex(struct sha256 *c, char hex[65])
{
	unsigned char md[32];
	int i;

	sha256_final(c, md);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
}

int
main(void)
{
	const char *two = "abcdbcdecdefdefgefghfghighijhijk"
	    "ijkljklmklmnlmnomnopnopq";
	const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklm"
	    "ghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[65], hex2[65];
	struct sha256 c;
	char *mil;
	size_t i, cut;
	int same;

	sha256_hex("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "\"abc\"");
	sha256_hex("", 0, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty string");
	sha256_hex(two, strlen(two), hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "448-bit two-block message");
	sha256_hex(four, strlen(four), hex);
	is_str(hex, "cf5b16a778af8380036ce59e7b0492370"
	    "b249b11e8f07a51afac45037afee9d1", "896-bit message");

	/* A million 'a's, fed in uneven pieces. */
	mil = malloc(1000000);
	memset(mil, 'a', 1000000);
	sha256_hex(mil, 1000000, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0", "one million 'a's");
	sha256_init(&c);
	for (i = 0; i < 1000000; i += 997)
		sha256_update(&c, mil + i, 1000000 - i < 997 ? 1000000 - i : 997);
	final_hex(&c, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0",
	    "one million 'a's in 997-byte pieces");
	free(mil);

	/* Every split of a 130-byte message gives the one-shot digest
	 * (exercises the partial-block paths and padding at 55/56/64). */
	same = 1;
	for (cut = 0; cut <= 130; cut++) {
		char msg[130];

		for (i = 0; i < sizeof msg; i++)
			msg[i] = (char)(i * 7 + 1);
		sha256_hex(msg, sizeof msg, hex);
		sha256_init(&c);
		sha256_update(&c, msg, cut);
		sha256_update(&c, msg + cut, sizeof msg - cut);
		final_hex(&c, hex2);
		if (strcmp(hex, hex2) != 0)
			same = 0;
	}
	ok(same, "split updates match one-shot hashing");

	/* Lengths around the padding boundary differ from each other. */
	sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaa", 55, hex);
	is_str(hex, "9f4390f8d30c2dd92ec9f095b65e2b9a"
	    "e9b0a925a5258e241c9f1e910f734318", "55 bytes (one block)");
	sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaa", 56, hex);
	is_str(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f"
	    "590ce20f1bde7090ef7970686ec6738a", "56 bytes (two blocks)");
	return done_testing();
}
