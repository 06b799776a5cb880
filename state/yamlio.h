/*
 * yamlio.h - YAML <-> jansson, with source positions and the limits of
 * the state file.  It knows nothing of the ocmsh schema: the state file
 * layer (state/statefile.c) converts scalars and reports through the
 * marks.
 */
#ifndef OCMSH_YAMLIO_H
#define OCMSH_YAMLIO_H

#include <jansson.h>
#include <stddef.h>

struct sbuf;



#define YAML_MAX_SIZE	(64UL * 1024 * 1024)	/* bytes */
#define YAML_MAX_DEPTH	64			/* nested collections */

/* Source positions of the nodes of a loaded document. */
struct ymarks;

/*
 * Loads one YAML document.  Mappings become JSON objects (key order
 * kept), sequences arrays.  Every scalar becomes a JSON string, except a
 * plain (unquoted) "~", "null" or empty scalar, which becomes JSON null.
 * Mapping keys must be scalars (and hold no NUL byte).  Tags are ignored,
 * except that a tagged "~" or empty scalar is a string.
 *
 * Refused, with *cause = "NAME:LINE:COL: message" (1-based; NAME is the
 * name argument): a file over YAML_MAX_SIZE bytes, nesting deeper than
 * YAML_MAX_DEPTH, an anchor or alias ("YAML anchors and aliases are not
 * allowed"), a duplicate key ("duplicate key 'x'"), a non-scalar key, more
 * than one document, an empty stream, and any libyaml syntax error.
 *
 * On success returns a new reference and, if marks is not NULL, sets
 * *marks (free with ymarks_free) to map each node to its position.
 */
json_t	*yaml_load_buf(const char *name, const char *buf, size_t len,
	    struct ymarks **marks, char **cause);
json_t	*yaml_load_file(const char *path, struct ymarks **marks,
	    char **cause);

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
 * Position of node (1-based line and column, columns counted in
 * characters); 0 if it has none.  Nodes are looked up by address, so the
 * marks hold only for the nodes of the loaded document while they live.
 * A JSON null is a shared singleton and has no position of its own: use
 * ymarks_get_member() for the key of a null value.
 */
int	ymarks_get(const struct ymarks *m, const json_t *node, int *line,
	    int *col);
/* Position of the key of the mapping entry whose value is node. */
int	ymarks_get_key(const struct ymarks *m, const json_t *node, int *line,
	    int *col);
/*
 * Position of the key key in the mapping obj (any value, null included);
 * 0 if obj has no such member or it has no position.
 */
int	ymarks_get_member(const struct ymarks *m, const json_t *obj,
	    const char *key, int *line, int *col);
void	ymarks_free(struct ymarks *m);

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
 * Like yemit_open, but through a fast writer of its own that writes the
 * same bytes for the usual document (see yamlio.c); for anything else
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
