/*
 * hostaggregates.c - nova host aggregates, the completion of their
 * metadata, and their checks (nodes that exist, the reserve filter's
 * metadata).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/diag.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/provider.h"
#include "model/view.h"
#include "modules/modules.h"
#include "nova/compute.h"
#include "state/validate.h"

/* clang-format off */
static const struct prop_def hostaggregate_props[] = {
	P_KEY  ("name", "Name", "Aggregate name"),
	P_LISTF("nodes", "Nodes", VK_REF, PROP_NODESET | PROP_UNIQUE,
	    "Hosts in the aggregate (node sets accepted)", .ref = "device"),
	P_STR  ("availabilityzone", "Availability zone", "Availability zone of the aggregate"),
	P_MAP  ("metadata", "Metadata",
	    "Metadata: a JSON object or key=value words", .complete = "metadata-keys"),
	P_END
};
/* clang-format on */


/* ---- completion of metadata ("metadata-keys") ---- */

/* What a collector over the aggregates' metadata adds to, and how. */
struct meta_sink {
	struct compl_out	*out;
	const char		*key;	/* the key whose values are wanted */
};

/* Offers an entry's word with help "FMT" % the aggregate's name. */
static void
offer(struct compl_out *out, const char *word, const char *fmt,
    const char *obj)
{
	char *h = xasprintf(fmt, obj);

	compl_out_add(out, word, h);
	free(h);
}

/* Whether a metadata key is one of the scheduler's own settings. */
static int
metadata_is_setting(const char *k)
{
	return strncmp(k, "reserve_ram_filter_", 19) == 0 ||
	    strstr(k, "_allocation_ratio") != NULL ||
	    strcmp(k, "availability_zone") == 0;
}

/* The keys of the aggregates' metadata. */
static void
meta_keys(void *arg, const char *obj, const char *k, const char *v)
{
	offer(((struct meta_sink *)arg)->out, k, "used by aggregate %s", obj);
}

/* The values the aggregates give the key. */
static void
meta_values(void *arg, const char *obj, const char *k, const char *v)
{
	struct meta_sink *s = arg;

	if (strcmp(k, s->key) == 0)
		offer(s->out, v, "as in aggregate %s", obj);
}

/* Metadata keys that are no scheduler setting: what flavors may match. */
static void
meta_plain_keys(void *arg, const char *obj, const char *k, const char *v)
{
	if (!metadata_is_setting(k))
		offer(((struct meta_sink *)arg)->out, k,
		    "metadata of aggregate %s", obj);
}

/* The extra specs that mark GPU flavors for the RAM reserve filter. */
static void
meta_reserve_specs(void *arg, const char *obj, const char *k, const char *v)
{
	if (strcmp(k, "reserve_ram_filter_flavor_extra_spec") == 0)
		offer(((struct meta_sink *)arg)->out, v, "GPU flavors skip "
		    "the RAM reserve of aggregate %s", obj);
}

void
aggregates_offer_plain_keys(const struct compl_ctx *c, struct compl_out *out)
{
	struct meta_sink s = { out, NULL };

	openstack_each_entry(c, "hostaggregates", "metadata", meta_plain_keys,
	    &s);
}

void
aggregates_offer_reserve_specs(const struct compl_ctx *c,
    struct compl_out *out)
{
	struct meta_sink s = { out, NULL };

	openstack_each_entry(c, "hostaggregates", "metadata",
	    meta_reserve_specs, &s);
}

void
aggregates_offer_values(const struct compl_ctx *c, const char *key,
    struct compl_out *out)
{
	struct meta_sink s = { out, key };

	openstack_each_entry(c, "hostaggregates", "metadata", meta_values, &s);
}

/* Metadata keys: the scheduler's settings, then what flavors ask for. */
static void
metadata_keys(const struct compl_ctx *c, struct compl_out *out)
{
	struct meta_sink s = { out, NULL };

	compl_out_add(out, "reserve_ram_filter_mb", "RAM, MiB, held back from "
	    "flavors without the GPU extra spec");
	compl_out_add(out, "reserve_ram_filter_flavor_extra_spec", "the extra "
	    "spec that marks GPU flavors");
	compl_out_add(out, "ram_allocation_ratio", "RAM overcommit ratio on "
	    "these hosts");
	compl_out_add(out, "cpu_allocation_ratio", "CPU overcommit ratio on "
	    "these hosts");
	compl_out_add(out, "disk_allocation_ratio", "disk overcommit ratio on "
	    "these hosts");
	flavors_offer_aggregate_keys(c, out);
	openstack_each_entry(c, "hostaggregates", "metadata", meta_keys, &s);
}

/* Values of the metadata key c->key. */
static void
metadata_values(const struct compl_ctx *c, struct compl_out *out)
{
	if (strcmp(c->key, "reserve_ram_filter_flavor_extra_spec") == 0)
		flavors_offer_unscoped_keys(c, out);
	else
		flavors_offer_aggregate_values(c, c->key, out);
	aggregates_offer_values(c, c->key, out);
}

/* "metadata-keys": the keys of aggregate metadata, or the values of one. */
static void
metadata_list(const struct compl_ctx *c, struct compl_out *out)
{
	if (c->key == NULL)
		metadata_keys(c, out);
	else
		metadata_values(c, out);
}

const struct compl_provider metadata_provider = {
	"metadata-keys", metadata_list
};

/* ---- validation ---- */

/* References of host aggregates to devices. */
static void
check_aggregate_refs(struct validate_ctx *vc)
{
	json_t *devs = view_coll(vc->colls, "devices");
	json_t *aggs = view_coll(vc->colls, NOVA_DEFAULT_OS "/hostaggregates");
	const char *name;
	json_t *o;

	json_object_foreach(aggs, name, o) {
		json_t *nodes = json_object_get(o, "nodes"), *n;
		size_t i;

		json_array_foreach(nodes, i, n) {
			const char *dn = json_string_value(n);
			char *f;

			if (devs != NULL && dn != NULL &&
			    json_object_get(devs, dn) != NULL)
				continue;
			f = xasprintf("hostaggregate %s nodes", name);
			diag_add(vc->diag, DIAG_ERROR, DC_REF, f,
			    "no such device '%s'", dn);
			free(f);
		}
	}
}

/* 1 if an extra spec value reads as "true" to the reserve filter. */
static int
spec_true(const char *v)
{
	size_t n;

	if (v == NULL)
		return 0;
	while (isspace((unsigned char)*v))
		v++;
	for (n = strlen(v); n && isspace((unsigned char)v[n - 1]); n--)
		;
	return n == 4 && strncasecmp(v, "true", 4) == 0;
}

/*
 * The reserve of each aggregate that has one, when a reserve filter is
 * enabled: fn(vc, name, agg, n, key) for n MiB kept from the flavors
 * without the extra spec key (all when key is NULL).  A reserve that is
 * not a number is an error, named when bad is set.
 */
static void
each_reserve(struct validate_ctx *vc, int bad, void (*fn)(struct
    validate_ctx *, const char *, json_t *, long long, const char *))
{
	json_t *aggs = view_coll(vc->colls, NOVA_DEFAULT_OS "/hostaggregates");
	struct strv filters = STRV_INIT;
	const char *name;
	json_t *o;
	int reserving;

	openstack_enabled_filters(vc->colls, &filters);
	reserving = strv_find(&filters, "ReserveRamFilter") >= 0 ||
	    strv_find(&filters, "ReserveAggregateRamFilter") >= 0;
	strv_release(&filters);
	json_object_foreach(aggs, name, o) {
		json_t *md = json_object_get(o, "metadata");
		const char *v = json_string_value(json_object_get(md,
		    "reserve_ram_filter_mb"));
		const char *key = json_string_value(json_object_get(md,
		    "reserve_ram_filter_flavor_extra_spec"));
		char *end;
		long long n;

		if (v == NULL)
			continue;
		errno = 0;
		n = strtoll(v, &end, 10);
		if (*v == '\0' || *end || errno || n < 0 ||
		    !isdigit((unsigned char)*v)) {
			char *f = xasprintf("hostaggregate %s metadata", name);

			if (bad)
				diag_add(vc->diag, DIAG_ERROR, DC_RESERVE, f,
				    "reserve_ram_filter_mb '%s' is not a "
				    "non-negative integer", v);
			free(f);
		} else if (reserving)
			fn(vc, name, o, n, key && *key ? key : NULL);
	}
}

/* A node of the aggregate whose memory its reserve takes whole. */
static void
reserve_nodes(struct validate_ctx *vc, const char *name, json_t *agg,
    long long n, const char *key)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(agg, "nodes"), i, e) {
		json_t *dev = view_get(vc->colls, "devices",
		    json_string_value(e));
		json_t *mem = dev ? json_object_get(dev, "memory") : NULL;
		char *f;

		if (!json_is_integer(mem) || n < json_integer_value(mem))
			continue;
		f = xasprintf("hostaggregate %s metadata", name);
		diag_add(vc->diag, DIAG_WARNING, DC_RESERVE_MEMORY, f,
		    "reserve_ram_filter_mb %lld is at or above the memory of "
		    "%s (%lld MiB): %s", n, json_string_value(e),
		    (long long)json_integer_value(mem), key ? "only flavors "
		    "with the GPU extra spec fit there" : "no flavor fits "
		    "there");
		free(f);
	}
}

/* A GPU flavor the aggregate's reserve is kept from. */
static void
reserve_flavors(struct validate_ctx *vc, const char *name, json_t *agg,
    long long n, const char *key)
{
	json_t *fl = view_coll(vc->colls, NOVA_DEFAULT_OS "/flavors"), *o;
	const char *fn;

	(void)agg;
	json_object_foreach(fl, fn, o) {
		json_t *es = json_object_get(o, "extraspecs");
		char *f;

		if (n == 0 || json_object_get(es, "pci_passthrough:alias") ==
		    NULL || (key && spec_true(json_string_value(
		    json_object_get(es, key)))))
			continue;
		f = xasprintf("flavor %s extraspecs", fn);
		diag_add(vc->diag, DIAG_WARNING, DC_RESERVE_SPEC, f,
		    "requests PCI devices but %s%s%s, so the %lld MiB that "
		    "aggregate %s reserves for GPU flavors are kept from it",
		    key ? "lacks '" : "aggregate ", key ? key : name,
		    key ? "': true" : " reserves against every flavor", n,
		    name);
		free(f);
	}
}

/* Aggregate metadata of the reserve filter, and the nodes it fills. */
static void
check_aggregate_metadata(struct validate_ctx *vc)
{
	each_reserve(vc, 1, reserve_nodes);
}

/* The GPU flavors the reserves are kept from. */
static void
check_aggregate_flavors(struct validate_ctx *vc)
{
	each_reserve(vc, 0, reserve_flavors);
}

/* What the checks read (model/schema.h). */
static const char *const reads_nodes[] = { "hostaggregate", "device",
    NULL };
static const char *const reads_metadata[] = { "hostaggregate",
    "openstack", "device", NULL };
static const char *const reads_flavors[] = { "hostaggregate", "openstack",
    "flavor", NULL };

static const struct type_check hostaggregate_checks[] = {
	{ STEP_AGGREGATE_NODES, check_aggregate_refs, 0, reads_nodes },
	{ STEP_AGGREGATE_METADATA, check_aggregate_metadata, 0,
	    reads_metadata },
	{ STEP_AGGREGATE_FLAVORS, check_aggregate_flavors, 0, reads_flavors },
	{ 0, NULL, 0, NULL }
};

const struct obj_type hostaggregate_type = {
	.name = "hostaggregate",
	.plural = "Host aggregates",
	.mode = "hostaggregates",
	.parent = &openstack_type,
	.layout = OT_COLLECTION,
	.yaml_key = "hostaggregates",
	.props = hostaggregate_props,
	.validate = hostaggregate_checks,
	.list_format = "name:[16-32], nodes:[16-40], metadata:[12-60]",
	.help = "Enter the host aggregates of the OpenStack deployment",
	.label = "Host aggregate",
};
