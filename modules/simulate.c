/*
 * simulate.c - the scheduler dry run (see simulate.h): reading the view
 * into hosts, aggregates, aliases and requests, and placing instances.
 * The filters are in simfilter.c, PCI pools in simpci.c, the output in
 * simformat.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "modules/simint.h"
#include "modules/simulate.h"
#include "nova/compute.h"
#include "nova/novaopts.h"

#define FLAVORS		NOVA_DEFAULT_OS "/flavors"
#define AGGREGATES	NOVA_DEFAULT_OS "/hostaggregates"
#define ALIASES		NOVA_DEFAULT_OS "/pcialiases"
#define ROLE		"openstackcompute"
#define ALIAS_SPEC	"pci_passthrough:alias"

/* Sets nova's defaults. */
void
sim_opts_init(struct sim_opts *o)
{
	memset(o, 0, sizeof *o);
	o->fill_max = SIM_FILL_MAX;
	o->ram_ratio = SIM_RAM_RATIO;
	o->reserved_mb = SIM_RESERVED_MB;
	o->max_instances = SIM_MAX_INSTANCES;
}

/* 1 if a device has the compute role. */
static int
is_hypervisor(json_t *dev)
{
	json_t *roles = json_object_get(dev, "roles"), *r;
	size_t i;

	json_array_foreach(roles, i, r)
		if (json_is_string(r) && strcmp(json_string_value(r), ROLE) == 0)
			return 1;
	return 0;
}

/* Orders hosts by name. */
static int
hyp_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sim_hyp *)a)->name,
	    ((const struct sim_hyp *)b)->name);
}

/* The hypervisors of the view, sorted by name; -1 with *cause if none. */
static int
load_hosts(struct sim_ctx *c, json_t *view, char **cause)
{
	json_t *devs = view_coll(view, "devices"), *d;
	const char *name;
	size_t cap = 0;

	json_object_foreach(devs, name, d) {
		json_t *mem = json_object_get(d, "memory");
		struct sim_hyp *h;

		if (!is_hypervisor(d))
			continue;
		if (!json_is_integer(mem)) {
			*cause = xasprintf("hypervisor '%s' has no memory set "
			    "(MiB)", name);
			return -1;
		}
		xgrow((void **)&c->hyp, &cap, c->nhyp + 1, sizeof *c->hyp);
		h = &c->hyp[c->nhyp++];
		memset(h, 0, sizeof *h);
		h->name = name;
		h->memory = json_integer_value(mem);
		h->free = h->memory - c->opts.reserved_mb;
		h->sole = -1;
		h->ram_mult = h->pci_mult = 1.0;
	}
	if (c->nhyp == 0) {
		*cause = xstrdup("no hypervisors: no device has the role "
		    ROLE);
		return -1;
	}
	qsort(c->hyp, c->nhyp, sizeof *c->hyp, hyp_cmp);
	return 0;
}

/* The index of the host called name, or -1. */
static long
host_find(const struct sim_ctx *c, const char *name)
{
	size_t lo = 0, hi = c->nhyp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(name, c->hyp[mid].name);

		if (d == 0)
			return (long)mid;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * The host aggregates, each host's list of them, and (from Stein) the
 * weight multipliers aggregates set on their hosts.
 */
static void
load_aggregates(struct sim_ctx *c, json_t *view)
{
	json_t *aggs = view_coll(view, AGGREGATES), *a;
	const char *name;
	size_t i, k, *caps;

	c->aggs = xcalloc(json_object_size(aggs) + 1, sizeof *c->aggs);
	caps = xcalloc(c->nhyp, sizeof *caps);
	json_object_foreach(aggs, name, a) {
		struct sim_agg *g = &c->aggs[c->naggs];
		json_t *md = json_object_get(a, "metadata");
		json_t *zone = json_object_get(a, "availabilityzone");
		json_t *nodes = json_object_get(a, "nodes"), *n;

		g->name = name;
		g->meta = json_is_object(md) ? json_copy(md) : json_object();
		if (json_is_string(zone))
			json_object_set(g->meta, "availability_zone", zone);
		json_array_foreach(nodes, i, n) {
			long h = json_is_string(n) ?
			    host_find(c, json_string_value(n)) : -1;
			struct sim_hyp *hp;

			if (h < 0)
				continue;
			hp = &c->hyp[h];
			for (k = 0; k < hp->naggs; k++)
				if (hp->aggs[k] == c->naggs)
					break;
			if (k < hp->naggs)
				continue;
			xgrow((void **)&hp->aggs, &caps[h], hp->naggs + 1,
			    sizeof *hp->aggs);
			hp->aggs[hp->naggs++] = c->naggs;
		}
		c->naggs++;
	}
	free(caps);
}

/*
 * nova.scheduler.utils.get_weight_multiplier: the smallest of the host's
 * aggregates' values of key as floats, the default when there are none
 * or one is not a number.
 */
static double
weight_multiplier(const struct sim_ctx *c, const struct sim_hyp *h,
    const char *key)
{
	double m = 0, v;
	int any = 0;

	for (size_t i = 0; i < h->naggs; i++) {
		const char *s = json_string_value(json_object_get(
		    c->aggs[h->aggs[i]].meta, key));

		if (s == NULL)
			continue;
		if (sim_pyfloat(s, &v) != 0)
			return 1.0;
		if (!any || v < m)
			m = v;
		any = 1;
	}
	return any ? m : 1.0;
}

/* The PCI aliases of the view. */
static void
load_aliases(struct sim_ctx *c, json_t *view)
{
	json_t *al = view_coll(view, ALIASES), *a;
	const char *name;

	c->aliases = xcalloc(json_object_size(al) + 1, sizeof *c->aliases);
	json_object_foreach(al, name, a) {
		struct sim_alias *x = &c->aliases[c->naliases++];
		const char *dt = json_string_value(json_object_get(a,
		    "devicetype"));

		x->name = name;
		x->vendor = json_string_value(json_object_get(a, "vendorid"));
		x->product = json_string_value(json_object_get(a,
		    "productid"));
		x->dev_type = dt ? dt : "type-PCI";
	}
}

/* The alias called name, or NULL. */
static const struct sim_alias *
alias_find(const struct sim_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->naliases; i++)
		if (strcmp(c->aliases[i].name, name) == 0)
			return &c->aliases[i];
	return NULL;
}

/*
 * A flavor's pci_passthrough:alias ("name:count,name:count") into PCI
 * requests, as nova-api translates it; -1 with *cause if it is malformed,
 * a count is not a positive integer or an alias is not defined.
 */
static int
parse_pci(const struct sim_ctx *c, struct sim_req *r, const char *spec,
    char **cause)
{
	char *copy = xstrdup(spec), *item = copy, *end;
	int rc = 0;

	/* Python's split(','): empty items are items too */
	for (; item != NULL && rc == 0; item = end ? end + 1 : NULL) {
		char *colon, *name;
		long long n;

		if ((end = strchr(item, ',')) != NULL)
			*end = '\0';
		colon = strchr(item, ':');
		if (colon == NULL || strchr(colon + 1, ':') != NULL ||
		    sim_pyint(colon + 1, 10, &n) != 0 || n < 1) {
			*cause = xasprintf("flavor '%s': invalid %s '%s': not "
			    "NAME:COUNT with a positive COUNT", r->name,
			    ALIAS_SPEC, spec);
			rc = -1;
			break;
		}
		*colon = '\0';
		name = str_trim(item);
		r->pci = xrealloc(r->pci, (r->npci + 1) * sizeof *r->pci);
		r->pci[r->npci].count = n;
		if ((r->pci[r->npci].alias = alias_find(c, name)) == NULL) {
			*cause = xasprintf("flavor '%s' requests PCI alias "
			    "'%s', which is not defined", r->name, name);
			rc = -1;
		}
		r->npci++;
	}
	free(copy);
	return rc;
}

/* The request of one step; -1 with *cause for a bad step or flavor. */
static int
load_request(const struct sim_ctx *c, json_t *view,
    const struct sim_step *s, size_t idx, struct sim_req *r, char **cause)
{
	json_t *fl = s->flavor ? view_get(view, FLAVORS, s->flavor) : NULL;
	json_t *ram, *def = NULL;
	const char *alias;

	memset(r, 0, sizeof *r);
	if (fl == NULL) {
		*cause = xasprintf("no such flavor '%s'",
		    s->flavor ? s->flavor : "");
		return -1;
	}
	if (!s->fill && s->count < 1) {
		*cause = xasprintf("invalid instance count %lld for flavor "
		    "'%s': must be a positive integer", s->count, s->flavor);
		return -1;
	}
	r->name = s->flavor;
	r->index = idx;
	r->zone = s->zone;
	ram = json_object_get(fl, "ram");
	if (!json_is_integer(ram)) {
		const struct obj_type *t = view_coll_type(FLAVORS);
		const struct prop_def *p = t ? prop_get(t, "ram") : NULL;

		ram = def = p ? value_default(p) : NULL;
	}
	r->ram = json_is_integer(ram) ? json_integer_value(ram) : 0;
	json_decref(def);
	r->specs = json_object_get(fl, "extraspecs");
	if (!json_is_object(r->specs))
		r->specs = NULL;
	alias = json_string_value(json_object_get(r->specs, ALIAS_SPEC));
	if (alias != NULL && parse_pci(c, r, alias, cause) != 0) {
		free(r->pci);
		r->pci = NULL;
		return -1;
	}
	return 0;
}

/* The enabled filters: the compute settings' list or the release's. */
static void
enabled_filters(json_t *view, int release, struct strv *out)
{
	json_t *comp = nova_compute(view, NULL), *e;
	json_t *sf = comp ? json_object_get(comp, "schedulerfilters") : NULL;
	size_t i;

	json_array_foreach(sf, i, e)
		if (json_is_string(e))
			strv_push(out, json_string_value(e));
	if (out->n == 0)
		nova_default_filters(release, out);
}

/* Frees what a context owns (not the result). */
static void
ctx_release(struct sim_ctx *c, struct sim_req *reqs, size_t nreqs)
{
	for (size_t i = 0; i < c->nhyp; i++) {
		for (size_t k = 0; k < c->hyp[i].npools; k++)
			free(c->hyp[i].pools[k].tags);
		free(c->hyp[i].pools);
		free(c->hyp[i].aggs);
	}
	free(c->hyp);
	for (size_t i = 0; i < c->naggs; i++)
		json_decref(c->aggs[i].meta);
	free(c->aggs);
	free(c->aliases);
	free(c->fid);
	for (size_t i = 0; reqs && i < nreqs; i++)
		free(reqs[i].pci);
	free(reqs);
}

/* Records every filter's verdict on every host for instance in. */
static void
record_verdicts(const struct sim_ctx *c, const struct sim_req *r,
    struct sim_instance *in)
{
	size_t nf = c->res->nfilters;

	in->verdicts = xmalloc(c->nhyp * nf + 1);
	for (size_t h = 0; h < c->nhyp; h++)
		for (size_t f = 0; f < nf; f++)
			in->verdicts[h * nf + f] = (unsigned char)simf_eval(c,
			    f, &c->hyp[h], r, NULL);
}

/* Records, for a refused instance, the first filter each host failed. */
static void
record_refusals(const struct sim_ctx *c, const struct sim_req *r,
    struct sim_instance *in)
{
	struct sbuf why = SBUF_INIT;

	in->refusals = xcalloc(c->nhyp, sizeof *in->refusals);
	for (size_t h = 0; h < c->nhyp; h++) {
		struct sim_refusal *rf = &in->refusals[in->nrefusals];

		for (size_t f = 0; f < c->res->nfilters; f++) {
			sbuf_reset(&why);
			if (simf_eval(c, f, &c->hyp[h], r, &why) !=
			    SIM_V_FAIL)
				continue;
			rf->host = h;
			rf->filter = f;
			rf->why = xstrdup(why.len ? why.buf : "");
			in->nrefusals++;
			break;
		}
	}
	sbuf_release(&why);
}

/* Takes r's resources on h. */
static void
consume(const struct sim_ctx *c, struct sim_hyp *h, const struct sim_req *r)
{
	h->free -= r->ram;
	h->used += r->ram;
	h->ninst++;
	if (h->sole == -1)
		h->sole = (long)r->index;
	else if (h->sole != (long)r->index)
		h->sole = -2;
	if (r->npci)
		simp_apply(c, h, r);
}

/* A new instance record of step s. */
static struct sim_instance *
new_instance(struct sim_result *res, size_t *cap, size_t s)
{
	struct sim_instance *in;

	xgrow((void **)&res->inst, cap, res->ninst + 1, sizeof *res->inst);
	in = &res->inst[res->ninst];
	memset(in, 0, sizeof *in);
	in->step = s;
	in->refusals_of = res->ninst++;
	return in;
}

/* Runs step s (request r): its count, or a fill. */
static void
run_step(struct sim_ctx *c, size_t s, const struct sim_req *r, size_t *cap,
    struct sim_scan *scan)
{
	struct sim_result *res = c->res;
	struct sim_stepres *sr = &res->steps[s];
	long long n = sr->count, done = 0;

	if (sr->fill) {
		/* leave room for the counted steps after it */
		n = SIM_RUN_MAX - (long long)res->ninst - c->counts_left;
		if (n > c->opts.fill_max)
			n = c->opts.fill_max;
	} else
		c->counts_left -= sr->count;
	simf_prepare(c, r);
	sims_start(c, scan, r);
	sr->first = res->ninst;
	for (; done < n; done++) {
		struct sim_instance *in = new_instance(res, cap, s);
		size_t i = res->ninst - 1;
		double w = 0.0;

		if (c->opts.verdicts)
			record_verdicts(c, r, in);
		in->passed = scan->np;
		in->host = sims_pick(c, scan, &w);
		sr->n++;
		if (in->host >= 0) {
			in->weight = w;
			consume(c, &c->hyp[in->host], r);
			sims_update(c, scan, (size_t)in->host, r);
			sr->placed++;
			continue;
		}
		if (i > sr->first && res->inst[i - 1].host < 0) {
			const struct sim_instance *prev = &res->inst[i - 1];

			in->refusals = prev->refusals;
			in->nrefusals = prev->nrefusals;
			in->refusals_of = prev->refusals_of;
		} else
			record_refusals(c, r, in);
		if (sr->fill) {
			in->fill_end = 1;
			return;
		}
		sr->refused++;
	}
	if (sr->fill)
		sr->fill_capped = 1;
}

/* Copies the hosts' final state into the result. */
static void
result_hosts(struct sim_ctx *c)
{
	struct sim_result *res = c->res;

	res->nhosts = c->nhyp;
	res->hosts = xcalloc(c->nhyp, sizeof *res->hosts);
	for (size_t i = 0; i < c->nhyp; i++) {
		const struct sim_hyp *h = &c->hyp[i];
		struct sim_host *o = &res->hosts[i];

		o->name = xstrdup(h->name);
		o->memory = h->memory;
		o->ram_used = h->used;
		o->instances = h->ninst;
		o->pci_total = h->pci_total;
		o->pci_free = simp_free(h);
	}
}

/* Reads the view into c and the requests; -1 with *cause. */
static int
ctx_load(struct sim_ctx *c, json_t *view, const struct sim_step *steps,
    size_t n, struct sim_req **reqsp, char **cause)
{
	json_t *comp = nova_compute(view, NULL);
	struct sim_req *reqs = xcalloc(n + 1, sizeof *reqs);
	long long total = 0;
	size_t i, k;

	*reqsp = reqs;
	if (n == 0) {
		*cause = xstrdup("nothing to simulate: no flavor given");
		return -1;
	}
	c->release = nova_compute_release(view, NULL);
	c->pci_weigher = c->release >= NOVA_PIKE;
	c->fold_case = c->release >= NOVA_ROCKY;
	load_aliases(c, view);
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (steps[k].flavor && steps[i].flavor &&
			    strcmp(steps[k].flavor, steps[i].flavor) == 0)
				break;
		if (load_request(c, view, &steps[i], k, &reqs[i], cause) != 0)
			return -1;
		total += steps[i].fill ? 0 : steps[i].count;
		c->counts_left = total;
		if (total > SIM_RUN_MAX) {
			*cause = xasprintf("too many instances: at most %d in "
			    "one run", SIM_RUN_MAX);
			return -1;
		}
	}
	if (load_hosts(c, view, cause) != 0)
		return -1;
	load_aggregates(c, view);
	if (c->release >= NOVA_STEIN)
		for (i = 0; i < c->nhyp; i++) {
			c->hyp[i].ram_mult = weight_multiplier(c, &c->hyp[i],
			    "ram_weight_multiplier");
			c->hyp[i].pci_mult = weight_multiplier(c, &c->hyp[i],
			    "pci_weight_multiplier");
		}
	return simp_pools(c, view, comp ? json_object_get(comp,
	    "pcipassthroughwhitelist") : NULL, cause);
}

/* Runs a simulation (see simulate.h). */
int
sim_run(json_t *view, const struct sim_step *steps, size_t n,
    const struct sim_opts *opts, struct sim_result *res, char **cause)
{
	struct sim_ctx c;
	struct sim_req *reqs = NULL;
	struct strv names = STRV_INIT;
	struct sim_scan scan;
	size_t cap = 0;

	memset(res, 0, sizeof *res);
	memset(&c, 0, sizeof c);
	if (opts != NULL)
		c.opts = *opts;
	else
		sim_opts_init(&c.opts);
	c.res = res;
	res->opts = c.opts;
	if (ctx_load(&c, view, steps, n, &reqs, cause) != 0) {
		ctx_release(&c, reqs, n);
		return -1;
	}
	res->release = c.release;
	enabled_filters(view, c.release, &names);
	simf_setup(&c, (const char *const *)names.v, names.n, reqs, n);
	strv_release(&names);
	res->nsteps = n;
	res->steps = xcalloc(n, sizeof *res->steps);
	for (size_t i = 0; i < n; i++) {
		res->steps[i].flavor = xstrdup(steps[i].flavor);
		res->steps[i].zone = steps[i].zone ? xstrdup(steps[i].zone) :
		    NULL;
		res->steps[i].count = steps[i].fill ? 0 : steps[i].count;
		res->steps[i].fill = steps[i].fill;
	}
	sims_init(&c, &scan);
	for (size_t i = 0; i < n; i++) {
		run_step(&c, i, &reqs[i], &cap, &scan);
		res->placed += res->steps[i].placed;
		res->refused += res->steps[i].refused;
	}
	sims_release(&scan);
	result_hosts(&c);
	ctx_release(&c, reqs, n);
	return 0;
}

/* Frees everything a result holds. */
void
sim_result_release(struct sim_result *res)
{
	size_t i, k;

	for (i = 0; i < res->nfilters; i++) {
		free(res->filters[i].name);
		free(res->filters[i].note);
	}
	free(res->filters);
	for (i = 0; i < res->nweighers; i++) {
		free(res->weighers[i].name);
		free(res->weighers[i].note);
	}
	free(res->weighers);
	for (i = 0; i < res->nhosts; i++)
		free(res->hosts[i].name);
	free(res->hosts);
	for (i = 0; i < res->nsteps; i++) {
		free(res->steps[i].flavor);
		free(res->steps[i].zone);
	}
	free(res->steps);
	for (i = 0; i < res->ninst; i++) {
		struct sim_instance *in = &res->inst[i];

		if (in->refusals_of == i) {
			for (k = 0; k < in->nrefusals; k++)
				free(in->refusals[k].why);
			free(in->refusals);
		}
		free(in->verdicts);
	}
	free(res->inst);
	memset(res, 0, sizeof *res);
}
