/* udiff.c - unified diff with Myers' greedy algorithm and a trace. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/udiff.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"

struct line {
	const char	*s;
	size_t		 len;	/* including the newline, if any */
};

/* Splits a text into lines. */
static struct line *
split_lines(const char *t, size_t len, size_t *n)
{
	struct line *v = NULL;
	size_t cap = 0, i = 0, start = 0;

	*n = 0;
	while (i < len) {
		if (t[i] == '\n' || i + 1 == len) {
			xgrow((void **)&v, &cap, *n + 1, sizeof *v);
			v[*n].s = t + start;
			v[*n].len = i + 1 - start;
			(*n)++;
			start = i + 1;
		}
		i++;
	}
	return v;
}

/* 1 if two lines are equal. */
static int
line_eq(const struct line *a, const struct line *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* One edit: ' ' keep, '-' delete from a, '+' insert from b. */
struct edit {
	char	op;
	size_t	ai, bi;
};

/* Computes the edit script with Myers' algorithm, keeping each V. */
static struct edit *
myers(const struct line *a, size_t n, const struct line *b, size_t m,
    size_t *nedits)
{
	long max = (long)(n + m), off = max + 1;
	long *v = xcalloc((size_t)(2 * max + 3), sizeof *v);
	long **trace = NULL;
	size_t tcap = 0, d, ntrace = 0;
	struct edit *e = NULL;
	size_t ecap = 0, ne = 0;
	long x, y, k;

	for (d = 0; d <= (size_t)max; d++) {
		xgrow((void **)&trace, &tcap, ntrace + 1, sizeof *trace);
		trace[ntrace] = xmalloc((size_t)(2 * max + 3) * sizeof *v);
		memcpy(trace[ntrace], v, (size_t)(2 * max + 3) * sizeof *v);
		ntrace++;
		for (k = -(long)d; k <= (long)d; k += 2) {
			if (k == -(long)d || (k != (long)d &&
			    v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < (long)n && y < (long)m &&
			    line_eq(&a[x], &b[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m)
				goto found;
		}
	}
found:
	/* walk back through the trace */
	x = (long)n;
	y = (long)m;
	for (long dd = (long)ntrace - 1; dd >= 0; dd--) {
		long *vv = trace[dd], pk, px, py;

		k = x - y;
		if (k == -dd || (k != dd && vv[off + k - 1] < vv[off + k + 1]))
			pk = k + 1;
		else
			pk = k - 1;
		px = vv[off + pk];
		py = px - pk;
		while (x > px && y > py) {
			xgrow((void **)&e, &ecap, ne + 1, sizeof *e);
			e[ne++] = (struct edit){ ' ', (size_t)x - 1, (size_t)y - 1 };
			x--;
			y--;
		}
		if (dd > 0) {
			xgrow((void **)&e, &ecap, ne + 1, sizeof *e);
			if (x == px)
				e[ne++] = (struct edit){ '+', (size_t)x,
				    (size_t)y - 1 };
			else
				e[ne++] = (struct edit){ '-', (size_t)x - 1,
				    (size_t)y };
		}
		x = px;
		y = py;
	}
	for (size_t i = 0; i < ntrace; i++)
		free(trace[i]);
	free(trace);
	free(v);
	/* reverse */
	for (size_t i = 0; i < ne / 2; i++) {
		struct edit t = e[i];

		e[i] = e[ne - 1 - i];
		e[ne - 1 - i] = t;
	}
	*nedits = ne;
	return e;
}

/* Appends one diff line, adding a marker when the text lacks a newline. */
static void
emit_line(struct sbuf *out, char op, const struct line *l)
{
	sbuf_addc(out, op);
	sbuf_add(out, l->s, l->len);
	if (l->len == 0 || l->s[l->len - 1] != '\n')
		sbuf_adds(out, "\n\\ No newline at end of file\n");
}

void
udiff(const char *name, const char *a, size_t alen, const char *b,
    size_t blen, struct sbuf *out)
{
	size_t n, m, ne, i = 0;
	struct line *la = split_lines(a, alen, &n);
	struct line *lb = split_lines(b, blen, &m);
	struct edit *e;
	int header = 0;

	if (alen == blen && memcmp(a, b, alen) == 0) {
		free(la);
		free(lb);
		return;
	}
	e = myers(la, n, lb, m, &ne);
	while (i < ne) {
		size_t start, end, j, as = 0, bs = 0, ac = 0, bc = 0;

		while (i < ne && e[i].op == ' ')
			i++;
		if (i >= ne)
			break;
		start = i > 3 ? i - 3 : 0;
		/* extend while changes are within 6 lines of each other */
		end = i;
		for (j = i; j < ne; j++) {
			if (e[j].op != ' ')
				end = j;
			else if (j - end > 6)
				break;
		}
		end = end + 3 < ne ? end + 3 : ne - 1;
		for (j = start; j <= end; j++) {
			if (e[j].op != '+')
				ac++;
			if (e[j].op != '-')
				bc++;
		}
		as = e[start].op == '+' ? e[start].ai : e[start].ai;
		bs = e[start].op == '-' ? e[start].bi : e[start].bi;
		if (!header) {
			sbuf_addf(out, "--- a%s%s\n+++ b%s%s\n",
			    name[0] == '/' ? "" : "/", name,
			    name[0] == '/' ? "" : "/", name);
			header = 1;
		}
		sbuf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ac ? as + 1 : as,
		    ac, bc ? bs + 1 : bs, bc);
		for (j = start; j <= end; j++) {
			if (e[j].op == '+')
				emit_line(out, '+', &lb[e[j].bi]);
			else
				emit_line(out, e[j].op, &la[e[j].ai]);
		}
		i = end + 1;
	}
	free(e);
	free(la);
	free(lb);
}
