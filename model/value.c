/* value.c - the rules of each kind of value: kind_ops[]. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sbuf.h"
#include "lib/scalar.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/provider.h"
#include "model/schema.h"
#include "model/view.h"

/* ---- text: the rule every text in a value obeys ---- */

/*
 * The length of the UTF-8 sequence at u[0] (len bytes left), its code
 * point in *cp; 0 when it is not UTF-8 (a stray or missing continuation
 * byte, an overlong form, a surrogate, beyond U+10FFFF).
 */
static size_t
utf8_next(const unsigned char *u, size_t len, unsigned *cp)
{
	size_t n;
	unsigned c = u[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* 1 if the code point may not stand in a text: see value_text_check. */
static int
text_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029;
}

/*
 * 1 if the 8 bytes at u are printable ASCII (0x20 to 0x7e): none has the
 * high bit, none is below 0x20, none is 0x7f (a byte-wise test on one
 * word; a borrow can only start at a byte that fails).
 */
static int
text_ascii8(const unsigned char *u)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t w, del;

	memcpy(&w, u, sizeof w);
	del = w ^ (ones * 0x7f);
	return ((w | ((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) &
	    high) == 0;
}

int
value_text_check(const char *s, size_t len, char **why)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	size_t i = 0, n;

	/* the usual text is printable ASCII: a word at a time */
	while (i + 8 <= len && text_ascii8(u + i))
		i += 8;
	while (i < len) {
		if ((unsigned char)(u[i] - 0x20) < 0x5f) {
			i++;
			continue;
		}
		if ((n = utf8_next(u + i, len - i, &cp)) == 0) {
			if (why)
				*why = xasprintf("not valid UTF-8 at byte %zu",
				    i + 1);
			return -1;
		}
		if (text_control(cp)) {
			if (why)
				*why = xasprintf("%s U+%04X at byte %zu",
				    cp >= 0x2028 ? "line separator" :
				    "control character", cp, i + 1);
			return -1;
		}
		i += n;
	}
	return 0;
}

char *
value_text_shown(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	struct sbuf sb = SBUF_INIT;
	unsigned cp;
	size_t i = 0, n;

	sbuf_add(&sb, "", 0);
	while (i < len) {
		if ((n = utf8_next(u + i, len - i, &cp)) == 0)
			n = 1, cp = 0;		/* shown as \xNN */
		if (text_control(cp))
			for (size_t k = 0; k < n; k++)
				sbuf_addf(&sb, "\\x%02x", u[i + k]);
		else
			sbuf_add(&sb, s + i, n);
		i += n;
	}
	return sbuf_detach(&sb, NULL);
}

char *
value_text_clean(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	struct sbuf sb = SBUF_INIT;
	unsigned cp;
	size_t i = 0, n;

	sbuf_add(&sb, "", 0);
	while (i < len) {
		if ((n = utf8_next(u + i, len - i, &cp)) == 0)
			n = 1, cp = 0;
		if (text_control(cp))
			sbuf_adds(&sb, "\xef\xbf\xbd");	/* U+FFFD */
		else
			sbuf_add(&sb, s + i, n);
		i += n;
	}
	return sbuf_detach(&sb, NULL);
}

/* ---- parse: one word ---- */

/* Sets *cause to "invalid value 'word' for property 'p': why..." */
static json_t * PRINTFLIKE(4, 5)
refuse(const struct prop_def *p, const char *word, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	char *why, *shown = value_text_shown(word, strlen(word));

	va_start(ap, fmt);
	why = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("invalid value '%s' for property '%s': %s", shown,
	    p->name, why);
	free(shown);
	free(why);
	return NULL;
}

/*
 * Refuses s (len bytes, maybe holding NUL) by the text rule for p, with
 * word as the value named; 0 when s obeys it.
 */
static int
text_refused(const struct prop_def *p, const char *word, const char *s,
    size_t len, char **cause)
{
	char *why;

	if (value_text_check(s, len, &why) == 0)
		return 0;
	if (word == NULL) {
		char *shown = value_text_shown(s, len);

		*cause = xasprintf("invalid value '%s' for property '%s': %s",
		    shown, p->name, why);
		free(shown);
	} else
		refuse(p, word, cause, "%s", why);
	free(why);
	return -1;
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

/* 1 if path has a ".." component. */
static int
path_has_dotdot(const char *path)
{
	for (const char *c = path; (c = strstr(c, "..")) != NULL; c += 2)
		if ((c == path || c[-1] == '/') && (c[2] == '/' ||
		    c[2] == '\0'))
			return 1;
	return 0;
}

/*
 * An absolute path without a ".." component (VK_PATH): paths are taken
 * below a root, which ".." would leave.
 */
static json_t *
parse_path(const struct prop_def *p, const char *word, char **cause)
{
	if (word[0] != '/')
		return refuse(p, word, cause, "not an absolute path");
	if (path_has_dotdot(word))
		return refuse(p, word, cause, "'..' is not allowed in a path");
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
 * The text rule for a member's key k and, when a string, its value v: 0,
 * or -1 with *why.
 */
static int
check_member_text(const char *k, const json_t *v, char **why)
{
	size_t klen = json_object_iter_key_len(json_object_key_to_iter(k));
	char *w, *shown;

	if (value_text_check(k, klen, &w) != 0) {
		shown = value_text_shown(k, klen);
		*why = xasprintf("key '%s': %s", shown, w);
	} else if (json_is_string(v) && value_text_check(json_string_value(v),
	    json_string_length(v), &w) != 0) {
		shown = value_text_shown(json_string_value(v),
		    json_string_length(v));
		*why = xasprintf("value '%s' of '%s': %s", shown, k, w);
	} else
		return 0;
	free(shown);
	free(w);
	return -1;
}

/*
 * The rule of VK_JSONOBJ, for set and load alike: a JSON object whose
 * members are scalars or mappings of scalars, its keys and strings by the
 * text rule.  0, or -1 with *at set to the node to blame and *why to the
 * reason.
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
		*at = json_is_string(v) ? v : o;
		if (check_member_text(k, v, why) != 0)
			return -1;
		if (scalar_is(v))
			continue;
		*at = v;
		if (!json_is_object(v)) {
			*why = xasprintf("value of '%s' must be a scalar or a "
			    "mapping", k);
			return -1;
		}
		json_object_foreach(v, k2, x) {
			*at = json_is_string(x) ? x : v;
			if (check_member_text(k2, x, why) != 0)
				return -1;
			if (!scalar_is(x)) {
				*at = x;
				*why = xasprintf("value of '%s' in '%s' must be "
				    "a scalar", k2, k);
				return -1;
			}
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
	const char *s;

	*at = y;
	/*
	 * The text rule on all of a string (a NUL inside would cut the word
	 * parse sees); the text of a number or boolean obeys it.
	 */
	if (json_is_string(y) && text_refused(p, NULL, json_string_value(y),
	    json_string_length(y), cause) != 0)
		return NULL;
	s = scalar_text(y, buf);
	return kind_ops[p->kind].parse(p, s ? s : "", cause);
}

/*
 * A string is kept when parse would make an equal string of it (which
 * saves a copy for most values of a large state): ok says so, and the
 * text rule.
 */
static json_t *
load_keep_string(const struct prop_def *p, json_t *y, int ok,
    const json_t **at, char **cause)
{
	if (ok && json_is_string(y) && value_text_check(json_string_value(y),
	    json_string_length(y), NULL) == 0)
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

/* VK_PATH: an absolute path without "..". */
static json_t *
load_path(const struct prop_def *p, json_t *y, const json_t **at,
    char **cause)
{
	return load_keep_string(p, y, json_is_string(y) &&
	    *json_string_value(y) == '/' &&
	    !path_has_dotdot(json_string_value(y)), at, cause);
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
	/* a mapping kind's word is JSON: its strings are checked inside */
	if (!kind_ops[p->kind].mapping && text_refused(p, word, word,
	    strlen(word), cause) != 0)
		return NULL;
	return kind_ops[p->kind].parse(p, word, cause);
}
