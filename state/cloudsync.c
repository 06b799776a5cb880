/*
 * cloudsync.c - the clouds of the state's deployments brought in line
 * (see cloudsync.h): one cloud at a time, its record kept in "written".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/view.h"
#include "nova/cloud.h"
#include "nova/compute.h"
#include "nova/sync.h"
#include "state/cloudsync.h"
#include "state/lockfile.h"
#include "state/statefile.h"
#include "state/store_internal.h"

/* The cloud of deployment in the committed state, or NULL. */
const char *
store_cloud_of(const struct store *st, const char *deployment)
{
	json_t *d = view_get(st->disk, NOVA_DEPLOYMENTS, deployment);
	const char *c = json_string_value(json_object_get(d, "cloud"));

	return c && *c ? c : NULL;
}

/* What save_record hands the backend: the record of one cloud. */
struct record_edit {
	const char	*cloud;
	const json_t	*record;
};

/* Puts the record of a cloud into a written map. */
static void
record_into(json_t *written, void *arg)
{
	const struct record_edit *re = arg;

	sync_record_to_written(written, re->cloud, re->record);
}

/*
 * Writes the record of cloud into the state's "written", at the same
 * revision, over the newest state.
 */
static int
save_record(struct store *st, const char *cloud, const json_t *record,
    char **cause)
{
	struct record_edit re = { cloud, record };

	return store_save_written(st, record_into, &re, cause);
}

/* Applies plan p to cloud c; the report goes to out after a failure. */
static int
apply_plan(struct cloud *c, const char *cloud, const struct sync_plan *p,
    const json_t *rec, const struct cloudsync_opts *o, json_t **newrec,
    char **cause)
{
	struct sync_apply_opts ao = { .progress = o->progress, .arg = o->arg };
	struct sbuf report = SBUF_INIT;
	struct sync_result res;
	char *why = NULL;
	int r;

	r = sync_apply(c, p, rec, &ao, &res, &report, &why);
	if (r != 0) {
		sbuf_add(o->out, report.buf, report.len);
		sbuf_addf(o->out, "cloud '%s': %zu of %zu calls done, %zu "
		    "failed, %zu not sent; the next sync finishes the job\n",
		    cloud, res.done, p->ncalls, res.failed, res.notsent);
		*cause = xasprintf("cloud '%s': %s", cloud, why);
		free(why);
	} else if (p->ncalls)
		sbuf_addf(o->out, "cloud '%s': %zu call%s sent\n", cloud,
		    p->ncalls, p->ncalls == 1 ? "" : "s");
	*newrec = json_incref(res.record);
	sync_result_release(&res);
	sbuf_release(&report);
	return r;
}

/*
 * Brings the cloud of deployment dep in line.  Returns 0,
 * STORE_CLOUD_PARTIAL or -1 with *cause.
 */
static int
sync_one(struct store *st, json_t *view, const char *dep, const char *cloud,
    const struct cloudsync_opts *o, char **cause)
{
	struct cloud *c;
	struct sync_cloud s;
	struct sync_plan p;
	json_t *rec, *newrec = NULL;
	char *why = NULL;
	int r = 0, refused;

	if ((c = cloud_open(cloud, cause)) == NULL)
		return STORE_CLOUD_PARTIAL;
	if (sync_fetch(c, &s, &why) != 0) {
		*cause = xasprintf("cloud '%s': %s", cloud, why);
		free(why);
		cloud_close(c);
		return STORE_CLOUD_PARTIAL;
	}
	rec = sync_record_from_written(st->written, cloud);
	sync_plan_make(view, dep, &s, rec, &p);
	sync_cloud_release(&s);
	refused = !o->dry_run && sync_plan_check(&p, o->force, &why) != 0;
	if (o->dry_run || o->show_plan || refused) {
		sbuf_addf(o->out, "cloud '%s' (openstack %s):\n", cloud, dep);
		sync_plan_print(&p, o->out);
	}
	if (refused) {
		*cause = xasprintf("cloud '%s': %s", cloud, why);
		free(why);
		r = STORE_CLOUD_PARTIAL;
	} else if (!o->dry_run && p.ncalls == 0)
		newrec = json_incref(p.record);
	else if (!o->dry_run && apply_plan(c, cloud, &p, rec, o, &newrec,
	    cause) != 0)
		r = STORE_CLOUD_PARTIAL;
	if (newrec && !json_equal(newrec, rec) &&
	    save_record(st, cloud, newrec, &why) != 0) {
		free(*cause);
		*cause = why;
		r = -1;
	}
	json_decref(newrec);
	json_decref(rec);
	sync_plan_release(&p);
	cloud_close(c);
	return r;
}

/* Brings the cloud of each deployment of view that names one in line. */
int
store_cloud_sync(struct store *st, json_t *view,
    const struct cloudsync_opts *o, char **cause)
{
	json_t *deps, *d;
	struct strv errs = STRV_INIT;
	const char *dep;
	int ret = 0;

	store_hold_view(st, view);
	deps = view_coll(view, NOVA_DEPLOYMENTS);

	json_object_foreach(deps, dep, d) {
		const char *cloud = json_string_value(json_object_get(d,
		    "cloud"));
		char *why = NULL;
		int r;

		if (cloud == NULL || *cloud == '\0' || (o->deployment &&
		    strcmp(o->deployment, dep) != 0))
			continue;
		r = sync_one(st, view, dep, cloud, o, &why);
		if (r != 0) {
			strv_push_nodup(&errs, why ? why : xstrdup("failed"));
			if (ret == 0 || r == -1)
				ret = r;
		} else
			free(why);
	}
	store_drop_view(st, view);
	if (errs.n)
		*cause = strv_join(&errs, "\n");
	strv_release(&errs);
	return ret;
}
