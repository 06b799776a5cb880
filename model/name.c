/*
 * name.c - the rule for object names, the same for add, clone, the state
 * file's loader and every import: a name must be addressable by every
 * command that takes names (so nothing in it may mean something else to
 * the command language or to node sets), and no two names of a
 * collection may differ only in case.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xalloc.h"
#include "model/schema.h"

/*
 * Characters that mean something anywhere in a word: the command
 * language's (blanks, ';', '(', ')', '|', '>', quotes, '\'), the path
 * separator, and node-set syntax ('[', ']', ',', and '^' which starts a
 * ^FILE).
 */
#define NAME_NOT_IN	";()|>\"'\\/[],^"
/*
 * Characters that mean something at the start of a word: '-' (an option,
 * or a node-set exclusion), '#' (a comment), '!' (a shell command), '@'
 * (a value read from a file).
 */
#define NAME_NOT_FIRST	"-#!@"

/* Why name (len bytes) breaks the syntax rule, or NULL (caller frees). */
static char *
name_syntax(const char *name, size_t len)
{
	char *why = NULL;

	if (len == 0)
		return xstrdup("a name may not be empty");
	if (value_text_check(name, len, &why) != 0)
		return why;
	if (strcmp(name, ".") == 0 || strcmp(name, "*") == 0)
		return xasprintf("'%s' is not allowed as a name", name);
	if (strchr(NAME_NOT_FIRST, name[0]) != NULL)
		return xasprintf("a name may not start with '%c'", name[0]);
	for (const char *c = name; *c; c++) {
		if (*c == ' ')
			return xstrdup("a blank is not allowed in a name");
		if (strchr(NAME_NOT_IN, *c) != NULL)
			return xasprintf("'%c' is not allowed in a name", *c);
	}
	if (strstr(name, "..") != NULL)
		return xstrdup("'..' is not allowed in a name");
	return NULL;
}

int
type_name_check(const struct obj_type *t, const char *name, size_t len,
    char **cause)
{
	const struct prop_def *key = type_key(t);
	char *why, *shown;
	json_t *v;
	int r;

	if ((why = name_syntax(name, len)) != NULL) {
		shown = value_text_shown(name, len);
		*cause = xasprintf("invalid %s name '%s': %s", t->name, shown,
		    why);
		free(shown);
		free(why);
		return -1;
	}
	if (key == NULL || key->check == NULL)
		return 0;
	/* the type's own rule on top */
	v = json_stringn(name, len);
	r = key->check(key, v, cause);
	json_decref(v);
	return r;
}

const char *
type_name_clash(const json_t *coll, const char *name)
{
	const char *k;
	json_t *o;

	json_object_foreach((json_t *)coll, k, o)
		if (strcasecmp(k, name) == 0 && strcmp(k, name) != 0)
			return k;
	return NULL;
}

/* name with ASCII letters lower-case (caller frees). */
static char *
name_folded(const char *name)
{
	char *f = xstrdup(name);

	for (char *c = f; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return f;
}

/* 1 if name has an ASCII capital. */
static int
name_has_capital(const char *name)
{
	for (; *name; name++)
		if (*name >= 'A' && *name <= 'Z')
			return 1;
	return 0;
}

int
type_names_clash(const json_t *coll, const char **a, const char **b)
{
	json_t *folded = NULL, *o;
	const char *k;
	int r = 0;

	/*
	 * Two names differ only in case when one has a capital; fold those
	 * and look for the folded form among all names (an all lower-case
	 * one) and among the folded ones.  Linear, and nothing to do for the
	 * usual collection without capitals.
	 */
	json_object_foreach((json_t *)coll, k, o) {
		char *f;
		json_t *prev;

		if (!name_has_capital(k))
			continue;
		f = name_folded(k);
		if (folded == NULL)
			folded = json_object();
		if ((prev = json_object_get(folded, f)) != NULL)
			*a = json_string_value(prev);
		else if (json_object_get(coll, f) != NULL)
			*a = f;
		else
			json_object_set_new_nocheck(folded, f,
			    json_string_nocheck(k));
		if (prev != NULL || json_object_get(coll, f) != NULL) {
			/* coll's own key, which outlives folded and f */
			*a = json_object_iter_key(json_object_iter_at(
			    (json_t *)coll, *a));
			*b = k;
			r = -1;
		}
		free(f);
		if (r != 0)
			break;
	}
	json_decref(folded);
	return r;
}
