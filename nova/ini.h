/*
 * ini.h - byte-preserving reader and editor for nova.conf (oslo.config ini).
 *
 * The file is kept as its original bytes plus a record per line.  Edits
 * copy every untouched byte verbatim and emit only the managed lines, the
 * way git edits its config (SPEC section 6):
 *
 *  - a section header is "[name]" (leading/trailing blanks allowed);
 *    options before any header belong to no section and are never matched;
 *  - an option line is "key = value" or "key: value" (blanks around the
 *    separator are not part of key or value); lines starting with '#' or
 *    ';' are comments; blank lines are blank;
 *  - a line starting with a blank that follows an option line (or another
 *    continuation line) continues that option's value, as oslo.config
 *    reads it: the value is the parts joined with "\n";
 *  - section names and keys match exactly (oslo.config is case-sensitive
 *    for keys; "[DEFAULT]" must be written that way).
 */
#ifndef OCMSH_INI_H
#define OCMSH_INI_H

#include <stddef.h>

#include "xmalloc.h"

struct ini;

/* An option's place: section (group) and key (name). */
struct ini_name {
	const char	*section;
	const char	*key;
};

/* Parses buf (any bytes are accepted; it never fails).  buf is copied. */
struct ini	*ini_parse(const char *buf, size_t len);
void		 ini_free(struct ini *ini);

/*
 * Appends every value of the option, in file order, to out (continuation
 * lines joined with "\n").  Returns how many were found.
 */
size_t	ini_get(const struct ini *ini, const struct ini_name *name,
	    struct strv *out);

/* 1-based line number of the first occurrence, or 0. */
size_t	ini_line(const struct ini *ini, const struct ini_name *name);

/*
 * Sets an option to n values (one "key = value" line per value; n == 0
 * removes it) and removes every occurrence of each name in others[]
 * (the option's names in other releases).
 *
 * Placement: the first occurrence of target keeps its position and is
 * replaced by the n lines (with any continuation lines); later
 * occurrences are removed.  If target does not occur, the lines go after
 * the last option line of target's section (the last section of that
 * name), or, if the section does not exist, a new "[section]" is added at
 * the end of the file, separated by a blank line.  If the file does not
 * end with a newline, one is added before anything appended.
 * A value is written after "key = ".  Values must not contain newlines.
 */
void	ini_set(struct ini *ini, const struct ini_name *target,
	    const char *const *values, size_t n,
	    const struct ini_name *others, size_t nothers);

/* The edited file, as new bytes; the caller frees. */
char	*ini_render(const struct ini *ini, size_t *len);

#endif
