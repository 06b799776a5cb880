/*
 * store_internal.h - what store.c shares with the commit transaction
 * (commit.c) and nothing else may use.
 */
#ifndef OCMSH_STORE_INTERNAL_H
#define OCMSH_STORE_INTERNAL_H

#include <jansson.h>

#include "state/store.h"

/*
 * How a collection relates to a scope (see store_changes): 2 if all of
 * its objects are within it, 1 if some may be, 0 if none is.
 */
int	store_coll_scope(const char *collpath, const char *scope, int exact);

/*
 * json_equal, faster for the usual pair: an object and its copy on write,
 * whose keys come in the same order and whose unchanged values are shared.
 */
int	store_tree_equal(json_t *a, json_t *b);

/* The changed objects store_changes() leaves out for the same scope. */
void	store_changes_outside(const struct store *st, const char *scope,
	    int exact, struct store_items *out);

/*
 * Sets (or removes, when v is NULL, together with the collections it
 * owns) the object collpath/name of a view, making the collection private
 * to the view first.  Does not steal v.
 */
void	store_view_set(json_t *view, const char *collpath, const char *name,
	    json_t *v);

/*
 * Brings st->disk up to date with what other sessions wrote since it was
 * last read or written.  Returns 0, or -1 with *cause.
 */
int	store_sync_disk(struct store *st, char **cause);

struct state_doc;
/*
 * Installs a loaded state as st->disk, with its written map, revision and
 * cluster name, taking them out of doc.
 */
void	store_set_disk(struct store *st, struct state_doc *doc);

/* Starts reading the state as needed (lazy.c), and stops. */
void	store_lazy_start(struct store *st);
void	store_lazy_free(struct store *st);
/*
 * 1 if the object collpath/name is in the session's views as it was
 * read (or found missing), or is read with its collection when first
 * needed: always, for a state read whole.
 */
int	store_lazy_held(const struct store *st, const char *collpath,
	    const char *name);

/* Hands a replaced view (stolen) over to st->retired. */
void	store_retire(struct store *st, json_t *j);

#endif
