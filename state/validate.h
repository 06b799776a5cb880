/*
 * validate.h - whole-state checks (ocmsh(1) VALIDATION).
 *
 * The rules live with their types: each obj_type may list checks
 * (obj_type.validate, model/schema.h), and validate_state() runs every
 * type's checks in the order of their steps, each over the whole state,
 * collecting the problems (codes in model/diagcodes.h) in that order.
 */
#ifndef OCMSH_VALIDATE_H
#define OCMSH_VALIDATE_H

#include <jansson.h>

#include "lib/diag.h"

/* What a check is given. */
struct validate_ctx {
	json_t		*colls;		/* the state (collpath -> {name ->
					   object}), borrowed */
	struct diag	*diag;		/* where problems go */
	struct validate_kept *kept;	/* private: see validate_keep() */
};

/* Checks the whole state (collpath -> {name -> object}) into d. */
void	validate_state(json_t *colls, struct diag *d);

/*
 * Keeps p under key for the later checks of the same run (one walk over
 * the devices serves several types' checks); release(p) is called when
 * the run ends.  validate_kept() returns it, or NULL.
 */
void	 validate_keep(struct validate_ctx *vc, const char *key, void *p,
	    void (*release)(void *));
void	*validate_kept(const struct validate_ctx *vc, const char *key);

#endif
