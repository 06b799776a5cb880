/*
 * simfilter.c - the scheduler filters of the dry run: which filters of a
 * chain are modelled, pass by construction or are skipped, and each
 * modelled filter's verdict on a host, as nova's code decides it (nova
 * 14 Newton .. 33 2026.1, and ocmsh's own ReserveRamFilter).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "modules/simint.h"
#include "nova/novaopts.h"

/* Why filters pass or are skipped. */
#define N_VCPUS	"needs the hosts' vCPUs, which the state does not hold"
#define N_DISK	"needs the hosts' disk sizes, which the state does not hold"
#define N_IMAGE	"needs the image's properties: a dry run boots no image"
#define N_IOOPS	"needs the builds in flight on each host"
#define N_HINTS	"passes every host: a dry run gives no scheduler hints"
#define N_GROUP	"passes every host: a dry run uses no server group"

/* The filters ocmsh knows. */
/* clang-format off */
static const struct {
	const char	*name;
	enum sim_fid	 fid;
	const char	*note;		/* F_PASS, F_SKIP: why */
} ftab[] = {
	{ "AggregateCoreFilter",	F_SKIP,	N_VCPUS },
	{ "AggregateDiskFilter",	F_SKIP,	N_DISK },
	{ "AggregateImagePropertiesIsolation", F_SKIP, N_IMAGE },
	{ "AggregateInstanceExtraSpecsFilter", F_EXTRA_SPECS, NULL },
	{ "AggregateIoOpsFilter",	F_SKIP,	N_IOOPS },
	{ "AggregateMultiTenancyIsolation", F_SKIP,
	    "needs the project of the request" },
	{ "AggregateNumInstancesFilter", F_AGG_NUM_INST, NULL },
	{ "AggregateRamFilter",		F_AGG_RAM, NULL },
	{ "AggregateTypeAffinityFilter", F_AGG_TYPE, NULL },
	{ "AllHostsFilter",		F_PASS,	"passes every host" },
	{ "AvailabilityZoneFilter",	F_ZONE,	NULL },
	{ "ComputeFilter",		F_PASS,	"the state has no service "
	    "status: every hypervisor counts as enabled and up" },
	{ "CoreFilter",			F_SKIP,	N_VCPUS },
	{ "DifferentHostFilter",	F_PASS,	N_HINTS },
	{ "DiskFilter",			F_SKIP,	N_DISK },
	{ "ExactCoreFilter",		F_SKIP,	N_VCPUS },
	{ "ExactDiskFilter",		F_SKIP,	N_DISK },
	{ "ExactRamFilter",		F_EXACT_RAM, NULL },
	{ "ImagePropertiesFilter",	F_SKIP,	N_IMAGE },
	{ "IoOpsFilter",		F_SKIP,	N_IOOPS },
	{ "IsolatedHostsFilter",	F_PASS,	"passes every host with nova's "
	    "default isolated_hosts and isolated_images (none)" },
	{ "JsonFilter",			F_PASS,	N_HINTS },
	{ "MetricsFilter",		F_PASS,	"passes every host with nova's "
	    "default [metrics] weight_setting (none)" },
	{ "NUMATopologyFilter",		F_SKIP,	"needs the hosts' NUMA "
	    "topology, which the state does not hold" },
	{ "NumInstancesFilter",		F_NUM_INST, NULL },
	{ "PciPassthroughFilter",	F_PCI,	NULL },
	{ "RamFilter",			F_RAM,	NULL },
	{ "ReserveAggregateRamFilter",	F_AGG_RESERVE, NULL },
	{ "ReserveRamFilter",		F_RESERVE, NULL },
	{ "RetryFilter",		F_PASS,	"passes every host: a first "
	    "attempt has no failed hosts" },
	{ "SameHostFilter",		F_PASS,	N_HINTS },
	{ "ServerGroupAffinityFilter",	F_PASS,	N_GROUP },
	{ "ServerGroupAntiAffinityFilter", F_PASS, N_GROUP },
	{ "SimpleCIDRAffinityFilter",	F_PASS,	N_HINTS },
	{ "TrustedFilter",		F_SKIP,	"needs an attestation service" },
	{ "TypeAffinityFilter",		F_TYPE,	NULL },
};

/* HostState attributes (and methods): an unscoped extra spec of one of
 * these names is checked by ComputeCapabilitiesFilter. */
static const char *const host_attrs[] = {
	"aggregates", "cell_uuid", "consume_from_request",
	"cpu_allocation_ratio", "cpu_info", "disk_allocation_ratio",
	"disk_mb_used", "failed_builds", "free_disk_mb", "free_ram_mb", "host",
	"host_ip", "hypervisor_hostname", "hypervisor_type",
	"hypervisor_version", "instances", "limits", "metrics", "nodename",
	"num_instances", "num_io_ops", "numa_topology", "pci_stats",
	"ram_allocation_ratio", "service", "stats", "supported_instances",
	"total_usable_disk_gb", "total_usable_ram_mb", "update", "updated",
	"uuid", "vcpus_total", "vcpus_used", NULL
};
/* clang-format on */

/* The extra spec of a flavor that ComputeCapabilitiesFilter would check
 * against the host (which the state cannot answer), or NULL. */
static const char *
capability_spec(json_t *specs)
{
	const char *k;
	json_t *v;

	json_object_foreach(specs, k, v) {
		if (strncmp(k, "capabilities:", 13) == 0)
			return k;
		if (strchr(k, ':') != NULL)
			continue;
		/* stats keys are num_* and io_workload */
		if (strncmp(k, "num_", 4) == 0 || strcmp(k, "io_workload") == 0)
			return k;
		for (size_t i = 0; host_attrs[i]; i++)
			if (strcmp(k, host_attrs[i]) == 0)
				return k;
	}
	return NULL;
}

/* Appends one filter to the chain. */
static void
add_filter(struct sim_ctx *c, size_t *cap, const char *name,
    enum sim_fid fid, char *note)
{
	struct sim_result *res = c->res;
	struct sim_filter *f;

	xgrow((void **)&res->filters, cap, res->nfilters + 1,
	    sizeof *res->filters);
	c->fid = xrealloc(c->fid, *cap * sizeof *c->fid);
	f = &res->filters[res->nfilters];
	f->name = xstrdup(name);
	f->kind = fid == F_PASS ? SIM_PASSES : fid == F_SKIP ? SIM_SKIPPED :
	    SIM_MODELLED;
	f->note = note;
	c->fid[res->nfilters++] = fid;
}

/* ComputeCapabilitiesFilter: passes unless a flavor asks for a host
 * capability, which makes it skipped. */
static void
add_capabilities(struct sim_ctx *c, size_t *cap, const struct sim_req *reqs,
    size_t nreqs)
{
	for (size_t i = 0; i < nreqs; i++) {
		const char *k = capability_spec(reqs[i].specs);

		if (k != NULL) {
			add_filter(c, cap, "ComputeCapabilitiesFilter", F_SKIP,
			    xasprintf("flavor '%s' asks for host capability "
			    "'%s', which the state does not hold",
			    reqs[i].name, k));
			return;
		}
	}
	add_filter(c, cap, "ComputeCapabilitiesFilter", F_PASS,
	    xstrdup("passes every host: no flavor asks for a host "
	    "capability"));
}

/* Appends one weigher. */
static void
add_weigher(struct sim_result *res, const char *name, const char *note)
{
	struct sim_weigher *w;

	res->weighers = xrealloc(res->weighers, (res->nweighers + 1) *
	    sizeof *res->weighers);
	w = &res->weighers[res->nweighers++];
	w->name = xstrdup(name);
	w->kind = note ? SIM_SKIPPED : SIM_MODELLED;
	w->note = note ? xstrdup(note) : NULL;
}

/* The weighers of the release that change or could change the order. */
static void
setup_weighers(struct sim_ctx *c)
{
	struct sim_result *res = c->res;

	add_weigher(res, "RAMWeigher", NULL);
	if (c->release >= NOVA_PIKE)
		add_weigher(res, "PCIWeigher", NULL);
	add_weigher(res, "DiskWeigher", "needs the hosts' free disk, which "
	    "the state does not hold");
	if (c->release >= NOVA_ROCKY)
		add_weigher(res, "CPUWeigher", "needs the hosts' vCPUs, which "
		    "the state does not hold");
	add_weigher(res, "IoOpsWeigher", "needs the builds in flight on "
	    "each host");
	if (c->release >= NOVA_2023_2)
		add_weigher(res, "HypervisorVersionWeigher", "needs the "
		    "hypervisor versions, which the state does not hold");
}

/* Builds the filter chain and the weighers (see simint.h). */
void
simf_setup(struct sim_ctx *c, const char *const *names, size_t n,
    const struct sim_req *reqs, size_t nreqs)
{
	size_t cap = 0, i, k;
	int removed;

	if (c->release >= NOVA_OCATA)
		add_filter(c, &cap, "placement", F_PLACEMENT,
		    xstrdup("MEMORY_MB only: the hosts' VCPU and DISK_GB "
		    "inventories are not in the state"));
	for (i = 0; i < n; i++) {
		int ocmsh = strncmp(names[i], "Reserve", 7) == 0;

		for (k = 0; k < ARRAY_SIZE(ftab); k++)
			if (strcmp(names[i], ftab[k].name) == 0)
				break;
		if (!ocmsh && !nova_filter_exists(names[i], c->release,
		    &removed)) {
			add_filter(c, &cap, names[i], F_SKIP, removed >= 0 ?
			    xasprintf("removed in nova %s: nova-scheduler "
			    "would not start", nova_release_title(removed)) :
			    xasprintf("not a filter of nova %s",
			    nova_release_title(c->release)));
		} else if (strcmp(names[i], "ComputeCapabilitiesFilter") == 0)
			add_capabilities(c, &cap, reqs, nreqs);
		else if (k < ARRAY_SIZE(ftab))
			add_filter(c, &cap, names[i], ftab[k].fid,
			    ftab[k].note ? xstrdup(ftab[k].note) : NULL);
		else
			add_filter(c, &cap, names[i], F_SKIP,
			    xstrdup("a filter ocmsh does not know"));
	}
	setup_weighers(c);
}

/* Aggregate a's metadata value of key, or NULL. */
static const char *
meta(const struct sim_ctx *c, size_t a, const char *key)
{
	return json_string_value(json_object_get(c->aggs[a].meta, key));
}

/*
 * nova's validate_num_values(aggregate_values_from_key(h, key), ...,
 * based_on=min): 1 and the smallest value of key among h's aggregates,
 * 0 if none has it, -1 if one is not a number (float, or int when
 * is_int).
 */
static int
agg_min(const struct sim_ctx *c, const struct sim_hyp *h, const char *key,
    int is_int, double *dout, long long *iout)
{
	int any = 0;

	for (size_t i = 0; i < h->naggs; i++) {
		const char *s = meta(c, h->aggs[i], key);
		long long iv;
		double dv;

		if (s == NULL)
			continue;
		if (is_int ? sim_pyint(s, 10, &iv) : sim_pyfloat(s, &dv))
			return -1;
		if (is_int && (!any || iv < *iout))
			*iout = iv;
		if (!is_int && (!any || dv < *dout))
			*dout = dv;
		any = 1;
	}
	return any;
}

/* Aggregate*RamFilter's ratio: the aggregates' smallest, else the host's. */
static double
agg_ratio(const struct sim_ctx *c, const struct sim_hyp *h)
{
	double v = 0;

	return agg_min(c, h, "ram_allocation_ratio", 0, &v, NULL) == 1 ? v :
	    c->opts.ram_ratio;
}

/* AggregateNumInstancesFilter's limit. */
static long long
agg_max(const struct sim_ctx *c, const struct sim_hyp *h)
{
	long long v = 0;

	return agg_min(c, h, "max_instances_per_host", 1, NULL, &v) == 1 ? v :
	    c->opts.max_instances;
}

/* Python's str.isspace() for an ASCII character. */
static int
py_space(int ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r') ||
	    (ch >= 0x1c && ch <= 0x1f);
}

/* s without the whitespace Python's str.strip() removes.  Caller frees. */
static char *
strip_dup(const char *s)
{
	size_t len;

	while (*s && py_space((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && py_space((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

/* ocmsh_filters' _is_true(): "true" in any case, blanks around ignored. */
static int
is_true(const char *v)
{
	char *t = v ? strip_dup(v) : NULL;
	int yes = t && strcasecmp(t, "true") == 0;

	free(t);
	return yes;
}

/* ReserveRamFilter's reservation against r on h: the largest of the
 * aggregates' reserve_ram_filter_mb the flavor does not escape. */
static long long
reserve_of(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r)
{
	long long best = 0, mb;

	for (size_t i = 0; i < h->naggs; i++) {
		const char *s = meta(c, h->aggs[i], "reserve_ram_filter_mb");
		const char *spec = meta(c, h->aggs[i],
		    "reserve_ram_filter_flavor_extra_spec");
		char *name;
		int escapes = 0;

		if (s == NULL || sim_pyint(s, 10, &mb) != 0 || mb < 0)
			continue;
		if (spec != NULL) {
			name = strip_dup(spec);
			escapes = *name && is_true(json_string_value(
			    json_object_get(r->specs, name)));
			free(name);
		}
		if (!escapes && mb > best)
			best = mb;
	}
	return best;
}

/* Whether aggregates of h have key, and whether one of its values (split
 * on ",", stripped) satisfies test(value, arg). */
static int
agg_values(const struct sim_ctx *c, const struct sim_hyp *h, const char *key,
    int (*test)(const char *, const char *), const char *arg, int *found)
{
	*found = 0;
	for (size_t i = 0; i < h->naggs; i++) {
		const char *s = meta(c, h->aggs[i], key);
		char *copy, *item, *end;
		int hit = 0;

		if (s == NULL)
			continue;
		*found = 1;
		copy = xstrdup(s);
		for (item = copy; item && !hit; item = end ? end + 1 : NULL) {
			char *v;

			if ((end = strchr(item, ',')) != NULL)
				*end = '\0';
			v = strip_dup(item);
			hit = test(v, arg);
			free(v);
		}
		free(copy);
		if (hit)
			return 1;
	}
	return 0;
}

/* String equality as a test for agg_values(). */
static int
equals(const char *value, const char *want)
{
	return strcmp(value, want) == 0;
}

/* AggregateInstanceExtraSpecsFilter; why gets the first spec that fails. */
static int
extra_specs_ok(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r, struct sbuf *why)
{
	const char *k;
	json_t *v;

	json_object_foreach(r->specs, k, v) {
		const char *key = k, *colon = strchr(k, ':');
		const char *req = json_string_value(v);
		int found;

		if (colon != NULL) {
			if ((size_t)(colon - k) != 30 ||
			    strncmp(k, "aggregate_instance_extra_specs", 30))
				continue;
			key = colon + 1;
		}
		if (req == NULL)
			continue;
		if (agg_values(c, h, key, simf_match, req, &found))
			continue;
		if (why && !found)
			sbuf_addf(why, "extra spec '%s' is in no metadata of "
			    "its aggregates", key);
		else if (why)
			sbuf_addf(why, "extra spec '%s' = '%s' matches none of "
			    "its aggregates' values", key, req);
		return 0;
	}
	return 1;
}

/* AvailabilityZoneFilter. */
static int
zone_ok(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r, struct sbuf *why)
{
	int found;

	if (r->zone == NULL || *r->zone == '\0')
		return 1;
	if (agg_values(c, h, "availability_zone", equals, r->zone, &found))
		return 1;
	if (!found && strcmp(r->zone, SIM_DEFAULT_ZONE) == 0)
		return 1;
	if (why)
		sbuf_addf(why, "not in zone '%s' (%s)", r->zone, found ?
		    "its aggregates name other zones" :
		    "it is in the default zone " SIM_DEFAULT_ZONE);
	return 0;
}

/* AggregateTypeAffinityFilter. */
static int
agg_type_ok(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r, struct sbuf *why)
{
	int found;

	if (agg_values(c, h, "instance_type", equals, r->name, &found) ||
	    !found)
		return 1;
	if (why)
		sbuf_addf(why, "its aggregates' instance_type does not list "
		    "'%s'", r->name);
	return 0;
}

/* A MiB figure that may have a fraction. */
static void
add_mib(struct sbuf *sb, double v)
{
	if (v == (double)(long long)v)
		sbuf_addf(sb, "%lld", (long long)v);
	else
		sbuf_addf(sb, "%.1f", v);
}

/* placement's MEMORY_MB check: min_unit, max_unit, capacity. */
static int
placement_ok(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r, struct sbuf *why)
{
	double cap = (double)(h->memory - c->opts.reserved_mb) *
	    c->opts.ram_ratio;

	if (r->ram >= 1 && r->ram <= h->memory &&
	    (double)(h->used + r->ram) <= cap)
		return 1;
	if (why && r->ram > h->memory)
		sbuf_addf(why, "%lld MiB requested, more than the host's "
		    "%lld MiB", r->ram, h->memory);
	else if (why) {
		sbuf_addf(why, "%lld MiB requested, ", r->ram);
		add_mib(why, cap - (double)h->used);
		sbuf_addf(why, " MiB left: (%lld - %lld reserved) x %g - "
		    "%lld used", h->memory, c->opts.reserved_mb,
		    c->opts.ram_ratio, h->used);
	}
	return 0;
}

/*
 * The RAM filters: usable = memory x ratio - (memory - free) - reserve
 * must hold the flavor; RamFilter and AggregateRamFilter (whole) also
 * refuse a flavor bigger than the host.
 */
static int
ram_ok(const struct sim_hyp *h, const struct sim_req *r, double ratio,
    long long reserve, int whole, struct sbuf *why)
{
	double usable = (double)h->memory * ratio -
	    (double)(h->memory - h->free);

	if (whole && !(h->memory >= r->ram)) {
		if (why)
			sbuf_addf(why, "%lld MiB requested, more than the "
			    "host's %lld MiB", r->ram, h->memory);
		return 0;
	}
	if (!whole)
		usable -= (double)reserve;
	if (usable >= (double)r->ram)
		return 1;
	if (why) {
		sbuf_addf(why, "%lld MiB requested, ", r->ram);
		add_mib(why, usable);
		sbuf_addf(why, " MiB usable: %lld x %g - %lld used",
		    h->memory, ratio, h->memory - h->free);
		if (!whole && reserve)
			sbuf_addf(why, " - %lld reserved", reserve);
	}
	return 0;
}

/* The number filters: fewer than max instances. */
static int
count_ok(const struct sim_hyp *h, long long max, struct sbuf *why)
{
	if (h->ninst < max)
		return 1;
	if (why)
		sbuf_addf(why, "%lld instances, at most %lld", h->ninst, max);
	return 0;
}

/* PciPassthroughFilter. */
static int
pci_ok(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r, struct sbuf *why)
{
	if (r->npci == 0 || simp_supports(c, h, r))
		return 1;
	for (size_t i = 0; why && i < r->npci; i++) {
		const struct sim_alias *a = r->pci[i].alias;

		sbuf_addf(why, "%sneeds %lld %s (%s:%s), %lld free", i ? "; " :
		    "", r->pci[i].count, a->name, a->vendor ? a->vendor : "*",
		    a->product ? a->product : "*", simp_serving(c, h, a));
	}
	return 0;
}

/* Whether fid is evaluated anew for every instance. */
static int
is_dynamic(enum sim_fid fid)
{
	switch (fid) {
	case F_EXTRA_SPECS: case F_ZONE: case F_AGG_TYPE: case F_PASS:
	case F_SKIP:
		return 0;
	default:
		return 1;
	}
}

/*
 * One filter on h for r, the per-request values taken from h when
 * cached (from simf_prepare) or worked out anew.
 */
static int
eval(const struct sim_ctx *c, enum sim_fid fid, const struct sim_hyp *h,
    const struct sim_req *r, int cached, struct sbuf *why)
{
	switch (fid) {
	case F_PLACEMENT:
		return placement_ok(c, h, r, why);
	case F_RAM:
		return ram_ok(h, r, c->opts.ram_ratio, 0, 1, why);
	case F_AGG_RAM:
		return ram_ok(h, r, cached ? h->agg_ratio : agg_ratio(c, h),
		    0, 1, why);
	case F_EXACT_RAM:
		if (r->ram == h->free)
			return 1;
		if (why)
			sbuf_addf(why, "%lld MiB requested, %lld MiB free: not "
			    "exactly", r->ram, h->free);
		return 0;
	case F_RESERVE:
		return ram_ok(h, r, c->opts.ram_ratio, cached ? h->reserve :
		    reserve_of(c, h, r), 0, why);
	case F_AGG_RESERVE:
		return ram_ok(h, r, cached ? h->agg_ratio : agg_ratio(c, h),
		    cached ? h->reserve : reserve_of(c, h, r), 0, why);
	case F_PCI:
		return pci_ok(c, h, r, why);
	case F_NUM_INST:
		return count_ok(h, c->opts.max_instances, why);
	case F_AGG_NUM_INST:
		return count_ok(h, cached ? h->agg_max : agg_max(c, h), why);
	case F_TYPE:
		if (h->sole == -1 || h->sole == (long)r->index)
			return 1;
		if (why)
			sbuf_addf(why, "holds instances of another flavor");
		return 0;
	case F_EXTRA_SPECS:
		return extra_specs_ok(c, h, r, why);
	case F_ZONE:
		return zone_ok(c, h, r, why);
	case F_AGG_TYPE:
		return agg_type_ok(c, h, r, why);
	case F_PASS:
	case F_SKIP:
		break;
	}
	return 1;
}

/* Sets every host's per-request values (see simint.h). */
void
simf_prepare(struct sim_ctx *c, const struct sim_req *r)
{
	size_t nf = c->res->nfilters, i;

	c->ndyn = 0;
	for (i = 0; i < nf && c->ndyn < ARRAY_SIZE(c->dyn); i++)
		if (is_dynamic(c->fid[i]))
			c->dyn[c->ndyn++] = c->fid[i];
	for (size_t k = 0; k < c->nhyp; k++) {
		struct sim_hyp *h = &c->hyp[k];

		h->static_ok = 1;
		for (i = 0; i < nf && h->static_ok; i++)
			if (!is_dynamic(c->fid[i]))
				h->static_ok = eval(c, c->fid[i], h, r, 0,
				    NULL);
		h->reserve = reserve_of(c, h, r);
		h->agg_ratio = agg_ratio(c, h);
		h->agg_max = agg_max(c, h);
	}
}

/* Whether h passes every filter for r (see simint.h). */
int
simf_passes(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r)
{
	if (!h->static_ok)
		return 0;
	for (size_t i = 0; i < c->ndyn; i++)
		if (!eval(c, c->dyn[i], h, r, 1, NULL))
			return 0;
	return 1;
}

/* Filter i's verdict on h for r (see simint.h). */
int
simf_eval(const struct sim_ctx *c, size_t i, const struct sim_hyp *h,
    const struct sim_req *r, struct sbuf *why)
{
	if (c->fid[i] == F_SKIP)
		return SIM_V_NONE;
	return eval(c, c->fid[i], h, r, 0, why) ? SIM_V_PASS : SIM_V_FAIL;
}
