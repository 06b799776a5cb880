/*
 * render.c - the files derived from a state (see render.h): each
 * OpenStack image's nova.conf, edited in place, and the reserve filter
 * module.  Also the digests of managed values in "written", and the
 * refusal of hand edits.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sha256.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "nova/compute.h"
#include "nova/filtersrc.h"
#include "nova/ini.h"
#include "nova/novaopts.h"
#include "nova/render.h"
#include "model/diagcodes.h"

#define NOVA_CONF "/etc/nova/nova.conf"

/* Option labels for messages. */
static const char *const opt_label[NOVA_NOPTS] = {
	"PCI aliases", "passthrough whitelist", "enabled filters",
	"available filters",
};

/* Starts an empty plan (see render.h). */
void
render_plan_init(struct render_plan *p)
{
	memset(p, 0, sizeof *p);
	p->written = json_object();
}

/* Frees a plan and what it holds. */
void
render_plan_release(struct render_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].root);
		free(p->v[i].image);
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

/*
 * Adds the PCI aliases of colls (sorted by name) to m, and returns the
 * whitelist they imply: their vendor and product IDs, deduplicated (a
 * new reference).
 */
static json_t *
alias_values(json_t *colls, struct managed *m)
{
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases");
	json_t *list = json_array(), *o, *e;
	struct strv names = STRV_INIT;
	const char *k;

	if (al)
		json_object_foreach(al, k, o)
			strv_push(&names, k);
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
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
	strv_release(&names);
	return list;
}

/*
 * Adds the enabled and available filters of the compute settings c to m.
 * Returns 1 if the filters need ocmsh's filter module.
 */
static int
filter_values(json_t *c, struct managed *m)
{
	json_t *sf = c ? json_object_get(c, "schedulerfilters") : NULL;
	json_t *av = c ? json_object_get(c, "availablefilters") : NULL;
	struct strv filters = STRV_INIT;
	struct strv *avail = &m->v[NOVA_OPT_AVAILABLE_FILTERS];
	json_t *e;
	size_t i;
	int r1 = 0, r2 = 0;

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
	strv_release(&filters);
	if (json_array_size(av)) {
		json_array_foreach(av, i, e)
			strv_push(avail, json_string_value(e));
		return r1 || r2;
	}
	strv_push(avail, "nova.scheduler.filters.all_filters");
	if (r1)
		strv_push(avail, OCMSH_FILTER_CLASS_RESERVE);
	if (r2)
		strv_push(avail, OCMSH_FILTER_CLASS_RESERVE_AGGREGATE);
	return r1 || r2;
}

/* The managed values of a parsed nova.conf (see render.h). */
void
render_conf_values(const struct ini *ini, int release, struct strv *out,
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

/* What every image's files are to hold. */
struct wanted {
	struct managed	 m;		/* the managed option values */
	char		*digest;	/* of m, normalised */
	struct managed	 norm;		/* m, normalised */
	int		 release;	/* nova release, enum nova_release */
	const char	*modpath;	/* where the filter module goes */
	int		 need_module;	/* the filters need the module */
};

/* Computes what the files of a state are to hold. */
static void
wanted_init(json_t *colls, struct wanted *w)
{
	json_t *c = nova_compute(colls, NULL);
	json_t *wl = c ? json_object_get(c, "pcipassthroughwhitelist") : NULL;
	json_t *mp = c ? json_object_get(c, "filtermodulepath") : NULL;
	json_t *list;

	memset(w, 0, sizeof *w);
	w->release = nova_compute_release(colls, NULL);
	w->modpath = mp ? json_string_value(mp) :
	    "/usr/lib/python3/dist-packages";
	list = alias_values(colls, &w->m);
	if (json_array_size(wl))
		strv_push_nodup(&w->m.v[NOVA_OPT_WHITELIST], dump(wl));
	else if (json_array_size(list))
		strv_push_nodup(&w->m.v[NOVA_OPT_WHITELIST], dump(list));
	json_decref(list);
	w->need_module = filter_values(c, &w->m);
	for (int o = 0; o < NOVA_NOPTS; o++)
		for (size_t i = 0; i < w->m.v[o].n; i++)
			strv_push(&w->norm.v[o], w->m.v[o].v[i]);
	normalise(&w->norm);
	w->digest = digest(&w->norm);
}

/*
 * What a file ocmsh gives up is to hold: no managed option at all (its
 * digest that of no values, as a file without them reads).
 */
static void
wanted_none(json_t *colls, struct wanted *w)
{
	memset(w, 0, sizeof *w);
	w->release = nova_compute_release(colls, NULL);
	normalise(&w->norm);
	w->digest = digest(&w->norm);
}

/* Frees what wanted_init() or wanted_none() computed. */
static void
wanted_release(struct wanted *w)
{
	managed_release(&w->m);
	managed_release(&w->norm);
	free(w->digest);
}

/* The file inner of the image image inside ROOT root. */
struct place {
	const char	*root;
	const char	*image;
	const char	*inner;
};

/* Adds a file to the plan if its bytes change. */
static void
plan_add(struct render_plan *p, const struct place *at, const char *display,
    char *old, size_t oldlen, char *new, size_t newlen)
{
	struct render_file *f;

	if (old && oldlen == newlen && memcmp(old, new, newlen) == 0) {
		free(old);
		free(new);
		return;
	}
	xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
	f = &p->v[p->n++];
	f->root = xstrdup(at->root);
	f->image = xstrdup(at->image);
	f->inner = xstrdup(at->inner);
	f->display = xstrdup(display);
	f->old = old;
	f->oldlen = oldlen;
	f->new = new;
	f->newlen = newlen;
}

/*
 * Adds an error to d if the managed values have of the file display, as
 * it is, are neither what w wants nor what ocmsh last wrote there
 * (written_old), unless force.
 */
static void
check_hand_edit(const char *display, const struct managed *have,
    const struct wanted *w, json_t *written_old, int force, struct diag *d)
{
	char *hdg = digest(have), *diffopts;
	json_t *rec = json_object_get(written_old, display);
	const char *rd = json_string_value(json_object_get(rec, "digest"));
	/* what a commit killed before writing the state wrote (its intent
	 * record, see state/journal.h) is not a hand edit */
	const char *pd = json_string_value(json_object_get(rec, "pending"));

	if (strcmp(hdg, w->digest) != 0 && !force &&
	    (rd == NULL || strcmp(rd, hdg) != 0) &&
	    (pd == NULL || strcmp(pd, hdg) != 0)) {
		diffopts = differing(have, &w->norm);
		diag_add(d, DIAG_ERROR, DC_HAND_EDIT, display,
		    "%s: %s (take them in with 'openstack importnovaconf "
		    "IMAGE', or overwrite them with 'commit --force')",
		    rd ? "managed options were edited outside ocmsh" :
		    "holds managed options that ocmsh did not write",
		    diffopts);
		free(diffopts);
	}
	free(hdg);
}

/* A rendering in progress: what render_plan() was given. */
struct render {
	const char		*root;
	json_t			*written_old;
	int			 force;
	render_read_fn		*reader;
	struct render_plan	*p;
	struct diag		*d;
	char			**cause;
};

/* The display name of the file inner of the image at imgpath. */
static char *
display_name(const char *imgpath, const char *inner)
{
	return xasprintf("%s%s", strcmp(imgpath, "/") ? imgpath : "", inner);
}

/*
 * Plans the nova.conf of the image at imgpath: its managed options set
 * to w's values, and its digest recorded.  With release (a file ocmsh
 * no longer manages, w from wanted_none()), the options are removed, a
 * missing file stays missing, and nothing is recorded.
 */
static int
plan_conf(struct render *rd, const char *imgpath, const struct wanted *w,
    int release)
{
	struct place at = { rd->root, imgpath, NOVA_CONF };
	char *old = NULL, *newbuf, *display;
	size_t oldlen = 0, newlen;
	struct managed have;
	struct ini *ini;
	int r, any;

	if ((r = rd->reader(rd->root, imgpath, NOVA_CONF, &old, &oldlen,
	    rd->cause)) < 0)
		return -1;
	if (r == 0 && release)
		return 0;
	if (r == 0)
		FREE_AND_NULL(old);
	display = display_name(imgpath, NOVA_CONF);
	ini = ini_parse(old, r ? oldlen : 0);
	render_conf_values(ini, w->release, have.v, &any);
	normalise(&have);
	if (r && any)
		check_hand_edit(display, &have, w, rd->written_old, rd->force,
		    rd->d);
	managed_release(&have);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);

		ini_set(ini, nova_opt_name(o, w->release),
		    (const char *const *)w->m.v[o].v, w->m.v[o].n, names, n);
	}
	newbuf = ini_render(ini, &newlen);
	ini_free(ini);
	if (!release)
		json_object_set_new(rd->p->written, display, json_pack(
		    "{s:s}", "digest", w->digest));
	plan_add(rd->p, &at, display, old, oldlen, newbuf, newlen);
	free(display);
	return 0;
}

/* Plans ocmsh's filter module (its two files) in the image at imgpath. */
static int
plan_module(struct render *rd, const char *imgpath, const char *modpath)
{
	const char *files[2] = { OCMSH_FILTER_INIT, OCMSH_FILTER_MODULE };
	int r = 0;

	for (int i = 0; i < 2 && r == 0; i++) {
		char *inner = xasprintf("%s/%s/%s", modpath,
		    OCMSH_FILTER_PACKAGE, files[i]);
		char *disp = display_name(imgpath, inner);
		struct place at = { rd->root, imgpath, inner };
		char *ob = NULL;
		size_t ol = 0;

		if ((r = rd->reader(rd->root, imgpath, inner, &ob, &ol,
		    rd->cause)) >= 0) {
			if (r == 0)
				FREE_AND_NULL(ob);
			if (i == 0)
				plan_add(rd->p, &at, disp, ob, ol, xstrdup(""),
				    0);
			else
				plan_add(rd->p, &at, disp, ob, ol,
				    xstrndup(ocmsh_filter_py,
				    ocmsh_filter_py_len), ocmsh_filter_py_len);
			r = 0;
		}
		free(inner);
		free(disp);
	}
	return r;
}

/* 1 if path has a ".." component ("/../x", "a/.."). */
static int
has_dotdot(const char *path)
{
	for (const char *p = path; *p != '\0';) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
	}
	return 0;
}

/*
 * Plans the files of the image name at imgpath.  A ".." in the path
 * would name a place above ROOT: an error in the diag, and nothing of
 * that image is planned (the files are resolved inside ROOT all the
 * same, state/rootpath.h, which refuses it too).
 */
static int
plan_image(struct render *rd, const char *name, const char *imgpath,
    const struct wanted *w)
{
	int r;

	if (has_dotdot(imgpath)) {
		char *field = xasprintf("softwareimage %s path", name);

		diag_add(rd->d, DIAG_ERROR, DC_IMAGE_PATH, field, "'%s' holds "
		    "'..': an image path names a folder inside the root, "
		    "never above it", imgpath);
		free(field);
		return 0;
	}
	r = plan_conf(rd, imgpath, w, 0);
	if (r == 0 && w->need_module)
		r = plan_module(rd, imgpath, w->modpath);
	return r;
}

/*
 * The images whose files a state renders: those of the devices with an
 * OpenStack role, sorted, when the deployment exists (none otherwise).
 */
static void
rendered_images(json_t *colls, struct strv *images)
{
	json_t *devs = view_coll(colls, "devices"), *o;
	const struct obj_type *dt = type_find("device");
	const char *name;

	if (devs == NULL || dt == NULL ||
	    view_get(colls, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT) == NULL)
		return;
	/* the image and roles of a node, both perhaps from its category */
	json_object_foreach(devs, name, o) {
		const char *img = json_string_value(inherit_get(colls, dt, o,
		    "softwareimage"));

		if (img && json_array_size(inherit_get(colls, dt, o,
		    "roles")) && strv_find(images, img) < 0)
			strv_push(images, img);
	}
	strv_sort(images);
}

/* The path of the image name in colls, or NULL. */
static const char *
image_path(json_t *colls, const char *name)
{
	json_t *img = view_get(colls, "softwareimages", name);

	return img ? json_string_value(json_object_get(img, "path")) : NULL;
}

/*
 * Gives up the nova.conf files ocmsh wrote (written_old) that the state
 * renders no more, images rendered by it being those of images (the
 * deployment removed, no device with an OpenStack role on the image, its
 * path changed): their managed options are removed, a hand edit being
 * refused as for any file, and their record is not carried over.  A
 * record that names no nova.conf or whose image path holds ".." is only
 * dropped.  Planned before the files rendered, so that a file reached by
 * both names (a link) ends up rendered.
 */
static int
plan_releases(struct render *rd, json_t *colls, const struct strv *images)
{
	size_t nl = strlen(NOVA_CONF), dl;
	struct strv keep = STRV_INIT;
	struct wanted none;
	const char *display;
	json_t *rec;
	int r = 0;

	for (size_t i = 0; i < images->n; i++) {
		const char *path = image_path(colls, images->v[i]);

		if (path != NULL)
			strv_push_nodup(&keep, display_name(path, NOVA_CONF));
	}
	wanted_none(colls, &none);
	json_object_foreach(rd->written_old, display, rec) {
		char *image;

		dl = strlen(display);
		if (r != 0 || strv_find(&keep, display) >= 0 || dl < nl ||
		    strcmp(display + dl - nl, NOVA_CONF) != 0)
			continue;
		image = dl == nl ? xstrdup("/") : xstrndup(display, dl - nl);
		if (!has_dotdot(image))
			r = plan_conf(rd, image, &none, 1);
		free(image);
	}
	wanted_release(&none);
	strv_release(&keep);
	return r;
}

/* Renders the derived files of a view into a plan (see render.h). */
int
render_plan(const char *root, json_t *colls, json_t *written_old, int force,
    render_read_fn *reader, struct render_plan *p, struct diag *d,
    char **cause)
{
	struct render rd = { root, written_old, force, reader, p, d, cause };
	struct strv images = STRV_INIT;
	struct wanted want;
	int r;

	rendered_images(colls, &images);
	r = plan_releases(&rd, colls, &images);
	if (r != 0 || images.n == 0) {
		strv_release(&images);
		return r;
	}
	wanted_init(colls, &want);
	for (size_t i = 0; i < images.n && r == 0; i++) {
		const char *path = image_path(colls, images.v[i]);

		if (path == NULL)
			continue;	/* validation names the missing image */
		r = plan_image(&rd, images.v[i], path, &want);
	}
	wanted_release(&want);
	strv_release(&images);
	return r;
}
