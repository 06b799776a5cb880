/*
 * history.h - earlier revisions of the state, kept under
 * STATEDIR/history/ (the last 50), and the commit log there.
 */
#ifndef OCMSH_HISTORY_H
#define OCMSH_HISTORY_H

#include "state/store.h"

#define HISTORY_KEEP 50

/* Copies the state file (at revision rev) to history/REV.yaml; prunes. */
int	history_save(const char *state_path, long long rev, char **cause);
/*
 * Appends "REV TIME USER SUMMARY" for a commit to history/log, in one
 * write.  Returns 0, or -1 with *cause naming the log (the caller, whose
 * state is in place, reports it: the log is a record, not the truth).
 */
int	history_log(const char *state_path, long long rev,
	    const struct store_items *items, char **cause);
/* The text of history/log (caller frees), or NULL when there is none. */
char	*history_read_log(const char *state_path);
/* The path of revision rev's saved state. Caller frees. */
char	*history_path(const char *state_path, long long rev);

#endif
