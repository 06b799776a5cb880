/*
 * checked.h - a commit whose cost follows the change, not the cluster
 * (ocmsh(1) STATE IN ETCD).
 *
 * Every commit into a state read as needed (etcd) also writes what its
 * checks found of the whole state at the new revision: the gatherers'
 * summary (model/schema.h: which images get a nova.conf, which devices
 * have which PCI alias and lack an IOMMU) and the problems of every check
 * not run_fast, as one record.  A later commit that starts from that
 * revision takes the record instead of walking the cluster when the
 * objects of gathering types it changes are changed (not added or
 * removed) in keys outside read_across only, no gatherer depends on a
 * type it changes, and no check that reads a type it changes reads a
 * gathering type too (model/schema.h): it takes back what the old
 * versions of those objects gave the summary, adds what the new ones
 * give, checks them one by one, runs the checks that read the summary or
 * a type it changes, and repeats the others' problems.  So a commit of
 * devices' kernel parameters or of flavors reads those and the small
 * collections, whatever the number of devices.  The renderer runs as
 * always, on the summary's images.  Anything else walks the whole
 * state.
 *
 * With $OCMSH_VERIFY_FAST set, such a commit also walks the whole state
 * and is refused, as an internal error, when the two disagree (the
 * tests run every commit on etcd so).
 */
#ifndef OCMSH_CHECKED_H
#define OCMSH_CHECKED_H

#include <jansson.h>

#include "state/store.h"

struct strv;

/* What a commit's checks start from. */
struct checked {
	json_t	*sum;		/* the summary (filled by the walk when not
				   fast) */
	json_t	*only;		/* fast: collpath -> {name -> true}, the
				   objects of gathering types changed */
	json_t	*changed;	/* the types changed: name -> true */
	json_t	*replay;	/* the problems of the checks not run */
	int	 fast;
};

/* 1 if the state keeps records (a state in etcd that exists). */
int	checked_kept(const struct store *st);
/*
 * Prepares ck for checking view, the state as it is on disk plus the
 * changes items (and the objects patched: collpath -> {name -> true},
 * or NULL).  Returns 0 (ck->fast 1 when the record serves), or -1 with
 * *cause when the record cannot be read.
 */
int	checked_begin(struct store *st, json_t *view,
	    const struct store_items *items, const json_t *patched,
	    struct checked *ck, char **cause);
void	checked_release(struct checked *ck);
/* The images that get a nova.conf, by the summary, sorted. */
void	checked_images(const struct checked *ck, struct strv *out);
/*
 * The record a commit at revision rev writes (caller frees), or NULL
 * when it would be too large to keep (then none is kept).
 */
json_t	*checked_record(const struct checked *ck, long long rev);

#endif
