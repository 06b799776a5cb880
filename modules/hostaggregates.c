/*
 * hostaggregates.c - nova host aggregates, and the completion of their
 * metadata.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "model/provider.h"
#include "modules/modules.h"

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

const struct obj_type hostaggregate_type = {
	.name = "hostaggregate",
	.plural = "Host aggregates",
	.mode = "hostaggregates",
	.parent = &openstack_type,
	.layout = OT_COLLECTION,
	.yaml_key = "hostaggregates",
	.props = hostaggregate_props,
	.list_format = "name:[16-32],nodes:[16-40],metadata:[12-60]",
	.help = "Enter the host aggregates of the OpenStack deployment",
};

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
