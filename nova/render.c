/*
 * render.c - the files derived from a state (see render.h): each
 * OpenStack image's nova.conf, edited in place option by option as its
 * owner allows, and the reserve filter module.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/udiff.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/schema.h"
#include "model/view.h"
#include "nova/compute.h"
#include "nova/filtersrc.h"
#include "nova/ini.h"
#include "nova/managed.h"
#include "nova/novaopts.h"
#include "nova/render.h"
#include "nova/render_int.h"

#define NOVA_CONF "/etc/nova/nova.conf"

/* Starts an empty plan (see render.h). */
void
render_plan_init(struct render_plan *p)
{
	memset(p, 0, sizeof *p);
	p->written = json_object();
	sbuf_init(&p->notes);
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
	sbuf_release(&p->notes);
	memset(p, 0, sizeof *p);
}

/* The managed values of a parsed nova.conf (see render.h). */
void
render_conf_values(const struct ini *ini, int release, struct strv *out,
    int *any)
{
	struct managed m;
	int present[NOVA_NOPTS];

	managed_read(ini, release, &m, present);
	if (any)
		*any = 0;
	for (int o = 0; o < NOVA_NOPTS; o++) {
		out[o] = m.v[o];	/* handed over */
		if (any && present[o])
			*any = 1;
	}
}

/* 1 if nova of release may run on Python 3, which reads UTF-8 only. */
int
render_utf8_release(int release)
{
	return release >= NOVA_QUEENS;	/* doc/nova.md: to Pike 2.7 only */
}

/* What a state's files are to hold, or what ocmsh wrote from one. */
struct wanted {
	struct managed	 m;		/* the values as ocmsh writes them */
	struct managed	 norm;		/* m, canonical */
	char		*digest;	/* of norm */
	int		 release;	/* nova release, enum nova_release */
	const char	*modpath;	/* filtermodulepath, or NULL */
	int		 need_module;	/* the filters need the module */
};

/* Computes what the files of a state are to hold. */
static void
wanted_init(json_t *colls, struct wanted *w)
{
	json_t *c = nova_compute(colls, NULL);
	json_t *mp = c ? json_object_get(c, "filtermodulepath") : NULL;

	memset(w, 0, sizeof *w);
	w->release = nova_compute_release(colls, NULL);
	w->modpath = mp ? json_string_value(mp) : NULL;
	managed_want(colls, &w->m, &w->need_module);
	managed_copy(&w->norm, &w->m);
	managed_normalise(&w->norm);
	w->digest = managed_digest(&w->norm);
}

/*
 * What a file ocmsh gives up is to hold: no managed option at all (the
 * digest that of no values, as a file without them reads).
 */
static void
wanted_none(json_t *colls, struct wanted *w)
{
	memset(w, 0, sizeof *w);
	w->release = nova_compute_release(colls, NULL);
	managed_copy(&w->norm, &w->m);
	managed_normalise(&w->norm);
	w->digest = managed_digest(&w->norm);
}

/* Frees what wanted_init() or wanted_none() computed. */
static void
wanted_release(struct wanted *w)
{
	managed_release(&w->m);
	managed_release(&w->norm);
	free(w->digest);
}

/* Adds a file to the plan if its bytes change (see render_int.h). */
void
render_add(struct render_plan *p, const struct place *at, const char *display,
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
	f->mode = -1;
	f->gid = -1;
}

/* The image path as the state records files (see render_int.h). */
const char *
render_prefix(const char *imgpath)
{
	return strcmp(imgpath, "/") ? imgpath : "";
}

/*
 * The images the derived files are made for: those a device with an
 * OpenStack role uses, sorted by name, with their paths (NULL: the image
 * does not exist, which validation names).  Nothing without the default
 * deployment.
 */
static void
images_of(const struct render_in *in, struct strv *names, const char ***paths)
{
	json_t *colls = in->colls, *devs, *o;
	const struct obj_type *dt = type_find("device");
	const char *name;

	strv_init(names);
	*paths = xcalloc(1, sizeof **paths);
	if (dt == NULL ||
	    view_get(colls, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT) == NULL)
		return;
	if (in->images)
		for (size_t i = 0; i < in->images->n; i++)
			strv_push(names, in->images->v[i]);
	else if ((devs = view_coll(colls, "devices")) == NULL)
		return;
	/* the image and roles of a node, both perhaps from its category */
	json_object_foreach(in->images ? NULL : devs, name, o) {
		const char *img = json_string_value(inherit_get(colls, dt, o,
		    "softwareimage"));

		if (img && json_array_size(inherit_get(colls, dt, o,
		    "roles")) && strv_find(names, img) < 0)
			strv_push(names, img);
	}
	strv_sort(names);
	free(*paths);
	*paths = xcalloc(names->n + 1, sizeof **paths);
	for (size_t i = 0; i < names->n; i++) {
		json_t *img = view_get(colls, "softwareimages", names->v[i]);

		(*paths)[i] = img ? json_string_value(json_object_get(img,
		    "path")) : NULL;
	}
}

/* One image's nova.conf as it is, and how its options stand. */
struct conf_file {
	char		*old;		/* its bytes, or NULL when missing */
	size_t		 oldlen;
	struct ini	*ini;		/* parsed */
	struct managed	 raw;		/* values as nova reads them */
	struct managed	 have;		/* raw, canonical */
	int		 present[NOVA_NOPTS];
	int		 recorded;	/* ocmsh wrote it (a record exists) */
	size_t		 errline;	/* the first line nova refuses, or 0 */
	const char	*errwhy;
	enum conf_state	 st[NOVA_NOPTS];
};

/* Frees what conf_read() filled in. */
static void
conf_release(struct conf_file *cf)
{
	free(cf->old);
	ini_free(cf->ini);
	managed_release(&cf->raw);
	managed_release(&cf->have);
}

/*
 * How each option of cf stands (see render.h): against what w wants, and
 * what ocmsh last wrote (prev; the record rec of the file, whose digest,
 * or the pending digest of a killed commit, may be the whole file's).
 */
static void
conf_classify(struct conf_file *cf, const struct wanted *w,
    const struct wanted *prev, json_t *rec)
{
	char *hdg = managed_digest(&cf->have);
	const char *rd = json_string_value(json_object_get(rec, "digest"));
	/* what a commit killed before writing the state wrote (its intent
	 * record, see state/journal.h) is ocmsh's own too */
	const char *pd = json_string_value(json_object_get(rec, "pending"));
	int ours = (rd && strcmp(rd, hdg) == 0) || (pd && strcmp(pd, hdg) == 0);

	cf->recorded = rec != NULL && (rd != NULL || pd != NULL);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		if (cf->errline || !cf->present[o])
			cf->st[o] = CONF_ABSENT;
		else if (managed_opt_eq(&cf->have, &w->norm, o))
			cf->st[o] = CONF_SAME;
		else if (ours)
			cf->st[o] = CONF_OURS;
		else if (!cf->recorded || (prev && prev->norm.v[o].n == 0))
			/* new, unless the state holds them all (adopted) */
			cf->st[o] = managed_covers(&w->norm, &cf->have, o) ?
			    CONF_SAME : CONF_NEW;
		else if (prev && managed_opt_eq(&cf->have, &prev->norm, o))
			cf->st[o] = CONF_OURS;
		else
			cf->st[o] = CONF_DRIFT;
	}
	free(hdg);
}

/* Reads, parses and classifies the nova.conf of the image at imgpath. */
static int
conf_read(const struct render_in *in, const char *imgpath, const char *display,
    const struct wanted *w, const struct wanted *prev, struct conf_file *cf,
    char **cause)
{
	int r;

	memset(cf, 0, sizeof *cf);
	if ((r = in->reader(in->root, imgpath, NOVA_CONF, &cf->old,
	    &cf->oldlen, cause)) < 0)
		return -1;
	if (r == 0)
		FREE_AND_NULL(cf->old);
	cf->ini = ini_parse(cf->old, r ? cf->oldlen : 0);
	cf->errline = ini_error(cf->ini, render_utf8_release(w->release),
	    &cf->errwhy);
	managed_read(cf->ini, w->release, &cf->raw, cf->present);
	managed_copy(&cf->have, &cf->raw);
	managed_normalise(&cf->have);
	conf_classify(cf, w, prev, json_object_get(in->written, display));
	return 0;
}

/* Whether the names ocmsh writes for option o differ between releases. */
static int
name_changes(int o, int ra, int rb)
{
	const struct ini_name *a = nova_opt_name(o, ra);
	const struct ini_name *b = nova_opt_name(o, rb);

	return strcmp(a->section, b->section) || strcmp(a->key, b->key);
}

/*
 * Whether this commit rewrites option o of a file: the state wants
 * another value than ocmsh last wrote there (nothing, for a file ocmsh
 * never wrote), or the same under another name.
 */
static int
rewrites(const struct conf_file *cf, int o, const struct wanted *w,
    const struct wanted *prev)
{
	if (!cf->recorded || prev == NULL)
		return w->norm.v[o].n > 0;
	if (!managed_opt_eq(&w->norm, &prev->norm, o))
		return 1;
	return w->norm.v[o].n > 0 && name_changes(o, w->release,
	    prev->release);
}

/*
 * Appends to notes the diff that the hand edits of the options refused[]
 * made: the file as ocmsh last wrote those options (prev; nothing for new
 * values), then as it is.
 */
static void
note_hand_edits(struct sbuf *notes, const char *display,
    const struct conf_file *cf, const int *refused, const struct wanted *w,
    const struct wanted *prev)
{
	struct ini *ours = ini_parse(cf->old, cf->oldlen);
	char *buf;
	size_t len;

	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);
		int useprev = prev && cf->st[o] == CONF_DRIFT;
		const struct strv *v = useprev ? &prev->m.v[o] : NULL;

		if (!refused[o])
			continue;
		ini_set(ours, nova_opt_name(o, useprev ? prev->release :
		    w->release), v ? (const char *const *)v->v : NULL,
		    v ? v->n : 0, names, n);
	}
	buf = ini_render(ours, &len);
	sbuf_addf(notes, "%s: the hand edits (-: as ocmsh wrote it, +: as "
	    "it is)\n", display);
	udiff(display, buf, len, cf->old, cf->oldlen, notes);
	free(buf);
	ini_free(ours);
}

/* Joins the labels of the options flagged in on[] by ", ". */
static char *
labels(const int *on)
{
	struct strv sv = STRV_INIT;
	char *s;

	for (int o = 0; o < NOVA_NOPTS; o++)
		if (on[o])
			strv_push(&sv, managed_label[o]);
	s = sv.n ? strv_join(&sv, ", ") : NULL;
	strv_release(&sv);
	return s;
}

/* How to get past a hand edit, after its message (the image's name). */
#define WAYS_OUT " (take them in with 'openstack importnovaconf %s', or " \
	"overwrite them with 'commit --force')"

/* The problems of one file: refused and kept hand edits, restored options. */
static void
conf_report(struct diag *d, const char *image, const char *display,
    const int *newr, const int *driftr, const int *kept, const int *restored)
{
	char *l;

	if ((l = labels(newr)) != NULL)
		diag_add(d, DIAG_ERROR, DC_HAND_EDIT, display, "holds %s that "
		    "ocmsh did not write, which this commit would rewrite"
		    WAYS_OUT, l, image);
	free(l);
	if ((l = labels(driftr)) != NULL)
		diag_add(d, DIAG_ERROR, DC_HAND_EDIT, display, "%s edited "
		    "outside ocmsh, which this commit would rewrite" WAYS_OUT,
		    l, image);
	free(l);
	if ((l = labels(kept)) != NULL)
		diag_add(d, DIAG_WARNING, DC_HAND_EDIT_KEPT, display, "%s "
		    "changed outside ocmsh: left as they are" WAYS_OUT, l,
		    image);
	free(l);
	if ((l = labels(restored)) != NULL)
		diag_add(d, DIAG_WARNING, DC_CONF_RESTORED, display, "%s "
		    "missing from the file: written again", l);
	free(l);
}

/*
 * Edits the options of a parsed file cf as its owners allow (see
 * render.h) and reports the rest to d and p->notes.
 */
static void
conf_edit(const struct render_in *in, const char *image, const char *display,
    struct conf_file *cf, const struct wanted *w, const struct wanted *prev,
    struct render_plan *p, struct diag *d)
{
	int newr[NOVA_NOPTS] = { 0 }, driftr[NOVA_NOPTS] = { 0 };
	int kept[NOVA_NOPTS] = { 0 }, restored[NOVA_NOPTS] = { 0 };
	int refused[NOVA_NOPTS] = { 0 }, nref = 0;

	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names);
		int hand = cf->st[o] == CONF_NEW || cf->st[o] == CONF_DRIFT;

		if (cf->st[o] == CONF_ABSENT && cf->old && cf->recorded &&
		    prev && prev->norm.v[o].n && w->m.v[o].n)
			restored[o] = 1;
		if (hand && !in->force) {
			if (!rewrites(cf, o, w, prev)) {
				kept[o] = 1;
				continue;	/* the file's value stays */
			}
			refused[o] = 1;
			nref++;
			if (cf->st[o] == CONF_NEW)
				newr[o] = 1;
			else
				driftr[o] = 1;
		}
		ini_set(cf->ini, nova_opt_name(o, w->release),
		    (const char *const *)w->m.v[o].v, w->m.v[o].n, names, n);
	}
	if (nref)
		note_hand_edits(&p->notes, display, cf, refused, w, prev);
	conf_report(d, image, display, newr, driftr, kept, restored);
}

/*
 * The group "nova" of the image at imgpath (its /etc/group), or -1 when
 * it has none.
 */
static long
nova_gid(const struct render_in *in, const char *imgpath)
{
	char *buf = NULL, *e = NULL, *line, *save = NULL;
	size_t len;
	long gid = -1;

	if (in->reader(in->root, imgpath, "/etc/group", &buf, &len, &e) == 1)
		for (line = strtok_r(buf, "\n", &save); line && gid < 0;
		    line = strtok_r(NULL, "\n", &save)) {
			char *end, *f = strchr(line, ':');

			if (strncmp(line, "nova:", 5) != 0 ||
			    (f = strchr(f + 1, ':')) == NULL)
				continue;
			gid = strtol(f + 1, &end, 10);
			if (end == f + 1 || (*end != ':' && *end != '\0') ||
			    gid < 0)
				gid = -1;
		}
	free(buf);
	free(e);
	return gid;
}

/*
 * Plans the nova.conf of the image image at imgpath: its managed options
 * set as w and their owners allow, and its digest recorded.  With
 * release (a file ocmsh no longer manages, w from wanted_none()), a
 * missing file stays missing and nothing is recorded.
 */
static int
plan_conf(const struct render_in *in, const char *image, const char *imgpath,
    const struct wanted *w, const struct wanted *prev, int release,
    struct render_plan *p, struct diag *d, char **cause)
{
	struct place at = { in->root, imgpath, NOVA_CONF };
	char *display = xasprintf("%s%s", render_prefix(imgpath), NOVA_CONF);
	struct conf_file cf;
	char *newbuf;
	size_t newlen, n;
	int r = 0;

	if (conf_read(in, imgpath, display, w, prev, &cf, cause) != 0)
		r = -1;
	else if (cf.errline)
		diag_add(d, DIAG_ERROR, DC_CONF_PARSE, display, "line %zu: %s: "
		    "nova cannot read the file, and ocmsh neither adopts nor "
		    "edits it (correct it by hand)", cf.errline, cf.errwhy);
	else if (cf.old != NULL || !release) {
		conf_edit(in, image, display, &cf, w, prev, p, d);
		newbuf = ini_render(cf.ini, &newlen);
		if (!release)
			json_object_set_new(p->written, display, json_pack(
			    "{s:s}", "digest", w->digest));
		n = p->n;
		render_add(p, &at, display, cf.old, cf.oldlen, newbuf, newlen);
		if (cf.old == NULL && p->n > n) {
			/* a new nova.conf as Debian ships it: 0640 root:nova */
			p->v[n].mode = 0640;
			p->v[n].gid = nova_gid(in, imgpath);
		}
		cf.old = NULL;		/* handed to the plan */
	}
	conf_release(&cf);
	free(display);
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
 * Plans the files of the image image at imgpath.  A ".." in the path
 * would name a place above ROOT: an error in the diag, and nothing of
 * that image is planned (the files are resolved inside ROOT all the
 * same, state/rootpath.h, which refuses it too).
 */
static int
plan_image(const struct render_in *in, const char *image, const char *imgpath,
    const struct wanted *w, const struct wanted *prev, struct render_plan *p,
    struct diag *d, char **cause)
{
	int r;

	if (has_dotdot(imgpath)) {
		char *field = xasprintf("softwareimage %s path", image);

		diag_add(d, DIAG_ERROR, DC_IMAGE_PATH, field, "'%s' holds "
		    "'..': an image path names a folder inside the root, "
		    "never above it", imgpath);
		free(field);
		return 0;
	}
	r = plan_conf(in, image, imgpath, w, prev, 0, p, d, cause);
	if (r == 0 && w->need_module)
		r = render_modules(in, image, imgpath, w->release, w->modpath, p,
		    d, cause);
	return r;
}

/*
 * Gives up the nova.conf files ocmsh wrote (in->written) that the state
 * renders no more, the images rendered being images with their paths
 * (the deployment removed, no device with an OpenStack role on the
 * image, its path changed): the options ocmsh wrote are removed, hand
 * edits being refused or kept as for any file, and their record is not
 * carried over.  A record that names no nova.conf or whose image path
 * holds ".." is only dropped.  Planned before the files rendered, so
 * that a file reached by both names (a link) ends up rendered.
 */
static int
plan_releases(const struct render_in *in, const struct strv *images,
    const char **paths, const struct wanted *prev, struct render_plan *p,
    struct diag *d, char **cause)
{
	size_t nl = strlen(NOVA_CONF), dl;
	struct strv keep = STRV_INIT;
	struct wanted none;
	const char *display;
	json_t *rec;
	int r = 0;

	for (size_t i = 0; i < images->n; i++)
		if (paths[i] != NULL)
			strv_push_nodup(&keep, xasprintf("%s%s",
			    render_prefix(paths[i]), NOVA_CONF));
	wanted_none(in->colls, &none);
	json_object_foreach(in->written, display, rec) {
		char *image;

		dl = strlen(display);
		if (r != 0 || strv_find(&keep, display) >= 0 || dl < nl ||
		    strcmp(display + dl - nl, NOVA_CONF) != 0)
			continue;
		image = dl == nl ? xstrdup("/") : xstrndup(display, dl - nl);
		if (!has_dotdot(image))
			r = plan_conf(in, image, image, &none, prev, 1, p, d,
			    cause);
		free(image);
	}
	wanted_release(&none);
	strv_release(&keep);
	return r;
}

/* Renders the derived files of a view into a plan (see render.h). */
int
render_plan(const struct render_in *in, struct render_plan *p,
    struct diag *d, char **cause)
{
	struct strv images;
	const char **paths;
	struct wanted want, prev;
	int r;

	images_of(in, &images, &paths);
	if (in->prev)
		wanted_init(in->prev, &prev);
	r = plan_releases(in, &images, paths, in->prev ? &prev : NULL, p, d,
	    cause);
	if (r == 0 && images.n > 0) {
		wanted_init(in->colls, &want);
		for (size_t i = 0; i < images.n && r == 0; i++)
			if (paths[i] != NULL)	/* validation names it */
				r = plan_image(in, images.v[i], paths[i],
				    &want, in->prev ? &prev : NULL, p, d,
				    cause);
		wanted_release(&want);
	}
	if (in->prev)
		wanted_release(&prev);
	strv_release(&images);
	free(paths);
	return r;
}

/* Looks at the nova.conf of every OpenStack image (see render.h). */
int
render_look(const struct render_in *in, struct conf_look **v, size_t *n,
    char **cause)
{
	struct strv images;
	const char **paths;
	struct wanted want, prev;
	int r = 0;

	*v = NULL;
	*n = 0;
	images_of(in, &images, &paths);
	wanted_init(in->colls, &want);
	if (in->prev)
		wanted_init(in->prev, &prev);
	*v = xcalloc(images.n + 1, sizeof **v);
	for (size_t i = 0; i < images.n && r == 0; i++) {
		struct conf_look *l = &(*v)[*n];
		struct conf_file cf;

		if (paths[i] == NULL || has_dotdot(paths[i]))
			continue;
		l->image = xstrdup(images.v[i]);
		l->display = xasprintf("%s%s", render_prefix(paths[i]),
		    NOVA_CONF);
		(*n)++;
		if ((r = conf_read(in, paths[i], l->display, &want,
		    in->prev ? &prev : NULL, &cf, cause)) == 0) {
			l->exists = cf.old != NULL;
			l->errline = cf.errline;
			l->errwhy = cf.errwhy;
			for (int o = 0; o < NOVA_NOPTS; o++) {
				/* handed over */
				l->raw[o] = cf.raw.v[o];
				strv_init(&cf.raw.v[o]);
				l->st[o] = cf.st[o];
			}
		}
		conf_release(&cf);
	}
	wanted_release(&want);
	if (in->prev)
		wanted_release(&prev);
	strv_release(&images);
	free(paths);
	return r;
}

/* Frees what render_look() returned. */
void
render_look_free(struct conf_look *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].image);
		free(v[i].display);
		for (int o = 0; o < NOVA_NOPTS; o++)
			strv_release(&v[i].raw[o]);
	}
	free(v);
}
