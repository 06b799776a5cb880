/*
 * compl-result.c - the completion result's storage: candidate strings in
 * blocks kept from one request to the next, the lists of words and helps,
 * and their sorting (compl-int.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/compl-int.h"
#include "lib/xalloc.h"

/* ---- the result's storage ---- */

/*
 * Candidate strings live in blocks (one malloc for many strings, never
 * moved, so the pointers in words.v stay valid); the blocks, the pointer
 * arrays and the sort scratch are kept for the next request.
 */
struct blk {
	struct blk	*next;
	size_t		 cap, used;
	char		 data[];
};

#define BLK_SIZE	(256 * 1024)

struct compl_mem {
	struct blk	*first, *cur;
	const char	*lasthelp;	/* the last help stored, to share it */
	int		 unsorted;	/* words did not arrive in order */
	size_t		 run;		/* start of the current ordered run */
	size_t		 best_a, best_b;	/* the longest finished run */
	struct pair	*scratch;	/* compl_sort's work space */
	size_t		 scratch_cap;
};

/* A candidate with its help and arrival order, for sorting. */
struct pair {
	char	*w, *h;
	size_t	 i;
};

/* Forgets the strings of the last request, keeping the memory. */
static void
mem_reset(struct compl_mem *m)
{
	m->cur = m->first;
	if (m->cur)
		m->cur->used = 0;
	m->lasthelp = NULL;
	m->unsorted = 0;
	m->run = m->best_a = m->best_b = 0;
}

/* Frees the storage. */
static void
mem_free(struct compl_mem *m)
{
	struct blk *b, *next;

	if (m == NULL)
		return;
	for (b = m->first; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->scratch);
	free(m);
}

/* Room for len bytes in the current block (moving on or adding one). */
static char *
mem_alloc(struct compl_mem *m, size_t len)
{
	struct blk *b;
	char *p;

	while (m->cur == NULL || m->cur->cap - m->cur->used < len) {
		if (m->cur && m->cur->next) {
			/* a block kept from an earlier request */
			m->cur = m->cur->next;
			m->cur->used = 0;
			continue;
		}
		b = xmalloc(sizeof *b + (len > BLK_SIZE ? len : BLK_SIZE));
		b->next = NULL;
		b->cap = len > BLK_SIZE ? len : BLK_SIZE;
		b->used = 0;
		if (m->cur)
			m->cur->next = b;
		else
			m->first = b;
		m->cur = b;
	}
	p = m->cur->data + m->cur->used;
	m->cur->used += len;
	return p;
}

/* Stores the concatenation of three pieces (lengths given). */
char *
compl_put3(struct compl_mem *m, const char *a, size_t al, const char *b,
    size_t bl, const char *c, size_t cl)
{
	char *p = mem_alloc(m, al + bl + cl + 1);

	memcpy(p, a, al);
	memcpy(p + al, b, bl);
	memcpy(p + al + bl, c, cl);
	p[al + bl + cl] = '\0';
	return p;
}

/* Makes room for one more entry (and the NULL after it) in l. */
static void
list_grow(struct compl_list *l)
{
	xgrow((void **)&l->v, &l->cap, l->n + 2, sizeof *l->v);
}

/* Appends w (stored already) and a copy of help (shared when repeated). */
void
compl_push(struct ctx *x, char *w, const char *help)
{
	struct compl *r = x->res;
	struct compl_mem *m = r->mem;
	size_t n = r->words.n;

	list_grow(&r->words);
	if (n > 0) {
		/* runs in order, while both words are in the cache */
		int d = strcmp(r->words.v[n - 1], w);

		if (d >= 0)
			m->unsorted = 1;
		if (d > 0) {
			if (n - m->run > m->best_b - m->best_a) {
				m->best_a = m->run;
				m->best_b = n;
			}
			m->run = n;
		}
	}
	r->words.v[n] = w;
	r->words.v[n + 1] = NULL;
	r->words.n = n + 1;
	if (!r->want_helps)
		return;
	if (help == NULL)
		help = "";
	if (m->lasthelp == NULL || strcmp(m->lasthelp, help) != 0)
		m->lasthelp = compl_put3(m, help, strlen(help), "", 0, "", 0);
	list_grow(&r->helps);
	r->helps.v[r->helps.n++] = (char *)m->lasthelp;
	r->helps.v[r->helps.n] = NULL;
}

/* Adds a candidate when it starts with the word typed so far. */
void
compl_add(struct ctx *x, const char *word, const char *help)
{
	if (strncmp(word, x->pre, x->plen) != 0)
		return;
	compl_push(x, compl_put3(x->res->mem, word, strlen(word), "", 0, "",
	    0), help);
}

/* 1 if the text of pieces a, b, c (lengths given) starts with pre. */
static int
starts3(const char *pre, size_t plen, const char *a, size_t al,
    const char *b, size_t bl, const char *c)
{
	if (al >= plen)
		return strncmp(a, pre, plen) == 0;
	if (memcmp(a, pre, al) != 0)
		return 0;
	pre += al;
	plen -= al;
	if (bl >= plen)
		return strncmp(b, pre, plen) == 0;
	if (memcmp(b, pre, bl) != 0)
		return 0;
	return strncmp(c, pre + bl, plen - bl) == 0;
}

/* Adds head followed by word and tail (when it matches). */
void
compl_add2(struct ctx *x, const char *head, const char *word,
    const char *tail, const char *help)
{
	size_t hl = strlen(head), wl = strlen(word);

	if (tail == NULL)
		tail = "";
	if (!starts3(x->pre, x->plen, head, hl, word, wl, tail))
		return;
	compl_push(x, compl_put3(x->res->mem, head, hl, word, wl, tail,
	    strlen(tail)), help);
}

/* ---- sorting the result ---- */

/* Orders pairs by word, then by arrival. */
static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *p = a, *q = b;
	int r = strcmp(p->w, q->w);

	if (r)
		return r;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * Sorts the candidates (and helps) and drops duplicates, keeping for a
 * word the first help that says something.  Names mostly come in order
 * (the state keeps them sorted): nothing to do then; otherwise the
 * longest ordered run (found by compl_push()) stays where it is, the rest is
 * sorted and merged into it, so "some properties, then 100,000 object
 * names" costs one merge.
 */
void
compl_sort(struct compl *c)
{
	struct compl_mem *m = c->mem;
	size_t n = c->words.n, ra, rb, rl, k = 0, i, j, out;
	int helps = c->want_helps;
	char **wv = c->words.v, **hv = c->helps.v;
	struct pair *rest;

	if (!m->unsorted || n < 2)
		return;
	ra = m->best_a;
	rb = m->best_b;
	if (n - m->run > rb - ra) {
		ra = m->run;
		rb = n;
	}
	rl = rb - ra;
	if (m->scratch_cap < n - rl) {
		free(m->scratch);
		m->scratch_cap = n - rl;
		m->scratch = xcalloc(m->scratch_cap, sizeof *m->scratch);
	}
	rest = m->scratch;
	for (i = 0; i < n; i++)
		if (i < ra || i >= rb)
			rest[k++] = (struct pair){ wv[i], helps ? hv[i] : NULL,
			    i };
	if (k > 1)
		qsort(rest, k, sizeof *rest, pair_cmp);
	/*
	 * The run moves to the end; merging from the front then never
	 * writes over a run entry not yet read (out <= k + i).
	 */
	memmove(wv + k, wv + ra, rl * sizeof *wv);
	if (helps)
		memmove(hv + k, hv + ra, rl * sizeof *hv);
	out = 0;
	for (i = 0, j = 0; i < rl || j < k; ) {
		char *w, *h;
		int fromrun;

		if (j == k)
			fromrun = 1;
		else if (i == rl)
			fromrun = 0;
		else {
			int d = strcmp(wv[k + i], rest[j].w);

			fromrun = d < 0 || (d == 0 && ra + i < rest[j].i);
		}
		if (fromrun) {
			w = wv[k + i];
			h = helps ? hv[k + i] : NULL;
			i++;
		} else {
			w = rest[j].w;
			h = rest[j].h;
			j++;
		}
		if (out > 0 && strcmp(wv[out - 1], w) == 0) {
			if (helps && *hv[out - 1] == '\0')
				hv[out - 1] = h;
			continue;
		}
		wv[out] = w;
		if (helps)
			hv[out] = h;
		out++;
	}
	c->words.n = out;
	wv[out] = NULL;
	if (helps) {
		c->helps.n = out;
		hv[out] = NULL;
	}
}

/* Sets up an empty result. */
void
compl_init(struct compl *c)
{
	memset(c, 0, sizeof *c);
	c->mem = xcalloc(1, sizeof *c->mem);
}

/* Frees the result and its storage. */
void
compl_release(struct compl *c)
{
	free(c->words.v);
	free(c->helps.v);
	mem_free(c->mem);
	FREE_AND_NULL(c->typed);
	memset(c, 0, sizeof *c);
}

/* Empties res for a new answer; the word starts at start. */
void
compl_reset(struct compl *res, size_t start)
{
	if (res->mem == NULL)
		res->mem = xcalloc(1, sizeof *res->mem);
	mem_reset(res->mem);
	res->words.n = 0;
	res->helps.n = 0;
	if (res->words.v)
		res->words.v[0] = NULL;
	if (res->helps.v)
		res->helps.v[0] = NULL;
	FREE_AND_NULL(res->typed);
	res->start = start;
	res->quote = 0;
	res->literal = 0;
}

