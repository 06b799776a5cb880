/*
 * shape.c - a property's value as a whole: a scalar, a list or a map of
 * values of its kind (kind_ops[], value.c), as set parses it, the state
 * file holds it and show formats it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fsutil.h"
#include "lib/nodeset.h"
#include "lib/sbuf.h"
#include "lib/scalar.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"


/* Reads "@FILE" values: the file's text without its final newline. */
static char *
read_at_file(const struct prop_def *p, const char *word, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	const char *nul;
	char *e = NULL;

	if (fs_read_file(&sb, word + 1, 1 << 20, &e) != 0) {
		*cause = xasprintf("cannot read value '%s' for property "
		    "'%s': %s", word, p->name, e);
		free(e);
		sbuf_release(&sb);
		return NULL;
	}
	while (sb.len && (sb.buf[sb.len - 1] == '\n' ||
	    sb.buf[sb.len - 1] == '\r'))
		sb.buf[--sb.len] = '\0';
	/* the text rule's word for a NUL, which would cut the value */
	if (sb.len && (nul = memchr(sb.buf, '\0', sb.len)) != NULL) {
		char *shown = value_text_shown(word, strlen(word));

		*cause = xasprintf("invalid value '%s' for property '%s': "
		    "control character U+0000 at byte %zu", shown, p->name,
		    (size_t)(nul - sb.buf) + 1);
		free(shown);
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb, NULL);
}

/*
 * Refuses the key or value s (len bytes) of the map word by the text rule:
 * 0 when it obeys it.
 */
static int
map_text_refused(const struct prop_def *p, const char *word, const char *what,
    const char *s, size_t len, char **cause)
{
	char *why, *sw, *ss;

	if (value_text_check(s, len, &why) == 0)
		return 0;
	sw = value_text_shown(word, strlen(word));
	ss = value_text_shown(s, len);
	*cause = xasprintf("invalid value '%s' for property '%s': %s '%s': %s",
	    sw, p->name, what, ss, why);
	free(ss);
	free(sw);
	free(why);
	return -1;
}

/* Adds one JSON map value to out as text; -1 for nested values. */
static int
map_put_json(const struct prop_def *p, const char *word, json_t *out,
    const char *k, json_t *v, char **cause)
{
	char buf[64];

	if (map_text_refused(p, word, "key", k, json_object_iter_key_len(
	    json_object_key_to_iter(k)), cause) != 0)
		return -1;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (map_text_refused(p, word, "value", json_string_value(v),
		    json_string_length(v), cause) != 0)
			return -1;
		json_object_set(out, k, v);
		return 0;
	case JSON_INTEGER:
		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, sizeof buf, "true");
		break;
	case JSON_FALSE:
		snprintf(buf, sizeof buf, "false");
		break;
	default:
		*cause = xasprintf("invalid value '%s' for property '%s': "
		    "key '%s' holds a %s; map values must be strings, "
		    "numbers or booleans", word, p->name, k,
		    json_is_null(v) ? "null" : "nested value");
		return -1;
	}
	json_object_set_new(out, k, json_string(buf));
	return 0;
}

/* Adds the members of the JSON object word w to the map out. */
static int
map_add_json(const struct prop_def *p, const char *w, json_t *out,
    char **cause)
{
	json_error_t jerr;
	json_t *j = json_loads(w, JSON_REJECT_DUPLICATES, &jerr), *v;
	const char *k;

	if (j == NULL) {
		*cause = xasprintf("invalid JSON '%s' for property '%s' at "
		    "column %d: %s%s", w, p->name, jerr.column, jerr.text,
		    strchr(w, '"') ? "" : " (hint: the double quotes were "
		    "removed; escape them as \\\" or put the value in single "
		    "quotes)");
		return -1;
	}
	if (!json_is_object(j)) {
		*cause = xasprintf("invalid value '%s' for property '%s': not "
		    "a JSON object", w, p->name);
		json_decref(j);
		return -1;
	}
	json_object_foreach(j, k, v)
		if (map_put_json(p, w, out, k, v, cause) != 0) {
			json_decref(j);
			return -1;
		}
	json_decref(j);
	return 0;
}

/* Adds the word key=value to the map out. */
static int
map_add_word(const struct prop_def *p, const char *w, json_t *out,
    char **cause)
{
	const char *eq = strchr(w, '=');
	char *k, *why;

	if (value_text_check(w, strlen(w), &why) != 0) {
		char *shown = value_text_shown(w, strlen(w));

		*cause = xasprintf("invalid value '%s' for property '%s': %s",
		    shown, p->name, why);
		free(shown);
		free(why);
		return -1;
	}
	if (eq == NULL || eq == w) {
		*cause = xasprintf("invalid value '%s' for property '%s': "
		    "expected key=value or a JSON object", w, p->name);
		return -1;
	}
	k = xstrndup(w, (size_t)(eq - w));
	if (json_object_get(out, k) != NULL) {
		*cause = xasprintf("invalid value '%s' for property '%s': "
		    "duplicate key '%s'", w, p->name, k);
		free(k);
		return -1;
	}
	json_object_set_new(out, k, json_string(eq + 1));
	free(k);
	return 0;
}

json_t *
value_parse_map(const struct prop_def *p, char *const *words, int n,
    char **cause)
{
	json_t *out = json_object();

	for (int i = 0; i < n; i++) {
		int r = words[i][0] == '{' ?
		    map_add_json(p, words[i], out, cause) :
		    map_add_word(p, words[i], out, cause);

		if (r != 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* A scalar from its words: one, or several joined for a string. */
static json_t *
parse_scalar_words(const struct prop_def *p, char **w, int n, char **cause)
{
	struct strv sv = { w, (size_t)n, (size_t)n };
	char *joined;
	json_t *v;

	if (n == 0) {
		*cause = xasprintf("property '%s' needs a value", p->name);
		return NULL;
	}
	if (n > 1 && p->kind != VK_STRING) {
		*cause = xasprintf("property '%s' takes one value, got %d",
		    p->name, n);
		return NULL;
	}
	/* each word by the kind's rules, then the words as one */
	for (int i = 0; i < n; i++)
		if ((v = value_parse_one(p, w[i], cause)) == NULL)
			return NULL;
		else if (n == 1)
			return v;
		else
			json_decref(v);
	joined = strv_join(&sv, " ");
	v = json_string(joined);
	free(joined);
	return v;
}

/* Appends the objects of the JSON list word w to the list v. */
static int
list_add_json(const struct prop_def *p, const char *w, json_t *v,
    char **cause)
{
	json_error_t jerr;
	json_t *a = json_loads(w, 0, &jerr), *e, *x;
	const json_t *at;
	size_t j;

	if (a == NULL || !json_is_array(a)) {
		*cause = xasprintf("invalid value '%s' for property '%s': bad "
		    "JSON list", w, p->name);
		json_decref(a);
		return -1;
	}
	json_array_foreach(a, j, e) {
		if (!json_is_object(e)) {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': list elements must be JSON objects", w,
			    p->name);
			json_decref(a);
			return -1;
		}
		/* each element by the rule the state file's are read */
		if ((x = kind_ops[p->kind].load(p, e, &at, cause)) == NULL) {
			json_decref(a);
			return -1;
		}
		json_array_append_new(v, x);
	}
	json_decref(a);
	return 0;
}

/*
 * Appends the node names of the node set word w to the list v, each by
 * the kind's rules (a ^FILE may hold any bytes).
 */
static int
list_add_nodeset(const struct prop_def *p, const char *w, json_t *v,
    char **cause)
{
	struct strv names = STRV_INIT;
	json_t *e;
	int r = 0;

	if (nodeset_expand(w, &names, cause) != 0)
		r = -1;
	for (size_t j = 0; r == 0 && j < names.n; j++)
		if ((e = value_parse_one(p, names.v[j], cause)) != NULL)
			json_array_append_new(v, e);
		else
			r = -1;
	strv_release(&names);
	return r;
}

/*
 * The index of the first element of the list v equal to an earlier one,
 * or -1.  A short list by pairs; a long one with its strings in a hash
 * set (a list of node names may be long).
 */
static long
list_first_dup(const json_t *v)
{
	json_t *seen, *e;
	size_t i, j, n = json_array_size(v);
	long dup = -1;

	if (n <= 16) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (json_equal(json_array_get(v, i),
				    json_array_get(v, j)))
					return (long)i;
		return -1;
	}
	seen = json_object();
	json_array_foreach(v, i, e) {
		if (json_is_string(e) && strlen(json_string_value(e)) ==
		    json_string_length(e)) {
			if (json_object_get(seen, json_string_value(e))) {
				dup = (long)i;
				break;
			}
			json_object_set_new_nocheck(seen,
			    json_string_value(e), json_null());
			continue;
		}
		for (j = 0; j < i && dup < 0; j++)
			if (json_equal(json_array_get(v, j), e))
				dup = (long)i;
		if (dup >= 0)
			break;
	}
	json_decref(seen);
	return dup;
}

/*
 * The rule of a list that takes each value once (PROP_UNIQUE): -1 with
 * *cause and *dup (the index of the repeated element) when v repeats one.
 */
static int
list_check_unique(const struct prop_def *p, const json_t *v, size_t *dup,
    char **cause)
{
	long i;
	char *s;

	if (!(p->flags & PROP_UNIQUE) || (i = list_first_dup(v)) < 0)
		return 0;
	*dup = (size_t)i;
	s = kind_ops[p->kind].format(p, json_array_get(v, (size_t)i));
	*cause = xasprintf("'%s' is already in '%s' (it may appear only once)",
	    s, p->name);
	free(s);
	return -1;
}

/* A list from its words: each an element (or node set, or JSON list). */
static json_t *
parse_list_words(const struct prop_def *p, char **w, int n, char **cause)
{
	json_t *v = json_array(), *e;
	size_t dup;
	int r;

	for (int i = 0; i < n; i++) {
		if ((p->flags & PROP_NODESET) && nodeset_is_pattern(w[i]))
			r = list_add_nodeset(p, w[i], v, cause);
		else if (kind_ops[p->kind].mapping && w[i][0] == '[')
			r = list_add_json(p, w[i], v, cause);
		else if ((e = value_parse_one(p, w[i], cause)) != NULL)
			r = json_array_append_new(v, e);
		else
			r = -1;
		if (r != 0) {
			json_decref(v);
			return NULL;
		}
	}
	if (list_check_unique(p, v, &dup, cause) != 0)
		FREE_AND_NULL_JSON(v);
	return v;
}

json_t *
value_parse(const struct prop_def *p, char *const *words, int n,
    char **cause)
{
	char **w = xcalloc((size_t)n + 1, sizeof *w);
	json_t *v = NULL;
	int i;

	for (i = 0; i < n; i++) {
		if (words[i][0] == '@' && words[i][1] != '\0') {
			if ((w[i] = read_at_file(p, words[i], cause)) == NULL)
				goto out;
		} else
			w[i] = xstrdup(words[i]);
	}
	if (p->flags & (PROP_KEY | PROP_RO)) {
		*cause = xasprintf("property '%s' is read-only", p->name);
		goto out;
	}
	switch (p->shape) {
	case PS_SCALAR:
		v = parse_scalar_words(p, w, n, cause);
		break;
	case PS_LIST:
		v = parse_list_words(p, w, n, cause);
		break;
	case PS_MAP:
		v = value_parse_map(p, w, n, cause);
		break;
	}
	if (v && p->check && p->check(p, v, cause) != 0)
		FREE_AND_NULL_JSON(v);
out:
	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	return v;
}

/* One scalar or element y through its kind's load. */
static json_t *
load_one(const struct prop_def *p, json_t *y, struct value_at *at,
    char **cause)
{
	json_t *v;

	at->node = y;
	if ((v = kind_ops[p->kind].load(p, y, &at->node, cause)) == NULL &&
	    at->node != y)
		at->in = NULL;	/* inside y: a node of its own */
	return v;
}

/* Loads a list value: a sequence of scalars, or of a mapping kind's. */
static json_t *
load_list(const struct obj_type *t, const struct prop_def *p, json_t *y,
    struct value_at *at, char **cause)
{
	json_t *a, *e, *v;
	size_t i;

	if (!json_is_array(y)) {
		*cause = xasprintf("%s property '%s' must be a list", t->name,
		    p->name);
		return NULL;
	}
	a = json_array();
	json_array_foreach(y, i, e) {
		*at = (struct value_at){ e, y, NULL, i };
		if (!kind_ops[p->kind].mapping && (json_is_null(e) ||
		    !scalar_is(e))) {
			*cause = xasprintf("elements of '%s' must be scalars",
			    p->name);
			v = NULL;
		} else
			v = load_one(p, e, at, cause);
		if (v == NULL) {
			json_decref(a);
			return NULL;
		}
		json_array_append_new(a, v);
	}
	if (list_check_unique(p, a, &i, cause) != 0) {
		*at = (struct value_at){ json_array_get(y, i), y, NULL, i };
		FREE_AND_NULL_JSON(a);
	}
	return a;
}

/* Loads a map value: a mapping of scalars (null is ""). */
static json_t *
load_map(const struct obj_type *t, const struct prop_def *p, json_t *y,
    struct value_at *at, char **cause)
{
	json_t *m, *x, *v;
	const char *k;

	if (!json_is_object(y)) {
		*cause = xasprintf("%s property '%s' must be a mapping",
		    t->name, p->name);
		return NULL;
	}
	m = json_object();
	json_object_foreach(y, k, x) {
		size_t klen = json_object_iter_key_len(
		    json_object_key_to_iter(k));
		char *why;

		*at = (struct value_at){ x, y, k, 0 };
		if (value_text_check(k, klen, &why) != 0) {
			char *shown = value_text_shown(k, klen);

			*cause = xasprintf("invalid key '%s' in property '%s': "
			    "%s", shown, p->name, why);
			free(shown);
			free(why);
			v = NULL;
		} else if (json_is_null(x))
			v = json_string("");
		else if (scalar_is(x))
			v = load_one(p, x, at, cause);
		else {
			*cause = xasprintf("value of '%s' in '%s' must be a "
			    "scalar", k, p->name);
			v = NULL;
		}
		if (v == NULL) {
			json_decref(m);
			return NULL;
		}
		json_object_set_new(m, k, v);
	}
	return m;
}

json_t *
value_load(const struct obj_type *t, const struct prop_def *p, json_t *y,
    struct value_at *at, char **cause)
{
	json_t *v = NULL;

	*at = (struct value_at){ y, NULL, NULL, 0 };
	switch (p->shape) {
	case PS_SCALAR:
		if (scalar_is(y))
			v = load_one(p, y, at, cause);
		else
			*cause = xasprintf("%s property '%s' must be a single "
			    "value", t->name, p->name);
		break;
	case PS_LIST:
		v = load_list(t, p, y, at, cause);
		break;
	case PS_MAP:
		v = load_map(t, p, y, at, cause);
		break;
	}
	if (v && p->check && p->check(p, v, cause) != 0) {
		*at = (struct value_at){ y, NULL, NULL, 0 };
		FREE_AND_NULL_JSON(v);
	}
	return v;
}

json_t *
value_default(const struct prop_def *p)
{
	char *cause = NULL;
	json_t *v;

	if (p->def == NULL)
		return NULL;
	if (p->shape == PS_SCALAR)
		v = value_parse_one(p, p->def, &cause);
	else
		v = NULL;
	free(cause);
	return v;
}

char *
value_format(const struct prop_def *p, const json_t *v, const char *sep)
{
	struct sbuf sb = SBUF_INIT;
	json_t *def = NULL;
	char *s;

	if (v == NULL) {
		if ((def = value_default(p)) == NULL)
			return xstrdup("");
		v = def;
	}
	switch (p->shape) {
	case PS_SCALAR:
		s = kind_ops[p->kind].format(p, v);
		break;
	case PS_LIST: {
		size_t i;
		json_t *e;

		json_array_foreach(v, i, e) {
			if (i)
				sbuf_adds(&sb, sep);
			s = kind_ops[p->kind].format(p, e);
			sbuf_adds(&sb, s);
			free(s);
		}
		s = sbuf_detach(&sb, NULL);
		break;
	}
	case PS_MAP:
		s = json_object_size(v) ? json_dumps(v, JSON_COMPACT |
		    JSON_PRESERVE_ORDER) : xstrdup("");
		break;
	default:
		s = xstrdup("");
		break;
	}
	json_decref(def);
	return s;
}
