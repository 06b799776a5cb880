/*
 * out.h - all output of commands goes through here: their results to
 * the session's stream (s->out: stdout, a file of '>' or a pipe of '|'),
 * warnings and validation tables to stderr after the results so far, and
 * the column tables of list and modified.  Errors are not printed here:
 * commands return them in *cause and the REPL reports them.
 */
#ifndef OCMSH_OUT_H
#define OCMSH_OUT_H

#include <stddef.h>

#include "shell/session.h"
#include "lib/xalloc.h"

struct diag;

/* Output through the session's current stream. */
void	out_printf(struct session *s, const char *fmt, ...) PRINTFLIKE(2, 3);
void	out_write(struct session *s, const char *buf, size_t len);

/* "warning: MESSAGE" and a newline on stderr. */
void	out_warn(struct session *s, const char *fmt, ...) PRINTFLIKE(2, 3);
/* A progress line "N/M calls" on stderr, rewritten in place and cleared
 * once done == total; for a terminal only (callers check isatty). */
void	out_progress(void *arg, size_t done, size_t total);
/* The table of a validation's problems on stderr; nothing if none. */
void	out_diag(struct session *s, const struct diag *d);

/*
 * A table: a header row, a rule of dashes, then the rows, columns
 * separated by sep.  A column is as wide as its widest cell, kept
 * within [min, max]; a header is cut to that width; the last column is
 * not padded and rows lose their trailing blanks.
 */
struct out_table;

/* A new table of ncols columns. */
struct out_table *out_table_new(size_t ncols);
/* Sets column c's header (copied) and width bounds. */
void	out_table_column(struct out_table *t, size_t c, const char *head,
	    size_t min, size_t max);

#define OUT_FITHEAD	0x01	/* the header counts when fitting the width */
#define OUT_ASIS	0x02	/* cells as they are, unpadded; whole header */
/* Sets how column c is fitted (OUT_* flags). */
void	out_table_flags(struct out_table *t, size_t c, int flags);
/*
 * cmsh's list style: the rule under the last column is one dash shorter
 * than the column is wide, as every list in the BCM manual prints it.
 */
void	out_table_cmsh_rule(struct out_table *t);
/* Appends a cell to the current row (rows fill left to right); steals
 * cell. */
void	out_table_add(struct out_table *t, char *cell);
/* Prints the table to s's stream. */
void	out_table_print(struct session *s, const struct out_table *t,
	    const char *sep);
void	out_table_free(struct out_table *t);

#endif
