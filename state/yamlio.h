/*
 * yamlio.h - YAML <-> jansson, with source positions and the limits of
 * SPEC section 4.  It knows nothing of the ocmsh schema: the schema layer
 * (state/schema check) converts scalars and reports through the marks.
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
 * kept), sequences arrays.  Every scalar becomes a JSON string, except
 * plain (unquoted, untagged) ones: "~", "null" or empty becomes JSON
 * null, and the text the writer writes for an integer, a real, true or
 * false (lib/scalar.h: "5", "-1", "0.1", "1.0", not "007", "1e3" or
 * "yes") becomes that value, so what was written loads back with its
 * type.  Mapping keys must be scalars (and hold no NUL byte), and are
 * strings.  A tagged scalar is a string (the tag is otherwise ignored).
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
 * The fast reader (yfast.c): loads buf as yaml_load_buf() would, without
 * positions, if it is in the subset of YAML that the fast writer writes
 * (block mappings, plain or double-quoted one-line ASCII scalars, flow
 * collections of scalars; see yfast.c).  Returns a new reference, or NULL
 * for any other text, which is no error: parse it with libyaml.
 * yaml_load_buf() tries it first when it is not asked for positions.
 */
json_t	*yaml_load_fast(const char *buf, size_t len);

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
 * JSON null, true and false are shared singletons with no position of
 * their own: use ymarks_get_member() for the key of such a value and
 * ymarks_get_in() for the value.
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
/*
 * Position of a node found by its place, for the shared nodes null, true
 * and false: the value of member key of the mapping obj, or (key NULL)
 * element index of the sequence obj, or (obj NULL) the document's node.
 * 0 if there is no such node or it has no position.
 */
int	ymarks_get_in(const struct ymarks *m, const json_t *obj,
	    const char *key, size_t index, int *line, int *col);
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
