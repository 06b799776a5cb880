/*
 * scalar.h - JSON numbers and booleans as text: the one form of each that
 * the state file's writer writes, and that its readers take back as the
 * same value (anything else stays a string).
 */
#ifndef OCMSH_SCALAR_H
#define OCMSH_SCALAR_H

#include <jansson.h>
#include <stddef.h>

/* Whether v is a scalar: a string, number, boolean or null. */
int		 scalar_is(const json_t *v);

/* Room for the text of any number or boolean, with its NUL. */
#define SCALAR_TEXT_MAX	40

/*
 * The text of a JSON scalar v: a string's own text (borrowed from v), or
 * the text of an integer, real, true or false, written into buf ("5",
 * "0.1", "1.0", "1e+300", "true").  NULL for null, objects, arrays and
 * a NULL v.
 */
const char	*scalar_text(const json_t *v, char buf[SCALAR_TEXT_MAX]);

/*
 * Writes the shortest text that reads back as the double d, with ".0"
 * added when it would read as an integer; ".nan", ".inf" and "-.inf" for
 * what is not finite.
 */
void		 scalar_real_text(double d, char buf[SCALAR_TEXT_MAX]);

/*
 * The integer, real, true or false whose text (as scalar_text writes it)
 * is exactly s (len bytes, not NUL-terminated), as a new reference; NULL
 * for any other text ("007", "-0", "1e3", "1.50", "True", "0x1f").
 */
json_t		*scalar_from_text(const char *s, size_t len);

#endif
