/*
 * target.h - what a command works on: the collection of the current
 * mode, the object (or record inside it) of a property command, and
 * several objects named one by one or by node sets.  Reads the staged
 * view; errors set *cause as the commands report them.
 */
#ifndef OCMSH_TARGET_H
#define OCMSH_TARGET_H

#include "shell/session.h"
#include "lib/strv.h"

/* What a property command works on (owns its strings). */
struct target {
	const struct obj_type	*type;		/* whose props apply */
	char			*collpath;	/* owning object's collection */
	char			*name;		/* owning object */
	struct strv		 keys;		/* record keys inside it */
};

/* Frees a target's strings. */
void	target_release(struct target *t);
/* Staged JSON of the target (borrowed; a record may be NULL). */
json_t	*target_get(struct session *s, const struct target *t);
/*
 * Writable JSON of the target, creating records on the way: the object
 * and each record down to the target are private to staged, so the
 * caller may set and delete the target's keys (not change their values
 * in place: those may be shared with base).
 */
json_t	*target_get_w(struct session *s, const struct target *t);
/*
 * The target of a property command from argv (the words after the
 * command): in a record mode the record, else an optional object name
 * first (consumed into *used) or the selected object.  -1 with *cause
 * set when there is none ("no such flavor 'x'", "no device selected:
 * ...").
 */
int	target_resolve(struct session *s, int argc, char **argv, int *used,
	    struct target *t, char **cause);

/*
 * The current collection mode's type and collection path (caller
 * frees), or -1 with *cause set outside a collection mode.
 */
int	target_coll(struct session *s, const struct obj_type **type,
	    char **collpath, char **cause);
/* The staged object name of collpath (borrowed), or NULL with *cause set. */
json_t	*target_object(struct session *s, const struct obj_type *t,
	    const char *collpath, const char *name, char **cause);
/*
 * Appends the objects that words name to out: names, and node sets
 * expanded (a name given twice is kept once).  -1 with *cause set for a
 * bad node set or a name that is not an object of collpath.
 */
int	target_names(struct session *s, const struct obj_type *t,
	    const char *collpath, int n, char **words, struct strv *out,
	    char **cause);

/*
 * A set of the names of a strv, to append names without duplicates in
 * constant time.  Start with { NULL, 0 }; free with nameset_release().
 */
struct nameset {
	json_t	*set;		/* name -> null */
	size_t	 synced;	/* names of the strv already in set */
};

/* Appends w to sv unless sv holds it already (ns follows sv). */
void	nameset_push(struct nameset *ns, struct strv *sv, const char *w);
void	nameset_release(struct nameset *ns);

#endif
