/* pcialiases.c - PCI aliases (nova.conf pci_alias / [pci] alias). */
#include "config.h"

#include <string.h>

#include "modules/modules.h"
#include "lib/xalloc.h"

static const char *const device_types[] = {
	"type-PCI", "type-PF", "type-VF", NULL
};
static const char *const numa_policies[] = {
	"legacy", "preferred", "required", "socket", NULL
};

/* Alias names are used in "name:count,name:count" extra specs. */
static int
check_alias_name(const struct prop_def *p, const json_t *v, char **cause)
{
	const char *s = json_string_value(v);

	if (s == NULL || *s == '\0' || strlen(s) > 256 || strpbrk(s, ":, \t")) {
		*cause = xasprintf("invalid PCI alias name '%s': 1 to 256 "
		    "characters, no ':', ',' or blanks", s ? s : "");
		return -1;
	}
	return 0;
}

/* clang-format off */
static const struct prop_def pcialias_props[] = {
	PROP_T_("name", "Name", PS_SCALAR, VK_STRING, PROP_KEY,
	    "Alias name, used in a flavor's pci_passthrough:alias", .check = check_alias_name),
	P_HEX4 ("vendorid", "Vendor ID", "PCI vendor ID, 4 hex digits", .complete = "pci-vendors"),
	P_HEX4 ("productid", "Product ID", "PCI product ID, 4 hex digits", .complete = "pci-products"),
	P_ENUM ("devicetype", "Device type", device_types, "type-PCI, type-PF or type-VF", .def = "type-PCI"),
	P_ENUM ("numapolicy", "NUMA policy", numa_policies, "NUMA affinity policy (optional)"),
	P_END
};
/* clang-format on */

const struct obj_type pcialias_type = {
	.name = "pcialias",
	.plural = "PCI aliases",
	.mode = "pcialiases",
	.parent = &openstack_type,
	.layout = OT_COLLECTION,
	.yaml_key = "pcialiases",
	.props = pcialias_props,
	.list_format = "name:[16-32], vendorid:[9-12], productid:[10-12], "
	    "devicetype:[11-16], numapolicy:[11-16]",
	.help = "Enter the PCI aliases of the OpenStack deployment",
	.label = "PCI alias",
};
