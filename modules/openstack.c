/*
 * openstack.c - OpenStack deployments, their settings and compute record,
 * the completion of what they hold (which deployment is in context, the
 * scheduler filters), and the checks of the compute record (its release,
 * its enabled filters).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/provider.h"
#include "model/view.h"
#include "modules/modules.h"
#include "nova/clouds.h"
#include "nova/compute.h"
#include "nova/devspec.h"
#include "nova/filtersrc.h"
#include "nova/novaopts.h"
#include "state/validate.h"

/* The members of nova's mapping form of a whitelist "address". */
static const char *const address_keys[] = {
	"domain", "bus", "slot", "function", NULL
};

/* Why a mapping held by member k of a whitelist entry is refused, or NULL. */
static char *
address_refused(const char *k, const json_t *m)
{
	const char *ak;
	json_t *x;
	size_t i;

	if (strcmp(k, "address") != 0)
		return xasprintf("value of '%s' must be a scalar (only "
		    "'address' takes a mapping)", k);
	json_object_foreach((json_t *)m, ak, x) {
		for (i = 0; address_keys[i]; i++)
			if (strcmp(ak, address_keys[i]) == 0)
				break;
		if (address_keys[i] == NULL)
			return xasprintf("'address' takes only domain, bus, "
			    "slot and function, not '%s'", ak);
		if (!json_is_string(x))
			return xasprintf("value of '%s' in 'address' must be "
			    "a string", ak);
	}
	return NULL;
}

/*
 * Whitelist entries: nova reads a mapping only as "address" (its domain,
 * bus, slot and function, each a string); every other member is a scalar.
 */
static int
check_whitelist(const struct prop_def *p, const json_t *v, char **cause)
{
	const char *k;
	json_t *e, *m;
	size_t i;

	json_array_foreach(v, i, e) {
		json_object_foreach(e, k, m) {
			char *why, *dump;

			if (!json_is_object(m) ||
			    (why = address_refused(k, m)) == NULL)
				continue;
			dump = json_dumps(e, JSON_COMPACT |
			    JSON_PRESERVE_ORDER);
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': %s", dump, p->name, why);
			free(dump);
			free(why);
			return -1;
		}
	}
	return 0;
}

/* clang-format off */
static const struct prop_def openstack_props[] = {
	P_KEY  ("name", "Name", "Name of the OpenStack deployment"),
	P_STR  ("cloud", "Cloud",
	    "Entry of clouds.yaml: commit keeps its flavors and host aggregates in line",
	    .complete = "clouds"),
	P_END
};

static const struct prop_def settings_props[] = {
	P_END
};

static const struct prop_def compute_props[] = {
	P_ENUM ("release", "Release", nova_release_names,
	    "OpenStack release of nova: option names and filters follow it", .def = "newton"),
	P_LISTF("schedulerfilters", "Scheduler filters", VK_STRING, PROP_UNIQUE,
	    "Enabled nova scheduler filters, in order", .complete = "filters"),
	P_LISTF("availablefilters", "Available filters", VK_STRING, PROP_UNIQUE,
	    "Filter class paths for available_filters; empty = nova's own plus ocmsh's"),
	P_LIST ("pcipassthroughwhitelist", "PCI passthrough whitelist", VK_JSONOBJ,
	    "Whitelist / device_spec entries (JSON objects); empty = derived from the PCI aliases",
	    .check = check_whitelist),
	P_PATH ("filtermodulepath", "Filter module path",
	    "Where commit installs ocmsh_filters inside each image; empty = beside its nova package"),
	P_END
};
/* clang-format on */

/* ---- completion: the deployment in context, and filter names ---- */

const char *
openstack_deployment(const struct compl_ctx *c)
{
	const char *d = c->selected ? c->selected(c, &openstack_type) : NULL;
	json_t *coll;
	void *it;

	if (d != NULL)
		return d;
	if ((coll = view_coll(c->view, NOVA_DEPLOYMENTS)) == NULL)
		return NULL;
	if (json_object_get(coll, NOVA_DEPLOYMENT) != NULL)
		return NOVA_DEPLOYMENT;
	it = json_object_iter(coll);
	return it ? json_object_iter_key(it) : NULL;
}

json_t *
openstack_coll(const struct compl_ctx *c, const char *key)
{
	const char *d = openstack_deployment(c);
	char *cp;
	json_t *coll;

	if (d == NULL)
		return NULL;
	cp = xasprintf(NOVA_DEPLOYMENTS "/%s/%s", d, key);
	coll = view_coll(c->view, cp);
	free(cp);
	return coll;
}

void
openstack_each_entry(const struct compl_ctx *c, const char *key,
    const char *prop, void (*fn)(void *arg, const char *obj, const char *k,
    const char *v), void *arg)
{
	json_t *coll = openstack_coll(c, key), *o, *m, *v;
	const char *name, *k;

	json_object_foreach(coll, name, o) {
		m = json_object_get(o, prop);
		json_object_foreach(m, k, v)
			if (json_is_string(v))
				fn(arg, name, k, json_string_value(v));
	}
}

/*
 * "filters": the scheduler filters of the configured release, ocmsh's
 * own, and the last part of each class path of availablefilters (of the
 * compute record being set, c->obj).
 */
static void
filters_list(const struct compl_ctx *c, struct compl_out *out)
{
	struct strv f = STRV_INIT;
	int rel = nova_compute_release(c->view, openstack_deployment(c));
	char *nova_help = xasprintf("nova filter (%s)",
	    nova_release_title(rel));
	const json_t *avail = c->obj ? json_object_get(c->obj,
	    "availablefilters") : NULL, *e;
	size_t i;

	nova_filters(rel, &f);
	for (i = 0; i < f.n; i++)
		compl_out_add(out, f.v[i], nova_help);
	compl_out_add(out, "ReserveRamFilter", "ocmsh: holds RAM back on "
	    "aggregate hosts for GPU flavors");
	compl_out_add(out, "ReserveAggregateRamFilter", "ocmsh: the same, "
	    "honouring ram_allocation_ratio");
	json_array_foreach(avail, i, e) {
		const char *cls = json_string_value(e), *dot;

		if (cls && (dot = strrchr(cls, '.')) != NULL && dot[1])
			compl_out_add(out, dot + 1, "from availablefilters");
	}
	strv_release(&f);
	free(nova_help);
}

const struct compl_provider filters_provider = { "filters", filters_list };

/* "clouds": the entries of the clouds.yaml a sync would read. */
static void
clouds_list(const struct compl_ctx *c, struct compl_out *out)
{
	struct strv names = STRV_INIT;
	char *file = NULL, *help;

	clouds_names(&names, &file);
	help = xasprintf("cloud in %s", file ? file : "clouds.yaml");
	for (size_t i = 0; i < names.n; i++)
		compl_out_add(out, names.v[i], help);
	free(help);
	free(file);
	strv_release(&names);
}

const struct compl_provider clouds_provider = { "clouds", clouds_list };

/* ---- validation: the release and the enabled filters ---- */

void
openstack_enabled_filters(json_t *colls, struct strv *out)
{
	json_t *compute = nova_compute(colls, NULL), *e;
	json_t *sf = compute ? json_object_get(compute, "schedulerfilters") :
	    NULL;
	size_t i;

	json_array_foreach(sf, i, e)
		strv_push(out, json_string_value(e));
}

/* The configured release is one ocmsh knows. */
static void
check_release(struct validate_ctx *vc)
{
	json_t *compute = nova_compute(vc->colls, NULL);
	json_t *rel = compute ? json_object_get(compute, "release") : NULL;

	if (rel && nova_release_find(json_string_value(rel)) < 0)
		diag_add(vc->diag, DIAG_ERROR, DC_RELEASE, "compute release",
		    "unknown release '%s'", json_string_value(rel));
}

/* 1 if an availablefilters entry is a class path ending in ".NAME". */
static int
path_provides(json_t *avail, const char *fname)
{
	size_t k;
	json_t *a;

	json_array_foreach(avail, k, a) {
		const char *path = json_string_value(a);
		const char *dot = path ? strrchr(path, '.') : NULL;

		if (dot && strcmp(dot + 1, fname) == 0)
			return 1;
	}
	return 0;
}

/*
 * What availablefilters lists besides class paths: *all = nova's own
 * all_filters; *other = some other function (a lower-case last part),
 * which may return any class.
 */
static void
avail_functions(json_t *avail, int *all, int *other)
{
	size_t k;
	json_t *a;

	*all = *other = 0;
	json_array_foreach(avail, k, a) {
		const char *path = json_string_value(a);
		const char *dot = path ? strrchr(path, '.') : NULL;
		const char *last = dot ? dot + 1 : path;

		if (path == NULL)
			continue;
		if (strcmp(path, "nova.scheduler.filters.all_filters") == 0)
			*all = 1;
		else if (last && islower((unsigned char)*last))
			*other = 1;
	}
}

/* A filter nova of release deprecates: a warning. */
static void
check_deprecated(struct diag *d, const char *fname, int release)
{
	int removed, since = nova_filter_deprecated(fname, release, &removed);

	if (since < 0)
		return;
	if (removed < NOVA_NRELEASES)
		diag_add(d, DIAG_WARNING, DC_FILTER_DEPRECATED,
		    "compute schedulerfilters", "%s is deprecated since %s "
		    "and removed in %s", fname, nova_release_title(since),
		    nova_release_title(removed));
	else
		diag_add(d, DIAG_WARNING, DC_FILTER_DEPRECATED,
		    "compute schedulerfilters", "%s is deprecated since %s",
		    fname, nova_release_title(since));
}

/*
 * One enabled filter of the release: it exists there or is provided.  An
 * empty availablefilters means nova's all_filters plus ocmsh's filters;
 * a set one (custom) must provide every enabled filter itself.
 */
static void
check_filter(struct diag *d, json_t *avail, const char *fname, int release,
    int all, int other)
{
	int custom = json_array_size(avail) > 0, removed = -1, ours, intree;

	ours = strcmp(fname, "ReserveRamFilter") == 0 ||
	    strcmp(fname, "ReserveAggregateRamFilter") == 0;
	intree = nova_filter_exists(fname, release, &removed);
	if (path_provides(avail, fname))
		return;
	if (intree)
		check_deprecated(d, fname, release);
	if (ours || intree) {
		if (!custom || other || (intree && all))
			return;
		diag_add(d, DIAG_ERROR, DC_FILTER, "compute availablefilters",
		    "%s is enabled but availablefilters does not provide it "
		    "(add '%s')", fname, ours ? (strcmp(fname,
		    "ReserveRamFilter") ? OCMSH_FILTER_CLASS_RESERVE_AGGREGATE :
		    OCMSH_FILTER_CLASS_RESERVE) :
		    "nova.scheduler.filters.all_filters");
		return;
	}
	if (custom && other)
		return;	/* a site function may provide it */
	if (removed >= 0)
		diag_add(d, DIAG_ERROR, DC_FILTER, "compute schedulerfilters",
		    "%s was removed in %s", fname, nova_release_title(removed));
	else
		diag_add(d, DIAG_ERROR, DC_FILTER, "compute schedulerfilters",
		    "%s is not a filter of nova %s and availablefilters does "
		    "not provide it", fname, nova_release_title(release));
}

/* The enabled filters exist in the release or are provided. */
static void
check_filters(struct validate_ctx *vc)
{
	json_t *compute = nova_compute(vc->colls, NULL);
	json_t *avail = compute ? json_object_get(compute,
	    "availablefilters") : NULL;
	int release = nova_compute_release(vc->colls, NULL), all = 1, other = 0;
	struct strv filters = STRV_INIT;

	if (json_array_size(avail) > 0)
		avail_functions(avail, &all, &other);
	openstack_enabled_filters(vc->colls, &filters);
	for (size_t i = 0; i < filters.n; i++)
		check_filter(vc->diag, avail, filters.v[i], release, all, other);
	strv_release(&filters);
}

/*
 * The explicit whitelist entries, as nova of the configured release reads
 * them (nova/devspec.h).
 */
static void
check_whitelist_entries(struct validate_ctx *vc)
{
	json_t *compute = nova_compute(vc->colls, NULL), *e;
	int release = nova_compute_release(vc->colls, NULL);
	size_t i;

	json_array_foreach(compute ? json_object_get(compute,
	    "pcipassthroughwhitelist") : NULL, i, e) {
		char *why = devspec_refused(e, release), *dump;

		if (why == NULL)
			continue;
		dump = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
		diag_add(vc->diag, DIAG_ERROR, DC_WHITELIST,
		    "compute pcipassthroughwhitelist", "entry %s: %s (nova-"
		    "compute of %s does not start with it)", dump, why,
		    nova_release_title(release));
		free(dump);
		free(why);
	}
}

/* What the checks read (model/schema.h). */
static const char *const compute_reads[] = { "openstack", NULL };

static const struct type_check compute_checks[] = {
	{ STEP_RELEASE, check_release, 0, compute_reads },
	{ STEP_WHITELIST, check_whitelist_entries, 0, compute_reads },
	{ STEP_FILTERS, check_filters, 0, compute_reads },
	{ 0, NULL, 0, NULL }
};

const struct obj_type openstack_type = {
	.name = "openstack",
	.plural = "OpenStacks",
	.mode = "openstack",
	.layout = OT_COLLECTION,
	.yaml_key = "openstack",
	.props = openstack_props,
	.list_format = "name:[16-32]",
	.autoselect = "default",
	.extra = openstack_cmds,
	.help = "Enter OpenStack mode",
	.label = "OpenStack",
};

const struct obj_type settings_type = {
	.name = "settings",
	.plural = "Settings",
	.mode = "settings",
	.parent = &openstack_type,
	.layout = OT_RECORD,
	.yaml_key = "settings",
	.props = settings_props,
	.help = "Enter the OpenStack settings",
	.label = "Settings",
};

const struct obj_type compute_type = {
	.name = "compute",
	.plural = "Compute settings",
	.mode = "compute",
	.parent = &settings_type,
	.layout = OT_RECORD,
	.yaml_key = "compute",
	.props = compute_props,
	.validate = compute_checks,
	.help = "Enter the nova compute and scheduler settings",
	.label = "Compute settings",
};
