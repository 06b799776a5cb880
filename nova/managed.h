/*
 * managed.h - the values of the nova.conf options ocmsh manages: what a
 * state wants them to be, what a parsed file holds, their canonical form
 * (values that mean the same to nova compare equal) and its digest, the
 * record of what ocmsh wrote (ocmsh(1) NOVA.CONF).
 */
#ifndef OCMSH_NOVA_MANAGED_H
#define OCMSH_NOVA_MANAGED_H

#include <jansson.h>

#include "lib/strv.h"
#include "nova/novaopts.h"

struct ini;

/* Managed values: one strv per option (enum nova_opt). */
struct managed {
	struct strv	v[NOVA_NOPTS];
};

/* Option labels for messages: "PCI aliases", "passthrough whitelist"... */
extern const char *const managed_label[NOVA_NOPTS];

void	managed_init(struct managed *m);
void	managed_release(struct managed *m);
/* Copies every value of from into to (initialised here). */
void	managed_copy(struct managed *to, const struct managed *from);

/*
 * What the files of a state are to hold (colls: a view): values as ocmsh
 * writes them into m (initialised here), and whether the enabled filters
 * need ocmsh's filter module (*need_module, may be NULL).
 */
void	managed_want(json_t *colls, struct managed *m, int *need_module);

/*
 * The managed option values of a parsed nova.conf as nova of release
 * reads them, into m (initialised here): the multi-valued options
 * (aliases, whitelist, available filters) from all their names, merged;
 * the enabled filters from the release's own name if present, else from
 * the newest name present, last occurrence.  present[o] (if not NULL) is
 * set to 1 when any name of option o occurs in the file.
 */
void	managed_read(const struct ini *ini, int release, struct managed *m,
	    int *present);

/*
 * Brings values to their canonical form, so that values which mean the
 * same to nova compare equal: aliases as canonical JSON, sorted and
 * deduplicated (nova ORs entries); the whitelist as one list of its
 * entries, each canonical, sorted and deduplicated; filters trimmed and
 * joined by ","; available filters trimmed, repeats dropped, with nova's
 * default when empty.
 */
void	managed_normalise(struct managed *m);

/* The digest of canonical values, "sha256:HEX" (caller frees). */
char	*managed_digest(const struct managed *m);

/* 1 if option o has the same values in a and b. */
int	managed_opt_eq(const struct managed *a, const struct managed *b,
	    int o);

/*
 * The elements of option o of canonical values, appended to out: each
 * alias, each whitelist entry (canonical JSON), each enabled filter, each
 * available filter class path.
 */
void	managed_elements(const struct managed *m, int o, struct strv *out);

/* 1 if canonical values w hold every element of option o of h. */
int	managed_covers(const struct managed *w, const struct managed *h,
	    int o);

/* One whitelist entry in canonical JSON, as managed_elements gives it. */
char	*managed_canon_entry(json_t *entry);

#endif
