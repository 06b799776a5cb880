/*
 * import.h - the managed values of a nova.conf in state terms: the PCI
 * aliases as pcialias objects, the whitelist entries, the enabled and
 * available filters (what importnovaconf stages, and what adoption
 * takes in, state/adopt.h).
 */
#ifndef OCMSH_NOVA_IMPORT_H
#define OCMSH_NOVA_IMPORT_H

#include <jansson.h>

#include "lib/strv.h"
#include "nova/novaopts.h"

/* What a file's values are in the state. */
struct import {
	json_t	*aliases;	/* name -> pcialias object */
	json_t	*whitelist;	/* the entries, in order (may be empty) */
	json_t	*derived;	/* the whitelist the aliases derive */
	json_t	*enabled;	/* filter names; NULL when the file has none */
	json_t	*available;	/* class paths, trimmed (may be empty) */
};

/*
 * Translates raw[NOVA_NOPTS], a file's values as nova reads them (see
 * managed_read), into im (filled in here; free with import_release), by
 * the rules of set and of the state file (values, alias names).  Returns
 * 0, or -1 with *cause naming file, the line of ini that holds the value
 * it cannot take (ini may be NULL: no line) and why (im is released
 * then).
 */
struct ini;
int	import_values(const char *file, const struct ini *ini,
	    const struct strv *raw, struct import *im, char **cause);
void	import_release(struct import *im);

/* 1 if two pcialias objects make the same nova.conf entry. */
int	import_alias_equiv(json_t *a, json_t *b);

/*
 * One pcialias object as a line of text for messages: "10de:15f8
 * type-PCI" and the NUMA policy when set (caller frees).
 */
char	*import_alias_text(json_t *a);

/*
 * 1 if available filters are what commit derives from the enabled
 * filters (nova's all_filters, and ocmsh's filter classes when enabled):
 * then the state leaves availablefilters unset.
 */
int	import_available_standard(json_t *available, json_t *enabled);

#endif
