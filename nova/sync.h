/*
 * sync.h - bringing nova's flavors and host aggregates in line with the
 * state, and reading them back (import).
 *
 * The reconcile compares, it does not replay: the cloud's objects are
 * read (sync_fetch), compared with a view's flavors and aggregates
 * (collections "openstack/DEPLOYMENT/flavors" and ".../hostaggregates";
 * an aggregate's nodes are device names, used as nova host names), and
 * the plan holds only the calls that remove the differences.  Applying a
 * plan and planning again gives an empty plan.
 *
 * Which cloud objects ocmsh manages is kept in a sync record, a JSON
 * object {"flavors": {NAME: DIGEST}, "hostaggregates": {NAME: DIGEST}}:
 * the digest (sha256:HEX) of each object as ocmsh last left it in the
 * cloud.  The caller stores the record with the state (see
 * sync_record_from_written()) and passes it in; the plan and the apply
 * give the next one.  For each name:
 *   - in the state, not in the cloud: create (if the record has it, it
 *     was deleted in the cloud since the last sync: drift);
 *   - in both, no record: adopted, changed to match the state;
 *   - in both, record equal to the cloud: changed to match the state;
 *   - in both, record not equal to the cloud (changed there since the last
 *     sync) and the cloud not equal to the state: drift;
 *   - in the cloud only, in the record: deleted (drift if changed there);
 *   - in the cloud only, not in the record: never managed, left alone
 *     (counted; "openstack import" stages such objects).
 * Drift and flavor replacements are refused unless forced.  A flavor's
 * vcpus, ram, disk, ephemeral, swap, rxtxfactor and public cannot change
 * in nova: the plan replaces it (delete + create, new id).  Its
 * description (when the state has one) and extra specs, and an
 * aggregate's availability zone, metadata and hosts change in place,
 * except that nova cannot remove a zone: that replaces the aggregate.
 * The nova facts relied on are in doc/nova.md section 9.
 */
#ifndef OCMSH_NOVA_SYNC_H
#define OCMSH_NOVA_SYNC_H

#include <jansson.h>
#include <stddef.h>

#include "lib/sbuf.h"
#include "lib/strv.h"

struct cloud;

/* The exit status of a sync that did not bring the cloud in line (a
 * failed call, a refused drift or replacement): the state stays committed
 * and the next sync finishes the job. */
#define SYNC_EXIT_PARTIAL	76

/* Collection names inside a deployment, and the record's keys. */
#define SYNC_FLAVORS		"flavors"
#define SYNC_AGGREGATES		"hostaggregates"

/* The cloud's flavors and aggregates in the state's shapes. */
struct sync_cloud {
	json_t	*flavors;	/* name -> flavor, every property set */
	json_t	*flavor_ids;	/* name -> nova's id (string) */
	json_t	*aggregates;	/* name -> aggregate (nodes sorted) */
	json_t	*aggregate_ids;	/* name -> nova's id (string) */
};

/* Reads the cloud's flavors (with extra specs) and aggregates.  Returns 0,
 * or -1 with *cause ("GET http://h/v2.1/os-aggregates: 403 ..."). */
int	sync_fetch(struct cloud *c, struct sync_cloud *s, char **cause);
void	sync_cloud_release(struct sync_cloud *s);

/*
 * The cloud as objects of the state, for import: a view fragment
 * {"devices": {HOST: {roles: [openstackcompute], memory: MiB}},
 * "openstack/DEPLOYMENT/flavors": {...}, ".../hostaggregates": {...}}
 * with properties at their defaults left out.  A device's memory comes
 * from its hypervisor record (microversions up to 2.87 give it).  A new
 * reference, or NULL with *cause.
 */
json_t	*sync_import(struct cloud *c, const char *deployment, char **cause);

/* 1 if a and b, objects of collection coll (a path ending in
 * SYNC_FLAVORS or SYNC_AGGREGATES), would be the same in nova. */
int	sync_same(const char *coll, const json_t *a, const json_t *b);

/* The digest of an object in the state's shape, "sha256:HEX". */
char	*sync_digest(const json_t *obj);

/*
 * The sync record of cloud kept in a state's "written" map, whose entries
 * are "cloud:CLOUD/flavors/NAME" -> {"digest": DIGEST} next to the
 * derived files' entries.  sync_record_from_written() returns a new
 * record (empty when there is none); sync_record_to_written() replaces
 * every entry of cloud in written by those of record.
 */
json_t	*sync_record_from_written(const json_t *written, const char *cloud);
void	 sync_record_to_written(json_t *written, const char *cloud,
	    const json_t *record);

/* Copies the entries of every cloud's record from written map from to
 * written map to (commit keeps them next to the new files' entries). */
void	 sync_record_carry(json_t *to, const json_t *from);

/* One call of a plan. */
struct sync_step {
	char	*method;	/* GET, POST, PUT, DELETE */
	char	*path;		/* under the compute endpoint; "{id}" stands
				 * for the object's id */
	json_t	*body;		/* or NULL */
	char	*label;		/* "add host hyper01 to aggregate gpu" */
	char	*after;		/* the object's digest once done; NULL:
				 * the object is gone */
	int	 creates;	/* the answer carries the new id */
};

/* What happens to one object. */
enum sync_what {
	SW_NONE,	/* nothing to send (the record may change) */
	SW_CREATE,
	SW_UPDATE,	/* in place */
	SW_REPLACE,	/* flavor: delete + create */
	SW_DELETE,
};

/* The changes of one flavor or aggregate; its steps run in order. */
struct sync_change {
	const char		*coll;	/* SYNC_FLAVORS or SYNC_AGGREGATES */
	char			*name;
	enum sync_what		 what;
	int			 adopt;		/* not managed before */
	int			 drift;		/* changed in the cloud */
	char			*id;		/* nova's id, or NULL */
	json_t			*want;		/* the state's, or NULL */
	json_t			*have;		/* the cloud's, or NULL */
	char			*replaced;	/* replace: "ram 2048 -> 4096" */
	char			*final;		/* the record's digest when
						 * every step is done (NULL:
						 * no entry) */
	struct sync_step	*steps;
	size_t			 nsteps;
};

struct sync_plan {
	struct sync_change	*v;
	size_t			 n, cap;
	size_t			 ncalls;
	size_t			 ndrift, nreplace;
	struct strv		 unmanaged[2];	/* names left alone:
						 * flavors, aggregates */
	json_t			*record;	/* the record once applied */
};

/*
 * Plans the calls that bring cloud s in line with the flavors and
 * aggregates of deployment in view (a missing collection is an empty
 * one), given the previous record (may be NULL: nothing managed yet).
 * Never fails.
 */
void	sync_plan_make(json_t *view, const char *deployment,
	    const struct sync_cloud *s, const json_t *record,
	    struct sync_plan *p);
void	sync_plan_release(struct sync_plan *p);
/* Appends the plan as text: one block per object, its calls indented,
 * drift side by side, then the totals. */
void	sync_plan_print(const struct sync_plan *p, struct sbuf *out);
/* -1 with *cause ("2 flavors or aggregates changed in the cloud since the
 * last sync and 1 flavor replacement: use --force") when p needs force
 * and force is 0; else 0. */
int	sync_plan_check(const struct sync_plan *p, int force, char **cause);

/* How a plan is applied. */
struct sync_apply_opts {
	size_t	 parallel;	/* objects at once (0: 4) */
	/* called after each finished call (may be NULL) */
	void	(*progress)(void *arg, size_t done, size_t total);
	void	*arg;
};

/* What an apply did. */
struct sync_result {
	size_t	 done, failed, notsent;	/* calls */
	json_t	*record;	/* the record to store, also after a failure */
};

/*
 * Sends the plan's calls, each object's in order, several objects at
 * once.  The first failed call stops it: no new call is started, those
 * running finish.  res->record is the record to store in every case.
 * Appends to report one line per call: "done: LABEL", "failed: LABEL:
 * 409 Flavor with name x already exists", "not sent: LABEL".  Returns 0
 * when every call succeeded, or -1 with *cause naming the failed call.
 */
int	sync_apply(struct cloud *c, const struct sync_plan *p,
	    const json_t *record, const struct sync_apply_opts *o,
	    struct sync_result *res, struct sbuf *report, char **cause);
void	sync_result_release(struct sync_result *res);

#endif
