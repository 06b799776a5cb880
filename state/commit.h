/*
 * commit.h - the commit transaction: the staged changes within a scope
 * become the next revision of the state file, together with the files
 * derived from it.
 *
 * A commit runs in steps (commit.c): prepare (take the lock, re-read the
 * file if another session wrote it, refuse conflicting objects, build the
 * next state), check (validate it, render the derived files, serialise
 * it), then a dry run (diffs only) or the write (derived files, then the
 * state, under the crash journal of journal.h), and adopt (the next state
 * becomes disk and base).
 */
#ifndef OCMSH_COMMIT_H
#define OCMSH_COMMIT_H

#include <jansson.h>
#include <stddef.h>

#include "state/store.h"

struct diag;
struct sbuf;

/* Options of store_commit. */
struct commit_opts {
	int	 dry_run;	/* validate and print diffs, write nothing */
	int	 force;		/* overwrite hand edits of managed options */
	struct sbuf *out;	/* receives dry-run diffs and messages */
	struct store_items *committed;	/* if set, gets the objects committed */
	json_t	**next;		/* if set, gets the state committed (or that
				 * the dry run would commit): a new reference */
};

/* Return values of store_commit beyond 0 and -1. */
#define STORE_CONFLICT	(-75)
#define STORE_INVALID	(-2)

/*
 * Commits the staged changes within scope (as store_changes): locks,
 * re-reads the file if another session wrote it, refuses with
 * STORE_CONFLICT (cause names the objects) when an object changed there
 * too, validates the resulting state into diag (errors refuse with
 * STORE_INVALID), writes derived files and the state with revision + 1.
 * On success *ncommitted is the number of objects committed.  On failure
 * nothing is written and the staged changes stay.
 */
int	 store_commit(struct store *st, const char *scope, int exact,
	    const struct commit_opts *opts, struct diag *diag,
	    size_t *ncommitted, char **cause);

/*
 * Checks the staged state as a commit of everything would, into diag:
 * the validation, and the managed options of derived files edited by
 * hand.  Returns 0, or -1 with *cause when a derived file cannot be read
 * (the checks ran all the same).
 */
int	 store_validate(struct store *st, struct diag *diag, char **cause);

/*
 * Lists the folder inner of the image image inside ROOT root for the
 * renderer (see render_list_fn in nova/render.h).
 */
struct strv;
size_t	 store_list_image_dir(const char *root, const char *image,
	    const char *inner, struct strv *out);

#endif
