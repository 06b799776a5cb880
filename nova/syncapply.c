/*
 * syncapply.c - sending a sync plan.
 *
 * Each object with calls is a chain: its calls go out one after the
 * other (a create's answer gives the id the next calls use), and up to
 * `parallel` chains run at once over the cloud's connections.  The first
 * failed call stops the apply: no further call is started, the running
 * ones finish, and the record says what each object now is in the cloud.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "nova/cloud.h"
#include "nova/sync.h"

/* One object's calls in flight. */
struct chain {
	const struct sync_change *ch;
	size_t		 next;		/* the step running or next */
	long		 last;		/* last step done, or -1 */
	char		*id;
	int		 failed;
};

/* The state of one apply. */
struct applying {
	struct cloud		*c;
	struct chain		*chains;
	size_t			 n, started, running;
	size_t			 total;
	const struct sync_apply_opts *o;
	struct sync_result	*res;
	struct sbuf		*report;
	char			**cause;
	int			 stop;
};

/* The step's path with "{id}" replaced by the chain's id. */
static char *
step_path(const struct chain *k, const struct sync_step *s)
{
	const char *at = strstr(s->path, "{id}");
	char *id, *out;

	if (at == NULL)
		return xstrdup(s->path);
	id = http_escape(k->id ? k->id : "");
	out = xasprintf("%.*s%s%s", (int)(at - s->path), s->path, id, at + 4);
	free(id);
	return out;
}

/* Starts the next step of chain k. */
static void
start_step(struct applying *a, struct chain *k)
{
	const struct sync_step *s = &k->ch->steps[k->next];
	char *path = step_path(k, s), *url = cloud_url(a->c, path);
	struct http_req *r = http_req_new(s->method, url, s->body);

	r->arg = k;
	http_start(a->c->http, r);
	free(path);
	free(url);
}

/* Starts the next chain that has not started, if any. */
static void
start_chain(struct applying *a)
{
	if (a->stop || a->started == a->n)
		return;
	a->running++;
	start_step(a, &a->chains[a->started++]);
}

/* The id in a create's answer ({"flavor": {"id": ...}}). */
static char *
created_id(const struct http_req *r)
{
	json_t *j = http_json(r), *o, *id;
	const char *k;
	char *out = NULL;

	json_object_foreach(j, k, o) {
		if ((id = json_object_get(o, "id")) == NULL)
			continue;
		if (json_is_string(id))
			out = xstrdup(json_string_value(id));
		else if (json_is_integer(id))
			out = xasprintf("%lld", (long long)json_integer_value(id));
		break;
	}
	json_decref(j);
	return out;
}

/* Records a finished call of chain k and starts what comes next. */
static void
finished(struct applying *a, struct http_req *r)
{
	struct chain *k = r->arg;
	const struct sync_step *s = &k->ch->steps[k->next];
	int ok = r->status >= 200 && r->status < 300, noid = 0;
	char *why;

	if (ok && s->creates) {
		free(k->id);
		k->id = created_id(r);
		ok = k->id != NULL;
		noid = !ok;
	}
	if (ok) {
		sbuf_addf(a->report, "done: %s\n", s->label);
		a->res->done++;
		k->last = (long)k->next++;
		if (!a->stop && k->next < k->ch->nsteps) {
			start_step(a, k);
			return;
		}
	} else {
		why = noid ? xstrdup("the answer has no id") : http_failure(r);
		sbuf_addf(a->report, "failed: %s: %s\n", s->label, why);
		if (!a->stop)
			*a->cause = xasprintf("%s: %s", s->label, why);
		free(why);
		a->res->failed++;
		k->failed = 1;
		a->stop = 1;
	}
	a->running--;
	start_chain(a);
}

/* The record after the apply: each object as its last done step left it. */
static json_t *
result_record(const struct applying *a, const struct sync_plan *p,
    const json_t *record)
{
	json_t *rec = json_pack("{s:{},s:{}}", SYNC_FLAVORS, SYNC_AGGREGATES);
	size_t k = 0;

	if (record) {
		json_object_update(json_object_get(rec, SYNC_FLAVORS),
		    json_object_get(record, SYNC_FLAVORS));
		json_object_update(json_object_get(rec, SYNC_AGGREGATES),
		    json_object_get(record, SYNC_AGGREGATES));
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct sync_change *ch = &p->v[i];
		json_t *m = json_object_get(rec, ch->coll);
		const char *d;

		if (ch->nsteps == 0)
			d = ch->final;
		else if (a->chains[k++].last < 0)
			continue;
		else
			d = ch->steps[a->chains[k - 1].last].after;
		if (d)
			json_object_set_new(m, ch->name, json_string(d));
		else
			json_object_del(m, ch->name);
	}
	return rec;
}

/* Reports the calls never sent. */
static void
report_notsent(struct applying *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct chain *k = &a->chains[i];
		size_t from = k->last + 1 + k->failed;

		if (i >= a->started)
			from = 0;
		for (size_t j = from; j < k->ch->nsteps; j++) {
			sbuf_addf(a->report, "not sent: %s\n",
			    k->ch->steps[j].label);
			a->res->notsent++;
		}
	}
}

/* Sends the plan's calls. */
int
sync_apply(struct cloud *c, const struct sync_plan *p, const json_t *record,
    const struct sync_apply_opts *o, struct sync_result *res,
    struct sbuf *report, char **cause)
{
	struct applying a;
	struct http_req *r;
	size_t par = o && o->parallel ? o->parallel : 4;

	memset(res, 0, sizeof(*res));
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.o = o;
	a.res = res;
	a.report = report;
	a.cause = cause;
	a.chains = xcalloc(p->n + 1, sizeof(*a.chains));
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].nsteps) {
			struct chain *k = &a.chains[a.n++];

			k->ch = &p->v[i];
			k->last = -1;
			k->id = p->v[i].id ? xstrdup(p->v[i].id) : NULL;
		}
	while (a.running < par && a.started < a.n)
		start_chain(&a);
	while ((r = http_wait(c->http)) != NULL) {
		finished(&a, r);
		http_req_free(r);
		if (o && o->progress)
			o->progress(o->arg, res->done + res->failed, p->ncalls);
	}
	report_notsent(&a);
	res->record = result_record(&a, p, record);
	for (size_t i = 0; i < a.n; i++)
		free(a.chains[i].id);
	free(a.chains);
	return res->failed ? -1 : 0;
}

/* Releases res. */
void
sync_result_release(struct sync_result *res)
{
	json_decref(res->record);
	memset(res, 0, sizeof(*res));
}
