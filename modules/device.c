/*
 * device.c - devices (nodes), keyed by hostname, and the walk over them
 * that validation makes.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
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
const char *const device_role_names[] = {
	"openstackcompute", "openstackcontroller", NULL
};
/* a node takes from its category, then from its software image */
static const char *const device_inherit[] = { "category", "softwareimage",
	NULL };
static const char *const add_words[] = { "physicalnode", "headnode", NULL };
/* cmsh's built-in alias: ds is "device status" at every level */
static const char *const device_aliases[] = { "ds", "status", NULL };
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

/* A MAC address: six pairs of hex digits separated by colons. */
static int
check_mac(const struct prop_def *p, const json_t *v, char **cause)
{
	const char *s = json_string_value(v);
	size_t i;

	for (i = 0; s && i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			break;
	if (s == NULL || i != 17 || s[17] != '\0') {
		*cause = xasprintf("invalid value '%s' for property '%s': not "
		    "a MAC address (6 hex pairs: 00:11:22:33:44:55)",
		    s ? s : "", p->name);
		return -1;
	}
	return 0;
}

/* An IPv4 address in dotted form. */
static int
check_ip(const struct prop_def *p, const json_t *v, char **cause)
{
	const char *s = json_string_value(v);
	struct in_addr a;

	if (s == NULL || inet_pton(AF_INET, s, &a) != 1) {
		*cause = xasprintf("invalid value '%s' for property '%s': not "
		    "an IPv4 address", s ? s : "", p->name);
		return -1;
	}
	return 0;
}

/* clang-format off */
static const struct prop_def device_props[] = {
	P_KEY  ("hostname", "Hostname", "Host name of the device"),
	P_ENUM ("type", "Type", device_types, "Device type", .def = "PhysicalNode"),
	P_STR  ("mac", "MAC", "MAC address of the boot interface", .def = "00:00:00:00:00:00", .check = check_mac),
	P_STR  ("ip", "Ip", "IPv4 address of the boot interface", .check = check_ip),
	P_REF  ("category", "Category", "category", "Category the node belongs to"),
	P_REF  ("softwareimage", "Software image", "softwareimage", "Software image the node boots"),
	P_STR  ("kernelparameters", "Kernel parameters", "Kernel command-line parameters"),
	P_LISTF("roles", "Roles", VK_ENUM, PROP_UNIQUE, "OpenStack roles", .choices = device_role_names),
	P_INT  ("memory", "Memory", 0, LLONG_MAX, "Memory, MiB"),
	PROP_T_("pcidevices", "PCI devices", PS_LIST, VK_JSONOBJ, PROP_RO,
	    "PCI devices found by pciscan (read-only)", .show_elem = pcidev_show),
	P_END
};

/*
 * add [TYPE] NAME [IP]: sets the IP, and puts a new physical node in the
 * category "default" when there is one (a regular node is always in a
 * category; cmsh's default category is "default").
 */
static int
device_add(json_t *view, const char *name, json_t *obj, const char *arg,
    char **cause)
{
	const char *type = json_string_value(json_object_get(obj, "type"));

	(void)name;
	if (arg) {
		json_t *ip = json_string(arg);

		if (check_ip(prop_get(&device_type, "ip"), ip, cause) != 0) {
			json_decref(ip);
			return -1;
		}
		json_object_set_new(obj, "ip", ip);
	}
	if (type && strcmp(type, "PhysicalNode") == 0 &&
	    view_get(view, "categories", "default") != NULL)
		json_object_set_new(obj, "category", json_string("default"));
	return 0;
}

/*
 * Splits name into a prefix (*plen bytes) and its trailing number of
 * *ndig digits.  -1 when it does not end in digits.
 */
static int
split_number(const char *name, size_t *plen, unsigned long long *num,
    size_t *ndig)
{
	size_t n = strlen(name), i = n;

	while (i > 0 && isdigit((unsigned char)name[i - 1]))
		i--;
	if (i == n || n - i > 18)
		return -1;
	*plen = i;
	*ndig = n - i;
	*num = strtoull(name + i, NULL, 10);
	return 0;
}

/*
 * clone SRC DST: as cmsh, the copy gets no MAC address, and its IP moves
 * by the difference of the node numbers when both names have the same
 * base name and digit count (node001 at 10.141.0.1 -> node022 at
 * 10.141.0.22); otherwise the IP stays and a note says so.
 */
static void
device_clone(json_t *view, const char *src, const char *dst, json_t *obj,
    char **note)
{
	const char *ip = json_string_value(json_object_get(obj, "ip"));
	unsigned long long sn, dn;
	size_t sp, sd, dp, dd;
	struct in_addr a;
	long long v;
	char buf[INET_ADDRSTRLEN];

	(void)view;
	json_object_del(obj, "mac");
	if (ip == NULL || inet_pton(AF_INET, ip, &a) != 1)
		return;
	if (split_number(src, &sp, &sn, &sd) != 0 ||
	    split_number(dst, &dp, &dn, &dd) != 0 || sp != dp || sd != dd ||
	    strncmp(src, dst, sp) != 0) {
		*note = xstrdup("Base name mismatch, IP settings will not be "
		    "modified!");
		return;
	}
	v = (long long)ntohl(a.s_addr) + (long long)dn - (long long)sn;
	if (v <= 0 || v >= 0xffffffffLL)
		return;
	a.s_addr = htonl((uint32_t)v);
	if (inet_ntop(AF_INET, &a, buf, sizeof buf))
		json_object_set_new(obj, "ip", json_string(buf));
}

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
/* Images a walk counts before it writes them into the summary. */
#define WALK_IMAGES 16

/* 1 if a kernel parameter word is exactly w (n bytes). */
static int
word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(p, w, n) == 0;
}

/*
 * 1 if the kernel parameters of a device enable an IOMMU: its own, else
 * its category's, else its software image's (inherit_get).
 */
int
device_has_iommu(json_t *colls, json_t *dev)
{
	const char *p = json_string_value(inherit_get(colls, &device_type,
	    dev, "kernelparameters"));
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
 * A device's category: a physical node (a regular node) must be in one,
 * and it must exist.  Head nodes need none.
 */
static void
check_category(struct validate_ctx *vc, json_t *cats, const char *name,
    json_t *o)
{
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *cat = json_string_value(json_object_get(o, "category"));
	char *f;

	if (cat && *cat && cats && json_object_get(cats, cat))
		return;
	if ((cat == NULL || *cat == '\0') && type &&
	    strcmp(type, "PhysicalNode") != 0)
		return;
	f = xasprintf("device %s category", name);
	if (cat == NULL || *cat == '\0')
		diag_add(vc->diag, DIAG_ERROR, DC_CATEGORY, f,
		    "The category should be set");
	else
		diag_add(vc->diag, DIAG_ERROR, DC_REF, f, "no such category "
		    "'%s' (add it in category mode)", cat);
	free(f);
}

/* What one walk over the devices needs (the device gatherer). */
struct device_walk {
	json_t			*view;
	json_t			*sum;	/* the last add's */
	struct alias_scan	*as;
	/* the images counted, and by how much, until the end (WALK_IMAGES
	 * at most: any more go into the summary at once) */
	const char		*img[WALK_IMAGES];
	json_int_t		 delta[WALK_IMAGES];
	size_t			 nimg;
};

static void *
device_gather_start(json_t *view)
{
	struct device_walk *w = xcalloc(1, sizeof *w);

	w->view = view;
	w->as = alias_scan_new(view);
	return w;
}

/* Adds d to the count of img under the summary's "images". */
static void
image_count(json_t *sum, const char *img, json_int_t d)
{
	json_t *imgs = json_object_get(sum, "images");
	json_int_t n;

	if (imgs == NULL) {
		imgs = json_object();
		json_object_set_new(sum, "images", imgs);
	}
	n = json_integer_value(json_object_get(imgs, img)) + d;
	if (n > 0)
		json_object_set_new(imgs, img, json_integer(n));
	else
		json_object_del(imgs, img);
}

/*
 * What a device gives the summary: under "images", for each image a
 * node with an OpenStack role boots (both perhaps from its category),
 * how many do (the images that get a nova.conf); under "aliases", the
 * PCI aliases it has (alias_scan_device).
 */
static void
device_gather_add(void *ctx, const char *name, json_t *o, int sign,
    json_t *sum)
{
	struct device_walk *w = ctx;
	const char *img = json_string_value(inherit_get(w->view, &device_type,
	    o, "softwareimage"));

	w->sum = sum;
	if (img && json_array_size(inherit_get(w->view, &device_type, o,
	    "roles"))) {
		size_t i;

		for (i = 0; i < w->nimg; i++)
			if (w->img[i] == img || strcmp(w->img[i], img) == 0)
				break;
		if (i < w->nimg)
			w->delta[i] += sign;
		else if (w->nimg < WALK_IMAGES) {
			w->img[w->nimg] = img;
			w->delta[w->nimg++] = sign;
		} else
			image_count(sum, img, sign);
	}
	alias_scan_device(w->as, name, o, sign, sum);
}

static void
device_gather_end(void *ctx)
{
	struct device_walk *w = ctx;

	for (size_t i = 0; i < w->nimg; i++)
		if (w->delta[i] != 0)
			image_count(w->sum, w->img[i], w->delta[i]);
	alias_scan_free(w->as);
	free(w);
}

/* What the host aggregates' checks read of a device besides that it is. */
static const char *const device_read_across[] = { "memory", NULL };
/* What a device gives depends on besides itself (inherit_get, aliases). */
static const char *const device_depends[] = { "category", "softwareimage",
    "pcialias", NULL };
/* What the walk reads (model/schema.h). */
static const char *const device_reads[] = { "device", "category",
    "softwareimage", "pcialias", NULL };

static const struct gatherer device_gatherer = {
	.start = device_gather_start,
	.add = device_gather_add,
	.end = device_gather_end,
	.read_across = device_read_across,
	.depends = device_depends,
};

/* A device's own checks: its category and its software image. */
static void
check_device(struct validate_ctx *vc, json_t *cats, json_t *imgs,
    const char *name, json_t *o, const char **cache, int *res, size_t *next)
{
	const char *img = json_string_value(json_object_get(o,
	    "softwareimage"));

	check_category(vc, cats, name, o);
	if (img && !image_exists(imgs, img, cache, res, next)) {
		char *f = xasprintf("device %s softwareimage", name);

		diag_add(vc->diag, DIAG_ERROR, DC_REF, f,
		    "no such softwareimage '%s'", img);
		free(f);
	}
}

/*
 * Walks the devices once (a state may hold 100,000 of them): reports
 * categories missing or not set and softwareimage references to missing
 * images, and gathers the summary (device_gather_add).  For a commit of
 * a few (vc->only) the summary is given: those few only are checked.
 */
static void
check_devices(struct validate_ctx *vc)
{
	json_t *only = json_object_get(vc->only, "devices");
	json_t *devs = vc->only ? only : view_coll(vc->colls, "devices");
	json_t *imgs = view_coll(vc->colls, "softwareimages");
	json_t *cats = view_coll(vc->colls, "categories");
	void *w = vc->only ? NULL : device_gather_start(vc->colls);
	const char *cache[IMAGE_CACHE] = { NULL };
	int res[IMAGE_CACHE] = { 0 };
	size_t next = 0;
	const char *name;
	json_t *o;

	json_object_foreach(devs, name, o) {
		if (vc->only && (o = view_get(vc->colls, "devices", name)) ==
		    NULL)
			continue;
		check_device(vc, cats, imgs, name, o, cache, res, &next);
		if (w)
			device_gather_add(w, name, o, 1, vc->sum);
	}
	if (w)
		device_gather_end(w);
}

static const struct type_check device_checks[] = {
	{ STEP_DEVICES, check_devices, 1, device_reads },
	{ 0, NULL, 0, NULL }
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
	.list_format = "type:22, hostname:[16-32], mac:18, category:[16-32], "
	    "ip:15, softwareimage:[16-32], roles:[12-40]",
	.extra = device_cmds,
	.selectors = device_selectors,
	.aliases = device_aliases,
	.validate = device_checks,
	.gather = &device_gatherer,
	.help = "Enter device mode",
	.label = "Device",
	.inherit = device_inherit,
	.add_arg = "IP",
	.add_hook = device_add,
	.clone_hook = device_clone,
};
