/*
 * validate.c - whole-state checks (SPEC section 5).  Every problem is
 * collected with its severity; errors refuse a commit.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "state/validate.h"
#include "nova/filtersrc.h"
#include "nova/compute.h"
#include "nova/novaopts.h"
#include "state/store.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

/* Problem codes, stable for scripts. */
enum {
	E_REF = 101,		/* reference to a missing object */
	E_ALIAS_UNDEFINED,	/* flavor names an undefined alias */
	E_ALIAS_COUNT,		/* count not a positive integer */
	E_ALIAS_UNCOVERED,	/* no whitelist entry covers an alias */
	E_FILTER,		/* filter missing from the release */
	E_RESERVE,		/* reserve_ram_filter_mb not an integer */
	E_ALIAS_IDS,		/* alias without vendor or product */
	E_RELEASE,		/* unknown release */
	W_NO_PCI_FILTER = 201,	/* GPU flavors without PciPassthroughFilter */
	W_NO_IOMMU,		/* GPU host without intel/amd_iommu=on */
	W_NO_DEVICE,		/* no device has what an alias asks for */
	W_UNSCOPED_SPEC,	/* AggregateInstanceExtraSpecsFilter + gpu=true */
};

/* Answers image_exists() keeps. */
#define IMAGE_CACHE 8

/* 1 if the whitelist entry's value matches an ID ("*" or missing = any). */
static int
id_match(json_t *entry, const char *key, const char *id)
{
	const char *v = json_string_value(json_object_get(entry, key));

	if (v == NULL || strcmp(v, "*") == 0)
		return 1;
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		v += 2;
	return strtol(v, NULL, 16) == strtol(id, NULL, 16);
}

/* 1 if a kernel parameter word is exactly w (n bytes). */
static int
word_is(const char *p, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(p, w, n) == 0;
}

/* 1 if kernel parameters enable an IOMMU. */
static int
has_iommu(json_t *dev)
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

/* What the devices hold of one PCI alias (see scan_devices). */
struct alias_hits {
	const char	*vendor, *product;	/* NULL: not set */
	int		 found;			/* some device holds it */
	int		 here;			/* the device being scanned does */
	struct strv	 no_iommu;		/* devices holding it, no IOMMU */
};

/*
 * Marks the aliases whose vendor:product one of a device's pcidevices pd
 * has (h[k].here), reading each entry's IDs once for all aliases.
 * Returns the number of aliases marked.
 */
static size_t
mark_aliases(json_t *pd, struct alias_hits *h, size_t n)
{
	size_t i, k, marked = 0;
	json_t *e;

	for (k = 0; k < n; k++)
		h[k].here = 0;
	json_array_foreach(pd, i, e) {
		const char *v = json_string_value(json_object_get(e, "vendor"));
		const char *d = json_string_value(json_object_get(e, "device"));

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
 * softwareimage references to missing images, and notes for each alias
 * of h which devices hold its vendor:product, and which of those lack an
 * IOMMU, in device order.
 */
static void
scan_devices(json_t *colls, struct alias_hits *h, size_t n, struct diag *d)
{
	json_t *devs = view_coll(colls, "devices");
	json_t *imgs = view_coll(colls, "softwareimages");
	const char *cache[IMAGE_CACHE] = { NULL };
	int res[IMAGE_CACHE] = { 0 };
	size_t next = 0;
	const char *name;
	json_t *o;

	if (devs == NULL)
		return;
	json_object_foreach(devs, name, o) {
		const char *img = json_string_value(json_object_get(o,
		    "softwareimage"));
		json_t *pd;
		int iommu = -1;

		if (img && !image_exists(imgs, img, cache, res, &next)) {
			char *f = xasprintf("device %s softwareimage", name);

			diag_add(d, DIAG_ERROR, E_REF, f,
			    "no such softwareimage '%s'", img);
			free(f);
		}
		if (n == 0)
			continue;
		pd = json_object_get(o, "pcidevices");
		if (json_array_size(pd) == 0 || mark_aliases(pd, h, n) == 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (!h[k].here)
				continue;
			h[k].found = 1;
			if (iommu < 0)
				iommu = has_iommu(o);
			if (!iommu)
				strv_push(&h[k].no_iommu, name);
		}
	}
}

/* References of host aggregates to devices. */
static void
check_aggregate_refs(json_t *colls, struct diag *d)
{
	json_t *devs = view_coll(colls, "devices");
	json_t *aggs = view_coll(colls, NOVA_DEFAULT_OS "/hostaggregates");
	const char *name;
	json_t *o;

	if (aggs == NULL)
		return;
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
			diag_add(d, DIAG_ERROR, E_REF, f,
			    "no such device '%s'", dn);
			free(f);
		}
	}
}

/* Flavors' pci_passthrough:alias and unscoped specs. */
static void
check_flavors(json_t *colls, const struct strv *filters, struct diag *d)
{
	json_t *fl = view_coll(colls, NOVA_DEFAULT_OS "/flavors");
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases");
	int gpu_flavors = 0;
	int aiesf = strv_find(filters, "AggregateInstanceExtraSpecsFilter")
	    >= 0;
	const char *name;
	json_t *o;

	if (fl == NULL)
		return;
	json_object_foreach(fl, name, o) {
		json_t *es = json_object_get(o, "extraspecs"), *v;
		const char *key;

		json_object_foreach(es, key, v) {
			if (aiesf && strchr(key, ':') == NULL) {
				char *f = xasprintf("flavor %s extraspecs",
				    name);

				diag_add(d, DIAG_WARNING, W_UNSCOPED_SPEC, f,
				    "AggregateInstanceExtraSpecsFilter is "
				    "enabled and treats the unscoped extra "
				    "spec '%s' as a requirement on the host's "
				    "aggregate metadata", key);
				free(f);
			}
		}
		v = json_object_get(es, "pci_passthrough:alias");
		if (v == NULL)
			continue;
		gpu_flavors++;
		{
			char *copy = xstrdup(json_string_value(v));
			char *save = NULL, *item;
			char *f = xasprintf("flavor %s extraspecs", name);

			for (item = strtok_r(copy, ",", &save); item;
			    item = strtok_r(NULL, ",", &save)) {
				char *colon = strrchr(item, ':'), *an, *end;
				long cnt;

				while (isspace((unsigned char)*item))
					item++;
				if (colon == NULL) {
					diag_add(d, DIAG_ERROR, E_ALIAS_COUNT,
					    f, "pci_passthrough:alias '%s' "
					    "needs NAME:COUNT", item);
					continue;
				}
				*colon = '\0';
				an = item;
				for (char *e = colon - 1; e >= an &&
				    isspace((unsigned char)*e); e--)
					*e = '\0';
				errno = 0;
				cnt = strtol(colon + 1, &end, 10);
				while (isspace((unsigned char)*end))
					end++;
				if (colon[1] == '\0' || *end || errno ||
				    cnt < 1)
					diag_add(d, DIAG_ERROR, E_ALIAS_COUNT,
					    f, "count '%s' for PCI alias '%s' "
					    "is not a positive integer",
					    colon + 1, an);
				if (al == NULL || json_object_get(al, an) ==
				    NULL)
					diag_add(d, DIAG_ERROR,
					    E_ALIAS_UNDEFINED, f,
					    "PCI alias '%s' is not defined "
					    "(add it in openstack pcialiases)",
					    an);
			}
			free(f);
			free(copy);
		}
	}
	if (gpu_flavors && strv_find(filters, "PciPassthroughFilter") < 0)
		diag_add(d, DIAG_WARNING, W_NO_PCI_FILTER,
		    "compute schedulerfilters", "%d flavor%s PCI "
		    "devices but PciPassthroughFilter is not enabled",
		    gpu_flavors, gpu_flavors == 1 ? " requests" :
		    "s request");
}

/* The aliases to look for in the devices (see scan_devices). */
static struct alias_hits *
alias_hits_new(json_t *colls, size_t *n)
{
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases");
	struct alias_hits *hits;
	const char *name;
	json_t *o;

	*n = 0;
	hits = xcalloc(json_object_size(al) + 1, sizeof *hits);
	json_object_foreach(al, name, o) {
		hits[*n].vendor = json_string_value(json_object_get(o,
		    "vendorid"));
		hits[*n].product = json_string_value(json_object_get(o,
		    "productid"));
		strv_init(&hits[*n].no_iommu);
		(*n)++;
	}
	return hits;
}

/* Aliases: IDs, whitelist coverage, devices that have them (hits). */
static void
check_aliases(json_t *colls, json_t *compute, struct alias_hits *hits,
    struct diag *d)
{
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases");
	json_t *wl = compute ? json_object_get(compute,
	    "pcipassthroughwhitelist") : NULL;
	const char *name;
	size_t k;
	json_t *o;

	if (al == NULL)
		return;
	k = 0;
	json_object_foreach(al, name, o) {
		struct alias_hits *h = &hits[k++];
		const char *v = h->vendor, *p = h->product;
		char *f = xasprintf("pcialias %s", name);

		if (v == NULL || p == NULL) {
			diag_add(d, DIAG_ERROR, E_ALIAS_IDS, f, "%s is not "
			    "set", v == NULL ? "vendorid" : "productid");
			free(f);
			continue;
		}
		if (json_array_size(wl)) {
			size_t i;
			json_t *e;
			int covered = 0;

			json_array_foreach(wl, i, e)
				if (id_match(e, "vendor_id", v) &&
				    id_match(e, "product_id", p))
					covered = 1;
			if (!covered)
				diag_add(d, DIAG_ERROR, E_ALIAS_UNCOVERED, f,
				    "no pcipassthroughwhitelist entry covers "
				    "%s:%s", v, p);
		}
		for (size_t i = 0; i < h->no_iommu.n; i++) {
			char *df = xasprintf("device %s kernelparameters",
			    h->no_iommu.v[i]);

			diag_add(d, DIAG_WARNING, W_NO_IOMMU, df, "holds "
			    "%s:%s (alias '%s') but lacks intel_iommu=on or "
			    "amd_iommu=on", v, p, name);
			free(df);
		}
		if (!h->found)
			diag_add(d, DIAG_WARNING, W_NO_DEVICE, f,
			    "no device has %s:%s (run pciscan on the hosts)",
			    v, p);
		free(f);
	}
}

/* 1 if an availablefilters entry is a class path ending in ".NAME". */
static int
path_provides(json_t *avail, const char *fname)
{
	size_t k;
	json_t *a;

	json_array_foreach(avail, k, a) {
		const char *path = json_string_value(a);
		const char *dot = path ? strrchr(path, '.') : NULL;

		if (dot && strcmp(dot + 1, fname) == 0)
			return 1;
	}
	return 0;
}

/*
 * What availablefilters lists besides class paths: *all = nova's own
 * all_filters; *other = some other function (a lower-case last part),
 * which may return any class.
 */
static void
avail_functions(json_t *avail, int *all, int *other)
{
	size_t k;
	json_t *a;

	*all = *other = 0;
	json_array_foreach(avail, k, a) {
		const char *path = json_string_value(a);
		const char *dot = path ? strrchr(path, '.') : NULL;
		const char *last = dot ? dot + 1 : path;

		if (path == NULL)
			continue;
		if (strcmp(path, "nova.scheduler.filters.all_filters") == 0)
			*all = 1;
		else if (last && islower((unsigned char)*last))
			*other = 1;
	}
}

/*
 * Enabled filters exist in the release or are provided.  An empty
 * availablefilters means nova's all_filters plus ocmsh's filters; a set
 * one must provide every enabled filter itself.
 */
static void
check_filters(json_t *compute, const struct strv *filters, int release,
    struct diag *d)
{
	json_t *avail = compute ? json_object_get(compute,
	    "availablefilters") : NULL;
	int custom = json_array_size(avail) > 0, all = 1, other = 0;

	if (custom)
		avail_functions(avail, &all, &other);
	for (size_t i = 0; i < filters->n; i++) {
		const char *fname = filters->v[i];
		int removed = -1, ours, intree;

		ours = strcmp(fname, "ReserveRamFilter") == 0 ||
		    strcmp(fname, "ReserveAggregateRamFilter") == 0;
		intree = nova_filter_exists(fname, release, &removed);
		if (path_provides(avail, fname))
			continue;
		if (ours || intree) {
			if (!custom || other || (intree && all))
				continue;
			diag_add(d, DIAG_ERROR, E_FILTER,
			    "compute availablefilters", "%s is enabled but "
			    "availablefilters does not provide it (add '%s')",
			    fname, ours ? (strcmp(fname, "ReserveRamFilter") ?
			    OCMSH_FILTER_CLASS_RESERVE_AGGREGATE :
			    OCMSH_FILTER_CLASS_RESERVE) :
			    "nova.scheduler.filters.all_filters");
			continue;
		}
		if (custom && other)
			continue;	/* a site function may provide it */
		if (removed >= 0)
			diag_add(d, DIAG_ERROR, E_FILTER,
			    "compute schedulerfilters", "%s was removed in %s",
			    fname, nova_release_title(removed));
		else
			diag_add(d, DIAG_ERROR, E_FILTER,
			    "compute schedulerfilters", "%s is not a filter of "
			    "nova %s and availablefilters does not provide it",
			    fname, nova_release_title(release));
	}
}

/* Aggregate metadata of the reserve filter. */
static void
check_aggregates(json_t *colls, struct diag *d)
{
	json_t *aggs = view_coll(colls, NOVA_DEFAULT_OS "/hostaggregates");
	const char *name;
	json_t *o;

	if (aggs == NULL)
		return;
	json_object_foreach(aggs, name, o) {
		json_t *md = json_object_get(o, "metadata");
		const char *v = json_string_value(json_object_get(md,
		    "reserve_ram_filter_mb"));
		char *end;
		long long n;

		if (v == NULL)
			continue;
		errno = 0;
		n = strtoll(v, &end, 10);
		if (*v == '\0' || *end || errno || n < 0 ||
		    !isdigit((unsigned char)*v)) {
			char *f = xasprintf("hostaggregate %s metadata", name);

			diag_add(d, DIAG_ERROR, E_RESERVE, f,
			    "reserve_ram_filter_mb '%s' is not a non-negative "
			    "integer", v);
			free(f);
		}
	}
}

void
validate_state(json_t *colls, struct diag *d)
{
	json_t *compute = nova_compute(colls, NULL);
	json_t *rel = compute ? json_object_get(compute, "release") : NULL;
	json_t *sf = compute ? json_object_get(compute, "schedulerfilters") :
	    NULL, *e;
	struct strv filters = STRV_INIT;
	int release = rel ? nova_release_find(json_string_value(rel)) :
	    NOVA_NEWTON;
	struct alias_hits *hits;
	size_t i, nhits;

	if (release < 0) {
		diag_add(d, DIAG_ERROR, E_RELEASE, "compute release",
		    "unknown release '%s'", json_string_value(rel));
		release = NOVA_NEWTON;
	}
	json_array_foreach(sf, i, e)
		strv_push(&filters, json_string_value(e));
	hits = alias_hits_new(colls, &nhits);
	scan_devices(colls, hits, nhits, d);
	check_aggregate_refs(colls, d);
	check_flavors(colls, &filters, d);
	check_aliases(colls, compute, hits, d);
	for (i = 0; i < nhits; i++)
		strv_release(&hits[i].no_iommu);
	free(hits);
	check_filters(compute, &filters, release, d);
	check_aggregates(colls, d);
	strv_release(&filters);
}
