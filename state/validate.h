/*
 * validate.h - whole-state validation: every problem of a view goes into
 * a diag with its severity and code; errors refuse a commit.
 */
#ifndef OCMSH_VALIDATE_H
#define OCMSH_VALIDATE_H

#include <jansson.h>

#include "lib/diag.h"

/* Checks the whole state (collpath -> {name -> object}) into d. */
void	validate_state(json_t *colls, struct diag *d);

#endif
