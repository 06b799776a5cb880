/*
 * example.h - the text of the example cluster ocmsh starts from when
 * there is no state file (state/example.yaml, a state file as ocmsh
 * writes it), compiled into the binary.
 *
 * The data is generated at build time by nova/embed.sh into
 * state/example.c.  It is static and read-only; nothing is to be freed.
 */
#ifndef OCMSH_EXAMPLE_H
#define OCMSH_EXAMPLE_H

#include <stddef.h>

/* The bytes of state/example.yaml, followed by a NUL that is not part of
 * the text. */
extern const char	state_example_yaml[];
extern const size_t	state_example_yaml_len;

#endif
