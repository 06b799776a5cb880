/*
 * yaml_scalar.h - the rules for scalars that the YAML writers and the
 * fast reader share.
 */
#ifndef OCMSH_YAML_SCALAR_H
#define OCMSH_YAML_SCALAR_H

#include <jansson.h>
#include <stddef.h>

/*
 * Whether the text s (of len bytes, not NUL-terminated) reads back as
 * itself when written as a plain scalar, in flow context if flow is set,
 * as far as YAML's syntax goes: not empty, no indicator first, no blank
 * or ':' last, no ": " or " #", no control character, and in flow context
 * no ':' and none of ",[]{}".  It does not ask whether a reader would
 * take the text for a number, a boolean or null.
 */
int	yaml_plain_syntax_ok(const char *s, size_t len, int flow);

/*
 * Whether the string s can be written as a plain scalar that reads back
 * as the same string, in flow context if flow is set, for any YAML 1.1 or
 * 1.2 reader: yaml_plain_syntax_ok(), and nothing a reader could take for
 * null, a boolean, a number or a timestamp.  Otherwise the writers quote
 * it.
 */
int	yaml_plain_ok_to_write(const char *s, size_t len, int flow);

/*
 * Whether every element or value of the array or object v is a scalar
 * (not an object or array): such a collection is written in flow style.
 */
int	yaml_all_scalars(const json_t *v);

#endif
