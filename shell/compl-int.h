/*
 * compl-int.h - what the files of the completion engine share and nothing
 * else may use: compl-result.c (the result's storage and its sorting),
 * compl-value.c (what the state, the files and the tables offer) and
 * complete.c (commands, options, the scratch mode stack, the line).
 *
 * The functions here never fail.  Candidates are added only when they
 * start with the word typed so far (x->pre); their strings are copied
 * into the result's storage, so callers keep theirs.
 */
#ifndef OCMSH_COMPL_INT_H
#define OCMSH_COMPL_INT_H

#include <stddef.h>

#include <jansson.h>

#include "shell/complete.h"
#include "model/schema.h"

/* One completion attempt: where candidates go and the word typed. */
struct ctx {
	struct session	*s;	/* the scratch session */
	struct compl	*res;
	const char	*pre;	/* the word so far (unquoted) */
	size_t		 plen;
};

/* compl-result.c */

/*
 * Stores the concatenation of three pieces (lengths given) in m; the copy
 * lives until the result is reset or released.
 */
char	*compl_put3(struct compl_mem *m, const char *a, size_t al,
	    const char *b, size_t bl, const char *c, size_t cl);

/*
 * Appends w (stored by compl_put3() already, not checked against the word
 * typed) and a copy of help (may be NULL).
 */
void	compl_push(struct ctx *x, char *w, const char *help);

/* Adds word (help may be NULL) when it starts with the word typed. */
void	compl_add(struct ctx *x, const char *word, const char *help);

/* Adds head followed by word and tail (may be NULL), when it matches. */
void	compl_add2(struct ctx *x, const char *head, const char *word,
	    const char *tail, const char *help);

/* Empties res for a new answer; the word starts at start. */
void	compl_reset(struct compl *res, size_t start);

/* Sorts the candidates (and helps) of c and drops duplicates. */
void	compl_sort(struct compl *c);

/* compl-value.c */

/* The staged collection at collpath (borrowed), or NULL. */
json_t	*compl_coll(struct ctx *x, const char *collpath);

/* Adds the names of the objects of a collection (collpath may be NULL). */
void	compl_objects(struct ctx *x, const char *collpath, const char *help);

/* File names: the word is lead followed by a path being typed. */
void	compl_files(struct ctx *x, const char *lead);

/*
 * The last item of a node set with the names of collpath; taken (may be
 * NULL) holds names to leave out.
 */
void	compl_nodeset(struct ctx *x, const char *collpath,
	    const json_t *taken, const char *help);

/*
 * Values for property p of obj (may be NULL), for verb (set, append):
 * typed holds the ntyped values already typed in this command.
 */
void	compl_values(struct ctx *x, const struct prop_def *p,
	    const json_t *obj, const char *verb, char *const *typed,
	    size_t ntyped);

/*
 * set/get/append/removefrom/clear (verb): [NAME] PROPERTY VALUE..., pos
 * holding the npos positional words typed.
 */
void	compl_setlike(struct ctx *x, const char *verb, char **pos,
	    size_t npos);

#endif
