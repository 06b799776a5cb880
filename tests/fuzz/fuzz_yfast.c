/*
 * fuzz_yfast.c - libFuzzer target: the fast reader (state/yaml_fast.c)
 * against libyaml on any bytes.  Whenever the fast reader takes a text,
 * libyaml must read it too, to the same tree (keys in the same order,
 * the same strings and nulls); the fast reader may give up on anything.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state/yaml_fast.h"
#include "state/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t flags = JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	    JSON_COMPACT;
	struct ymarks *marks = NULL;
	char *cause = NULL, *a, *b;
	json_t *fast, *slow;

	if ((fast = yaml_fast_load((const char *)data, size)) == NULL)
		return 0;
	/* with marks asked for, yaml_load_buf goes through libyaml */
	slow = yaml_load_buf("in", (const char *)data, size, &marks, &cause);
	if (slow == NULL) {
		fprintf(stderr, "the fast reader took what libyaml refuses: "
		    "%s\n", cause);
		abort();
	}
	a = json_dumps(fast, flags);
	b = json_dumps(slow, flags);
	if (strcmp(a, b) != 0) {
		fprintf(stderr, "fast: %s\nlibyaml: %s\n", a, b);
		abort();
	}
	free(a);
	free(b);
	json_decref(fast);
	json_decref(slow);
	ymarks_free(marks);
	return 0;
}
