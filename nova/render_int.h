/*
 * render_int.h - what the files of nova/render*.c share: the plan being
 * built and the names of image files.
 */
#ifndef OCMSH_NOVA_RENDER_INT_H
#define OCMSH_NOVA_RENDER_INT_H

#include "lib/diag.h"
#include "nova/render.h"

/* The file inner of the image image inside ROOT root. */
struct place {
	const char	*root;
	const char	*image;
	const char	*inner;
};

/*
 * Adds the file at to the plan as display, holding new (newlen bytes)
 * where it holds old (NULL: missing), if the bytes change; takes old and
 * new either way.
 */
void	render_add(struct render_plan *p, const struct place *at,
	    const char *display, char *old, size_t oldlen, char *new,
	    size_t newlen);

/* The image path as the state records files: "" for "/" (static). */
const char *render_prefix(const char *imgpath);

/*
 * Plans the filter module of the image image at imgpath for release:
 * under modpath (filtermodulepath) when set, else beside every nova
 * package the image holds, else in the release's usual folder, with a
 * warning (DC_MODULE_PATH) to d then.  Returns 0, or -1 with *cause.
 */
int	render_modules(const struct render_in *in, const char *image,
	    const char *imgpath, int release, const char *modpath,
	    struct render_plan *p, struct diag *d, char **cause);

#endif
