/* value.c - the rules of each kind of value: kind_ops[]. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/scalar.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/provider.h"
#include "model/schema.h"
#include "model/view.h"

/* ---- parse: one word ---- */

/* Sets *cause to "invalid value 'word' for property 'p': why..." */
static json_t * PRINTFLIKE(4, 5)
refuse(const struct prop_def *p, const char *word, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("invalid value '%s' for property '%s': %s", word,
	    p->name, why);
	free(why);
	return NULL;
}

/* Any text (VK_STRING). */
static json_t *
parse_string(const struct prop_def *p, const char *word, char **cause)
{
	return json_string(word);
}

/* An object name (VK_REF): not empty; that it exists is checked later. */
static json_t *
parse_ref(const struct prop_def *p, const char *word, char **cause)
{
	if (*word == '\0') {
		*cause = xasprintf("invalid value '%s' for property '%s'",
		    word, p->name);
		return NULL;
	}
	return json_string(word);
}

/* An absolute path (VK_PATH). */
static json_t *
parse_path(const struct prop_def *p, const char *word, char **cause)
{
	if (word[0] != '/')
		return refuse(p, word, cause, "not an absolute path");
	return json_string(word);
}

/* An integer within [p->min, p->max] (VK_INT). */
static json_t *
parse_int(const struct prop_def *p, const char *word, char **cause)
{
	long long v;
	char *end;

	errno = 0;
	v = strtoll(word, &end, 10);
	if (*word == '\0' || *end != '\0' || errno == ERANGE ||
	    isspace((unsigned char)*word))
		return refuse(p, word, cause, "not an integer");
	if (v < p->min || v > p->max) {
		if (p->max == LLONG_MAX || p->max == INT_MAX)
			return refuse(p, word, cause, "must be at least %lld",
			    p->min);
		return refuse(p, word, cause, "must be from %lld to %lld",
		    p->min, p->max);
	}
	return json_integer(v);
}

/* A finite real number >= 0 (VK_FLOAT). */
static json_t *
parse_float(const struct prop_def *p, const char *word, char **cause)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(word, &end);
	if (*word == '\0' || *end != '\0' || errno == ERANGE ||
	    !isfinite(v) || v < 0)
		return refuse(p, word, cause, "not a non-negative number");
	return json_real(v);
}

/* yes/no, on/off, true/false, 1/0 in any case (VK_BOOL). */
static json_t *
parse_bool(const struct prop_def *p, const char *word, char **cause)
{
	static const char *const yes[] = { "yes", "on", "true", "1", NULL };
	static const char *const no[] = { "no", "off", "false", "0", NULL };

	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(word, yes[i]) == 0)
			return json_true();
		if (strcasecmp(word, no[i]) == 0)
			return json_false();
	}
	return refuse(p, word, cause, "not a boolean (yes/no, on/off, "
	    "true/false, 1/0)");
}

/* One of p->choices in any case, stored as the choice (VK_ENUM). */
static json_t *
parse_enum(const struct prop_def *p, const char *word, char **cause)
{
	struct strv sv = STRV_INIT;
	char *list;

	for (size_t i = 0; p->choices[i]; i++)
		if (strcasecmp(word, p->choices[i]) == 0)
			return json_string(p->choices[i]);
	for (size_t i = 0; p->choices[i]; i++)
		strv_push(&sv, p->choices[i]);
	list = strv_join(&sv, ", ");
	refuse(p, word, cause, "must be one of %s", list);
	free(list);
	strv_release(&sv);
	return NULL;
}

/* Four hex digits, "0x" allowed, stored lower-case (VK_HEX4). */
static json_t *
parse_hex4(const struct prop_def *p, const char *word, char **cause)
{
	const char *h = word;
	char buf[5];

	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	if (strlen(h) != 4 || !isxdigit((unsigned char)h[0]) ||
	    !isxdigit((unsigned char)h[1]) || !isxdigit((unsigned char)h[2]) ||
	    !isxdigit((unsigned char)h[3]))
		return refuse(p, word, cause, "not 4 hex digits");
	for (int i = 0; i < 4; i++)
		buf[i] = (char)tolower((unsigned char)h[i]);
	buf[4] = '\0';
	return json_string(buf);
}

/*
 * The rule of VK_JSONOBJ, for set and load alike: a JSON object whose
 * members are scalars or mappings of scalars.  0, or -1 with *at set to
 * the node to blame and *why to the reason.
 */
static int
check_jsonobj(const json_t *o, const json_t **at, char **why)
{
	const char *k, *k2;
	json_t *v, *x;

	*at = o;
	if (!json_is_object(o)) {
		*why = xstrdup("not a JSON object");
		return -1;
	}
	json_object_foreach((json_t *)o, k, v) {
		if (scalar_is(v))
			continue;
		*at = v;
		if (!json_is_object(v)) {
			*why = xasprintf("value of '%s' must be a scalar or a "
			    "mapping", k);
			return -1;
		}
		json_object_foreach(v, k2, x)
			if (!scalar_is(x)) {
				*at = x;
				*why = xasprintf("value of '%s' in '%s' must be "
				    "a scalar", k2, k);
				return -1;
			}
	}
	return 0;
}

/* A JSON object by the rule of check_jsonobj (VK_JSONOBJ). */
static json_t *
parse_jsonobj(const struct prop_def *p, const char *word, char **cause)
{
	json_error_t jerr;
	json_t *j = json_loads(word, JSON_REJECT_DUPLICATES, &jerr);
	const json_t *at;
	char *why;

	if (j == NULL)
		return refuse(p, word, cause, "bad JSON at column %d: %s",
		    jerr.column, jerr.text);
	if (check_jsonobj(j, &at, &why) != 0) {
		refuse(p, word, cause, "%s", why);
		free(why);
		json_decref(j);
		return NULL;
	}
	return j;
}

/* ---- load: a value read from the state file ---- */

/* Any scalar, by its text: what parse makes of it. */
static json_t *
load_text(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	char buf[SCALAR_TEXT_MAX];
	const char *s = scalar_text(y, buf);

	*at = y;
	return kind_ops[p->kind].parse(p, s ? s : "", cause);
}

/*
 * A string is kept when parse would make an equal string of it (which
 * saves a copy for most values of a large state): ok says so.
 */
static json_t *
load_keep_string(const struct prop_def *p, json_t *y, int ok,
    const json_t **at, char **cause)
{
	/* a NUL inside: parse cuts the string there */
	if (ok && json_is_string(y) &&
	    strlen(json_string_value(y)) == json_string_length(y))
		return json_incref(y);
	return load_text(p, y, at, cause);
}

/* VK_STRING: any text. */
static json_t *
load_string(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	return load_keep_string(p, y, 1, at, cause);
}

/* VK_REF: a name, not empty. */
static json_t *
load_ref(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	return load_keep_string(p, y, json_is_string(y) &&
	    *json_string_value(y) != '\0', at, cause);
}

/* VK_PATH: an absolute path. */
static json_t *
load_path(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	return load_keep_string(p, y, json_is_string(y) &&
	    *json_string_value(y) == '/', at, cause);
}

/* VK_INT: an integer within the bounds. */
static json_t *
load_int(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	if (json_is_integer(y) && json_integer_value(y) >= p->min &&
	    json_integer_value(y) <= p->max)
		return json_incref(y);
	return load_text(p, y, at, cause);
}

/* VK_FLOAT: a real >= 0. */
static json_t *
load_float(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	if (json_is_real(y) && json_real_value(y) >= 0)
		return json_incref(y);
	return load_text(p, y, at, cause);
}

/* VK_BOOL: a boolean, or a word parse takes for one. */
static json_t *
load_bool(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	if (json_is_boolean(y))
		return json_incref(y);
	return load_text(p, y, at, cause);
}

/* VK_JSONOBJ: a mapping, by the rule of check_jsonobj. */
static json_t *
load_jsonobj(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	char *why, *dump;

	if (!json_is_object(y)) {
		*at = y;
		*cause = xasprintf("elements of '%s' must be mappings",
		    p->name);
		return NULL;
	}
	if (check_jsonobj(y, at, &why) == 0)
		return json_incref(y);
	dump = json_dumps(y, JSON_COMPACT | JSON_PRESERVE_ORDER);
	refuse(p, dump ? dump : "?", cause, "%s", why);
	free(dump);
	free(why);
	return NULL;
}

/* ---- format ---- */

/* Any value by its JSON type, where a kind's own formatter does not fit. */
static char *
format_any(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return xstrdup(json_string_value(v));
	case JSON_INTEGER:
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL: {
		char *s = xasprintf("%.15g", json_real_value(v));

		if (strchr(s, '.') == NULL && strchr(s, 'e') == NULL) {
			char *t = xasprintf("%s.0", s);

			free(s);
			s = t;
		}
		return s;
	}
	case JSON_TRUE:
		return xstrdup("yes");
	case JSON_FALSE:
		return xstrdup("no");
	case JSON_NULL:
		return xstrdup("");
	default:
		return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
}

/* Text kinds (string, ref, path, enum, hex4): the text itself. */
static char *
format_text(const struct prop_def *p, const json_t *v)
{
	return json_is_string(v) ? xstrdup(json_string_value(v)) :
	    format_any(v);
}

/* VK_INT: decimal. */
static char *
format_int(const struct prop_def *p, const json_t *v)
{
	return json_is_integer(v) ? xasprintf("%" JSON_INTEGER_FORMAT,
	    json_integer_value(v)) : format_any(v);
}

/* VK_FLOAT: 15 significant digits, "1.0" rather than "1". */
static char *
format_float(const struct prop_def *p, const json_t *v)
{
	return format_any(v);
}

/* VK_BOOL: yes or no. */
static char *
format_bool(const struct prop_def *p, const json_t *v)
{
	return json_is_boolean(v) ? xstrdup(json_is_true(v) ? "yes" : "no") :
	    format_any(v);
}

/* VK_JSONOBJ: compact JSON in the object's own order. */
static char *
format_jsonobj(const struct prop_def *p, const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

/* ---- complete ---- */

/* VK_ENUM: the choices. */
static void
complete_enum(const struct prop_def *p, const struct compl_ctx *c,
    struct compl_out *out)
{
	for (size_t i = 0; p->choices[i]; i++)
		compl_out_add(out, p->choices[i], NULL);
}

/* VK_BOOL: yes and no. */
static void
complete_bool(const struct prop_def *p, const struct compl_ctx *c,
    struct compl_out *out)
{
	compl_out_add(out, "yes", NULL);
	compl_out_add(out, "no", NULL);
}

/* VK_REF: the names of the objects of a top-level type. */
static void
complete_ref(const struct prop_def *p, const struct compl_ctx *c,
    struct compl_out *out)
{
	const struct obj_type *t = type_find(p->ref);
	json_t *coll, *v;
	const char *k;

	if (t == NULL || t->parent != NULL)
		return;
	coll = view_coll(c->view, t->yaml_key);
	json_object_foreach(coll, k, v)
		compl_out_add(out, k, t->name);
}

/* clang-format off */
const struct kind_ops kind_ops[] = {
	[VK_STRING]  = { "string", 0, parse_string, load_string, format_text, NULL },
	[VK_INT]     = { "integer", 0, parse_int, load_int, format_int, NULL },
	[VK_FLOAT]   = { "real", 0, parse_float, load_float, format_float, NULL },
	[VK_BOOL]    = { "boolean", 0, parse_bool, load_bool, format_bool, complete_bool },
	[VK_ENUM]    = { "choice", 0, parse_enum, load_text, format_text, complete_enum },
	[VK_REF]     = { "reference", 0, parse_ref, load_ref, format_text, complete_ref },
	[VK_PATH]    = { "path", 0, parse_path, load_path, format_text, NULL },
	[VK_HEX4]    = { "hex4", 0, parse_hex4, load_text, format_text, NULL },
	[VK_JSONOBJ] = { "object", 1, parse_jsonobj, load_jsonobj, format_jsonobj, NULL },
};
/* clang-format on */
_Static_assert(sizeof kind_ops / sizeof kind_ops[0] == VK_NKINDS,
    "one kind_ops row per enum vkind");

json_t *
value_parse_one(const struct prop_def *p, const char *word, char **cause)
{
	return kind_ops[p->kind].parse(p, word, cause);
}
