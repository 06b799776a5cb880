/*
 * diag.h - collected validation problems (errors and warnings), printed
 * as cmsh's "Code Field Message" table.
 */
#ifndef OCMSH_DIAG_H
#define OCMSH_DIAG_H

#include <stddef.h>

#include "lib/xalloc.h"

struct sbuf;

enum diag_sev { DIAG_ERROR, DIAG_WARNING };

struct diag_item {
	enum diag_sev	 sev;
	int		 code;		/* stable number per kind of problem */
	char		*field;		/* "flavor g1.medium.p100 extraspecs" */
	char		*msg;
};

struct diag {
	struct diag_item *v;
	size_t		  n, cap;
	size_t		  nerrors;
};

void	diag_init(struct diag *d);
void	diag_release(struct diag *d);
void	diag_add(struct diag *d, enum diag_sev sev, int code, const char *field,
	    const char *fmt, ...) PRINTFLIKE(5, 6);
/* Appends the table (Code Field Message, then one row per item) to out. */
void	diag_table(const struct diag *d, struct sbuf *out);

#endif
