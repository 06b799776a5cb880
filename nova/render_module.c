/*
 * render_module.c - where ocmsh's filter module goes in an image, and
 * its files (see render.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "nova/filtersrc.h"
#include "nova/novaopts.h"
#include "nova/render.h"
#include "nova/render_int.h"

/* Plans ocmsh's filter module (its two files) in the image at imgpath. */
static int
plan_module(const struct render_in *in, const char *imgpath,
    const char *modpath, struct render_plan *p, char **cause)
{
	const char *files[2] = { OCMSH_FILTER_INIT, OCMSH_FILTER_MODULE };
	int r = 0;

	for (int i = 0; i < 2 && r == 0; i++) {
		char *inner = xasprintf("%s/%s/%s", modpath,
		    OCMSH_FILTER_PACKAGE, files[i]);
		char *disp = xasprintf("%s%s", render_prefix(imgpath), inner);
		struct place at = { in->root, imgpath, inner };
		char *ob = NULL;
		size_t ol = 0;

		if ((r = in->reader(in->root, imgpath, inner, &ob, &ol,
		    cause)) >= 0) {
			if (r == 0)
				FREE_AND_NULL(ob);
			if (i == 0)
				render_add(p, &at, disp, ob, ol, xstrdup(""), 0);
			else
				render_add(p, &at, disp, ob, ol,
				    xstrndup(ocmsh_filter_py,
				    ocmsh_filter_py_len), ocmsh_filter_py_len);
			r = 0;
		}
		free(inner);
		free(disp);
	}
	return r;
}

/* The usual folder of nova's packages in release (see render.h). */
const char *
render_module_path(int release)
{
	return release <= NOVA_TRAIN ? "/usr/lib/python2.7/site-packages" :
	    "/usr/lib/python3/dist-packages";
}

/*
 * The folders of the image at imgpath that hold a nova package (see
 * render.h), appended to dirs.
 */
static void
nova_package_dirs(const struct render_in *in, const char *imgpath,
    struct strv *dirs)
{
	static const char *const bases[] = {
		"/usr/lib", "/usr/lib64", "/usr/local/lib",
	};
	static const char *const subs[] = { "site-packages", "dist-packages" };

	for (size_t b = 0; in->lister && b < ARRAY_SIZE(bases); b++) {
		struct strv py = STRV_INIT;

		in->lister(in->root, imgpath, bases[b], &py);
		strv_sort(&py);
		for (size_t i = 0; i < py.n; i++)
			for (size_t k = 0; k < ARRAY_SIZE(subs); k++) {
				char *dir, *init, *buf = NULL, *e = NULL;
				size_t len;

				if (strncmp(py.v[i], "python", 6) != 0)
					continue;
				dir = xasprintf("%s/%s/%s", bases[b], py.v[i],
				    subs[k]);
				init = xasprintf("%s/nova/__init__.py", dir);
				if (in->reader(in->root, imgpath, init, &buf,
				    &len, &e) == 1)
					strv_push(dirs, dir);
				free(buf);
				free(e);
				free(init);
				free(dir);
			}
		strv_release(&py);
	}
}

/*
 * Whether the module folders dirs were found beside nova, or the image
 * at imgpath is one ocmsh is making (it does not exist or is empty), so
 * nothing could be found.
 */
static int
nova_found(const struct render_in *in, const char *imgpath,
    const struct strv *dirs)
{
	struct strv top = STRV_INIT;
	char *init = xasprintf("%s/nova/__init__.py", dirs->v[0]);
	char *buf = NULL, *e = NULL;
	size_t len;
	int r;

	r = in->reader(in->root, imgpath, init, &buf, &len, &e) == 1 ||
	    (in->lister && in->lister(in->root, imgpath, "/", &top) == 0);
	free(buf);
	free(e);
	free(init);
	strv_release(&top);
	return r;
}

/*
 * Plans the filter module of an image: where it goes, then its files.  A
 * module that goes to the release's usual folder because the image has
 * no nova package draws a warning when it is written.
 */
int
render_modules(const struct render_in *in, const char *image,
    const char *imgpath, int release, const char *modpath,
    struct render_plan *p, struct diag *d, char **cause)
{
	struct strv dirs = STRV_INIT;
	size_t before = p->n;
	int r = 0;

	if (modpath)
		strv_push(&dirs, modpath);
	else
		nova_package_dirs(in, imgpath, &dirs);
	if (dirs.n == 0)
		strv_push(&dirs, render_module_path(release));
	for (size_t i = 0; i < dirs.n && r == 0; i++)
		r = plan_module(in, imgpath, dirs.v[i], p, cause);
	if (r == 0 && p->n > before && !modpath &&
	    !nova_found(in, imgpath, &dirs)) {
		char *f = xasprintf("softwareimage %s", image);

		diag_add(d, DIAG_WARNING, DC_MODULE_PATH, f, "no nova package "
		    "found in the image (usr/lib*/python*/site-packages or "
		    "dist-packages): ocmsh_filters goes to %s, where nova %s "
		    "usually is (set filtermodulepath if nova-scheduler "
		    "imports from elsewhere)", dirs.v[0],
		    nova_release_title(release));
		free(f);
	}
	strv_release(&dirs);
	return r;
}
