/* device.c - devices (nodes), keyed by hostname. */
#include "config.h"

#include <stdlib.h>

#include "modules/modules.h"
#include "lib/sbuf.h"

static const char *const device_types[] = { "HeadNode", "PhysicalNode", NULL };
static const char *const device_roles[] = {
	"openstackcompute", "openstackcontroller", NULL
};
static const char *const add_words[] = { "physicalnode", "headnode", NULL };
/* cmsh's built-in alias: ds is "device status" at every level */
static const char *const device_aliases[] = { "ds", "status", NULL };
static const char *const add_values[] = { "PhysicalNode", "HeadNode", NULL };

/*
 * One entry of pcidevices for show, from what the scan recorded:
 * "0000:86:00.0 [10de:1024] NVIDIA Corporation GK110BGL [Tesla K40c]
 * (rev a1)".  An entry without address or IDs shows as its JSON.
 */
static char *
pcidev_show(const json_t *e)
{
	const char *addr = json_string_value(json_object_get(e, "address"));
	const char *ven = json_string_value(json_object_get(e, "vendor"));
	const char *dev = json_string_value(json_object_get(e, "device"));
	const char *name = json_string_value(json_object_get(e, "name"));
	const char *rev = json_string_value(json_object_get(e, "revision"));
	struct sbuf sb = SBUF_INIT;
	char *j;

	if (addr == NULL || ven == NULL || dev == NULL) {
		j = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
		sbuf_adds(&sb, j ? j : "?");
		free(j);
		return sbuf_detach(&sb, NULL);
	}
	sbuf_addf(&sb, "%s [%s:%s]", addr, ven, dev);
	if (name && *name)
		sbuf_addf(&sb, " %s", name);
	if (rev && *rev)
		sbuf_addf(&sb, " (rev %s)", rev);
	return sbuf_detach(&sb, NULL);
}

/* clang-format off */
static const struct prop_def device_props[] = {
	P_KEY  ("hostname", "Hostname", "Host name of the device"),
	P_ENUM ("type", "Type", device_types, "Device type", .def = "PhysicalNode"),
	P_STR  ("category", "Category", "Category the node belongs to"),
	P_REF  ("softwareimage", "Software image", "softwareimage", "Software image the node boots"),
	P_STR  ("kernelparameters", "Kernel parameters", "Extra kernel command-line parameters"),
	P_LISTF("roles", "Roles", VK_ENUM, PROP_UNIQUE, "OpenStack roles", .choices = device_roles),
	P_INT  ("memory", "Memory", 0, LLONG_MAX, "Memory, MiB"),
	PROP_T_("pcidevices", "PCI devices", PS_LIST, VK_JSONOBJ, PROP_RO,
	    "PCI devices found by pciscan (read-only)", .show_elem = pcidev_show),
	P_END
};

/* foreach -c/-t/-m/-l: the nodes of a category, type, image or role */
static const struct selector device_selectors[] = {
	{ 'c', "category", "category", "the nodes of a category" },
	{ 't', "type", "type", "the devices of a type" },
	{ 'm', "image", "softwareimage", "the nodes that boot an image" },
	{ 'l', "role", "roles", "the nodes with a role" },
	{ 0, NULL, NULL, NULL }
};
/* clang-format on */

const struct obj_type device_type = {
	.name = "device",
	.plural = "Devices",
	.mode = "device",
	.layout = OT_COLLECTION,
	.yaml_key = "devices",
	.props = device_props,
	.addtypes = add_words,
	.addvalues = add_values,
	.list_format = "type:14,hostname:[16-32],category:[12-32],"
	    "softwareimage:[16-32],roles:[12-40]",
	.extra = device_cmds,
	.selectors = device_selectors,
	.aliases = device_aliases,
	.help = "Enter device mode",
};
