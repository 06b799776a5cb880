/*
 * adopt.h - what the admin wrote into an image's nova.conf becomes state
 * (ocmsh(1) NOVA.CONF, "Adoption"), and the staged changes that join
 * every commit.
 *
 * Adoption: when a session starts, the values a nova.conf holds for
 * managed options that ocmsh never wrote a value for (a file it never
 * wrote, or an option it wrote nothing for: see nova/render.h) are staged
 * as the objects they mean: PCI aliases, the explicit whitelist (unless
 * it is the one the aliases derive), the enabled and available filters.
 * Nothing the state holds is overwritten: a value that differs is a
 * conflict, reported side by side, which the commit then refuses to write
 * over.  A nova.conf nova cannot parse is not adopted.
 *
 * Carried changes: adopted objects, and what importnovaconf stages, join
 * every commit wherever it is typed (a flavor commit in flavor mode
 * commits the adopted aliases it relies on), until one commits them.
 * Untouched, they are no uncommitted work of the admin's: batch input
 * that ends without committing them is not an error.
 */
#ifndef OCMSH_ADOPT_H
#define OCMSH_ADOPT_H

#include <jansson.h>

#include "lib/strv.h"
#include "state/store.h"

/*
 * Adopts the managed values of every OpenStack image's nova.conf that
 * ocmsh never wrote (see above) into st's staged view, as carried
 * changes.  msgs gets one line per image that had something to adopt
 * ("adopted from default-image nova.conf: 2 PCI aliases, passthrough
 * whitelist"), the conflicts (several lines each) and the files not
 * adopted because nova cannot parse them.  Returns the number of objects
 * staged, or -1 with *cause when a file cannot be read.
 */
int	store_adopt(struct store *st, struct strv *msgs, char **cause);

/*
 * Marks the staged change of collpath/name as carried: the whole object
 * (keypath NULL), or its value at keypath ("settings/compute/KEY").
 * The staged value now is remembered, to tell whether it was touched.
 */
void	store_carry(struct store *st, const char *collpath, const char *name,
	    const char *keypath);

/*
 * 1 if the staged change of collpath/name is only carried changes, as
 * they were carried (nothing the admin did since).
 */
int	store_carried_only(const struct store *st, const char *collpath,
	    const char *name);

/*
 * For a commit (commit.c): applies the carried changes to next, the
 * state it writes, and adds their objects to items (kept sorted) when
 * whole.  *patched gets collpath -> {name -> true} of the objects only
 * some keys of which were carried (a new object; the caller frees).
 */
void	store_carry_apply(const struct store *st, json_t *next,
	    struct store_items *items, json_t **patched);

#endif
