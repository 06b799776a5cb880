/*
 * pcialiases.c - PCI aliases (nova.conf pci_alias / [pci] alias), and the
 * checks of them: IDs, whitelist coverage, devices that hold them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/diag.h"
#include "lib/scalar.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/view.h"
#include "modules/modules.h"
#include "nova/compute.h"
#include "nova/novaopts.h"
#include "state/validate.h"

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


/* ---- validation: IDs, whitelist coverage, devices that hold them ---- */

/* One PCI alias as the devices are scanned for it (alias_scan_device). */
struct alias_hits {
	const char	*name;
	const char	*vendor, *product;	/* NULL: not set */
	const char	*numa;			/* numapolicy, or NULL */
	int		 here;			/* the device being scanned has it */
	json_int_t	 found;			/* devices that do, counted since
						   the scan began */
};

/* The aliases of the default deployment, and what the devices hold. */
struct alias_scan {
	struct alias_hits	*h;
	size_t			 n;
	json_t			*colls;	/* the state scanned, borrowed */
	json_t			*sum;	/* the summary counted into */
};

struct alias_scan *
alias_scan_new(json_t *colls)
{
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases"), *o;
	struct alias_scan *as = xcalloc(1, sizeof *as);
	const char *name;

	as->colls = colls;
	as->h = xcalloc(json_object_size(al) + 1, sizeof *as->h);
	json_object_foreach(al, name, o) {
		struct alias_hits *h = &as->h[as->n++];

		h->name = name;
		h->vendor = json_string_value(json_object_get(o, "vendorid"));
		h->product = json_string_value(json_object_get(o,
		    "productid"));
		h->numa = json_string_value(json_object_get(o, "numapolicy"));
	}
	return as;
}

/* The summary's entry for alias k, made when missing. */
static json_t *
alias_entry(struct alias_scan *as, size_t k)
{
	json_t *all = json_object_get(as->sum, "aliases"), *a;

	if (all == NULL) {
		all = json_object();
		json_object_set_new(as->sum, "aliases", all);
	}
	if ((a = json_object_get(all, as->h[k].name)) == NULL) {
		a = json_pack("{s:i, s:{}}", "found", 0, "noiommu");
		json_object_set_new(all, as->h[k].name, a);
	}
	return a;
}

/* Writes the counts of the scan into the summary, and frees it. */
void
alias_scan_free(void *p)
{
	struct alias_scan *as = p;

	for (size_t k = 0; as->sum && k < as->n; k++) {
		json_t *a;
		json_int_t n;

		if (as->h[k].found == 0)
			continue;
		a = alias_entry(as, k);
		n = json_integer_value(json_object_get(a, "found")) +
		    as->h[k].found;
		if (n > 0)
			json_object_set_new(a, "found", json_integer(n));
		else
			json_object_del(json_object_get(as->sum, "aliases"),
			    as->h[k].name);
	}
	free(as->h);
	free(as);
}

/*
 * Marks the aliases whose vendor:product one of a device's pcidevices pd
 * has (here), reading each entry's IDs once for all aliases.  Returns
 * the number of aliases marked.
 */
static size_t
mark_aliases(json_t *pd, struct alias_hits *h, size_t n)
{
	size_t i, k, marked = 0;
	json_t *e;

	for (k = 0; k < n; k++)
		h[k].here = 0;
	json_array_foreach(pd, i, e) {
		char vb[SCALAR_TEXT_MAX], db[SCALAR_TEXT_MAX];
		const char *v = scalar_text(json_object_get(e, "vendor"), vb);
		const char *d = scalar_text(json_object_get(e, "device"), db);

		if (v == NULL || d == NULL)
			continue;
		for (k = 0; k < n; k++)
			if (!h[k].here && h[k].vendor && h[k].product &&
			    strcasecmp(v, h[k].vendor) == 0 &&
			    strcasecmp(d, h[k].product) == 0) {
				h[k].here = 1;
				marked++;
			}
	}
	return marked;
}

/*
 * In the summary, under "aliases": for each alias some device has, how
 * many have it ("found", counted until alias_scan_free) and those of them
 * without an IOMMU ("noiommu": name -> true).
 */
void
alias_scan_device(struct alias_scan *as, const char *name, json_t *dev,
    int sign, json_t *sum)
{
	json_t *pd = json_object_get(dev, "pcidevices");
	int iommu = -1;

	as->sum = sum;
	if (as->n == 0 || json_array_size(pd) == 0 ||
	    mark_aliases(pd, as->h, as->n) == 0)
		return;
	for (size_t k = 0; k < as->n; k++) {
		json_t *ni;

		if (!as->h[k].here)
			continue;
		as->h[k].found += sign;	/* into the summary at the end */
		if (iommu < 0)
			iommu = device_has_iommu(as->colls, dev);
		if (iommu)
			continue;
		ni = json_object_get(alias_entry(as, k), "noiommu");
		if (sign > 0)
			json_object_set_new(ni, name, json_true());
		else
			json_object_del(ni, name);
	}
}

/* 1 if the whitelist entry's value matches an ID ("*" or missing = any). */
static int
id_match(json_t *entry, const char *key, const char *id)
{
	char buf[SCALAR_TEXT_MAX];
	const char *v = scalar_text(json_object_get(entry, key), buf);

	if (v == NULL || strcmp(v, "*") == 0)
		return 1;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		v += 2;
	return strtol(v, NULL, 16) == strtol(id, NULL, 16);
}

/* Whether an entry of the whitelist wl covers vendor:product. */
static int
whitelist_covers(json_t *wl, const char *vendor, const char *product)
{
	size_t i;
	json_t *e;

	json_array_foreach(wl, i, e)
		if (id_match(e, "vendor_id", vendor) &&
		    id_match(e, "product_id", product))
			return 1;
	return 0;
}

/*
 * The NUMA policy of alias field f against nova's alias schema of release
 * (nova/pci/request.py _ALIAS_SCHEMA, doc/nova.md section 4): no
 * numa_policy before Queens, "socket" from Wallaby.  nova refuses the
 * whole alias option then: every PCI boot fails.
 */
static void
check_numa(struct diag *d, const char *f, const char *numa, int release)
{
	int since;

	if (numa == NULL)
		return;
	since = strcmp(numa, "socket") == 0 ? NOVA_WALLABY : NOVA_QUEENS;
	if (release >= since)
		return;
	diag_add(d, DIAG_ERROR, DC_ALIAS_NUMA, f, "numapolicy '%s' is "
	    "taken from nova %s on; nova %s refuses the alias and every PCI "
	    "boot with it", numa, nova_release_title(since),
	    nova_release_title(release));
}

/*
 * One alias: its IDs, whitelist coverage, the devices that hold it (got,
 * the summary's entry, see alias_scan_device; their names in order).
 */
static void
check_alias(struct diag *d, const char *name, const struct alias_hits *h,
    json_t *got, json_t *wl, int release)
{
	struct strv no_iommu = STRV_INIT;
	const char *dn;
	json_t *t;

	const char *v = h->vendor, *p = h->product;
	char *f = xasprintf("pcialias %s", name);

	if (v == NULL || p == NULL) {
		diag_add(d, DIAG_ERROR, DC_ALIAS_IDS, f, "%s is not set",
		    v == NULL ? "vendorid" : "productid");
		free(f);
		return;
	}
	check_numa(d, f, h->numa, release);
	if (json_array_size(wl) && !whitelist_covers(wl, v, p))
		diag_add(d, DIAG_ERROR, DC_ALIAS_UNCOVERED, f, "no "
		    "pcipassthroughwhitelist entry covers %s:%s", v, p);
	json_object_foreach(json_object_get(got, "noiommu"), dn, t)
		strv_push(&no_iommu, dn);
	strv_sort(&no_iommu);
	for (size_t i = 0; i < no_iommu.n; i++) {
		char *df = xasprintf("device %s kernelparameters",
		    no_iommu.v[i]);

		diag_add(d, DIAG_WARNING, DC_NO_IOMMU, df, "holds %s:%s (alias "
		    "'%s') but lacks intel_iommu=on or amd_iommu=on", v, p,
		    name);
		free(df);
	}
	strv_release(&no_iommu);
	if (json_integer_value(json_object_get(got, "found")) <= 0)
		diag_add(d, DIAG_WARNING, DC_NO_DEVICE, f, "no device has %s:%s "
		    "(run pciscan on the hosts)", v, p);
	free(f);
}

/*
 * The aliases of the default deployment, with what the device walk
 * gathered of them (the summary's "aliases", see alias_scan_device).
 */
static void
check_aliases(struct validate_ctx *vc)
{
	json_t *al = view_coll(vc->colls, NOVA_DEFAULT_OS "/pcialiases");
	json_t *compute = nova_compute(vc->colls, NULL), *o;
	json_t *wl = compute ? json_object_get(compute,
	    "pcipassthroughwhitelist") : NULL;
	json_t *got = json_object_get(vc->sum, "aliases");
	struct alias_scan *as;
	const char *name;
	size_t k = 0;

	if (al == NULL)
		return;
	as = alias_scan_new(vc->colls);
	json_object_foreach(al, name, o)
		check_alias(vc->diag, name, &as->h[k++], json_object_get(got,
		    name), wl, nova_compute_release(vc->colls, NULL));
	alias_scan_free(as);
}

/* What the check reads besides the summary (model/schema.h). */
static const char *const alias_reads[] = { "pcialias", "openstack", NULL };

static const struct type_check pcialias_checks[] = {
	{ STEP_ALIASES, check_aliases, 1, alias_reads },
	{ 0, NULL, 0, NULL }
};

const struct obj_type pcialias_type = {
	.name = "pcialias",
	.plural = "PCI aliases",
	.mode = "pcialiases",
	.parent = &openstack_type,
	.layout = OT_COLLECTION,
	.yaml_key = "pcialiases",
	.props = pcialias_props,
	.validate = pcialias_checks,
	.list_format = "name:[16-32], vendorid:[9-12], productid:[10-12], "
	    "devicetype:[11-16], numapolicy:[11-16]",
	.help = "Enter the PCI aliases of the OpenStack deployment",
	.label = "PCI alias",
};
