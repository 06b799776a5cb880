/*
 * device.c - devices (nodes), keyed by hostname, and the walk over them
 * that validation makes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/scalar.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/view.h"
#include "modules/modules.h"
#include "state/validate.h"

static const char *const device_types[] = { "HeadNode", "PhysicalNode", NULL };
static const char *const device_roles[] = {
	"openstackcompute", "openstackcontroller", NULL
};
static const char *const add_words[] = { "physicalnode", "headnode", NULL };
static const char *const add_values[] = { "PhysicalNode", "HeadNode", NULL };

/*
 * One entry of pcidevices for show, from what the scan recorded:
 * "0000:86:00.0 [10de:1024] NVIDIA Corporation GK110BGL [Tesla K40c]
 * (rev a1)".  An entry without address or IDs shows as its JSON.  (A
 * hand-edited state may hold numbers: they show as their text.)
 */
static char *
pcidev_show(const json_t *e)
{
	char b[5][SCALAR_TEXT_MAX];
	const char *addr = scalar_text(json_object_get(e, "address"), b[0]);
	const char *ven = scalar_text(json_object_get(e, "vendor"), b[1]);
	const char *dev = scalar_text(json_object_get(e, "device"), b[2]);
	const char *name = scalar_text(json_object_get(e, "name"), b[3]);
	const char *rev = scalar_text(json_object_get(e, "revision"), b[4]);
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

/* ---- validation: the walk over the devices ---- */

/* Answers image_exists() keeps. */
#define IMAGE_CACHE 8

/* 1 if a kernel parameter word is exactly w (n bytes). */
static int
word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(p, w, n) == 0;
}

int
device_has_iommu(json_t *dev)
{
	const char *p = json_string_value(json_object_get(dev,
	    "kernelparameters"));
	size_t n;

	if (p == NULL)
		return 0;
	for (; *p; p += n) {
		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (word_is(p, n, "intel_iommu=on") ||
		    word_is(p, n, "amd_iommu=on"))
			return 1;
	}
	return 0;
}

/*
 * 1 if the softwareimages collection imgs holds img.  A state names few
 * images from many devices: the last few answers are kept in cache.
 */
static int
image_exists(json_t *imgs, const char *img, const char **cache, int *res,
    size_t *next)
{
	size_t k;
	int r;

	for (k = 0; k < IMAGE_CACHE && cache[k]; k++)
		if (strcmp(cache[k], img) == 0)
			return res[k];
	r = imgs != NULL && json_object_get(imgs, img) != NULL;
	cache[*next] = img;
	res[*next] = r;
	*next = (*next + 1) % IMAGE_CACHE;
	return r;
}

/*
 * Walks the devices once (a state may hold 100,000 of them): reports
 * softwareimage references to missing images, and scans each device for
 * the PCI aliases (kept as ALIAS_SCAN for their own check).
 */
static void
check_devices(struct validate_ctx *vc)
{
	json_t *devs = view_coll(vc->colls, "devices");
	json_t *imgs = view_coll(vc->colls, "softwareimages");
	struct alias_scan *as = alias_scan_new(vc->colls);
	const char *cache[IMAGE_CACHE] = { NULL };
	int res[IMAGE_CACHE] = { 0 };
	size_t next = 0;
	const char *name;
	json_t *o;

	validate_keep(vc, ALIAS_SCAN, as, alias_scan_free);
	json_object_foreach(devs, name, o) {
		const char *img = json_string_value(json_object_get(o,
		    "softwareimage"));

		if (img && !image_exists(imgs, img, cache, res, &next)) {
			char *f = xasprintf("device %s softwareimage", name);

			diag_add(vc->diag, DIAG_ERROR, DC_REF, f,
			    "no such softwareimage '%s'", img);
			free(f);
		}
		alias_scan_device(as, name, o);
	}
}

static const struct type_check device_checks[] = {
	{ STEP_DEVICES, check_devices },
	{ 0, NULL }
};

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
	.validate = device_checks,
	.help = "Enter device mode",
};
