/*
 * devspec.c - nova's rules for whitelist / device_spec entries (see
 * devspec.h), as nova/pci/devspec.py applies them.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "nova/devspec.h"
#include "nova/novaopts.h"

/*
 * Python's int(text, 16) on [s, e): blanks around, an optional 0x, hex
 * digits (signs and "_" are left out: nobody means them).  Returns 0 and
 * *v (large values saturate), or -1.
 */
static int
hex_value(const char *s, const char *e, unsigned long *v)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s == e)
		return -1;
	for (*v = 0; s < e; s++) {
		if (!isxdigit((unsigned char)*s))
			return -1;
		if (*v < 0x10000000UL)
			*v = *v * 16 + (unsigned long)(isdigit((unsigned char)
			    *s) ? *s - '0' : tolower((unsigned char)*s) - 'a' +
			    10);
	}
	return 0;
}

/*
 * One field of an ID or address, [s, e): "*" or hex at most max.  Why
 * not, or NULL.  empty_any: an empty (or blank) field means "*".
 */
static char *
field_refused(const char *what, const char *s, const char *e,
    unsigned long max, int empty_any)
{
	const char *a = s, *b = e;
	unsigned long v;

	while (a < b && isspace((unsigned char)*a))
		a++;
	while (b > a && isspace((unsigned char)b[-1]))
		b--;
	if ((b - a == 1 && *a == '*') || (empty_any && a == b))
		return NULL;
	if (hex_value(s, e, &v) != 0)
		return xasprintf("%s '%.*s' is not hex or '*'", what,
		    (int)(e - s), s);
	if (v > max)
		return xasprintf("%s '%.*s' is above %lX", what, (int)(e - s),
		    s, max);
	return NULL;
}

/* The string form of address: [[[[domain]:]bus]:][slot][.[function]]. */
static char *
address_refused(const char *a)
{
	static const char *const what[3] = { "domain", "bus", "slot" };
	static const unsigned long max[3] = { 0xffff, 0xff, 0x1f };
	const char *dot = strchr(a, '.'), *end = dot ? dot : a + strlen(a);
	const char *f[4], *p;
	size_t n = 0, k;
	char *why;

	if (dot && dot[1] && (why = field_refused("address function",
	    dot + 1, dot + strlen(dot), 7, 0)) != NULL)
		return why;
	if (end == a)
		return NULL;
	f[n++] = a;
	for (p = a; p < end; p++)
		if (*p == ':') {
			if (n == 3)
				return xasprintf("address '%s' has more than "
				    "three ':'-separated parts", a);
			f[n++] = p + 1;
		}
	f[n] = end + 1;
	for (k = 0; k < n; k++) {
		char *w = xasprintf("address %s", what[3 - n + k]);

		why = field_refused(w, f[k], f[k + 1] - 1, max[3 - n + k], 1);
		free(w);
		if (why)
			return why;
	}
	return NULL;
}

/* Why nova of release refuses a whitelist entry, or NULL (devspec.h). */
char *
devspec_refused(json_t *entry, int release)
{
	static const struct { const char *key; unsigned long max; } ids[] = {
		{ "vendor_id", 0xffff }, { "product_id", 0xffff },
	};
	json_t *addr = json_object_get(entry, "address");
	char *why;

	for (size_t i = 0; i < 2; i++) {
		json_t *v = json_object_get(entry, ids[i].key);
		const char *s = json_string_value(v);

		if (v == NULL)
			continue;
		if (s == NULL)
			return xasprintf("%s must be a string", ids[i].key);
		if ((why = field_refused(ids[i].key, s, s + strlen(s),
		    ids[i].max, 0)) != NULL)
			return why;
	}
	if (addr && json_object_get(entry, "devname"))
		return xstrdup("devname and address cannot both be given");
	if (json_is_object(addr) && release < NOVA_OCATA)
		return xasprintf("nova %s takes address as a string only (the "
		    "mapping form is from Ocata)", nova_release_title(release));
	if (addr && !json_is_object(addr) && !json_is_string(addr))
		return xstrdup("address must be a string or a mapping");
	return json_is_string(addr) ? address_refused(json_string_value(addr)) :
	    NULL;
}
