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
	/*
	 * The gatherers' summary (model/schema.h): filled in by the walks
	 * of the types that have one, or, with only, given whole.
	 */
	json_t		*sum;
	/*
	 * NULL: walk every object.  Else collpath -> {name -> true}: the
	 * objects of the gathering types to check one by one, the others
	 * being as the summary says (a commit of a few, state/checked.c).
	 */
	json_t		*only;
	struct validate_kept *kept;	/* private: see validate_keep() */
};

/* Checks the whole state (collpath -> {name -> object}) into d. */
void	validate_state(json_t *colls, struct diag *d);

/*
 * The same, for a commit (state/checked.c): sum and only as in struct
 * validate_ctx; replay maps "TYPE.N" (the Nth check of TYPE) to the
 * problems of each check not run_fast (model/schema.h) as [[sev, code,
 * field, message], ...].  Without only every check runs and replay is
 * filled in; with only, a check runs when it is run_fast or reads a type
 * named in changed (type name -> true), and its entry is replaced, and
 * the others' problems are taken from replay.
 */
void	validate_run(json_t *colls, json_t *sum, json_t *only,
	    json_t *changed, json_t *replay, struct diag *d);

/*
 * Keeps p under key for the later checks of the same run (one walk over
 * the devices serves several types' checks); release(p) is called when
 * the run ends.  validate_kept() returns it, or NULL.
 */
void	 validate_keep(struct validate_ctx *vc, const char *key, void *p,
	    void (*release)(void *));
void	*validate_kept(const struct validate_ctx *vc, const char *key);

#endif
