/* flavors.c - nova flavors of an OpenStack deployment. */
#include "config.h"

#include "modules/modules.h"

/* clang-format off */
static const struct prop_def flavor_props[] = {
	P_KEY  ("name", "Name", "Flavor name"),
	P_INT  ("vcpus", "VCPUs", 1, 65536, "Number of virtual CPUs", .def = "1"),
	P_INT  ("ram", "RAM", 1, INT_MAX, "Memory, MiB", .def = "512"),
	P_INT  ("disk", "Disk", 0, INT_MAX, "Root disk, GB", .def = "0"),
	P_INT  ("ephemeral", "Ephemeral", 0, INT_MAX, "Ephemeral disk, GB", .def = "0"),
	P_INT  ("swap", "Swap", 0, INT_MAX, "Swap, MiB", .def = "0"),
	P_FLOAT("rxtxfactor", "RXTX factor", "Network bandwidth factor", .def = "1.0"),
	P_BOOL ("public", "Public", "Visible to all projects", .def = "yes"),
	P_MAP  ("extraspecs", "Extra specs",
	    "Extra specs: a JSON object or key=value words", .complete = "extraspec-keys"),
	P_END
};
/* clang-format on */

const struct obj_type flavor_type = {
	.name = "flavor",
	.plural = "Flavors",
	.mode = "flavors",
	.parent = &openstack_type,
	.layout = OT_COLLECTION,
	.yaml_key = "flavors",
	.props = flavor_props,
	.list_format = "name:[16-32], vcpus:6, ram:8, disk:6, extraspecs:[12-60]",
	.help = "Enter the flavors of the OpenStack deployment",
	.label = "Flavor",
};
