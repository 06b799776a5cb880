/*
 * yaml_fast.h - the fast writer and the fast reader of the state's YAML,
 * without libyaml (see yaml_fast.c).  The writer writes what libyaml's
 * emitter (yaml_emit.h) would write for the usual state; the reader reads
 * that text into what yaml_load_buf() (yaml_load.h) would build.  Both
 * give up on anything else, and the caller goes through libyaml.
 */
#ifndef OCMSH_YAML_FAST_H
#define OCMSH_YAML_FAST_H

#include <jansson.h>
#include <stddef.h>

struct sbuf;

/*
 * The writer, used through yemit_open_fast() (yaml_emit.h), whose calls
 * it mirrors: yaml_fast_open() starts a document that appends to out;
 * the other calls add a block mapping's start or end, a key, or a value.
 * yaml_fast_close() frees the writer and returns 0, or -1 when the
 * document held anything the writer does not write as libyaml would:
 * out is then as it was before yaml_fast_open().
 */
struct yaml_fast_writer;
struct yaml_fast_writer *yaml_fast_open(struct sbuf *out);
void	yaml_fast_map_start(struct yaml_fast_writer *w);
void	yaml_fast_map_end(struct yaml_fast_writer *w);
void	yaml_fast_key(struct yaml_fast_writer *w, const char *key,
	    size_t len);
void	yaml_fast_value(struct yaml_fast_writer *w, const json_t *v);
int	yaml_fast_close(struct yaml_fast_writer *w);

/*
 * The reader: loads buf as yaml_load_buf() would, without positions, if
 * it is in the subset of YAML that the fast writer writes (block
 * mappings, plain or double-quoted one-line ASCII scalars, flow
 * collections of scalars; see yaml_fast.c).  Returns a new reference, or
 * NULL for any other text, which is no error: parse it with libyaml.
 */
json_t	*yaml_fast_load(const char *buf, size_t len);

#endif
