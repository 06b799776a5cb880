/*
 * fuzz_ini.c - libFuzzer target: the nova.conf editor (nova/ini.c) on any
 * bytes: parsing and rendering unchanged gives the same bytes back; every
 * managed option can be read, set (twice: the second edit changes
 * nothing) and removed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nova/ini.h"
#include "nova/novaopts.h"
#include "lib/strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const vals[] = { "{\"name\": \"a\"}", "b,c" };
	struct ini *ini = ini_parse((const char *)data, size);
	char *out, *out2;
	size_t len, len2;
	int rel = (int)(size % NOVA_NRELEASES);

	out = ini_render(ini, &len);
	if (len != size || (size && memcmp(out, data, size) != 0))
		abort();	/* not byte-preserving */
	free(out);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);
		struct strv sv = STRV_INIT;

		for (size_t i = 0; i < n; i++)
			ini_get(ini, &names[i], &sv);
		strv_release(&sv);
		ini_set(ini, nova_opt_name(o, rel), vals, 1 + (size & 1),
		    names, n);
	}
	out = ini_render(ini, &len);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);

		ini_set(ini, nova_opt_name(o, rel), vals, 1 + (size & 1),
		    names, n);
	}
	out2 = ini_render(ini, &len2);
	if (len != len2 || memcmp(out, out2, len) != 0)
		abort();	/* a second identical edit changed the file */
	free(out);
	free(out2);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);

		ini_set(ini, nova_opt_name(o, rel), NULL, 0, names, n);
	}
	free(ini_render(ini, NULL));
	ini_free(ini);
	return 0;
}
