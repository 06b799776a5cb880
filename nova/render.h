/*
 * render.h - the files derived from a state: each OpenStack image's
 * nova.conf, edited in place, and the reserve filter module, with the
 * digests of the managed values, and how each managed option of a file
 * stands against what ocmsh wrote there (ocmsh(1) NOVA.CONF).
 *
 * Rendering reads views (model/view.h) and the files as they are, and
 * returns a plan: the bytes each file is to hold.  It writes nothing;
 * the commit (state/) writes the plan.
 *
 * Who owns a managed option of a file: the state records a digest of the
 * managed values of each file ocmsh wrote ("written"), written together
 * with the state they were rendered from, so what ocmsh last wrote is
 * what that state (prev) renders.  A value the file holds is
 *  - ocmsh's own when it is what prev renders (or the whole file is what
 *    the record or a killed commit's intent record says);
 *  - new (first contact) when ocmsh never wrote the file, or wrote no
 *    value for that option: it is adopted into the state (state/adopt.h);
 *  - drift when ocmsh wrote a value and it was changed since.
 * An option the file does not set is never a hand edit: the state's value
 * is written.  A commit writes new or drifted values over only with
 * force; a commit that would rewrite such an option is refused, one that
 * leaves the option as ocmsh last wrote it keeps the file's value there
 * and goes on with a warning.
 */
#ifndef OCMSH_NOVA_RENDER_H
#define OCMSH_NOVA_RENDER_H

#include <jansson.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "nova/novaopts.h"

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
	int	 mode;		/* mode of a file created, or -1: 0644 */
	long	 gid;		/* group of a file created, or -1: the
				   writer's */
};

/* The files to write, and the new record of what ocmsh wrote. */
struct render_plan {
	struct render_file	*v;
	size_t			 n, cap;
	json_t			*written;	/* the new "written" map */
	struct sbuf		 notes;		/* refused hand edits: diffs */
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
 * How rendering lists a folder of an image: the names in the folder inner
 * of the image tree image inside root (resolved as render_read_fn does),
 * appended to out.  Returns how many; 0 also when the folder does not
 * exist or cannot be read.
 */
typedef size_t render_list_fn(const char *root, const char *image,
    const char *inner, struct strv *out);

/* What rendering reads. */
struct render_in {
	const char	*root;		/* prefix of the image paths */
	json_t		*colls;		/* the state to render */
	json_t		*prev;		/* the state on disk, which the files
					   were last written from; or NULL */
	json_t		*written;	/* its record of the files ocmsh wrote:
					   display -> {digest, pending} */
	int		 force;		/* write over hand edits */
	render_read_fn	*reader;
	render_list_fn	*lister;	/* NULL: no folder is ever found */
	/*
	 * The images a node with an OpenStack role boots, sorted, as a
	 * summary of the devices says (state/checked.h); NULL: walk the
	 * devices of colls.
	 */
	const struct strv *images;
};

/*
 * Renders the derived files of in->colls into p.  Problems go to d: a
 * nova.conf nova cannot parse (error, names file and line); hand edits
 * this commit would write over (error, unless force; p->notes gets a
 * diff of each); hand edits left in place (warning); options written
 * again because the file lacked them (warning); an image without a nova
 * package for the filter module to go beside (warning).
 * An image path holding ".." is an error and nothing of it is
 * planned.  The nova.conf files ocmsh wrote (in->written) that the state
 * renders no more are given up: the options ocmsh wrote there are
 * removed, hand edits refused or kept as in any file, and their record
 * dropped.
 *
 * The filter module goes to filtermodulepath when it is set; else beside
 * every nova package of the image (usr/lib, usr/lib64 and usr/local/lib,
 * python*, site-packages or dist-packages, holding nova/__init__.py),
 * and when there is none, to the usual place of the release
 * (render_module_path).  Files whose bytes would
 * not change are left out of the plan.  Returns 0, or -1 with *cause on
 * I/O errors.
 */
int	render_plan(const struct render_in *in, struct render_plan *p,
	    struct diag *d, char **cause);

/* How one managed option of a file stands (see above). */
enum conf_state {
	CONF_ABSENT,	/* the file does not set it */
	CONF_SAME,	/* it holds what the state wants */
	CONF_OURS,	/* it holds what ocmsh last wrote */
	CONF_NEW,	/* values ocmsh never wrote: first contact */
	CONF_DRIFT,	/* ocmsh wrote a value, someone changed it since */
};

/* The nova.conf of one OpenStack image, as it is. */
struct conf_look {
	char		*image;		/* the image's name */
	char		*display;	/* the file as the state records it */
	int		 exists;	/* the file exists */
	size_t		 errline;	/* first line nova refuses, or 0 */
	const char	*errwhy;	/* why (static), or NULL */
	struct strv	 raw[NOVA_NOPTS];	/* values as nova reads them */
	enum conf_state	 st[NOVA_NOPTS];	/* CONF_ABSENT if errline */
};

/*
 * Looks at the nova.conf of every OpenStack image of in->colls (sorted
 * by image name) into *v and *n (free with render_look_free).  Returns
 * 0, or -1 with *cause on I/O errors.
 */
int	render_look(const struct render_in *in, struct conf_look **v,
	    size_t *n, char **cause);
void	render_look_free(struct conf_look *v, size_t n);

/*
 * The managed option values of a parsed nova.conf as nova of release
 * reads them (out[NOVA_NOPTS], indexed by enum nova_opt; each strv is
 * initialised here and owned by the caller): see managed_read().  *any
 * (if not NULL) is set to 1 when any managed name occurs in the file.
 */
struct ini;
void	render_conf_values(const struct ini *ini, int release,
	    struct strv *out, int *any);

/*
 * The usual folder of nova's Python packages in release (static):
 * /usr/lib/python2.7/site-packages up to Train (RDO on CentOS 7, as the
 * seed's images), /usr/lib/python3/dist-packages from Ussuri (Debian).
 */
const char *render_module_path(int release);

/* 1 if a nova.conf of release may be read by Python 3 (as UTF-8). */
int	render_utf8_release(int release);

#endif
