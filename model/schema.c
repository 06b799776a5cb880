/* schema.c - object type and property lookup. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/schema.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

const struct prop_def *
type_key(const struct obj_type *t)
{
	for (const struct prop_def *p = t->props; p->name; p++)
		if (p->flags & PROP_KEY)
			return p;
	return NULL;
}

const struct obj_type *
type_find(const char *name)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (strcmp(obj_types[i]->name, name) == 0)
			return obj_types[i];
	return NULL;
}

const struct obj_type *
type_find_mode(const char *mode)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (strcmp(obj_types[i]->mode, mode) == 0)
			return obj_types[i];
	return NULL;
}

int
type_is_separate(const struct obj_type *t)
{
	return t->layout == OT_COLLECTION;
}

const char *
type_label(const struct obj_type *t)
{
	return t->label ? t->label : t->name;
}

const struct prop_def *
prop_get(const struct obj_type *t, const char *name)
{
	for (const struct prop_def *p = t->props; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* Edit distance between two short strings, for "did you mean". */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row, best;

	if (la > 64 || lb > 64)
		return 99;
	row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0], tmp;

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev + (a[i - 1] != b[j - 1]);

			tmp = row[j];
			row[j] = sub;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			prev = tmp;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const struct prop_def *
prop_find(const struct obj_type *t, const char *word, int with_key,
    char **cause)
{
	const struct prop_def *found = NULL, *close = NULL;
	struct strv amb = STRV_INIT;
	size_t len = strlen(word), bestd = 3;

	/* the common case first: no edit distances (foreach runs this often) */
	for (const struct prop_def *p = t->props; p->name; p++)
		if ((!(p->flags & PROP_KEY) || with_key) &&
		    strcmp(p->name, word) == 0)
			return p;
	for (const struct prop_def *p = t->props; p->name; p++) {
		if ((p->flags & PROP_KEY) && !with_key)
			continue;
		if (len > 0 && strncmp(p->name, word, len) == 0) {
			found = p;
			strv_push(&amb, p->name);
		}
		size_t d = edit_distance(word, p->name);
		if (d < bestd) {
			bestd = d;
			close = p;
		}
	}
	if (amb.n == 1) {
		strv_release(&amb);
		return found;
	}
	if (amb.n > 1) {
		char *list = strv_join(&amb, ", ");

		*cause = xasprintf("ambiguous property '%s' for %s: %s", word,
		    t->name, list);
		free(list);
	} else if (close)
		*cause = xasprintf("unknown property '%s' for %s (did you mean "
		    "'%s'?)", word, t->name, close->name);
	else
		*cause = xasprintf("unknown property '%s' for %s", word,
		    t->name);
	strv_release(&amb);
	return NULL;
}
