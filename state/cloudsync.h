/*
 * cloudsync.h - keeping the clouds of the state's OpenStack deployments
 * in line with the committed state.
 *
 * A deployment whose "cloud" property names an entry of clouds.yaml has
 * its flavors and host aggregates brought in line with nova's through the
 * compute API (nova/sync.h) after each commit, and on demand.  The record
 * of what ocmsh manages in each cloud lives in the state's "written" map
 * ("cloud:CLOUD/..." entries); commit carries it over, and a sync that
 * changes it writes the state again at the same revision (only "written"
 * differs).  Nothing of a cloud's credentials reaches the state.
 */
#ifndef OCMSH_CLOUDSYNC_H
#define OCMSH_CLOUDSYNC_H

#include <jansson.h>
#include <stddef.h>

#include "state/store.h"

struct sbuf;

/* store_cloud_sync(): a cloud was not brought in line (exit status 76);
 * the state stays committed and the next sync finishes the job. */
#define STORE_CLOUD_PARTIAL	(-76)

/* How store_cloud_sync() runs. */
struct cloudsync_opts {
	int		 dry_run;	/* plan and print, send nothing */
	int		 force;		/* replace and overwrite drift */
	int		 show_plan;	/* print the plan before applying */
	const char	*deployment;	/* NULL: every one with a cloud */
	struct sbuf	*out;		/* plans, summaries, reports */
	/* called after each call sent (may be NULL) */
	void		(*progress)(void *arg, size_t done, size_t total);
	void		*arg;
};

/*
 * Brings the cloud of each deployment of view (the state committed, or
 * that a dry run would commit) that names one in line: plans against the
 * cloud and the record, prints the plan for a dry run (or show_plan),
 * refuses drift and replacements without force, applies, appends a line
 * per cloud that was sent calls ("cloud 'x': 7 calls sent") and, after a
 * failure, the report of every call, then keeps the new record.  Returns
 * 0 when every cloud is in line (or none is named), STORE_CLOUD_PARTIAL
 * with *cause (one line per cloud: "cloud 'x': cannot reach ..."), or -1
 * with *cause when the record could not be written.
 */
int	store_cloud_sync(struct store *st, json_t *view,
	    const struct cloudsync_opts *o, char **cause);

/*
 * The cloud of deployment in the committed state, or NULL when it names
 * none.  Borrowed.
 */
const char *store_cloud_of(const struct store *st, const char *deployment);

#endif
