/*
 * nodeset.h - cmsh node-set expressions (ocmsh(1) NODE SETS).
 *
 *   hyper[01-02]           hyper01 hyper02 (zero padding follows the bounds)
 *   node00[1-4]            node001 .. node004
 *   r[1-2]n[01-03]         every combination, first bracket slowest
 *   node[1..3]             '..' also works as the range inside brackets
 *   node[001-009:2]        stride: 001 003 005 007 009
 *   node[01-03,07]         comma lists inside brackets
 *   node001..node010       dot range: same prefix, width of the first
 *   node001..010           the same; the end may be the number alone
 *   a,b,c                  comma lists (and separate arguments)
 *   node001..node005,-node002   exclusion: an item starting with '-'
 *                          removes its names from what came before
 *   ^FILE                  names read from FILE (whitespace, commas or
 *                          newlines separate them; '#' starts a comment);
 *                          each may be any item above except another ^FILE
 *   -^FILE                 excludes the file's names (a '-name' in the
 *                          file then adds name back)
 *
 * Inside brackets, ranges are "A-B" or "A..B" with an optional ":STRIDE",
 * and the padding width is the digit count of A ([1-10] gives 1..10,
 * [01-10] gives 01..10).  Dots and brackets cannot share one comma item.
 * Names keep their first-appearance order; duplicates are dropped (a name
 * added again after an exclusion goes to the end).
 */
#ifndef OCMSH_NODESET_H
#define OCMSH_NODESET_H

#include "lib/strv.h"

/* Largest number of names one expression may produce. */
#define NODESET_MAX 10000000

/*
 * Expands expr, appending the names to out (which may already hold names
 * from earlier arguments: exclusions apply to those too, and duplicates
 * of them are dropped).  Runs in time linear in the names (hash set).
 * Returns 0, or -1 with *cause set naming the culprit: "bad node range
 * 'node005..node001': end before start", "bad node set 'hyper[01-':
 * unbalanced '['" (also ']', "nested '['", "empty item", "empty item in
 * '[]'", "nothing after '-'", "'..' and '[' in one item"), "node range
 * prefixes differ in 'a01..b03'", "bad node range 'n[1-9:0]': stride 0"
 * (also "'x' is not a number", "missing number", "stride without a
 * range", "'N' is too large", "'a' does not end in a number"), "too many
 * node names in 'EXPR' (more than 10000000)" (checked before generating),
 * "^/x: No such file or directory".  On error out is left as it was.
 */
int	nodeset_expand(const char *expr, struct strv *out, char **cause);

/* 1 if expr uses node-set syntax ([, .., ',', ^), else 0. */
int	nodeset_is_pattern(const char *expr);

#endif
