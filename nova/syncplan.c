/*
 * syncplan.c - the calls that bring nova's flavors and aggregates in line
 * with the state (see sync.h for the rules).
 *
 * Each object's calls are planned on a copy of the cloud's object ("cur")
 * that every step changes as nova will, so each step knows the object's
 * digest once it is done: after a partial apply the record says exactly
 * what ocmsh left in the cloud.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "model/view.h"
#include "nova/http.h"
#include "nova/sync.h"
#include "nova/syncint.h"

/* A string map with the string values of m (NULL: empty). */
static json_t *
str_map(const json_t *m)
{
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)m, k, v)
		if (json_is_string(v))
			json_object_set(out, k, v);
	return out;
}

/* The normalised state flavor. */
json_t *
sync_want_flavor(const json_t *obj)
{
	json_t *o = json_object(), *d;

	for (size_t i = 0; sync_flavor_fields[i].prop; i++)
		json_object_set_new(o, sync_flavor_fields[i].prop,
		    sync_field_value(&sync_flavor_fields[i],
		    json_object_get(obj, sync_flavor_fields[i].prop)));
	json_object_set_new(o, "extraspecs", str_map(json_object_get(obj,
	    "extraspecs")));
	if (json_is_string(d = json_object_get(obj, "description")))
		json_object_set(o, "description", d);
	return o;
}

/* The normalised state aggregate. */
json_t *
sync_want_aggregate(const json_t *obj)
{
	json_t *o = json_object(), *nodes = json_array(), *az, *e;
	size_t i;

	json_array_foreach(json_object_get(obj, "nodes"), i, e)
		if (json_is_string(e))
			json_array_append(nodes, e);
	sync_sort_strings(nodes);
	json_object_set_new(o, "nodes", nodes);
	az = json_object_get(obj, "availabilityzone");
	json_object_set_new(o, "availabilityzone", json_is_string(az) &&
	    *json_string_value(az) ? json_incref(az) : json_null());
	json_object_set_new(o, "metadata", str_map(json_object_get(obj,
	    "metadata")));
	return o;
}

/* "ram 2048 -> 4096, public yes -> no" for the fixed fields that differ,
 * or NULL. */
static char *
fixed_diff(const json_t *want, const json_t *have)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; sync_flavor_fields[i].prop; i++) {
		const char *p = sync_flavor_fields[i].prop;
		char *a, *b;

		if (json_equal(json_object_get(want, p), json_object_get(have, p)))
			continue;
		a = json_dumps(json_object_get(have, p), JSON_ENCODE_ANY);
		b = json_dumps(json_object_get(want, p), JSON_ENCODE_ANY);
		sbuf_addf(&sb, "%s%s %s -> %s", sb.len ? ", " : "", p, a, b);
		free(a);
		free(b);
	}
	return sb.len ? sbuf_detach(&sb, NULL) : NULL;
}

/* 1 if the cloud's object have differs from the state's want. */
static int
differs(const char *coll, const json_t *want, const json_t *have)
{
	const char *k;
	json_t *v;

	if (strcmp(coll, SYNC_AGGREGATES) == 0)
		return !json_equal(want, have);
	json_object_foreach((json_t *)want, k, v)
		if (!json_equal(v, json_object_get(have, k)))
			return 1;
	return 0;
}

/* 1 if a and b of collection coll would be the same in nova. */
int
sync_same(const char *coll, const json_t *a, const json_t *b)
{
	const char *last = strrchr(coll, '/');
	int fl = strcmp(last ? last + 1 : coll, SYNC_FLAVORS) == 0;
	json_t *x = fl ? sync_want_flavor(a) : sync_want_aggregate(a);
	json_t *y = fl ? sync_want_flavor(b) : sync_want_aggregate(b);
	int same = json_equal(x, y);

	json_decref(x);
	json_decref(y);
	return same;
}

/* Adds a step to ch; cur is the object once it is done (NULL: gone). */
static struct sync_step *
step(struct sync_change *ch, const char *method, const char *path,
    json_t *body, const json_t *cur, const char *fmt, ...)
    PRINTFLIKE(6, 7);

static struct sync_step *
step(struct sync_change *ch, const char *method, const char *path,
    json_t *body, const json_t *cur, const char *fmt, ...)
{
	struct sync_step *s;
	va_list ap;

	ch->steps = xrealloc(ch->steps, (ch->nsteps + 1) * sizeof(*s));
	s = &ch->steps[ch->nsteps++];
	memset(s, 0, sizeof(*s));
	s->method = xstrdup(method);
	s->path = xstrdup(path);
	s->body = body;
	s->after = cur ? sync_digest(cur) : NULL;
	va_start(ap, fmt);
	s->label = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* "k=v, k2=v2" of the keys of m (and "k unset" for null values). */
static char *
map_words(const json_t *m)
{
	struct sbuf sb = SBUF_INIT;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)m, k, v) {
		if (sb.len)
			sbuf_adds(&sb, ", ");
		if (json_is_string(v))
			sbuf_addf(&sb, "%s=%s", k, json_string_value(v));
		else
			sbuf_addf(&sb, "%s unset", k);
	}
	return sbuf_detach(&sb, NULL);
}

/* The steps creating flavor want from nothing; *cur becomes it. */
static void
flavor_create(struct sync_change *ch, const json_t *want, json_t **cur)
{
	json_t *body = json_pack("{s:s}", "name", ch->name), *d;
	json_t *specs = json_object_get(want, "extraspecs");
	char *w;

	json_decref(*cur);
	*cur = json_deep_copy(want);
	json_object_set_new(*cur, "extraspecs", json_object());
	d = json_object_get(want, "description");
	json_object_set_new(*cur, "description", d ? json_incref(d) :
	    json_null());
	for (size_t i = 0; sync_flavor_fields[i].prop; i++)
		json_object_set(body, sync_flavor_fields[i].nova,
		    json_object_get(want, sync_flavor_fields[i].prop));
	if (d)
		json_object_set(body, "description", d);
	step(ch, "POST", "/flavors", json_pack("{s:o}", "flavor", body), *cur,
	    "create flavor %s (vcpus %lld, ram %lld, disk %lld)", ch->name,
	    json_integer_value(json_object_get(want, "vcpus")),
	    json_integer_value(json_object_get(want, "ram")),
	    json_integer_value(json_object_get(want, "disk")))->creates = 1;
	if (json_object_size(specs) == 0)
		return;
	json_object_set(*cur, "extraspecs", specs);
	w = map_words(specs);
	step(ch, "POST", "/flavors/{id}/os-extra_specs", json_pack("{s:O}",
	    "extra_specs", specs), *cur, "set extra specs of flavor %s: %s",
	    ch->name, w);
	free(w);
}

/* The steps changing flavor *cur in place into want. */
static void
flavor_update(struct sync_change *ch, const json_t *want, json_t *cur)
{
	json_t *ws = json_object_get(want, "extraspecs"), *set = json_object();
	json_t *hs = json_object_get(cur, "extraspecs"), *d, *v;
	const char *k;
	void *tmp;
	char *w;

	d = json_object_get(want, "description");
	if (d && !json_equal(d, json_object_get(cur, "description"))) {
		json_object_set(cur, "description", d);
		step(ch, "PUT", "/flavors/{id}", json_pack("{s:{s:O}}",
		    "flavor", "description", d), cur,
		    "set the description of flavor %s", ch->name);
	}
	json_object_foreach(ws, k, v)
		if (!json_equal(v, json_object_get(hs, k)))
			json_object_set(set, k, v);
	if (json_object_size(set)) {
		json_object_update(hs, set);
		w = map_words(set);
		step(ch, "POST", "/flavors/{id}/os-extra_specs",
		    json_pack("{s:O}", "extra_specs", set), cur,
		    "set extra specs of flavor %s: %s", ch->name, w);
		free(w);
	}
	json_decref(set);
	json_object_foreach_safe(hs, tmp, k, v) {
		char *key, *path;

		if (json_object_get(ws, k))
			continue;
		key = http_escape(k);
		path = xasprintf("/flavors/{id}/os-extra_specs/%s", key);
		w = xasprintf("unset extra spec %s of flavor %s", k, ch->name);
		json_object_del(hs, k);
		step(ch, "DELETE", path, NULL, cur, "%s", w);
		free(w);
		free(path);
		free(key);
	}
}

/* Plans flavor ch: want and/or have set, *cur a copy of have. */
static void
plan_flavor(struct sync_change *ch, json_t **cur)
{
	if (ch->want == NULL) {
		ch->what = SW_DELETE;
		step(ch, "DELETE", "/flavors/{id}", NULL, NULL,
		    "delete flavor %s", ch->name);
		FREE_AND_NULL_JSON(*cur);
		return;
	}
	if (ch->have == NULL) {
		ch->what = SW_CREATE;
		flavor_create(ch, ch->want, cur);
		return;
	}
	if ((ch->replaced = fixed_diff(ch->want, ch->have)) != NULL) {
		ch->what = SW_REPLACE;
		step(ch, "DELETE", "/flavors/{id}", NULL, NULL,
		    "delete flavor %s (to replace it)", ch->name);
		flavor_create(ch, ch->want, cur);
		return;
	}
	flavor_update(ch, ch->want, *cur);
	ch->what = ch->nsteps ? SW_UPDATE : SW_NONE;
}

/* Adds one add_host or remove_host step of aggregate ch. */
static void
host_step(struct sync_change *ch, const char *action, const char *host,
    json_t *cur)
{
	json_t *nodes = json_object_get(cur, "nodes"), *e;
	int add = strcmp(action, "add_host") == 0;
	size_t i;

	if (add) {
		json_array_append_new(nodes, json_string(host));
		sync_sort_strings(nodes);
	} else
		json_array_foreach(nodes, i, e)
			if (strcmp(json_string_value(e), host) == 0) {
				json_array_remove(nodes, i);
				break;
			}
	step(ch, "POST", "/os-aggregates/{id}/action", json_pack("{s:{s:s}}",
	    action, "host", host), cur, add ? "add host %s to aggregate %s" :
	    "remove host %s from aggregate %s", host, ch->name);
}

/* 1 if the string array a holds s. */
static int
has_string(const json_t *a, const char *s)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
		if (strcmp(json_string_value(e), s) == 0)
			return 1;
	return 0;
}

/* The steps changing aggregate cur into want (want NULL: no hosts). */
static void
aggregate_update(struct sync_change *ch, const json_t *want, json_t *cur)
{
	json_t *wm = json_object_get(want, "metadata"), *set = json_object();
	json_t *hm = json_object_get(cur, "metadata"), *az, *v, *wn;
	const char *k;
	size_t i;
	char *w;

	az = json_object_get(want, "availabilityzone");
	if (want && json_is_string(az) && !json_equal(az,
	    json_object_get(cur, "availabilityzone"))) {
		json_object_set(cur, "availabilityzone", az);
		step(ch, "PUT", "/os-aggregates/{id}", json_pack("{s:{s:O}}",
		    "aggregate", "availability_zone", az), cur,
		    "set the availability zone of aggregate %s to %s", ch->name,
		    json_string_value(az));
	}
	json_object_foreach(wm, k, v)
		if (!json_equal(v, json_object_get(hm, k)))
			json_object_set(set, k, v);
	json_object_foreach(hm, k, v)
		if (want && json_object_get(wm, k) == NULL)
			json_object_set_new(set, k, json_null());
	if (json_object_size(set)) {
		w = map_words(set);
		json_object_foreach(set, k, v)
			if (json_is_null(v))
				json_object_del(hm, k);
			else
				json_object_set(hm, k, v);
		step(ch, "POST", "/os-aggregates/{id}/action",
		    json_pack("{s:{s:O}}", "set_metadata", "metadata", set), cur,
		    "set metadata of aggregate %s: %s", ch->name, w);
		free(w);
	}
	json_decref(set);
	wn = json_deep_copy(json_object_get(cur, "nodes"));
	json_array_foreach(wn, i, v) {
		const char *h = json_string_value(v);

		if (!has_string(json_object_get(want, "nodes"), h))
			host_step(ch, "remove_host", h, cur);
	}
	json_decref(wn);
	json_array_foreach(json_object_get(want, "nodes"), i, v) {
		const char *h = json_string_value(v);

		if (!has_string(json_object_get(cur, "nodes"), h))
			host_step(ch, "add_host", h, cur);
	}
}

/* The steps creating aggregate ch from nothing; *cur becomes it. */
static void
aggregate_create(struct sync_change *ch, json_t **cur)
{
	json_t *az = json_object_get(ch->want, "availabilityzone");
	json_t *body = json_pack("{s:s}", "name", ch->name);

	json_decref(*cur);
	*cur = json_pack("{s:[],s:O,s:{}}", "nodes", "availabilityzone", az,
	    "metadata");
	if (json_is_string(az))
		json_object_set(body, "availability_zone", az);
	step(ch, "POST", "/os-aggregates", json_pack("{s:o}", "aggregate",
	    body), *cur, "create aggregate %s", ch->name)->creates = 1;
}

/* Empties aggregate *cur (its hosts) and deletes it. */
static void
aggregate_delete(struct sync_change *ch, json_t **cur, const char *why)
{
	aggregate_update(ch, NULL, *cur);
	step(ch, "DELETE", "/os-aggregates/{id}", NULL, NULL,
	    "delete aggregate %s%s", ch->name, why);
	FREE_AND_NULL_JSON(*cur);
}

/*
 * Plans aggregate ch.  nova never unsets a zone ("does not support empty
 * named availability zone"): an aggregate that loses its zone in the
 * state is replaced like a flavor.
 */
static void
plan_aggregate(struct sync_change *ch, json_t **cur)
{
	json_t *haz = ch->have ? json_object_get(ch->have, "availabilityzone") :
	    NULL;

	if (ch->want == NULL) {
		ch->what = SW_DELETE;
		aggregate_delete(ch, cur, "");
		return;
	}
	if (ch->have && json_is_string(haz) && json_is_null(json_object_get(
	    ch->want, "availabilityzone"))) {
		ch->what = SW_REPLACE;
		ch->replaced = xasprintf("availabilityzone %s -> none (nova "
		    "cannot unset a zone)", json_string_value(haz));
		aggregate_delete(ch, cur, " (to replace it)");
	}
	if (ch->have == NULL || ch->what == SW_REPLACE) {
		if (ch->what != SW_REPLACE)
			ch->what = SW_CREATE;
		aggregate_create(ch, cur);
	}
	aggregate_update(ch, ch->want, *cur);
	if (ch->what == SW_NONE && ch->nsteps)
		ch->what = SW_UPDATE;
}

/* Adds the change of one object to p, planning it. */
static void
plan_one(struct sync_plan *p, const char *coll, const char *name,
    const json_t *want, const json_t *have, const char *id, const char *rec)
{
	struct sync_change *ch;
	char *dh = have ? sync_digest(have) : NULL;
	json_t *cur;
	int is_fl = strcmp(coll, SYNC_FLAVORS) == 0;

	if (want == NULL && have && rec == NULL) {	/* never managed */
		strv_push(&p->unmanaged[is_fl ? 0 : 1], name);
		free(dh);
		return;
	}
	if (want && have && !differs(coll, want, have) && rec && dh &&
	    strcmp(rec, dh) == 0) {		/* in line */
		free(dh);
		return;
	}
	xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v));
	ch = &p->v[p->n++];
	memset(ch, 0, sizeof(*ch));
	ch->coll = is_fl ? SYNC_FLAVORS : SYNC_AGGREGATES;
	ch->name = xstrdup(name);
	ch->want = want ? json_deep_copy(want) : NULL;
	ch->have = have ? json_deep_copy(have) : NULL;
	ch->id = id ? xstrdup(id) : NULL;
	ch->adopt = rec == NULL && have != NULL;
	if (rec && (dh == NULL ? want != NULL : strcmp(rec, dh) != 0) &&
	    (want == NULL || have == NULL || differs(coll, want, have)))
		ch->drift = 1;
	cur = have ? json_deep_copy(have) : NULL;
	if (want || have) {
		if (is_fl)
			plan_flavor(ch, &cur);
		else
			plan_aggregate(ch, &cur);
	}
	ch->final = cur ? sync_digest(cur) : NULL;
	json_decref(cur);
	free(dh);
	p->ncalls += ch->nsteps;
	p->ndrift += ch->drift;
	p->nreplace += ch->what == SW_REPLACE;
}

/* Plans one collection: state objects (normalised by want_fn), the
 * cloud's, their ids and the record's digests. */
static void
plan_coll(struct sync_plan *p, const char *coll, const json_t *state,
    json_t *(*want_fn)(const json_t *), const json_t *cloud,
    const json_t *ids, const json_t *rec)
{
	json_t *names = json_object(), *v;
	const char *name;

	json_object_foreach((json_t *)state, name, v)
		json_object_set_new(names, name, json_true());
	json_object_foreach((json_t *)cloud, name, v)
		json_object_set_new(names, name, json_true());
	json_object_foreach((json_t *)rec, name, v)
		json_object_set_new(names, name, json_true());
	json_object_foreach(names, name, v) {
		const json_t *so = json_object_get(state, name);
		json_t *want = so ? want_fn(so) : NULL;

		plan_one(p, coll, name, want, json_object_get(cloud, name),
		    json_string_value(json_object_get(ids, name)),
		    json_string_value(json_object_get(rec, name)));
		json_decref(want);
	}
	json_decref(names);
}

/* Sorts changes by collection (flavors first) and name. */
static int
cmp_change(const void *a, const void *b)
{
	const struct sync_change *x = a, *y = b;
	int c = strcmp(x->coll, y->coll);	/* "flavors" first */

	return c ? c : strcmp(x->name, y->name);
}

/* The record once every change is applied. */
static json_t *
plan_record(const struct sync_plan *p, const json_t *record)
{
	json_t *rec = json_pack("{s:{},s:{}}", SYNC_FLAVORS, SYNC_AGGREGATES);

	if (record) {
		json_object_update(json_object_get(rec, SYNC_FLAVORS),
		    json_object_get(record, SYNC_FLAVORS));
		json_object_update(json_object_get(rec, SYNC_AGGREGATES),
		    json_object_get(record, SYNC_AGGREGATES));
	}
	for (size_t i = 0; i < p->n; i++) {
		json_t *m = json_object_get(rec, p->v[i].coll);

		if (p->v[i].final)
			json_object_set_new(m, p->v[i].name,
			    json_string(p->v[i].final));
		else
			json_object_del(m, p->v[i].name);
	}
	return rec;
}

/* Plans the calls that bring s in line with deployment in view. */
void
sync_plan_make(json_t *view, const char *deployment,
    const struct sync_cloud *s, const json_t *record, struct sync_plan *p)
{
	char *fl = xasprintf("openstack/%s/" SYNC_FLAVORS, deployment);
	char *ag = xasprintf("openstack/%s/" SYNC_AGGREGATES, deployment);

	memset(p, 0, sizeof(*p));
	strv_init(&p->unmanaged[0]);
	strv_init(&p->unmanaged[1]);
	plan_coll(p, SYNC_FLAVORS, view_coll(view, fl), sync_want_flavor,
	    s->flavors, s->flavor_ids, json_object_get(record, SYNC_FLAVORS));
	plan_coll(p, SYNC_AGGREGATES, view_coll(view, ag), sync_want_aggregate,
	    s->aggregates, s->aggregate_ids, json_object_get(record,
	    SYNC_AGGREGATES));
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), cmp_change);
	strv_sort(&p->unmanaged[0]);
	strv_sort(&p->unmanaged[1]);
	p->record = plan_record(p, record);
	free(fl);
	free(ag);
}

/* Releases p. */
void
sync_plan_release(struct sync_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct sync_change *ch = &p->v[i];

		for (size_t j = 0; j < ch->nsteps; j++) {
			free(ch->steps[j].method);
			free(ch->steps[j].path);
			json_decref(ch->steps[j].body);
			free(ch->steps[j].label);
			free(ch->steps[j].after);
		}
		free(ch->steps);
		free(ch->name);
		free(ch->id);
		json_decref(ch->want);
		json_decref(ch->have);
		free(ch->replaced);
		free(ch->final);
	}
	free(p->v);
	strv_release(&p->unmanaged[0]);
	strv_release(&p->unmanaged[1]);
	json_decref(p->record);
	memset(p, 0, sizeof(*p));
}
