/*
 * derive.h - whole-state validation (SPEC section 5) and the derived files
 * (SPEC section 6) that commit writes.
 */
#ifndef OCMSH_DERIVE_H
#define OCMSH_DERIVE_H

#include <jansson.h>

#include "lib/diag.h"
#include "lib/strv.h"
/* validate_state() */
#include "state/validate.h"

/* One file commit will write. */
struct derived_file {
	char	*image_root;	/* ROOT + image path: writes stay inside it */
	char	*inner;		/* path inside the image, "/etc/nova/nova.conf" */
	char	*display;	/* the path as the state records it */
	char	*old;		/* current bytes, or NULL when missing */
	size_t	 oldlen;
	char	*new;		/* bytes to write */
	size_t	 newlen;
};

struct derive_plan {
	struct derived_file	*v;
	size_t			 n, cap;
	json_t			*written;	/* the new "written" map */
};

void	derive_plan_init(struct derive_plan *p);
void	derive_plan_release(struct derive_plan *p);

/*
 * Renders the derived files of colls under root.  written_old is the
 * state's record of what ocmsh wrote; a file whose managed options differ
 * from both that record and the new values was edited by hand: that is an
 * error in d naming the file and options, unless force.  Files whose bytes
 * would not change are left out of the plan.  Returns 0, or -1 with *cause
 * on I/O errors.
 */
int	derive_plan(const char *root, json_t *colls, json_t *written_old,
	    int force, struct derive_plan *p, struct diag *d, char **cause);

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
void	derive_conf_values(const struct ini *ini, int release,
	    struct strv *out, int *any);

/* Writes every file of the plan atomically. */
int	derive_apply(const struct derive_plan *p, char **cause);

#endif
