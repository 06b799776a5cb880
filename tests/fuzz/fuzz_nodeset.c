/*
 * fuzz_nodeset.c - libFuzzer target: node-set expansion (shell/nodeset.c)
 * of any expression.  A file named by '^' would be read, so inputs
 * holding '^' are left out; so is anything that names more than 100,000
 * nodes, whose time is spent copying names, not parsing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nodeset.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A rough upper bound of the names an expression asks for. */
static double
guess_size(const char *s)
{
	double total = 1;
	const char *p;

	for (p = s; *p; p++)
		if (*p >= '0' && *p <= '9') {
			double v = strtod(p, NULL);

			if (v > 1)
				total *= v;
			while (p[1] >= '0' && p[1] <= '9')
				p++;
		}
	return total;
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = xstrndup((const char *)data, size), *cause = NULL;
	struct strv out = STRV_INIT;

	if (strchr(expr, '^') != NULL || guess_size(expr) > 1e5) {
		free(expr);
		return 0;
	}
	if (nodeset_expand(expr, &out, &cause) != 0) {
		if (cause == NULL || out.n != 0)
			abort();	/* errors say why and return nothing */
		free(cause);
	}
	(void)nodeset_is_pattern(expr);
	strv_release(&out);
	free(expr);
	return 0;
}
