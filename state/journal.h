/*
 * journal.h - the crash journal of a commit.
 *
 * The intent record, "<state>.intent" (JSON, written atomically): before
 * a commit replaces derived files it records the revision it is about to
 * write and the digests of the managed values it writes, and it removes
 * the record once the state holding those digests is in place.  A commit
 * killed in between leaves derived files newer than the state's
 * "written"; the record, whose revision is then the state's + 1, tells
 * the next commit that those values are ocmsh's own, not hand edits.  A
 * record with any other revision is stale (the state was written after
 * it).
 *
 * All of these but derived_write() are called with the state lock
 * (atomic_lock) held.
 */
#ifndef OCMSH_JOURNAL_H
#define OCMSH_JOURNAL_H

#include <jansson.h>

#include "nova/render.h"
#include "state/store.h"

struct sbuf;

/* The intent record (new reference), or NULL if there is none or it does
 * not parse. */
json_t	*journal_load(const struct store *st);

/*
 * Removes what a killed commit left behind: the lock files of the state,
 * of its intent record and of its history copy, the lock files of the
 * derived files the intent record names, and the intent record itself
 * when it is stale.
 */
void	journal_clean(const struct store *st, json_t *intent);

/* Removes the intent record (once the state records the digests). */
void	journal_remove(const struct store *st);

/*
 * The record of written digests for the hand-edit check: st->written,
 * plus, for each file of a current intent record (a commit killed after
 * writing derived files, before the state), "pending": its digest.
 * Returns a new reference.
 */
json_t	*journal_written_for_check(const struct store *st, json_t *intent);

/*
 * Writes one derived file of a plan atomically (rootpath_write, its
 * image tree created if needed) and gives a file it creates the plan's
 * mode and group (a new nova.conf: 0640, group nova), as every writer of
 * derived files must: a commit, with a state file or in etcd, and
 * render.  Returns 0, or -1 with *cause set.
 */
int	derived_write(const struct render_file *f, char **cause);

/*
 * Writes the derived files of plan, then the state (yaml, at revision),
 * saving the current state (oldyaml; NULL if there is no file) to the
 * history first.  On failure puts back every file as it was, so that
 * nothing changes; the intent record covers a process killed half way.
 * Returns 0, or -1 with *cause ("commit failed: ...").
 */
int	journal_write(struct store *st, const struct render_plan *plan,
	    long long revision, const struct sbuf *yaml,
	    const struct sbuf *oldyaml, char **cause);

#endif
