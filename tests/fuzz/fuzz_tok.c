/*
 * fuzz_tok.c - libFuzzer target: the tokenizer and command-line parser
 * (shell/tok.c) on any line; a word quoted by tok_quote() splits back to
 * itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shell/tok.h"
#include "lib/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = xstrndup((const char *)data, size), *cause = NULL;
	struct cmdlist cl;
	struct tokv tv;

	cmdlist_init(&cl);
	if (cmdline_parse(line, &cl, &cause) != 0)
		free(cause);
	cmdlist_release(&cl);

	tokv_init(&tv);
	if (tok_split(line, &tv, &cause) != 0)
		FREE_AND_NULL(cause);
	tokv_release(&tv);

	tokv_init(&tv);
	tok_split_partial(line, &tv);
	tokv_release(&tv);

	/* the whole input as one word survives quoting */
	if (strchr(line, '\n') == NULL) {
		char *q = tok_quote(line);

		tokv_init(&tv);
		if (tok_split(q, &tv, &cause) != 0 || tv.n != 1 ||
		    strcmp(tv.v[0].text, line) != 0)
			abort();
		tokv_release(&tv);
		free(q);
	}
	free(line);
	return 0;
}
