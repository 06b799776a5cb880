/*
 * simformat.c - the dry run's result as text and as a JSON document.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "modules/simulate.h"
#include "nova/novaopts.h"

/* The word for a kind. */
static const char *
kind_word(enum sim_kind k)
{
	return k == SIM_MODELLED ? "modelled" : k == SIM_PASSES ? "passes" :
	    "skipped";
}

/* "8 placed, 2 refused" and how each fill ended (see simulate.h). */
char *
sim_summary(const struct sim_result *res)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "%zu placed, %zu refused", res->placed, res->refused);
	for (size_t i = 0; i < res->nsteps; i++) {
		const struct sim_stepres *s = &res->steps[i];

		if (!s->fill)
			continue;
		if (s->fill_capped)
			sbuf_addf(&sb, "; fill of %s stopped at the limit "
			    "after %zu", s->flavor, s->placed);
		else
			sbuf_addf(&sb, "; fill of %s ended after %zu",
			    s->flavor, s->placed);
	}
	return sbuf_detach(&sb, NULL);
}

/* Adds a table row: cells padded to widths, the last one not. */
static void
row(struct sbuf *out, const int *w, size_t n, const char *const *cells)
{
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n)
			sbuf_addf(out, "%-*s ", w[i], cells[i]);
		else
			sbuf_addf(out, "%s\n", cells[i]);
	}
}

/* Adds a table header with a dashed line under it. */
static void
header(struct sbuf *out, const int *w, size_t n, const char *const *cells)
{
	row(out, w, n, cells);
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < w[i]; k++)
			sbuf_addc(out, '-');
		sbuf_addc(out, i + 1 < n ? ' ' : '\n');
	}
}

/* The widest of s and the current width. */
static int
widen(int w, const char *s)
{
	int len = (int)strlen(s);

	return len > w ? len : w;
}

/* One line per instance: its number, flavor and host. */
static void
text_instances(const struct sim_result *res, struct sbuf *out)
{
	static const char *const head[] = { "Instance", "Flavor", "Host" };
	int w[3] = { 8, 6, 4 };
	char num[32];

	for (size_t i = 0; i < res->nsteps; i++)
		w[1] = widen(w[1], res->steps[i].flavor);
	for (size_t i = 0; i < res->nhosts; i++)
		w[2] = widen(w[2], res->hosts[i].name);
	w[2] = widen(w[2], "(refused)");
	header(out, w, 3, head);
	for (size_t i = 0; i < res->ninst; i++) {
		const struct sim_instance *in = &res->inst[i];
		const char *cells[3];

		snprintf(num, sizeof num, "%zu", i + 1);
		cells[0] = num;
		cells[1] = res->steps[in->step].flavor;
		cells[2] = in->host >= 0 ? res->hosts[in->host].name :
		    in->fill_end ? "(refused: the fill ends)" : "(refused)";
		row(out, w, 3, cells);
	}
}

/* Why each host refused a refused instance (and those sharing it). */
static void
text_refusals(const struct sim_result *res, size_t i, struct sbuf *out)
{
	static const char *const head[] = { "Host", "Filter", "Why" };
	const struct sim_instance *in = &res->inst[i];
	size_t last = i;
	int w[3] = { 4, 6, 3 };

	while (last + 1 < res->ninst && res->inst[last + 1].refusals_of == i)
		last++;
	sbuf_addc(out, '\n');
	if (last > i)
		sbuf_addf(out, "Instances %zu-%zu (%s) refused:\n", i + 1,
		    last + 1, res->steps[in->step].flavor);
	else
		sbuf_addf(out, "Instance %zu (%s) refused:\n", i + 1,
		    res->steps[in->step].flavor);
	for (size_t k = 0; k < in->nrefusals; k++) {
		w[0] = widen(w[0], res->hosts[in->refusals[k].host].name);
		w[1] = widen(w[1], res->filters[in->refusals[k].filter].name);
		w[2] = widen(w[2], in->refusals[k].why);
	}
	header(out, w, 3, head);
	for (size_t k = 0; k < in->nrefusals; k++) {
		const char *cells[3];

		cells[0] = res->hosts[in->refusals[k].host].name;
		cells[1] = res->filters[in->refusals[k].filter].name;
		cells[2] = in->refusals[k].why;
		row(out, w, 3, cells);
	}
}

/* One line per host: what the run left on it. */
static void
text_hosts(const struct sim_result *res, struct sbuf *out)
{
	static const char *const head[] = {
		"Host", "Instances", "RAM used", "Memory", "PCI free"
	};
	int w[5] = { 4, 9, 8, 6, 8 };
	char c[4][48];

	for (size_t i = 0; i < res->nhosts; i++)
		w[0] = widen(w[0], res->hosts[i].name);
	sbuf_addc(out, '\n');
	header(out, w, 5, head);
	for (size_t i = 0; i < res->nhosts; i++) {
		const struct sim_host *h = &res->hosts[i];
		const char *cells[5] = { h->name, c[0], c[1], c[2], c[3] };

		snprintf(c[0], sizeof c[0], "%lld", h->instances);
		snprintf(c[1], sizeof c[1], "%lld", h->ram_used);
		snprintf(c[2], sizeof c[2], "%lld", h->memory);
		snprintf(c[3], sizeof c[3], "%lld/%lld", h->pci_free,
		    h->pci_total);
		row(out, w, 5, cells);
	}
}

/* The result as text (see simulate.h). */
void
sim_format_text(const struct sim_result *res, struct sbuf *out)
{
	char *sum;
	int any = 0;

	text_instances(res, out);
	for (size_t i = 0; i < res->ninst; i++)
		if (res->inst[i].host < 0 && res->inst[i].refusals_of == i)
			text_refusals(res, i, out);
	text_hosts(res, out);
	for (size_t i = 0; i < res->nfilters; i++)
		if (res->filters[i].kind == SIM_SKIPPED)
			sbuf_addf(out, "%s%s: %s\n", any++ ? "  " :
			    "\nSkipped filters (not applied):\n  ",
			    res->filters[i].name, res->filters[i].note);
	any = 0;
	for (size_t i = 0; i < res->nweighers; i++)
		if (res->weighers[i].kind == SIM_SKIPPED)
			sbuf_addf(out, "%s%s: %s\n", any++ ? "  " :
			    "\nSkipped weighers:\n  ", res->weighers[i].name,
			    res->weighers[i].note);
	sum = sim_summary(res);
	sbuf_addf(out, "\nnova %s: %s\n", nova_release_title(res->release),
	    sum);
	free(sum);
}

/* The filter chain or the weighers as JSON. */
static json_t *
json_kinds(const char *const *names, const enum sim_kind *kinds,
    char *const *notes, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s}", "name", names[i], "kind",
		    kind_word(kinds[i]));

		if (notes[i])
			json_object_set_new(o, "note", json_string(notes[i]));
		json_array_append_new(a, o);
	}
	return a;
}

/* The filters and weighers as JSON. */
static void
json_chain(const struct sim_result *res, json_t *doc)
{
	size_t n = res->nfilters > res->nweighers ? res->nfilters :
	    res->nweighers;
	const char **names = xcalloc(n + 1, sizeof *names);
	enum sim_kind *kinds = xcalloc(n + 1, sizeof *kinds);
	char **notes = xcalloc(n + 1, sizeof *notes);

	for (size_t i = 0; i < res->nfilters; i++) {
		names[i] = res->filters[i].name;
		kinds[i] = res->filters[i].kind;
		notes[i] = res->filters[i].note;
	}
	json_object_set_new(doc, "filters", json_kinds(names, kinds, notes,
	    res->nfilters));
	for (size_t i = 0; i < res->nweighers; i++) {
		names[i] = res->weighers[i].name;
		kinds[i] = res->weighers[i].kind;
		notes[i] = res->weighers[i].note;
	}
	json_object_set_new(doc, "weighers", json_kinds(names, kinds, notes,
	    res->nweighers));
	free(names);
	free(kinds);
	free(notes);
}

/* One instance as JSON. */
static json_t *
json_instance(const struct sim_result *res, size_t i)
{
	const struct sim_instance *in = &res->inst[i];
	json_t *o = json_pack("{s:I, s:I, s:s}", "instance",
	    (json_int_t)(i + 1), "step", (json_int_t)(in->step + 1), "flavor",
	    res->steps[in->step].flavor);

	json_object_set_new(o, "host", in->host >= 0 ?
	    json_string(res->hosts[in->host].name) : json_null());
	json_object_set_new(o, "passed", json_integer((json_int_t)in->passed));
	if (in->host >= 0)
		json_object_set_new(o, "weight", json_real(in->weight));
	if (in->fill_end)
		json_object_set_new(o, "fill_end", json_true());
	if (in->host < 0 && in->refusals_of != i)
		json_object_set_new(o, "refused_as",
		    json_integer((json_int_t)(in->refusals_of + 1)));
	else if (in->host < 0) {
		json_t *r = json_object();

		for (size_t k = 0; k < in->nrefusals; k++)
			json_object_set_new(r,
			    res->hosts[in->refusals[k].host].name,
			    json_pack("{s:s, s:s}", "filter",
			    res->filters[in->refusals[k].filter].name, "why",
			    in->refusals[k].why));
		json_object_set_new(o, "refused_by", r);
	}
	if (in->verdicts) {
		json_t *v = json_object();

		for (size_t h = 0; h < res->nhosts; h++) {
			json_t *hv = json_object();

			for (size_t f = 0; f < res->nfilters; f++) {
				int x = in->verdicts[h * res->nfilters + f];

				json_object_set_new(hv, res->filters[f].name,
				    x == SIM_V_NONE ? json_null() :
				    json_boolean(x == SIM_V_PASS));
			}
			json_object_set_new(v, res->hosts[h].name, hv);
		}
		json_object_set_new(o, "verdicts", v);
	}
	return o;
}

/* The result as a JSON document (see simulate.h). */
json_t *
sim_format_json(const struct sim_result *res)
{
	json_t *doc = json_object(), *a;
	char *sum = sim_summary(res);

	json_object_set_new(doc, "release",
	    json_string(nova_release_names[res->release]));
	json_object_set_new(doc, "summary", json_pack("{s:I, s:I, s:s}",
	    "placed", (json_int_t)res->placed, "refused",
	    (json_int_t)res->refused, "text", sum));
	free(sum);
	json_object_set_new(doc, "assumptions", json_pack("{s:f, s:I, s:I}",
	    "ram_allocation_ratio", res->opts.ram_ratio,
	    "reserved_host_memory_mb", (json_int_t)res->opts.reserved_mb,
	    "max_instances_per_host", (json_int_t)res->opts.max_instances));
	json_chain(res, doc);
	a = json_array();
	for (size_t i = 0; i < res->nsteps; i++) {
		const struct sim_stepres *s = &res->steps[i];
		json_t *o = json_pack("{s:s}", "flavor", s->flavor);

		if (s->fill)
			json_object_set_new(o, "fill", json_true());
		else
			json_object_set_new(o, "count",
			    json_integer(s->count));
		if (s->zone)
			json_object_set_new(o, "zone", json_string(s->zone));
		json_object_set_new(o, "placed",
		    json_integer((json_int_t)s->placed));
		json_object_set_new(o, "refused",
		    json_integer((json_int_t)s->refused));
		if (s->fill_capped)
			json_object_set_new(o, "capped", json_true());
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "steps", a);
	a = json_array();
	for (size_t i = 0; i < res->ninst; i++)
		json_array_append_new(a, json_instance(res, i));
	json_object_set_new(doc, "instances", a);
	a = json_array();
	for (size_t i = 0; i < res->nhosts; i++) {
		const struct sim_host *h = &res->hosts[i];

		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I, s:I, "
		    "s:I}", "name", h->name, "memory", (json_int_t)h->memory,
		    "ram_used", (json_int_t)h->ram_used, "instances",
		    (json_int_t)h->instances, "pci_total",
		    (json_int_t)h->pci_total, "pci_free",
		    (json_int_t)h->pci_free));
	}
	json_object_set_new(doc, "hosts", a);
	return doc;
}
