/*
 * render.h - the files derived from a state: each OpenStack image's
 * nova.conf, edited in place, and the reserve filter module, with the
 * digests of the managed values and the refusal of hand edits.
 *
 * Rendering reads a view (model/view.h) and the files as they are, and
 * returns a plan: the bytes each file is to hold.  It writes nothing;
 * the commit (state/) writes the plan.
 */
#ifndef OCMSH_NOVA_RENDER_H
#define OCMSH_NOVA_RENDER_H

#include <jansson.h>

#include "lib/diag.h"
#include "lib/strv.h"

/* One file a plan writes. */
struct render_file {
	char	*root;		/* ROOT (-r): nothing is written outside it */
	char	*image;		/* the image path inside ROOT, as the state
				 * holds it; never with a ".." component */
	char	*inner;		/* path in the image, /etc/nova/nova.conf */
	char	*display;	/* the path as the state records it */
	char	*old;		/* current bytes, or NULL when missing */
	size_t	 oldlen;
	char	*new;		/* bytes to write */
	size_t	 newlen;
};

/* The files to write, and the new record of what ocmsh wrote. */
struct render_plan {
	struct render_file	*v;
	size_t			 n, cap;
	json_t			*written;	/* the new "written" map */
};

void	render_plan_init(struct render_plan *p);
void	render_plan_release(struct render_plan *p);

/*
 * How rendering reads a file as it is now: the file inner inside the
 * image tree image inside root, every path component resolved inside
 * root and inside the image (state/rootpath.h).  Returns 1 and sets *buf
 * (NUL-terminated, caller frees) and *len; 0 if root, the image or the
 * file does not exist; -1 with *cause set on error.
 */
typedef int render_read_fn(const char *root, const char *image,
    const char *inner, char **buf, size_t *len, char **cause);

/*
 * Renders the derived files of the view colls under root into p, reading
 * the files as they are through reader.  written_old is the state's record
 * of what ocmsh wrote; a file whose managed options differ from both that
 * record and the new values was edited by hand: that is an error in d
 * naming the file and options, unless force.  Files whose bytes would not
 * change are left out of the plan.  Returns 0, or -1 with *cause on I/O
 * errors.
 */
int	render_plan(const char *root, json_t *colls, json_t *written_old,
	    int force, render_read_fn *reader, struct render_plan *p,
	    struct diag *d, char **cause);

/*
 * The managed option values of a parsed nova.conf as nova of release
 * reads them (out[NOVA_NOPTS], indexed by enum nova_opt; each strv is
 * initialised here and owned by the caller): the multi-valued options
 * (aliases, whitelist, available filters) from all their names, merged;
 * the enabled filters from the release's own name if present, else from
 * the newest name present, last occurrence.  *any (if not NULL) is set
 * to 1 when any managed name occurs in the file.
 */
struct ini;
void	render_conf_values(const struct ini *ini, int release,
	    struct strv *out, int *any);

#endif
