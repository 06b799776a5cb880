/* strv.c - growable vectors of owned strings. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"

void
strv_init(struct strv *sv)
{
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

void
strv_push_nodup(struct strv *sv, char *s)
{
	xgrow((void **)&sv->v, &sv->cap, sv->n + 2, sizeof *sv->v);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strv_push(struct strv *sv, const char *s)
{
	strv_push_nodup(sv, xstrdup(s));
}

void
strv_pushf(struct strv *sv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strv_push_nodup(sv, xvasprintf(fmt, ap));
	va_end(ap);
}

void
strv_clear(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	sv->n = 0;
	if (sv->v)
		sv->v[0] = NULL;
}

void
strv_release(struct strv *sv)
{
	strv_clear(sv);
	FREE_AND_NULL(sv->v);
	sv->cap = 0;
}

/* qsort comparison for an array of strings. */
static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strv_sort(struct strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof *sv->v, strp_cmp);
}

void
strv_uniq(struct strv *sv)
{
	size_t i, j;

	if (sv->n < 2)
		return;
	for (i = 1, j = 1; i < sv->n; i++) {
		if (strcmp(sv->v[i], sv->v[j - 1]) == 0)
			free(sv->v[i]);
		else
			sv->v[j++] = sv->v[i];
	}
	sv->n = j;
	sv->v[j] = NULL;
}

int
strv_find(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (int)i;
	return -1;
}

char *
str_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

char *
strv_join(const struct strv *sv, const char *sep)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			sbuf_adds(&sb, sep);
		sbuf_adds(&sb, sv->v[i]);
	}
	return sbuf_detach(&sb, NULL);
}
