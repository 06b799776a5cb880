/* scalar.c - JSON numbers and booleans as text, one form each. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/scalar.h"

int
scalar_is(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

void
scalar_real_text(double d, char buf[SCALAR_TEXT_MAX])
{
	int prec;

	if (isnan(d)) {
		snprintf(buf, SCALAR_TEXT_MAX, ".nan");
		return;
	}
	if (isinf(d)) {
		snprintf(buf, SCALAR_TEXT_MAX, d < 0 ? "-.inf" : ".inf");
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, SCALAR_TEXT_MAX, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (strpbrk(buf, ".en") == NULL)
		strcat(buf, ".0");
}

const char *
scalar_text(const json_t *v, char buf[SCALAR_TEXT_MAX])
{
	if (v == NULL)
		return NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		snprintf(buf, SCALAR_TEXT_MAX, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return buf;
	case JSON_REAL:
		scalar_real_text(json_real_value(v), buf);
		return buf;
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return NULL;
	}
}

/* Whether s (len bytes) is an integer without a sign or a leading zero. */
static int
plain_digits(const char *s, size_t len)
{
	if (len == 0 || (s[0] == '0' && len > 1))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

json_t *
scalar_from_text(const char *s, size_t len)
{
	char copy[SCALAR_TEXT_MAX], back[SCALAR_TEXT_MAX], *end;
	const char *digits = s;
	size_t dlen = len;

	if (len == 0 || len >= SCALAR_TEXT_MAX)
		return NULL;
	if (len == 4 && memcmp(s, "true", 4) == 0)
		return json_true();
	if (len == 5 && memcmp(s, "false", 5) == 0)
		return json_false();
	if (s[0] == '-') {
		digits++;
		dlen--;
	}
	/* every number starts with a digit, after its sign */
	if (dlen == 0 || digits[0] < '0' || digits[0] > '9')
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	if (plain_digits(digits, dlen)) {
		long long n;

		if (dlen == 1 && digits[0] == '0' && digits != s)
			return NULL;	/* "-0" */
		errno = 0;
		n = strtoll(copy, &end, 10);
		if (errno != 0 || *end != '\0')
			return NULL;
		return json_integer((json_int_t)n);
	}
	if (strpbrk(copy, ".e") == NULL)
		return NULL;
	{
		double d;

		d = strtod(copy, &end);
		if (*end != '\0' || !isfinite(d))
			return NULL;
		scalar_real_text(d, back);
		if (strcmp(back, copy) != 0)
			return NULL;
		return json_real(d);
	}
}
