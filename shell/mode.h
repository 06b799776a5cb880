/*
 * mode.h - the mode stack of a session: the modes entered, from the top
 * level down, and the object each collection mode has selected.  Every
 * change of the stack goes through here: navigation commands, the runner
 * (a command run after a mode word, the undo of a failed command),
 * foreach, and the completion engine's scratch copies.
 *
 * Frame 0 is the top level (type NULL); s->depth is the current frame.
 * A frame owns its selected string.
 */
#ifndef OCMSH_MODE_H
#define OCMSH_MODE_H

#include "shell/session.h"
#include "lib/strv.h"

/* A copy of a mode stack (mode_save), owning its strings. */
struct mode_saved {
	struct frame	frames[MODE_MAX_DEPTH];
	int		depth;
};

/*
 * Mode words usable here: top-level modes, and the child modes of the
 * current frame.  Returns the type for word, or NULL.
 */
const struct obj_type	*mode_word(const struct session *s, const char *word);
/* Appends the mode words usable here to out, in type order. */
void			 mode_words(const struct session *s, struct strv *out);
/*
 * Enters the mode of t from the current position: a top-level mode
 * starts from the top, a child mode goes one level down; a type with
 * autoselect selects that object, or the only one.  Returns -1 with
 * *cause set when the stack is full.
 */
int	mode_enter(struct session *s, const struct obj_type *t, char **cause);
/* Pushes a frame of type t selecting sel (may be NULL); -1 when full. */
int	mode_push(struct session *s, const struct obj_type *t, const char *sel,
	    char **cause);
/* Pops frames down to depth d, freeing their selections. */
void	mode_pop_to(struct session *s, int d);
/*
 * exit: leaves the current frame's range, else deselects its object
 * (unless it is the mode's autoselected one), else leaves the mode.
 * Nothing at the top.
 */
void	mode_up(struct session *s);
/*
 * Selects name (NULL: nothing) in the current frame, if a collection;
 * selecting an object leaves the frame's range.
 */
void	mode_select(struct session *s, const char *name);
/*
 * Sets the range of the current collection frame to words (range's, as
 * the prompt shows them), deselecting its object; NULL clears it.
 */
void	mode_range(struct session *s, const char *words);

/*
 * Deselects the first selected object that no longer exists in the
 * staged state, leaving the modes below it.  Returns the frame it was
 * deselected in (the current one now), with its name in *name (caller
 * frees; name may be NULL), or 0 if every selection still exists.
 */
int	mode_drop_missing(struct session *s, char **name);

/*
 * The place of the stack as a line that goes back there when run, as
 * cmsh's path prints it: "home;device;use hyper01;" (a name with a '-'
 * or that needs quoting is quoted: use "default-image").  Caller frees.
 */
char	*mode_location(const struct session *s);

/* Copies the stack into m. */
void	mode_save(const struct session *s, struct mode_saved *m);
/* Puts a saved stack back, consuming m. */
void	mode_restore(struct session *s, struct mode_saved *m);
/* Frees a saved stack that is not needed. */
void	mode_drop(struct mode_saved *m);

/*
 * Makes dst a scratch copy of the session src with its own mode stack
 * (completion moves it); everything else is shared, so only the stack
 * of dst may change and only mode_free() releases it.
 */
void	mode_copy(struct session *dst, const struct session *src);
/* Frees the selections of s's stack (a copy's, or at session end). */
void	mode_free(struct session *s);

/*
 * Path of the collection of the collection mode at frame i
 * ("openstack/default/flavors"), or NULL when a parent object is not
 * selected or the frame is no collection.  Caller frees.
 */
char	*mode_collpath(const struct session *s, int i);
/*
 * Path of the object selected at frame i, walking records up to their
 * owning object ("openstack/default"), or NULL at the top level or when
 * nothing is selected.  Caller frees.
 */
char	*mode_objpath(const struct session *s, int i);
/*
 * The object that owns frame i, as its collection path and name (both
 * caller frees).  Returns -1 (nothing set) when there is none.
 */
int	mode_owner(const struct session *s, int i, char **collpath,
	    char **name);
/*
 * Keys from the owning object down to the record at frame i ("settings",
 * "compute"); appended to out.
 */
void	mode_record_keys(const struct session *s, int i, struct strv *out);

#endif
