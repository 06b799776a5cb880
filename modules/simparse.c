/*
 * simparse.c - what the dry run reads the way nova's Python does:
 * int() and float() of a metadata string, and extra_specs_ops.match(),
 * which AggregateInstanceExtraSpecsFilter compares extra specs with.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/xalloc.h"
#include "modules/simint.h"

/* Python's str.isspace() for an ASCII character. */
static int
pyspace(int ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r') ||
	    (ch >= 0x1c && ch <= 0x1f);
}

/* The value of a digit in base, or -1. */
static int
digit(int ch, int base)
{
	int v = -1;

	if (ch >= '0' && ch <= '9')
		v = ch - '0';
	else if (ch >= 'a' && ch <= 'z')
		v = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'Z')
		v = ch - 'A' + 10;
	return v < base ? v : -1;
}

/*
 * Python's int(s, base) for base 10 or 16: blanks around, a sign, "0x"
 * in base 16, digits with single underscores between them.  0, or -1
 * where Python raises ValueError (and beyond long long).
 */
int
sim_pyint(const char *s, int base, long long *out)
{
	const char *end;
	long long v = 0;
	int neg = 0, n = 0;

	while (pyspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && pyspace((unsigned char)end[-1]))
		end--;
	if (s < end && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	if (base == 16 && end - s > 2 && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (*s == '_')
			s++;
	}
	for (; s < end; s++) {
		int d = digit((unsigned char)*s, base);

		if (*s == '_' && n && s + 1 < end &&
		    digit((unsigned char)s[1], base) >= 0)
			continue;
		if (d < 0 || v > (LLONG_MAX - d) / base)
			return -1;
		v = v * base + d;
		n++;
	}
	if (n == 0)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* Copies the digits at *p (underscores between digits dropped) to out;
 * returns how many digits, -1 for a misplaced underscore. */
static int
digits(const char **p, const char *end, char **out)
{
	int n = 0;

	while (*p < end && (isdigit((unsigned char)**p) || **p == '_')) {
		if (**p == '_') {
			if (n == 0 || *p + 1 >= end ||
			    !isdigit((unsigned char)(*p)[1]))
				return -1;
		} else {
			*(*out)++ = **p;
			n++;
		}
		(*p)++;
	}
	return n;
}

/* Whether s (n bytes) is word in any case. */
static int
word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/*
 * Python's float(s): blanks around, a sign, inf/infinity/nan in any case
 * or a decimal number with an optional exponent, single underscores
 * between digits.  0, or -1 where Python raises ValueError.
 */
int
sim_pyfloat(const char *s, double *out)
{
	const char *end, *p;
	char *buf, *o;
	int neg = 0, n, rc = -1;

	while (pyspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && pyspace((unsigned char)end[-1]))
		end--;
	p = s;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (word_is(p, (size_t)(end - p), "inf") ||
	    word_is(p, (size_t)(end - p), "infinity")) {
		*out = neg ? -HUGE_VAL : HUGE_VAL;
		return 0;
	}
	if (word_is(p, (size_t)(end - p), "nan")) {
		*out = NAN;
		return 0;
	}
	o = buf = xmalloc((size_t)(end - s) + 2);
	if (neg)
		*o++ = '-';
	if ((n = digits(&p, end, &o)) < 0)
		goto out;
	if (p < end && *p == '.') {
		int f;

		*o++ = *p++;
		if ((f = digits(&p, end, &o)) < 0)
			goto out;
		n += f;
	}
	if (n == 0)
		goto out;
	if (p < end && (*p == 'e' || *p == 'E')) {
		*o++ = *p++;
		if (p < end && (*p == '+' || *p == '-'))
			*o++ = *p++;
		if (digits(&p, end, &o) <= 0)
			goto out;
	}
	if (p != end)
		goto out;
	*o = '\0';
	errno = 0;
	*out = strtod(buf, NULL);
	rc = 0;
out:
	free(buf);
	return rc;
}

/* The next blank-separated word of *p (Python's str.split()), or NULL. */
static char *
next_word(char **p)
{
	char *w;

	while (**p && pyspace((unsigned char)**p))
		(*p)++;
	if (**p == '\0')
		return NULL;
	w = *p;
	while (**p && !pyspace((unsigned char)**p))
		(*p)++;
	if (**p)
		*(*p)++ = '\0';
	return w;
}

/* A numeric comparison of extra_specs_ops: float(value) OP float(word).
 * Where Python would raise ValueError the value does not match. */
static int
num_op(const char *op, const char *value, const char *word)
{
	double x, y;

	if (sim_pyfloat(value, &x) != 0 || sim_pyfloat(word, &y) != 0)
		return 0;
	if (strcmp(op, "=") == 0 || strcmp(op, ">=") == 0)
		return x >= y;
	if (strcmp(op, "==") == 0)
		return x == y;
	if (strcmp(op, "!=") == 0)
		return x != y;
	return x <= y;			/* "<=" */
}

/* A string comparison of extra_specs_ops ("s==" and the like). */
static int
str_op(const char *op, const char *value, const char *word)
{
	int d = strcmp(value, word);

	if (strcmp(op, "s==") == 0)
		return d == 0;
	if (strcmp(op, "s!=") == 0)
		return d != 0;
	if (strcmp(op, "s<") == 0)
		return d < 0;
	if (strcmp(op, "s<=") == 0)
		return d <= 0;
	if (strcmp(op, "s>") == 0)
		return d > 0;
	return d >= 0;			/* "s>=" */
}

/* Matches "<or> a <or> b": a word equal to value. */
static int
or_op(char *p, const char *value)
{
	char *w;

	while ((w = next_word(&p)) != NULL) {
		if (strcmp(w, value) == 0)
			return 1;
		if (next_word(&p) == NULL)	/* the next "<or>" */
			break;
	}
	return 0;
}

/* nova's extra_specs_ops.match(value, req) (see simint.h). */
int
simf_match(const char *value, const char *req)
{
	static const char *const nums[] = { "=", "==", "!=", ">=", "<=", NULL };
	static const char *const strs[] = {
		"s==", "s!=", "s<", "s<=", "s>", "s>=", NULL
	};
	char *copy = xstrdup(req), *p = copy, *op = next_word(&p), *w;
	int kind = 0, r = 0;

	for (size_t i = 0; op && nums[i]; i++)
		if (strcmp(op, nums[i]) == 0)
			kind = 1;
	for (size_t i = 0; op && strs[i]; i++)
		if (strcmp(op, strs[i]) == 0)
			kind = 2;
	if (op && strcmp(op, "<in>") == 0)
		kind = 3;
	if (op && strcmp(op, "<all-in>") == 0)
		kind = 4;
	if (op && strcmp(op, "<or>") == 0)
		r = or_op(p, value);
	else if (kind == 0)
		r = strcmp(value, req) == 0;
	else if (kind == 4) {
		/* all(word in value) over at least one word */
		r = (w = next_word(&p)) != NULL;
		for (; r && w != NULL; w = next_word(&p))
			r = strstr(value, w) != NULL;
	} else if ((w = next_word(&p)) != NULL)
		r = kind == 1 ? num_op(op, value, w) : kind == 2 ?
		    str_op(op, value, w) : strstr(value, w) != NULL;
	free(copy);
	return r;
}
