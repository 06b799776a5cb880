/*
 * yaml_emit.h - jansson -> YAML, through libyaml's emitter or the fast
 * writer (yaml_fast.h) that writes the same bytes for the usual state.
 */
#ifndef OCMSH_YAML_EMIT_H
#define OCMSH_YAML_EMIT_H

#include <jansson.h>
#include <stddef.h>

struct sbuf;

/*
 * Emits a JSON value as one YAML document (with "---" omitted), into out.
 * Objects keep their key order.  Style: mappings are block style, except
 * a mapping that is an element of a sequence and whose values are all
 * scalars, which is flow style; sequences whose elements are all scalars
 * are flow style ([a, b]); other sequences are block style.  JSON strings
 * that a YAML 1.1 or 1.2 reader would take for something else (numbers,
 * booleans, null, "~", empty) or that plain style cannot hold are quoted;
 * integers, reals, true/false and null are written plain.  Returns 0, or
 * -1 with *cause set.
 */
int	yaml_emit(const json_t *doc, struct sbuf *out, char **cause);

/*
 * The same emitter, fed piece by piece, so that a large document need not
 * be built as a JSON tree first.  yemit_open() starts a document that
 * appends to out; the other calls add a block mapping's start or end, a
 * mapping key (a string, quoted as yaml_emit quotes keys), or a value (any
 * JSON value, in the styles of yaml_emit for a value of a block mapping).
 * The first failure is remembered and makes later calls do nothing;
 * yemit_close() finishes the document, frees the emitter and returns 0,
 * or -1 with *cause set if anything failed.
 */
struct yemitter;
struct yemitter	*yemit_open(struct sbuf *out);
/*
 * Like yemit_open, but through the fast writer (yaml_fast.h), which
 * writes the same bytes for the usual document; for anything else
 * yemit_close() returns YEMIT_AGAIN, leaves out as it was, and the caller
 * emits the document again after yemit_open().
 */
#define YEMIT_AGAIN	1
struct yemitter	*yemit_open_fast(struct sbuf *out);
void	yemit_map_start(struct yemitter *e);
void	yemit_map_end(struct yemitter *e);
void	yemit_key(struct yemitter *e, const char *key, size_t len);
void	yemit_value(struct yemitter *e, const json_t *v);
int	yemit_close(struct yemitter *e, char **cause);

#endif
