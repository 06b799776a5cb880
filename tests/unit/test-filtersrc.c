/*
 * test-filtersrc.c - the filter module compiled into the binary must be
 * the .py file of the source tree, byte for byte.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nova/filtersrc.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"

/* Reads a whole file into a buffer; NULL (and errno) on error. */
static char *
slurp(const char *path, size_t *lenp)
{
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sbuf_add(&sb, buf, n);
	if (ferror(f)) {
		fclose(f);
		free(sb.buf);
		return NULL;
	}
	fclose(f);
	*lenp = sb.len;
	return sb.buf != NULL ? sb.buf : xstrdup("");
}

/* Returns the index of the first differing byte, or -1. */
static long
first_difference(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < alen && i < blen; i++)
		if (a[i] != b[i])
			return (long)i;
	return alen == blen ? -1 : (long)i;
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	char *path, *text;
	size_t len = 0;
	long diff;

	path = xasprintf("%s/nova/%s/%s", top ? top : ".",
	    OCMSH_FILTER_PACKAGE, OCMSH_FILTER_MODULE);
	text = slurp(path, &len);
	if (!ok(text != NULL, "read '%s'", path))
		printf("#   %s\n", strerror(errno));
	if (text == NULL) {
		free(path);
		return done_testing();
	}

	ok(len > 1000, "the module is not trivially short (%zu bytes)", len);
	is_int(ocmsh_filter_py_len, len, "embedded length equals file size");
	diff = first_difference(ocmsh_filter_py, ocmsh_filter_py_len,
	    text, len);
	if (!ok(diff == -1, "embedded text equals the file byte for byte"))
		printf("#   first difference at byte %ld\n", diff);
	ok(ocmsh_filter_py[ocmsh_filter_py_len] == '\0',
	    "embedded text is NUL-terminated");
	is_int(strlen(ocmsh_filter_py), ocmsh_filter_py_len,
	    "no NUL byte inside the module text");
	ok(strstr(ocmsh_filter_py, "class ReserveRamFilter(") != NULL,
	    "defines ReserveRamFilter");
	ok(strstr(ocmsh_filter_py, "class ReserveAggregateRamFilter(") != NULL,
	    "defines ReserveAggregateRamFilter");
	is_str(OCMSH_FILTER_CLASS_RESERVE,
	    "ocmsh_filters.reserve_ram_filter.ReserveRamFilter",
	    "class path of ReserveRamFilter");
	is_str(OCMSH_FILTER_CLASS_RESERVE_AGGREGATE,
	    "ocmsh_filters.reserve_ram_filter.ReserveAggregateRamFilter",
	    "class path of ReserveAggregateRamFilter");

	free(text);
	free(path);
	return done_testing();
}
