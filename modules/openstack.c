/* openstack.c - OpenStack deployments, their settings and compute record. */
#include "config.h"

#include "modules/modules.h"

/* clang-format off */
static const struct prop_def openstack_props[] = {
	P_KEY  ("name", "Name", "Name of the OpenStack deployment"),
	P_STR  ("cloud", "Cloud",
	    "Entry of clouds.yaml: commit keeps its flavors and host aggregates in line"),
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
	    "Whitelist / device_spec entries (JSON objects); empty = derived from the PCI aliases"),
	P_PATH ("filtermodulepath", "Filter module path",
	    "Where commit installs ocmsh_filters inside each image", .def = "/usr/lib/python3/dist-packages"),
	P_END
};
/* clang-format on */

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
};

const struct obj_type compute_type = {
	.name = "compute",
	.plural = "Compute settings",
	.mode = "compute",
	.parent = &settings_type,
	.layout = OT_RECORD,
	.yaml_key = "compute",
	.props = compute_props,
	.help = "Enter the nova compute and scheduler settings",
};
