/*
 * simweigh.c - picking a host as nova's weighers do, fast.
 *
 * nova normalises each weigher's raw weights over the hosts that passed
 * the filters and sums multiplier x normalised weight per host; the best
 * sum wins (here the first by name among equals).  Only the chosen host
 * changes between instances of a request, so the filters are run again
 * on that host only.  And hosts with the same PCI weight and multipliers
 * (a class) differ only in free RAM, in which their sum cannot fall: a
 * class's host with the most free RAM beats the rest of its class, so
 * one pass finds each class's best two and only those are weighed.  When
 * rounding could make the best two of a class equal, or a RAM multiplier
 * is not positive, every host is weighed the long way.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "modules/simint.h"

/* The most classes the short cut keeps. */
#define MAX_CLASSES	256

/* Hosts weighed alike but for their free RAM. */
struct sim_class {
	long long	 pw;		/* PCIWeigher's raw weight */
	double		 rm;		/* RAMWeigher's multiplier */
	double		 pm;		/* PCIWeigher's multiplier */
	long		 b1, b2;	/* the best two passing hosts, or -1 */
};

/* RAMWeigher's raw weight: free RAM, not below its minval 0. */
static long long
ram_raw(const struct sim_hyp *h)
{
	return h->free > 0 ? h->free : 0;
}

/* PCIWeigher's raw weight: fewer free devices weigh more. */
static long long
pci_raw(const struct sim_ctx *c, const struct sim_hyp *h)
{
	long long f = simp_free(h);

	if (!c->pci_weigher)
		return 0;
	return 100 - (f < 99 ? f : 99);
}

/* A host's weight given the extremes over the passing hosts, in the
 * order of nova's arithmetic. */
static double
weight(const struct sim_ctx *c, const struct sim_hyp *h, long long maxr,
    long long minp, long long maxp)
{
	double w = 0.0, n = 0.0;

	if (maxr != 0)
		n = (double)ram_raw(h) / (double)maxr;
	w += h->ram_mult * n;
	if (c->pci_weigher) {
		n = 0.0;
		if (minp != maxp)
			n = ((double)pci_raw(c, h) - (double)minp) /
			    ((double)maxp - (double)minp);
		w += h->pci_mult * n;
	}
	return w;
}

/* Sets up s (see simint.h). */
void
sims_init(const struct sim_ctx *c, struct sim_scan *s)
{
	memset(s, 0, sizeof *s);
	s->ok = xcalloc(c->nhyp + 1, 1);
	s->cls = xcalloc(c->nhyp + 1, sizeof *s->cls);
}

/* Frees s. */
void
sims_release(struct sim_scan *s)
{
	free(s->ok);
	free(s->cls);
	free(s->k);
	memset(s, 0, sizeof *s);
}

/* Puts h in its class, making the class when new (nk may then pass
 * MAX_CLASSES, which turns the short cut off). */
static void
classify(const struct sim_ctx *c, struct sim_scan *s, size_t h)
{
	const struct sim_hyp *hp = &c->hyp[h];
	long long pw = pci_raw(c, hp);
	size_t k;

	for (k = 0; k < s->nk; k++)
		if (s->k[k].pw == pw && s->k[k].rm == hp->ram_mult &&
		    s->k[k].pm == hp->pci_mult)
			break;
	if (k == s->nk) {
		if (s->nk >= MAX_CLASSES) {
			s->nk = MAX_CLASSES + 1;
			return;
		}
		xgrow((void **)&s->k, &s->capk, s->nk + 1, sizeof *s->k);
		s->k[k].pw = pw;
		s->k[k].rm = hp->ram_mult;
		s->k[k].pm = hp->pci_mult;
		s->nk++;
	}
	s->cls[h] = (unsigned short)k;
}

/* Filters every host for r (see simint.h). */
void
sims_start(const struct sim_ctx *c, struct sim_scan *s,
    const struct sim_req *r)
{
	s->np = 0;
	s->nk = 0;
	for (size_t h = 0; h < c->nhyp; h++) {
		s->ok[h] = (unsigned char)simf_passes(c, &c->hyp[h], r);
		s->np += s->ok[h];
		if (s->nk <= MAX_CLASSES)
			classify(c, s, h);
	}
}

/* Filters h again (see simint.h). */
void
sims_update(const struct sim_ctx *c, struct sim_scan *s, size_t h,
    const struct sim_req *r)
{
	s->np -= s->ok[h];
	s->ok[h] = (unsigned char)simf_passes(c, &c->hyp[h], r);
	s->np += s->ok[h];
	if (s->nk <= MAX_CLASSES)
		classify(c, s, h);
}

/* Every passing host weighed; the best, first of equals. */
static long
pick_exact(const struct sim_ctx *c, const struct sim_scan *s, double *best)
{
	long long maxr = 0, minp = 0, maxp = 0;
	long win = -1;
	int first = 1;

	for (size_t h = 0; h < c->nhyp; h++) {
		long long p;

		if (!s->ok[h])
			continue;
		p = pci_raw(c, &c->hyp[h]);
		if (ram_raw(&c->hyp[h]) > maxr)
			maxr = ram_raw(&c->hyp[h]);
		if (first || p < minp)
			minp = p;
		if (first || p > maxp)
			maxp = p;
		first = 0;
	}
	for (size_t h = 0; h < c->nhyp; h++) {
		double w;

		if (!s->ok[h])
			continue;
		w = weight(c, &c->hyp[h], maxr, minp, maxp);
		if (win < 0 || w > *best) {
			*best = w;
			win = (long)h;
		}
	}
	return win;
}

/* Each class's best two passing hosts by free RAM, first of equals. */
static void
class_best(const struct sim_ctx *c, struct sim_scan *s)
{
	for (size_t k = 0; k < s->nk; k++)
		s->k[k].b1 = s->k[k].b2 = -1;
	for (size_t h = 0; h < c->nhyp; h++) {
		struct sim_class *k;
		long long f;

		if (!s->ok[h])
			continue;
		k = &s->k[s->cls[h]];
		f = ram_raw(&c->hyp[h]);
		if (k->b1 < 0 || f > ram_raw(&c->hyp[k->b1])) {
			k->b2 = k->b1;
			k->b1 = (long)h;
		} else if (k->b2 < 0 || f > ram_raw(&c->hyp[k->b2]))
			k->b2 = (long)h;
	}
}

/* The short cut: only each class's best weighed; -1 when it cannot
 * decide (see the top of the file). */
static long
pick_fast(const struct sim_ctx *c, struct sim_scan *s, double *best)
{
	long long maxr = 0, minp = 0, maxp = 0;
	long win = -1;
	int first = 1;
	size_t k;

	class_best(c, s);
	for (k = 0; k < s->nk; k++) {
		const struct sim_class *x = &s->k[k];

		if (x->b1 < 0)
			continue;
		if (!(x->rm > 0))
			return -1;
		if (ram_raw(&c->hyp[x->b1]) > maxr)
			maxr = ram_raw(&c->hyp[x->b1]);
		if (first || x->pw < minp)
			minp = x->pw;
		if (first || x->pw > maxp)
			maxp = x->pw;
		first = 0;
	}
	for (k = 0; k < s->nk; k++) {
		const struct sim_class *x = &s->k[k];
		const struct sim_hyp *h1, *h2;
		double w;

		if (x->b1 < 0)
			continue;
		h1 = &c->hyp[x->b1];
		w = weight(c, h1, maxr, minp, maxp);
		h2 = x->b2 >= 0 ? &c->hyp[x->b2] : NULL;
		if (h2 && ram_raw(h2) != ram_raw(h1) &&
		    weight(c, h2, maxr, minp, maxp) == w)
			return -1;
		if (win < 0 || w > *best || (w == *best && x->b1 < win)) {
			*best = w;
			win = x->b1;
		}
	}
	return win;
}

/* The host nova picks (see simint.h). */
long
sims_pick(const struct sim_ctx *c, struct sim_scan *s, double *weight)
{
	long win = -1;

	*weight = 0.0;
	if (s->np == 0)
		return -1;
	if (!c->opts.exact && s->nk <= MAX_CLASSES)
		win = pick_fast(c, s, weight);
	if (win < 0)
		win = pick_exact(c, s, weight);
	if (s->np == 1)
		*weight = 0.0;		/* nova weighs no lone host */
	return win;
}
