/* out.c - command output: the session's stream, warnings, tables. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/out.h"
#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

struct out_table {
	size_t		 ncols;
	char		**head;		/* ncols headers */
	size_t		*min, *max;	/* width bounds per column */
	int		*flags;		/* OUT_* per column */
	int		 short_rule;	/* out_table_cmsh_rule() */
	struct strv	 cells;		/* row after row */
};

/*
 * Once a read of the state failed during a command, what it goes on to
 * print is of a state it could not read (an empty list): nothing of it
 * is printed, and the command fails with the reason (repl.c).
 */
void
out_write(struct session *s, const char *buf, size_t len)
{
	if (store_read_failed(s->store))
		return;
	fwrite(buf, 1, len, s->out);
}

void
out_printf(struct session *s, const char *fmt, ...)
{
	va_list ap;

	if (store_read_failed(s->store))
		return;
	va_start(ap, fmt);
	vfprintf(s->out, fmt, ap);
	va_end(ap);
}

/* Writes text to stderr after what the session printed so far. */
static void
to_stderr(struct session *s, const char *text)
{
	fflush(s->out);
	fflush(stdout);
	fputs(text, stderr);
	fflush(stderr);
}

void
out_warn(struct session *s, const char *fmt, ...)
{
	va_list ap;
	char *msg, *line;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	line = xasprintf("warning: %s\n", msg);
	to_stderr(s, line);
	free(line);
	free(msg);
}

/* A progress line on stderr (see out.h). */
void
out_progress(void *arg, size_t done, size_t total)
{
	if (done < total)
		fprintf(stderr, "\r%zu/%zu calls", done, total);
	else
		fprintf(stderr, "\r%*s\r", 30, "");
	fflush(stderr);
}

void
out_diag(struct session *s, const struct diag *d)
{
	struct sbuf sb = SBUF_INIT;

	if (d->n == 0)
		return;
	diag_table(d, &sb);
	to_stderr(s, sb.buf);
	sbuf_release(&sb);
}

struct out_table *
out_table_new(size_t ncols)
{
	struct out_table *t = xcalloc(1, sizeof *t);

	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof *t->head);
	t->min = xcalloc(ncols, sizeof *t->min);
	t->max = xcalloc(ncols, sizeof *t->max);
	t->flags = xcalloc(ncols, sizeof *t->flags);
	strv_init(&t->cells);
	return t;
}

void
out_table_column(struct out_table *t, size_t c, const char *head,
    size_t min, size_t max)
{
	free(t->head[c]);
	t->head[c] = xstrdup(head);
	t->min[c] = min;
	t->max[c] = max;
}

void
out_table_flags(struct out_table *t, size_t c, int flags)
{
	t->flags[c] = flags;
}

void
out_table_cmsh_rule(struct out_table *t)
{
	t->short_rule = 1;
}

void
out_table_add(struct out_table *t, char *cell)
{
	strv_push_nodup(&t->cells, cell);
}

/* The width of each column: its widest cell, within its bounds. */
static size_t *
table_widths(const struct out_table *t)
{
	size_t *w = xcalloc(t->ncols, sizeof *w);

	for (size_t i = 0; i < t->cells.n; i++) {
		size_t c = i % t->ncols, l = strlen(t->cells.v[i]);

		if (l > w[c])
			w[c] = l;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		size_t hl = strlen(t->head[c]);

		if ((t->flags[c] & OUT_ASIS) || ((t->flags[c] & OUT_FITHEAD) &&
		    hl > w[c]))
			w[c] = hl;
		if (t->flags[c] & OUT_ASIS)
			continue;
		if (w[c] < t->min[c])
			w[c] = t->min[c];
		if (w[c] > t->max[c])
			w[c] = t->max[c];
	}
	return w;
}

/* The header row and the rule under it. */
static void
print_head(struct session *s, const struct out_table *t, const size_t *w,
    const char *sep)
{
	size_t n = t->ncols;

	for (size_t c = 0; c < n; c++) {
		int hl = (int)(strlen(t->head[c]) < w[c] ?
		    strlen(t->head[c]) : w[c]);

		if (c + 1 < n)
			out_printf(s, "%-*.*s%s", (int)w[c], hl, t->head[c],
			    sep);
		else
			out_printf(s, "%.*s\n", hl, t->head[c]);
	}
	for (size_t c = 0; c < n; c++) {
		size_t dashes = w[c];

		if (c + 1 == n && t->short_rule && dashes > 1)
			dashes--;
		for (size_t k = 0; k < dashes; k++)
			out_printf(s, "-");
		out_printf(s, "%s", c + 1 < n ? sep : "\n");
	}
}

void
out_table_print(struct session *s, const struct out_table *t,
    const char *sep)
{
	size_t *w = table_widths(t), n = t->ncols;
	struct sbuf row = SBUF_INIT;

	print_head(s, t, w, sep);
	for (size_t i = 0; i < t->cells.n; i++) {
		size_t c = i % n;

		if (c + 1 < n)
			sbuf_addf(&row, "%-*s%s", (t->flags[c] & OUT_ASIS) ?
			    0 : (int)w[c], t->cells.v[i], sep);
		else
			sbuf_adds(&row, t->cells.v[i]);
		if (c + 1 < n && i + 1 < t->cells.n)
			continue;
		/* no trailing blanks when the last cells are empty */
		while (row.len && row.buf[row.len - 1] == ' ')
			row.buf[--row.len] = '\0';
		out_printf(s, "%s\n", row.len ? row.buf : "");
		sbuf_reset(&row);
	}
	sbuf_release(&row);
	free(w);
}

void
out_table_free(struct out_table *t)
{
	if (t == NULL)
		return;
	for (size_t c = 0; c < t->ncols; c++)
		free(t->head[c]);
	free(t->head);
	free(t->min);
	free(t->max);
	free(t->flags);
	strv_release(&t->cells);
	free(t);
}
