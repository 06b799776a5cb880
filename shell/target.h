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
 * Appends the names that words give to out: names, and node sets
 * expanded (a name given twice is kept once).  -1 with *cause set for a
 * bad node set.
 */
int	target_expand(int n, char **words, struct strv *out, char **cause);
/*
 * The names of names that are no objects of collpath, appended to
 * missing (when not NULL).  Returns 0 when there are none, else -1 with
 * *cause (when cause is not NULL) naming them: "no such device 'x'",
 * "no such devices 'x', 'y'" (the first ten, "and N more").
 */
int	target_missing(struct session *s, const struct obj_type *t,
	    const char *collpath, const struct strv *names,
	    struct strv *missing, char **cause);
/*
 * Appends the objects that words name to out (target_expand), which
 * must all exist (target_missing).  -1 with *cause set.
 */
int	target_names(struct session *s, const struct obj_type *t,
	    const char *collpath, int n, char **words, struct strv *out,
	    char **cause);

/*
 * Appends to out, sorted, the objects of coll (of type t) whose property
 * prop, as they inherit it (inherit_get), holds value, ignoring case: a
 * text equal to it or a list with it (an unset property holds its
 * default).  For the selection options of foreach and list.
 */
void	target_select(struct session *s, const struct obj_type *t,
	    json_t *coll, const char *prop, const char *value,
	    struct strv *out);

/*
 * Creating objects (cmd-object.c).  A new name for an object of type t:
 * not empty, no '/' or blanks, and what the key's check allows.  -1 with
 * *cause set.
 */
int	object_check_name(const struct obj_type *t, const char *name,
	    char **cause);
/*
 * The "type" value of an add TYPE word
 * of t ("physicalnode" -> "PhysicalNode"), or NULL with *cause set.
 */
const char *object_type_value(const struct obj_type *t, const char *word,
	    char **cause);
/*
 * Stages a new object name of type t in collpath, as add does: typeval
 * is its "type" (NULL: the type's first), arg the word after the name
 * for the type's add hook (device: the IP).  -1 with *cause set.
 */
int	object_add(struct session *s, const struct obj_type *t,
	    const char *collpath, const char *name, const char *typeval,
	    const char *arg, char **cause);
/*
 * Stages a copy of src named dst, as clone does (the type's clone hook
 * adjusts it and may print a note).  -1 with *cause set.
 */
int	object_clone(struct session *s, const struct obj_type *t,
	    const char *collpath, const char *src, const char *dst,
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
