/*
 * simpci.c - PCI devices in the dry run: which devices the whitelist
 * (nova's device_spec) lets nova-compute report, the pools it groups
 * them into, and the PCI requests of a flavor claimed from those pools,
 * as nova.pci.devspec and nova.pci.stats do it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/view.h"
#include "modules/simint.h"

#define ANY	"*"

/* One whitelist entry, parsed as nova's PciDeviceSpec. */
struct wl_spec {
	char	 vendor[8];	/* "%04x", or "*" */
	char	 product[8];
	int	 devname;	/* names a netdev: matches nothing here */
	char	 field[4][8];	/* domain, bus, slot, function; "*" any */
	char	*tags;		/* canonical JSON of the other keys */
	size_t	 newkeys;	/* tags that are not pool keys */
	const char *dev_type;	/* a dev_type tag, or NULL */
};

/* Field limits and formats of a PCI address (nova's MAX_*). */
static const long long addr_max[4] = { 0xFFFF, 0xFF, 0x1F, 0x7 };
static const int addr_width[4] = { 4, 2, 2, 1 };

/* nova's _set_pci_dev_info: s as a hex number up to max, formatted to
 * width digits into out, or "*"; -1 if it is neither. */
static int
hex_field(const char *s, long long max, int width, char *out)
{
	long long v;

	if (strcmp(s, ANY) == 0) {
		strcpy(out, ANY);
		return 0;
	}
	if (sim_pyint(s, 16, &v) != 0 || v < 0 || v > max)
		return -1;
	snprintf(out, 8, "%0*llx", width, v);
	return 0;
}

/* An address glob "[[[domain]:]bus]:][slot][.[function]]". */
static int
parse_glob(struct wl_spec *w, const char *addr)
{
	char *copy = xstrdup(addr), *dot = strchr(copy, '.'), *f[3];
	char *p = copy;
	int n = 0, rc = 0, empty;

	for (int i = 0; i < 4; i++)
		strcpy(w->field[i], ANY);
	if (dot != NULL) {
		*dot = '\0';
		if (dot[1] && hex_field(str_trim(dot + 1), addr_max[3],
		    addr_width[3], w->field[3]) != 0)
			rc = -1;
	}
	empty = *copy == '\0';
	while (rc == 0 && !empty && n < 4) {	/* Python's split(':') */
		char *colon = strchr(p, ':');

		if (colon)
			*colon = '\0';
		if (n < 3)
			f[n] = p;
		n++;
		if (colon == NULL)
			break;
		p = colon + 1;
	}
	if (n > 3)
		rc = -1;
	for (int i = 0; rc == 0 && i < n; i++) {
		int k = 3 - n + i;
		char *v = str_trim(f[i]);

		if (*v && hex_field(v, addr_max[k], addr_width[k],
		    w->field[k]) != 0)
			rc = -1;
	}
	free(copy);
	return rc;
}

/* One ID of an entry: vendor_id or product_id, "*" when missing. */
static int
parse_id(json_t *e, const char *key, char *out)
{
	json_t *v = json_object_get(e, key);

	if (v == NULL) {
		strcpy(out, ANY);
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	return hex_field(json_string_value(v), 0xFFFF, 4, out);
}

/* Parses one whitelist entry; -1 if nova would refuse it. */
static int
parse_spec(struct wl_spec *w, json_t *e)
{
	json_t *addr, *tags;
	const char *k;
	json_t *v;

	memset(w, 0, sizeof *w);
	if (!json_is_object(e) || parse_id(e, "vendor_id", w->vendor) ||
	    parse_id(e, "product_id", w->product))
		return -1;
	addr = json_object_get(e, "address");
	w->devname = json_object_get(e, "devname") != NULL;
	if (addr && w->devname)
		return -1;
	if (addr && !json_is_string(addr))
		return -1;
	if (parse_glob(w, addr ? json_string_value(addr) : "") != 0)
		return -1;
	tags = json_object();
	json_object_foreach(e, k, v) {
		if (!strcmp(k, "vendor_id") || !strcmp(k, "product_id") ||
		    !strcmp(k, "address") || !strcmp(k, "devname"))
			continue;
		json_object_set(tags, k, v);
		if (strcmp(k, "dev_type") == 0 && json_is_string(v))
			w->dev_type = json_string_value(v);
		else if (strcmp(k, "numa_node") != 0)
			w->newkeys++;
	}
	w->tags = json_dumps(tags, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(tags);
	return 0;
}

/* A device's address as nova formats its fields; -1 if malformed. */
static int
dev_address(const char *addr, char field[4][8])
{
	char *copy = xstrdup(addr), *dot = strrchr(copy, '.'), *p = copy;
	int rc = 0;

	if (dot == NULL) {
		free(copy);
		return -1;
	}
	*dot = '\0';
	for (int i = 0; i < 3 && rc == 0; i++) {
		char *colon = strchr(p, ':');

		if ((colon == NULL) != (i == 2))
			rc = -1;
		else {
			if (colon)
				*colon = '\0';
			rc = hex_field(p, addr_max[i], addr_width[i],
			    field[i]);
			p = colon ? colon + 1 : p;
		}
	}
	if (rc == 0)
		rc = hex_field(dot + 1, addr_max[3], addr_width[3], field[3]);
	free(copy);
	return rc;
}

/* Whether whitelist entry w matches a device. */
static int
spec_matches(const struct wl_spec *w, const char *vendor,
    const char *product, char addr[4][8])
{
	if (w->devname)
		return 0;
	if (strcmp(w->vendor, ANY) && strcasecmp(w->vendor, vendor))
		return 0;
	if (strcmp(w->product, ANY) && strcasecmp(w->product, product))
		return 0;
	for (int i = 0; i < 4; i++)
		if (strcmp(w->field[i], ANY) && strcmp(w->field[i], addr[i]))
			return 0;
	return 1;
}

/* Adds a device matched by w to h's pools (nova's add_device). */
static void
pool_add(struct sim_hyp *h, const struct wl_spec *w, const char *vendor,
    const char *product)
{
	const char *dt = w->dev_type ? w->dev_type : "type-PCI";
	struct sim_pool *p;
	size_t i;

	for (i = 0; i < h->npools; i++) {
		p = &h->pools[i];
		if (!strcmp(p->vendor, vendor) && !strcmp(p->product, product) &&
		    !strcmp(p->dev_type, dt) && !strcmp(p->tags, w->tags))
			break;
	}
	if (i == h->npools) {
		h->pools = xrealloc(h->pools, (h->npools + 1) *
		    sizeof *h->pools);
		p = &h->pools[h->npools++];
		memset(p, 0, sizeof *p);
		snprintf(p->vendor, sizeof p->vendor, "%s", vendor);
		snprintf(p->product, sizeof p->product, "%s", product);
		p->dev_type = dt;
		p->tags = xstrdup(w->tags);
		p->nkeys = 4 + w->newkeys;
	}
	h->pools[i].count++;
	h->pci_total++;
	h->pci_free++;
}

/* Sorts h's pools by their number of keys, keeping their order else. */
static void
pool_sort(struct sim_hyp *h)
{
	for (size_t i = 1; i < h->npools; i++) {
		struct sim_pool p = h->pools[i];
		size_t k = i;

		for (; k > 0 && h->pools[k - 1].nkeys > p.nkeys; k--)
			h->pools[k] = h->pools[k - 1];
		h->pools[k] = p;
	}
}

/* The whitelist nova would get: the compute settings' entries, else one
 * {vendor_id, product_id} entry per alias that has both.  New ref. */
static json_t *
whitelist_of(const struct sim_ctx *c, json_t *configured)
{
	json_t *wl;

	if (json_array_size(configured))
		return json_incref(configured);
	wl = json_array();
	for (size_t i = 0; i < c->naliases; i++) {
		const struct sim_alias *a = &c->aliases[i];
		json_t *e, *x;
		size_t k;
		int dup = 0;

		if (a->vendor == NULL || a->product == NULL)
			continue;
		e = json_pack("{s:s, s:s}", "vendor_id", a->vendor,
		    "product_id", a->product);
		json_array_foreach(wl, k, x)
			dup |= json_equal(x, e);
		if (!dup)
			json_array_append(wl, e);
		json_decref(e);
	}
	return wl;
}

/* Builds every host's pools (see simint.h). */
int
simp_pools(struct sim_ctx *c, json_t *view, json_t *configured, char **cause)
{
	json_t *wl = whitelist_of(c, configured), *e;
	size_t n = json_array_size(wl), i, k;
	struct wl_spec *specs = xcalloc(n + 1, sizeof *specs);
	int rc = 0;

	json_array_foreach(wl, i, e) {
		char *s;

		if (parse_spec(&specs[i], e) == 0)
			continue;
		s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
		*cause = xasprintf("invalid pcipassthroughwhitelist entry "
		    "'%s'", s ? s : "?");
		free(s);
		n = i;
		rc = -1;
		break;
	}
	for (i = 0; rc == 0 && i < c->nhyp; i++) {
		struct sim_hyp *h = &c->hyp[i];
		json_t *dev = view_get(view, "devices", h->name), *d;
		json_t *pcis = json_object_get(dev, "pcidevices");

		json_array_foreach(pcis, k, d) {
			const char *addr = json_string_value(json_object_get(d,
			    "address"));
			const char *v = json_string_value(json_object_get(d,
			    "vendor"));
			const char *p = json_string_value(json_object_get(d,
			    "device"));
			char fields[4][8];

			if (!addr || !v || !p || strlen(v) > 4 ||
			    strlen(p) > 4 || dev_address(addr, fields) != 0)
				continue;
			for (size_t s = 0; s < n; s++)
				if (spec_matches(&specs[s], v, p, fields)) {
					pool_add(h, &specs[s], v, p);
					break;
				}
		}
		pool_sort(h);
	}
	for (i = 0; i < n; i++)
		free(specs[i].tags);
	free(specs);
	json_decref(wl);
	return rc;
}

/* Whether a pool value matches a request spec value (case-insensitively
 * from Rocky on). */
static int
same(const struct sim_ctx *c, const char *pool, const char *spec)
{
	return c->fold_case ? strcasecmp(pool, spec) == 0 :
	    strcmp(pool, spec) == 0;
}

/* Whether pool p can serve alias a's request. */
static int
pool_serves(const struct sim_ctx *c, const struct sim_pool *p,
    const struct sim_alias *a)
{
	if (a->vendor && !same(c, p->vendor, a->vendor))
		return 0;
	if (a->product && !same(c, p->product, a->product))
		return 0;
	if (!same(c, p->dev_type, a->dev_type))
		return 0;
	/* PFs serve only requests for PFs */
	return strcmp(p->dev_type, "type-PF") != 0 ||
	    strcmp(a->dev_type, "type-PF") == 0;
}

/* Applies r's requests to counts (h's pools' counts, in pool order), as
 * nova's apply_requests; 0 if one cannot be met. */
static int
apply(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r, long long *counts)
{
	for (size_t q = 0; q < r->npci; q++) {
		long long need = r->pci[q].count, have = 0;
		size_t i;

		for (i = 0; i < h->npools; i++)
			if (pool_serves(c, &h->pools[i], r->pci[q].alias))
				have += counts[i];
		if (have < need)
			return 0;
		for (i = 0; i < h->npools && need > 0; i++) {
			long long take;

			if (!pool_serves(c, &h->pools[i], r->pci[q].alias))
				continue;
			take = counts[i] < need ? counts[i] : need;
			counts[i] -= take;
			need -= take;
		}
	}
	return 1;
}

/* Whether h's free devices meet r's PCI requests (see simint.h). */
int
simp_supports(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_req *r)
{
	long long small[16], *counts = small;
	int ok;

	if (h->pci_free == 0)
		return 0;
	if (h->npools > ARRAY_SIZE(small))
		counts = xmalloc(h->npools * sizeof *counts);
	for (size_t i = 0; i < h->npools; i++)
		counts[i] = h->pools[i].count;
	ok = apply(c, h, r, counts);
	if (counts != small)
		free(counts);
	return ok;
}

/* Claims r's devices on h (see simint.h).  Like nova, requests met
 * before one that cannot be met stay claimed. */
void
simp_apply(const struct sim_ctx *c, struct sim_hyp *h,
    const struct sim_req *r)
{
	long long *counts = xmalloc((h->npools + 1) * sizeof *counts);

	for (size_t i = 0; i < h->npools; i++)
		counts[i] = h->pools[i].count;
	apply(c, h, r, counts);
	for (size_t i = 0; i < h->npools; i++) {
		h->pci_free -= h->pools[i].count - counts[i];
		h->pools[i].count = counts[i];
	}
	free(counts);
}

/* Free devices on h (see simint.h). */
long long
simp_free(const struct sim_hyp *h)
{
	return h->pci_free;
}

/* Free devices on h that can serve alias a (see simint.h). */
long long
simp_serving(const struct sim_ctx *c, const struct sim_hyp *h,
    const struct sim_alias *a)
{
	long long n = 0;

	for (size_t i = 0; i < h->npools; i++)
		if (pool_serves(c, &h->pools[i], a))
			n += h->pools[i].count;
	return n;
}
