/*
 * yfast.h - the fast reader of the YAML that the fast writer writes.
 */
#ifndef OCMSH_YFAST_H
#define OCMSH_YFAST_H

#include <jansson.h>
#include <stddef.h>

/*
 * Loads buf as yaml_load_buf() would, without positions, if it is in the
 * subset of YAML that the fast writer writes (block mappings, plain or
 * double-quoted one-line ASCII scalars, flow collections of scalars; see
 * yfast.c).  Returns a new reference, or NULL for any other text, which
 * is no error: parse it with libyaml.  yaml_load_buf() tries it first
 * when it is not asked for positions.
 */
json_t	*yaml_load_fast(const char *buf, size_t len);

#endif
