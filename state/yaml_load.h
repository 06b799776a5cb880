/*
 * yaml_load.h - YAML -> jansson, with source positions and the limits of
 * the state file.  It knows nothing of the ocmsh schema: the state file
 * layer (state/statefile.c) converts scalars and reports through the
 * marks.
 */
#ifndef OCMSH_YAML_LOAD_H
#define OCMSH_YAML_LOAD_H

#include <jansson.h>
#include <stddef.h>

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
 * name argument; yaml_load_file() refuses what is not a regular file,
 * a FIFO or a device, with "PATH: not a regular file", without blocking
 * on it): a file over YAML_MAX_SIZE bytes, nesting deeper than
 * YAML_MAX_DEPTH, an anchor or alias ("YAML anchors and aliases are not
 * allowed"), a duplicate key ("duplicate key 'x'"), a non-scalar key, more
 * than one document, an empty stream, and any libyaml syntax error.
 *
 * On success returns a new reference and, if marks is not NULL, sets
 * *marks (free with ymarks_free) to map each node to its position.
 * Without marks, the text goes to the fast reader (yaml_fast.h) first.
 */
json_t	*yaml_load_buf(const char *name, const char *buf, size_t len,
	    struct ymarks **marks, char **cause);
json_t	*yaml_load_file(const char *path, struct ymarks **marks,
	    char **cause);

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

#endif
