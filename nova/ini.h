/*
 * ini.h - byte-preserving reader and editor for nova.conf (oslo.config ini).
 *
 * The file is kept as its original bytes plus a record per line.  Edits
 * copy every untouched byte verbatim and emit only the managed lines, the
 * way git edits its config (ocmsh(1) NOVA.CONF).  Lines are read the way
 * oslo.config's iniparser reads them (checked against oslo.config 9.0):
 *
 *  - a line ends at "\n", "\r\n" or a lone "\r" (Python's universal
 *    newlines); each line keeps its own ending when it is copied;
 *  - trailing blanks of a line are ignored; a line of blanks is blank;
 *  - a line starting with ' ' or '\t' that follows an option line (or
 *    another continuation line) continues that option's value; anywhere
 *    else it is an error for oslo.config, and is kept but never matched;
 *  - "[name]" is a section header; the name is what lies between the
 *    brackets, blanks included ("[ pci ]" is the group " pci ");
 *    options before any header belong to no section and are never
 *    matched (nor edited);
 *  - lines starting with '#' or ';' are comments;
 *  - any other line is "key = value" or "key: value" (whichever of '='
 *    and ':' comes first); blanks around key and value are not part of
 *    them;
 *  - keys match exactly (case-sensitive); group names match the way
 *    oslo.config normalises them: case-insensitively, except that
 *    "DEFAULT" only matches "DEFAULT" ("[default]" is another group);
 *  - a value is read as oslo.config reads it: the first part loses a pair
 *    of equal quotes ('"' or '\'') around it, and continuation lines are
 *    appended with "\n" between the parts.
 */
#ifndef OCMSH_INI_H
#define OCMSH_INI_H

#include <stddef.h>

#include "lib/strv.h"

struct ini;

/* An option's place: section (group) and key (name). */
struct ini_name {
	const char	*section;
	const char	*key;
};

/*
 * Parses buf (any bytes are accepted; it never fails).  buf is copied, and
 * may be NULL when len is 0 (a missing file).  Free with ini_free().
 */
struct ini	*ini_parse(const char *buf, size_t len);
void		 ini_free(struct ini *ini);

/*
 * Appends every value of the option, in file order, to out (continuation
 * lines joined with "\n"; strings owned by out).  Only this one name is
 * read: to read an option as nova does, call it for each of its names.
 * Returns how many were found.
 */
size_t	ini_get(const struct ini *ini, const struct ini_name *name,
	    struct strv *out);

/* 1-based line number of the first occurrence (in the edited file), or 0. */
size_t	ini_line(const struct ini *ini, const struct ini_name *name);
/* The same for occurrence nth (from 0), in the order of ini_get(). */
size_t	ini_line_nth(const struct ini *ini, const struct ini_name *name,
	    size_t nth);

/*
 * The first line oslo.config refuses to read, 1-based, or 0 when the file
 * parses: a line that is no option, comment or section header (no '=' or
 * ':', an empty key, "[" without "]" or with no name), an indented line
 * that continues nothing, an option before any section, and, with utf8
 * (a nova on Python 3, which reads the file as UTF-8), a line that is not
 * UTF-8.  *why (if not NULL) gets a static description.
 */
size_t	ini_error(const struct ini *ini, int utf8, const char **why);

/*
 * Sets an option to n values (one "key = value" line per value; n == 0
 * removes it) and removes every occurrence of each name in others[]
 * (the option's names in other releases; a name equal to target is
 * ignored there, so the whole list of an option's names may be passed).
 * Removing an option line removes its continuation lines with it.
 *
 * Placement: the first occurrence of target keeps its position and is
 * replaced by the n lines (with any continuation lines); later
 * occurrences are removed.  If target does not occur, the lines go after
 * the last option line (and its continuation lines) of target's section,
 * or right after its header if it has no option line (past any indented
 * lines there, which oslo.config refuses); when the section
 * appears more than once, the last one is used.  If the section does not
 * exist, a new "[section]" is added at the end of the file, separated by
 * a blank line unless the file is empty or already ends with a blank
 * line; nothing is added when n == 0.  If the file does not end with a
 * newline, one is added before anything appended.
 * A value is written after "key = ".  Lines that replace the first
 * occurrence end like it (so a second identical edit changes nothing);
 * other new lines end with the file's dominant line ending ("\n" for an
 * empty file; "\r\n" if most lines end so).  Values must not contain
 * newlines.
 * The result is parsed again, so ini_get(), ini_line() and later edits
 * see the edited file.
 */
/*
 * (A line ending in a lone CR is never followed by the LF of an empty
 * line in the result: such an empty line, kept or new, is written with
 * CRLF, so that no blank line is lost when the file is read again.)
 */
void	ini_set(struct ini *ini, const struct ini_name *target,
	    const char *const *values, size_t n,
	    const struct ini_name *others, size_t nothers);

/*
 * The edited file, as new bytes (NUL-terminated; *len, if not NULL, gets
 * the length without the NUL); the caller frees.
 */
char	*ini_render(const struct ini *ini, size_t *len);

#endif
