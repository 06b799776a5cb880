/* hostaggregates.c - nova host aggregates. */
#include "config.h"

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
	.list_format = "name:[16-32], nodes:[16-40], metadata:[12-60]",
	.help = "Enter the host aggregates of the OpenStack deployment",
	.label = "Host aggregate",
};
