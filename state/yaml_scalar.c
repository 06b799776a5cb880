/*
 * yaml_scalar.c - the rules for writing a scalar that the libyaml
 * emitter, the fast writer and the fast reader share: when a string may
 * be written plain, and when a collection is written in flow style.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "lib/xalloc.h"
#include "state/yaml_scalar.h"

/* Case-insensitive equality of s (length len) and the word w. */
static int
word_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

/*
 * Whether a YAML 1.1 or 1.2 reader could take the plain scalar s for
 * something other than a string: null, a boolean, a number (any base,
 * with "_" or ":" separators), infinity, NaN, a timestamp, or the 1.1
 * merge and value keys.  Errs on the side of yes.
 */
static int
looks_typed(const char *s, size_t len)
{
	static const char *const words[] = {
		"~", "null", "y", "n", "yes", "no", "on", "off", "true",
		"false", "=", "<<", ".inf", ".nan"
	};
	size_t i;

	if (len == 0)
		return 1;
	/* every word above starts with one of these (most strings do not) */
	if (len <= 5 && strchr("~nNyYoOtTfF=<.", s[0]) != NULL)
		for (i = 0; i < ARRAY_SIZE(words); i++)
			if (word_is(s, len, words[i]))
				return 1;
	if (s[0] == '-' || s[0] == '+') {
		s++;
		len--;
	}
	if (len == 0)
		return 0;
	if (word_is(s, len, ".inf"))
		return 1;
	/* Anything starting like a number: 1, 0x1f, 1_000, 1:30, 2001-12-14. */
	if (s[0] >= '0' && s[0] <= '9')
		return 1;
	return s[0] == '.' && len > 1 && s[1] >= '0' && s[1] <= '9';
}

/* Classes of the printable bytes, for yaml_plain_syntax_ok(). */
enum {
	PC_FIRST = 1,	/* an indicator: not first */
	PC_FLOW = 2,	/* not in flow context */
	PC_LOOK = 4,	/* ':' and '#': it depends on the neighbours */
};
static const unsigned char plain_class[128] = {
	[' '] = PC_FIRST, ['-'] = PC_FIRST, ['?'] = PC_FIRST,
	[':'] = PC_FIRST | PC_LOOK, ['#'] = PC_FIRST | PC_LOOK,
	[','] = PC_FIRST | PC_FLOW, ['['] = PC_FIRST | PC_FLOW,
	[']'] = PC_FIRST | PC_FLOW, ['{'] = PC_FIRST | PC_FLOW,
	['}'] = PC_FIRST | PC_FLOW, ['&'] = PC_FIRST, ['*'] = PC_FIRST,
	['!'] = PC_FIRST, ['|'] = PC_FIRST, ['>'] = PC_FIRST,
	['\''] = PC_FIRST, ['"'] = PC_FIRST, ['%'] = PC_FIRST,
	['@'] = PC_FIRST, ['`'] = PC_FIRST,
};

/*
 * Whether the text s reads back as itself when written as a plain scalar
 * (see yaml_scalar.h).  Conservative: when in doubt, no.
 */
int
yaml_plain_syntax_ok(const char *s, size_t len, int flow)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (len == 0 || (p[0] < 0x80 && (plain_class[p[0]] & PC_FIRST)))
		return 0;
	if (p[len - 1] == ' ' || p[len - 1] == ':')
		return 0;
	if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c;

		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;	/* a control character, tab included */
		if (p[i] >= 0x80 ||
		    !((c = plain_class[p[i]]) & (PC_FLOW | PC_LOOK)))
			continue;
		if (flow && (c & PC_FLOW))
			return 0;
		if (p[i] == ':' && (flow || (i + 1 < len && p[i + 1] == ' ')))
			return 0;
		if (p[i] == '#' && p[i - 1] == ' ')
			return 0;
	}
	return 1;
}

/* Whether s can be written plain for any YAML reader (see yaml_scalar.h). */
int
yaml_plain_ok_to_write(const char *s, size_t len, int flow)
{
	return !looks_typed(s, len) && yaml_plain_syntax_ok(s, len, flow);
}

/* Whether v is a scalar (not an object or array). */
static int
is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

/* Whether every element or value of the collection v is a scalar. */
int
yaml_all_scalars(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (!is_scalar(x))
				return 0;
		return 1;
	}
	json_object_foreach((json_t *)v, k, x)
		if (!is_scalar(x))
			return 0;
	return 1;
}
