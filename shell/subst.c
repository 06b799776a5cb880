/* subst.c - the arguments of a script in its lines: $1, ${1-default}. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/subst.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"

/* 1 if c ends a word as the tokenizer splits them (a '#' after it
 * starts a comment). */
static int
word_break(char c)
{
	return strchr(" \t\r\v\f\n;()|>", c) != NULL;
}

/*
 * The reference at line[i] ('$'): its argument number in *n, its
 * default (or NULL) in *def and *deflen, its length in *len.  0 if it is
 * no reference ("$x", "${x}", "${1"), which stays as it is.
 */
static int
parse_ref(const char *line, size_t i, int *n, const char **def,
    size_t *deflen, size_t *len)
{
	const char *p = line + i + 1, *close;

	*def = NULL;
	*deflen = 0;
	if (*p >= '0' && *p <= '9') {
		*n = *p - '0';
		*len = 2;
		return 1;
	}
	if (*p != '{' || p[1] < '0' || p[1] > '9')
		return 0;
	*n = 0;
	for (p++; *p >= '0' && *p <= '9'; p++)
		*n = *n * 10 + (*p - '0');
	if ((close = strchr(p, '}')) == NULL || (*p != '}' && *p != '-' &&
	    strncmp(p, ":-", 2) != 0))
		return 0;
	if (*p != '}') {
		*def = p + (*p == ':' ? 2 : 1);
		*deflen = (size_t)(close - *def);
	}
	*len = (size_t)(close + 1 - (line + i));
	return 1;
}

/*
 * Appends the value of the reference at line[i] to sb, moving *i past
 * it.  -1 with *cause set for a missing argument without a default.
 */
static int
expand_ref(const char *line, size_t *i, const struct strv *args,
    struct sbuf *sb, char **cause)
{
	const char *def, *v;
	size_t deflen, len;
	int n;

	if (!parse_ref(line, *i, &n, &def, &deflen, &len)) {
		sbuf_addc(sb, line[(*i)++]);
		return 0;
	}
	v = (size_t)n < args->n ? args->v[n] : NULL;
	if ((v == NULL || *v == '\0') && def != NULL)
		sbuf_add(sb, def, deflen);
	else if (v != NULL)
		sbuf_adds(sb, v);
	else {
		*cause = xasprintf("no argument %.*s for this script (give it "
		    "after the file name, or a default: ${%d-VALUE})",
		    (int)len, line + *i, n);
		return -1;
	}
	*i += len;
	return 0;
}

char *
subst_args(const char *line, const struct strv *args, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	size_t i = 0;
	char q = 0;

	sbuf_add(&sb, "", 0);
	while (line[i] != '\0') {
		char c = line[i];

		if (q != '\'' && c == '\\' && line[i + 1] != '\0') {
			sbuf_add(&sb, line + i, 2);
			i += 2;
		} else if (q == 0 && c == '#' && (i == 0 ||
		    word_break(line[i - 1]))) {
			size_t end = i + strcspn(line + i, "\n");

			sbuf_add(&sb, line + i, end - i);
			i = end;
		} else if (c == '$' && q != '\'') {
			if (expand_ref(line, &i, args, &sb, cause) != 0) {
				sbuf_release(&sb);
				return NULL;
			}
		} else {
			if (c == '"' || c == '\'')
				q = q == 0 ? c : q == c ? 0 : q;
			sbuf_addc(&sb, c);
			i++;
		}
	}
	return sbuf_detach(&sb, NULL);
}
