/*
 * syncint.h - what the parts of the reconcile (syncread.c, syncplan.c,
 * syncapply.c) share; not for use elsewhere.
 */
#ifndef OCMSH_NOVA_SYNCINT_H
#define OCMSH_NOVA_SYNCINT_H

#include <jansson.h>

/* How a flavor property is kept in nova. */
enum sync_fkind { SF_INT, SF_REAL, SF_BOOL };

/* A flavor property nova cannot change (a change replaces the flavor). */
struct sync_field {
	const char	*prop;		/* the state's name */
	const char	*nova;		/* nova's name */
	enum sync_fkind	 kind;
};

/* The fixed properties, in the order plans show them; NULL prop ends. */
extern const struct sync_field sync_flavor_fields[];

/* The default of a flavor property from the schema, as a new reference
 * (NULL when it has none). */
json_t	*sync_flavor_default(const char *prop);
/* The value v of field f in the normalised form (a new reference). */
json_t	*sync_field_value(const struct sync_field *f, const json_t *v);
/* The normalised state flavor or aggregate, every property set (a new
 * reference). */
json_t	*sync_want_flavor(const json_t *obj);
json_t	*sync_want_aggregate(const json_t *obj);
/* Sorts the strings of array a in place. */
void	 sync_sort_strings(json_t *a);

#endif
