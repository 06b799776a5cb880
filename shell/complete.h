/*
 * complete.h - the completion engine (ocmsh(1) COMPLETION).  No Readline in
 * here: it takes a line and a cursor position and returns candidates,
 * reading the staged state and never changing it (it works on a scratch
 * copy of the mode stack; earlier commands of the same line, such as
 * "openstack flavors; use m1.small; set ", only move that copy).
 *
 * What completes where is driven by the tables: struct cmd_entry.args
 * (cmd.h) says what each positional argument of a command is, and the
 * prop_def rows (schema.h) say what a property's values are (enum choices,
 * references, providers named by prop_def.complete).
 */
#ifndef OCMSH_COMPLETE_H
#define OCMSH_COMPLETE_H

#include <stddef.h>

#include "shell/session.h"
#include "lib/strv.h"

/*
 * A list of strings owned by a struct compl: v[0..n-1] point into the
 * result's own storage (one block for many strings, reused by the next
 * compl_line()), v[n] is NULL.  Read-only for callers: not a struct strv,
 * so the strv_* functions cannot free or change it by mistake.
 */
struct compl_list {
	char		**v;
	size_t		  n;
	size_t		  cap;		/* allocated slots */
};

struct compl_mem;

/* The answer for one completion request. */
struct compl {
	int		 want_helps;	/* in: fill helps too (for '?') */
	struct compl_list words;	/* candidates: whole words, unquoted,
					   sorted (strcmp), no duplicates;
					   each starts with typed */
	struct compl_list helps;	/* one-line help per word ("" if none);
					   filled only with want_helps */
	size_t		 start;		/* byte offset where the word begins */
	char		*typed;		/* the word so far, quotes removed */
	char		 quote;		/* quote open at point: '"', '\'', 0 */
	int		 literal;	/* point is inside quotes, after a
					   backslash, in a comment, or in
					   '!'/'|' text: keys are plain text */
	struct compl_mem *mem;		/* private: storage of the strings */
};

/*
 * compl_init() sets up an empty result; compl_release() frees it.  The
 * strings of words, helps and typed stay valid until the next
 * compl_line() or compl_release() on the same result.
 */
void	compl_init(struct compl *c);
void	compl_release(struct compl *c);

/*
 * Completes the word that ends at point in line, filling c (set up with
 * compl_init(); earlier results are replaced).  Never fails and never
 * changes s or its store.
 */
void	compl_line(struct session *s, const char *line, size_t point,
	    struct compl *c);

/*
 * 1 if a lone candidate ends its word, so the front end adds a space (and
 * closes an open quote); 0 when it ends in '=', '/', ',', ':' or '"' (a
 * key=, a folder, a list, a scoped key or an open JSON string, where more
 * follows).
 */
int	compl_word_ends(const char *cand);

/*
 * Quotes text so that, typed after the word so far, it reads back as text:
 * in quote q ('"' or '\''), or outside quotes (q == 0; at_word_start also
 * protects a leading '#' or '!').  Caller frees.
 */
char	*compl_quote(const char *text, char q, int at_word_start);

/*
 * --complete ARG: every line of ARG but the last runs as commands in the
 * session first (their output is thrown away; "openstack flavors\nclone
 * m1.medium x\nset x ext" completes after a staged clone); then the
 * candidates for the end of the last line are printed one per line.
 * Returns 0, or 1 after printing "ocmsh: --complete:N: message" on stderr
 * when a setup line fails.
 */
int	complete_print(struct session *s, const char *arg);

#endif
