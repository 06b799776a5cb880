/*
 * derive.c - the files commit derives from the state (SPEC section 6):
 * each OpenStack image's nova.conf, edited in place, and the reserve
 * filter module.  Also the digests of managed values in "written", and
 * the refusal of hand edits.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state/atomic.h"
#include "state/derive.h"
#include "nova/filtersrc.h"
#include "nova/compute.h"
#include "nova/ini.h"
#include "nova/novaopts.h"
#include "lib/sha256.h"
#include "state/store.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/fsutil.h"
#include "model/diagcodes.h"

#define NOVA_CONF "/etc/nova/nova.conf"

/* Option labels for messages. */
static const char *const opt_label[NOVA_NOPTS] = {
	"PCI aliases", "passthrough whitelist", "enabled filters",
	"available filters",
};

void
derive_plan_init(struct derive_plan *p)
{
	memset(p, 0, sizeof *p);
	p->written = json_object();
}

void
derive_plan_release(struct derive_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].image_root);
		free(p->v[i].inner);
		free(p->v[i].display);
		free(p->v[i].old);
		free(p->v[i].new);
	}
	free(p->v);
	json_decref(p->written);
	memset(p, 0, sizeof *p);
}

/* Managed values: one strv per option. */
struct managed {
	struct strv	v[NOVA_NOPTS];
};

/* Frees managed values. */
static void
managed_release(struct managed *m)
{
	for (int i = 0; i < NOVA_NOPTS; i++)
		strv_release(&m->v[i]);
}

/* Dumps JSON with ", " and ": " separators, keys in insertion order. */
static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_PRESERVE_ORDER);

	return s;
}

/* Computes the managed option values of a state. */
static void
render_values(json_t *colls, struct managed *m, int *release,
    const char **modpath, int *need_module)
{
	json_t *c = nova_compute(colls, NULL);
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases");
	json_t *wl = c ? json_object_get(c, "pcipassthroughwhitelist") : NULL;
	json_t *sf = c ? json_object_get(c, "schedulerfilters") : NULL;
	json_t *av = c ? json_object_get(c, "availablefilters") : NULL;
	json_t *rel = c ? json_object_get(c, "release") : NULL;
	json_t *mp = c ? json_object_get(c, "filtermodulepath") : NULL;
	struct strv names = STRV_INIT, filters = STRV_INIT;
	json_t *list, *e;
	size_t i;
	const char *k;
	json_t *o;
	int r1 = 0, r2 = 0;

	memset(m, 0, sizeof *m);
	*release = rel ? nova_release_find(json_string_value(rel)) :
	    NOVA_NEWTON;
	if (*release < 0)
		*release = NOVA_NEWTON;
	*modpath = mp ? json_string_value(mp) :
	    "/usr/lib/python3/dist-packages";

	/* aliases, sorted by name; the derived whitelist deduplicated */
	list = json_array();
	if (al)
		json_object_foreach(al, k, o)
			strv_push(&names, k);
	strv_sort(&names);
	for (i = 0; i < names.n; i++) {
		json_t *a = json_object_get(al, names.v[i]), *j, *w;
		json_t *v = json_object_get(a, "vendorid");
		json_t *p = json_object_get(a, "productid");
		json_t *dt = json_object_get(a, "devicetype");
		json_t *np = json_object_get(a, "numapolicy");
		int dup = 0;
		size_t x;

		j = json_object();
		json_object_set_new(j, "name", json_string(names.v[i]));
		if (v)
			json_object_set(j, "vendor_id", v);
		if (p)
			json_object_set(j, "product_id", p);
		json_object_set_new(j, "device_type", dt ? json_incref(dt) :
		    json_string("type-PCI"));
		if (np)
			json_object_set(j, "numa_policy", np);
		strv_push_nodup(&m->v[NOVA_OPT_ALIAS], dump(j));
		json_decref(j);
		if (v == NULL || p == NULL)
			continue;
		w = json_pack("{s:O, s:O}", "vendor_id", v, "product_id", p);
		json_array_foreach(list, x, e)
			if (json_equal(e, w))
				dup = 1;
		if (!dup)
			json_array_append(list, w);
		json_decref(w);
	}
	if (json_array_size(wl))
		strv_push_nodup(&m->v[NOVA_OPT_WHITELIST], dump(wl));
	else if (json_array_size(list))
		strv_push_nodup(&m->v[NOVA_OPT_WHITELIST], dump(list));
	json_decref(list);

	json_array_foreach(sf, i, e) {
		strv_push(&filters, json_string_value(e));
		if (strcmp(json_string_value(e), "ReserveRamFilter") == 0)
			r1 = 1;
		if (strcmp(json_string_value(e), "ReserveAggregateRamFilter")
		    == 0)
			r2 = 1;
	}
	if (filters.n)
		strv_push_nodup(&m->v[NOVA_OPT_ENABLED_FILTERS],
		    strv_join(&filters, ","));
	if (json_array_size(av)) {
		json_array_foreach(av, i, e)
			strv_push(&m->v[NOVA_OPT_AVAILABLE_FILTERS],
			    json_string_value(e));
	} else {
		strv_push(&m->v[NOVA_OPT_AVAILABLE_FILTERS],
		    "nova.scheduler.filters.all_filters");
		if (r1)
			strv_push(&m->v[NOVA_OPT_AVAILABLE_FILTERS],
			    OCMSH_FILTER_CLASS_RESERVE);
		if (r2)
			strv_push(&m->v[NOVA_OPT_AVAILABLE_FILTERS],
			    OCMSH_FILTER_CLASS_RESERVE_AGGREGATE);
	}
	*need_module = r1 || r2;
	strv_release(&names);
	strv_release(&filters);
}

void
derive_conf_values(const struct ini *ini, int release, struct strv *out,
    int *any)
{
	if (any)
		*any = 0;
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);
		struct strv tmp = STRV_INIT;

		strv_init(&out[o]);
		if (nova_opt_multi(o)) {
			/* nova merges a multi-valued option's names */
			for (size_t i = 0; i < n; i++)
				ini_get(ini, &names[i], &out[o]);
			if (out[o].n && any)
				*any = 1;
			continue;
		}
		/*
		 * A single value: the release's own name wins, else the
		 * newest name present; the last occurrence counts, as in
		 * oslo.config.
		 */
		if (ini_get(ini, nova_opt_name(o, release), &tmp) == 0)
			for (size_t i = 0; i < n && tmp.n == 0; i++)
				ini_get(ini, &names[i], &tmp);
		if (tmp.n) {
			strv_push(&out[o], tmp.v[tmp.n - 1]);
			if (any)
				*any = 1;
		}
		for (size_t i = 0; i < n && any && !*any; i++) {
			/* any other name present counts as managed content */
			struct strv x = STRV_INIT;

			if (ini_get(ini, &names[i], &x))
				*any = 1;
			strv_release(&x);
		}
		strv_release(&tmp);
	}
}

/* Lower-cases the string values of the given keys of a JSON object. */
static void
lower_ids(json_t *j, const char *const *keys)
{
	for (size_t k = 0; keys[k]; k++) {
		json_t *v = json_object_get(j, keys[k]);
		char *s;

		if (!json_is_string(v))
			continue;
		s = xstrdup(json_string_value(v));
		for (char *p = s; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		json_object_set_new(j, keys[k], json_string(s));
		free(s);
	}
}

static const char *const id_keys[] = { "vendor_id", "product_id", NULL };

/* Canonical JSON text (sorted keys, compact) of a JSON value. */
static char *
canon_dump(json_t *j)
{
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT |
	    JSON_ENCODE_ANY);

	return s ? s : xstrdup("");
}

/*
 * Canonical text of one alias: sorted keys, hex IDs in lower case, the
 * device type ocmsh writes (type-PCI) when none is given.  Text that is
 * not a JSON object stays as it is.
 */
static char *
canon_alias(const char *text)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	char *s;

	if (!json_is_object(j)) {
		json_decref(j);
		return xstrdup(text);
	}
	lower_ids(j, id_keys);
	if (json_object_get(j, "device_type") == NULL)
		json_object_set_new(j, "device_type", json_string("type-PCI"));
	s = canon_dump(j);
	json_decref(j);
	return s;
}

/*
 * Brings managed values to a canonical form, so that values which mean
 * the same to nova compare equal: aliases as canonical JSON, sorted and
 * deduplicated (nova ORs entries); the whitelist as one list of its
 * entries (objects and lists merged), each canonical, sorted and
 * deduplicated; filters trimmed and joined by ","; available filters
 * trimmed, repeats dropped, with nova's default when empty.
 */
static void
normalise(struct managed *m)
{
	struct strv *sv, items = STRV_INIT;

	sv = &m->v[NOVA_OPT_ALIAS];
	for (size_t i = 0; i < sv->n; i++) {
		char *c = canon_alias(sv->v[i]);

		free(sv->v[i]);
		sv->v[i] = c;
	}
	strv_sort(sv);
	strv_uniq(sv);

	sv = &m->v[NOVA_OPT_WHITELIST];
	for (size_t i = 0; i < sv->n; i++) {
		json_t *j = json_loads(sv->v[i], JSON_DECODE_ANY, NULL), *e;
		size_t k;

		if (json_is_array(j)) {
			json_array_foreach(j, k, e) {
				if (json_is_object(e))
					lower_ids(e, id_keys);
				strv_push_nodup(&items, canon_dump(e));
			}
		} else if (j) {
			if (json_is_object(j))
				lower_ids(j, id_keys);
			strv_push_nodup(&items, canon_dump(j));
		} else
			strv_push(&items, sv->v[i]);
		json_decref(j);
	}
	strv_clear(sv);
	if (items.n) {
		char *list;

		strv_sort(&items);
		strv_uniq(&items);
		list = strv_join(&items, ",");
		strv_push_nodup(sv, xasprintf("[%s]", list));
		free(list);
	}
	strv_clear(&items);

	sv = &m->v[NOVA_OPT_ENABLED_FILTERS];
	for (size_t i = 0; i < sv->n; i++) {
		char *copy = xstrdup(sv->v[i]), *save = NULL, *t;

		for (t = strtok_r(copy, ",", &save); t;
		    t = strtok_r(NULL, ",", &save))
			if (*(t = str_trim(t)))
				strv_push(&items, t);
		free(copy);
	}
	strv_clear(sv);
	if (items.n)
		strv_push_nodup(sv, strv_join(&items, ","));
	strv_clear(&items);

	sv = &m->v[NOVA_OPT_AVAILABLE_FILTERS];
	for (size_t i = 0; i < sv->n; i++) {
		char *t = str_trim(sv->v[i]);

		if (*t && strv_find(&items, t) < 0)
			strv_push(&items, t);
	}
	strv_clear(sv);
	for (size_t i = 0; i < items.n; i++)
		strv_push(sv, items.v[i]);
	if (sv->n == 0)
		strv_push(sv, "nova.scheduler.filters.all_filters");
	strv_release(&items);
}

/* The digest of managed values: "sha256:HEX". */
static char *
digest(const struct managed *m)
{
	struct sha256 c;
	unsigned char out[32];
	char hex[65];

	sha256_init(&c);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		sha256_update(&c, opt_label[o], strlen(opt_label[o]));
		sha256_update(&c, "\0", 1);
		for (size_t i = 0; i < m->v[o].n; i++) {
			sha256_update(&c, m->v[o].v[i], strlen(m->v[o].v[i]));
			sha256_update(&c, "\n", 1);
		}
		sha256_update(&c, "\0", 1);
	}
	sha256_final(&c, out);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	return xasprintf("sha256:%s", hex);
}

/* Lists the options whose values differ between two sets. */
static char *
differing(const struct managed *a, const struct managed *b)
{
	struct strv sv = STRV_INIT;
	char *s;

	for (int o = 0; o < NOVA_NOPTS; o++) {
		int same = a->v[o].n == b->v[o].n;

		for (size_t i = 0; same && i < a->v[o].n; i++)
			same = strcmp(a->v[o].v[i], b->v[o].v[i]) == 0;
		if (!same)
			strv_push(&sv, opt_label[o]);
	}
	s = strv_join(&sv, ", ");
	strv_release(&sv);
	return s;
}

/* Adds a file to the plan if its bytes change. */
static void
plan_add(struct derive_plan *p, const char *image_root, const char *inner,
    const char *display, char *old, size_t oldlen, char *new, size_t newlen)
{
	struct derived_file *f;

	if (old && oldlen == newlen && memcmp(old, new, newlen) == 0) {
		free(old);
		free(new);
		return;
	}
	xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
	f = &p->v[p->n++];
	f->image_root = xstrdup(image_root);
	f->inner = xstrdup(inner);
	f->display = xstrdup(display);
	f->old = old;
	f->oldlen = oldlen;
	f->new = new;
	f->newlen = newlen;
}

/* Joins ROOT and an absolute image path. Caller frees. */
static char *
root_join(const char *root, const char *path)
{
	size_t rl = strlen(root);

	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (rl == 1 && root[0] == '/')
		return xstrdup(path);
	return xasprintf("%.*s%s", (int)rl, root, path);
}

/* Plans one image. */
static int
plan_image(const char *root, const char *imgpath, const struct managed *want,
    int release, const char *modpath, int need_module, json_t *written_old,
    int force, struct derive_plan *p, struct diag *d, char **cause)
{
	char *iroot = root_join(root, imgpath);
	char *display = xasprintf("%s%s", strcmp(imgpath, "/") ? imgpath : "",
	    NOVA_CONF);
	char *old = NULL, *newbuf, *dg, *hdg, *diffopts = NULL;
	size_t oldlen = 0, newlen;
	struct managed have;
	struct ini *ini;
	int r, any;

	r = access(iroot, F_OK) == 0 ? read_file_in(iroot, NOVA_CONF, &old,
	    &oldlen, cause) : 0;
	if (r < 0) {
		free(iroot);
		free(display);
		return -1;
	}
	ini = ini_parse(r ? old : NULL, r ? oldlen : 0);
	derive_conf_values(ini, release, have.v, &any);
	normalise(&have);
	{
		struct managed w2;

		memset(&w2, 0, sizeof w2);
		for (int o = 0; o < NOVA_NOPTS; o++)
			for (size_t i = 0; i < want->v[o].n; i++)
				strv_push(&w2.v[o], want->v[o].v[i]);
		normalise(&w2);
		dg = digest(&w2);
		hdg = digest(&have);
		if (r && any && strcmp(hdg, dg) != 0)
			diffopts = differing(&have, &w2);
		managed_release(&w2);
	}
	if (r && any && strcmp(hdg, dg) != 0) {
		json_t *rec = json_object_get(written_old, display);
		const char *rd = json_string_value(json_object_get(rec,
		    "digest"));
		/* what a commit killed before writing the state wrote
		 * (its intent record, see store.c) is not a hand edit */
		const char *pd = json_string_value(json_object_get(rec,
		    "pending"));

		if ((rd == NULL || strcmp(rd, hdg) != 0) &&
		    (pd == NULL || strcmp(pd, hdg) != 0) && !force)
			diag_add(d, DIAG_ERROR, DC_HAND_EDIT, display,
			    "%s: %s (take them in with 'openstack "
			    "importnovaconf IMAGE', or overwrite them with "
			    "'commit --force')", rd ? "managed options were "
			    "edited outside ocmsh" : "holds managed options "
			    "that ocmsh did not write", diffopts);
	}
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);

		ini_set(ini, nova_opt_name(o, release),
		    (const char *const *)want->v[o].v, want->v[o].n, names, n);
	}
	newbuf = ini_render(ini, &newlen);
	ini_free(ini);
	json_object_set_new(p->written, display, json_pack("{s:s}", "digest",
	    dg));
	plan_add(p, iroot, NOVA_CONF, display, r ? old : NULL, oldlen,
	    newbuf, newlen);
	if (!r)
		free(old);
	if (need_module) {
		char *dir = xasprintf("%s/%s", modpath, OCMSH_FILTER_PACKAGE);
		const char *files[2] = { OCMSH_FILTER_INIT,
		    OCMSH_FILTER_MODULE };

		for (int i = 0; i < 2; i++) {
			char *inner = xasprintf("%s/%s", dir, files[i]);
			char *disp = xasprintf("%s%s", strcmp(imgpath, "/") ?
			    imgpath : "", inner);
			char *ob = NULL;
			size_t ol = 0;
			int rr = access(iroot, F_OK) == 0 ?
			    read_file_in(iroot, inner, &ob, &ol, cause) : 0;

			if (rr < 0) {
				free(inner);
				free(disp);
				free(dir);
				goto fail;
			}
			if (i == 0)
				plan_add(p, iroot, inner, disp, rr ? ob : NULL,
				    ol, xstrdup(""), 0);
			else
				plan_add(p, iroot, inner, disp, rr ? ob : NULL,
				    ol, xstrndup(ocmsh_filter_py,
				    ocmsh_filter_py_len), ocmsh_filter_py_len);
			if (!rr)
				free(ob);
			free(inner);
			free(disp);
		}
		free(dir);
	}
	managed_release(&have);
	free(diffopts);
	free(dg);
	free(hdg);
	free(iroot);
	free(display);
	return 0;
fail:
	free(diffopts);
	managed_release(&have);
	free(dg);
	free(hdg);
	free(iroot);
	free(display);
	return -1;
}

int
derive_plan(const char *root, json_t *colls, json_t *written_old, int force,
    struct derive_plan *p, struct diag *d, char **cause)
{
	json_t *devs = view_coll(colls, "devices"), *o;
	struct strv images = STRV_INIT;
	struct managed want;
	const char *name, *modpath;
	int release, need_module, r = 0;

	if (devs)
		json_object_foreach(devs, name, o) {
			const char *img = json_string_value(json_object_get(o,
			    "softwareimage"));

			if (img && json_array_size(json_object_get(o,
			    "roles")) && strv_find(&images, img) < 0)
				strv_push(&images, img);
		}
	strv_sort(&images);
	if (images.n == 0 || view_get(colls, "openstack", "default") == NULL) {
		strv_release(&images);
		return 0;
	}
	render_values(colls, &want, &release, &modpath, &need_module);
	for (size_t i = 0; i < images.n && r == 0; i++) {
		json_t *img = view_get(colls, "softwareimages", images.v[i]);
		const char *path = img ? json_string_value(json_object_get(img,
		    "path")) : NULL;

		if (path == NULL)
			continue;	/* validation names the missing image */
		r = plan_image(root, path, &want, release, modpath,
		    need_module, written_old, force, p, d, cause);
	}
	managed_release(&want);
	strv_release(&images);
	return r;
}

int
derive_apply(const struct derive_plan *p, char **cause)
{
	for (size_t i = 0; i < p->n; i++)
		if (fs_mkdir_p(p->v[i].image_root, 0755, cause) != 0 ||
		    atomic_write_in(p->v[i].image_root, p->v[i].inner,
		    p->v[i].new, p->v[i].newlen, cause) != 0)
			return -1;
	return 0;
}
