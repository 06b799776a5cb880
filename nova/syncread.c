/*
 * syncread.c - the cloud's flavors, aggregates and hypervisors in the
 * state's shapes, the objects' digests and the sync record.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sha256.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "nova/cloud.h"
#include "nova/sync.h"
#include "nova/syncint.h"

/* clang-format off */
const struct sync_field sync_flavor_fields[] = {
	{ "vcpus", "vcpus", SF_INT },
	{ "ram", "ram", SF_INT },
	{ "disk", "disk", SF_INT },
	{ "ephemeral", "OS-FLV-EXT-DATA:ephemeral", SF_INT },
	{ "swap", "swap", SF_INT },
	{ "rxtxfactor", "rxtx_factor", SF_REAL },
	{ "public", "os-flavor-access:is_public", SF_BOOL },
	{ NULL, NULL, SF_INT },
};
/* clang-format on */

/* The default of a flavor property from the schema. */
json_t *
sync_flavor_default(const char *prop)
{
	const struct obj_type *t = view_coll_type(SYNC_FLAVORS);
	const struct prop_def *p = t ? prop_get(t, prop) : NULL;

	return p ? value_default(p) : NULL;
}

/* The value v of field f in the normalised form. */
json_t *
sync_field_value(const struct sync_field *f, const json_t *v)
{
	json_t *def = NULL, *out;

	if (v == NULL || json_is_null(v) || (json_is_string(v) &&
	    *json_string_value(v) == '\0'))	/* nova < 2.75: swap "" */
		v = def = sync_flavor_default(f->prop);
	switch (f->kind) {
	case SF_REAL:
		out = json_real(json_is_number(v) ? json_number_value(v) : 1.0);
		break;
	case SF_BOOL:
		out = json_boolean(v == NULL || json_is_true(v));
		break;
	default:
		out = json_integer(json_is_integer(v) ? json_integer_value(v) :
		    json_is_real(v) ? (json_int_t)json_real_value(v) : 0);
		break;
	}
	json_decref(def);
	return out;
}

/* Sorts the strings of array a in place. */
static int
cmp_json_str(const void *a, const void *b)
{
	const char *x = json_string_value(*(json_t *const *)a);
	const char *y = json_string_value(*(json_t *const *)b);

	return strcmp(x ? x : "", y ? y : "");
}

void
sync_sort_strings(json_t *a)
{
	size_t n = json_array_size(a);
	json_t **v = xcalloc(n ? n : 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(a, i));
	qsort(v, n, sizeof(*v), cmp_json_str);
	json_array_clear(a);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, v[i]);
	free(v);
}

/* A string map with only the string values of m. */
static json_t *
string_map(const json_t *m, const char *skip)
{
	json_t *out = json_object(), *v;
	const char *k;

	json_object_foreach((json_t *)m, k, v)
		if (json_is_string(v) && (skip == NULL || strcmp(k, skip) != 0))
			json_object_set(out, k, v);
	return out;
}

/* A nova flavor record in the state's shape. */
static json_t *
flavor_from_nova(const json_t *f)
{
	json_t *o = json_object(), *d;

	for (size_t i = 0; sync_flavor_fields[i].prop; i++)
		json_object_set_new(o, sync_flavor_fields[i].prop,
		    sync_field_value(&sync_flavor_fields[i],
		    json_object_get(f, sync_flavor_fields[i].nova)));
	json_object_set_new(o, "extraspecs", string_map(json_object_get(f,
	    "extra_specs"), NULL));
	d = json_object_get(f, "description");
	json_object_set_new(o, "description", json_is_string(d) ?
	    json_incref(d) : json_null());
	return o;
}

/* A nova aggregate record in the state's shape. */
static json_t *
aggregate_from_nova(const json_t *a)
{
	json_t *o = json_object(), *nodes = json_array(), *h, *az;
	size_t i;

	json_array_foreach(json_object_get(a, "hosts"), i, h)
		if (json_is_string(h))
			json_array_append(nodes, h);
	sync_sort_strings(nodes);
	json_object_set_new(o, "nodes", nodes);
	az = json_object_get(a, "availability_zone");
	json_object_set_new(o, "availabilityzone", json_is_string(az) &&
	    *json_string_value(az) ? json_incref(az) : json_null());
	json_object_set_new(o, "metadata", string_map(json_object_get(a,
	    "metadata"), "availability_zone"));
	return o;
}

/* The path of the next page after a page of path (j) under key, or NULL. */
static char *
next_page(const char *path, const json_t *j, const char *key)
{
	char *lk = xasprintf("%s_links", key), *out = NULL;
	json_t *l;
	size_t i;

	json_array_foreach(json_object_get(j, lk), i, l) {
		const char *rel = json_string_value(json_object_get(l, "rel"));
		const char *href = json_string_value(json_object_get(l, "href"));
		const char *q;

		if (rel && strcmp(rel, "next") == 0 && href &&
		    (q = strchr(href, '?')) != NULL)
			out = xasprintf("%.*s%s", (int)strcspn(path, "?"), path,
			    q);
	}
	free(lk);
	return out;
}

/* GETs every page of path, appending the elements under key to out. */
static int
get_all(struct cloud *c, const char *path, const char *key, json_t *out,
    char **cause)
{
	char *p = xstrdup(path), *next;
	json_t *j;

	for (size_t page = 0; p != NULL; page++) {
		if ((j = cloud_get(c, p, cause)) == NULL) {
			free(p);
			return -1;
		}
		if (!json_is_array(json_object_get(j, key))) {
			*cause = xasprintf("GET %s: no '%s' in the answer", p,
			    key);
			json_decref(j);
			free(p);
			return -1;
		}
		json_array_extend(out, json_object_get(j, key));
		next = json_array_size(json_object_get(j, key)) ?
		    next_page(p, j, key) : NULL;
		if (next && (strcmp(next, p) == 0 || page > 100000))
			FREE_AND_NULL(next);
		json_decref(j);
		free(p);
		p = next;
	}
	return 0;
}

/* Reads the extra specs of every flavor in s, one GET each (nova before
 * 2.61 does not list them), several at once. */
static int
fetch_extra_specs(struct cloud *c, struct sync_cloud *s, char **cause)
{
	const char *name;
	json_t *f;
	struct http_req *r;
	int rc = 0;

	json_object_foreach(s->flavors, name, f) {
		char *id = http_escape(json_string_value(json_object_get(
		    s->flavor_ids, name)));
		char *path = xasprintf("/flavors/%s/os-extra_specs", id);
		char *url = cloud_url(c, path);

		r = http_req_new("GET", url, NULL);
		r->arg = f;
		http_start(c->http, r);
		free(id);
		free(path);
		free(url);
	}
	while ((r = http_wait(c->http)) != NULL) {
		json_t *j = http_json(r);

		if (r->status == 200 && json_is_object(json_object_get(j,
		    "extra_specs")))
			json_object_set_new(r->arg, "extraspecs",
			    string_map(json_object_get(j, "extra_specs"),
			    NULL));
		else if (rc == 0) {
			char *why = http_failure(r);

			*cause = r->status ? xasprintf("GET %s: %s", r->url,
			    why) : xstrdup(why);
			free(why);
			rc = -1;
		}
		json_decref(j);
		http_req_free(r);
	}
	return rc;
}

/* The id of a nova record as a string (flavors: strings, aggregates:
 * integers). */
static json_t *
id_string(const json_t *rec)
{
	json_t *id = json_object_get(rec, "id");
	char buf[32];

	if (json_is_string(id))
		return json_incref(id);
	snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(id));
	return json_string(buf);
}

/* Reads the cloud's flavors and aggregates. */
int
sync_fetch(struct cloud *c, struct sync_cloud *s, char **cause)
{
	json_t *fl = json_array(), *ag = json_array(), *e;
	size_t i;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->flavors = json_object();
	s->flavor_ids = json_object();
	s->aggregates = json_object();
	s->aggregate_ids = json_object();
	if (get_all(c, "/flavors/detail?is_public=None", "flavors", fl,
	    cause) < 0 || get_all(c, "/os-aggregates", "aggregates", ag,
	    cause) < 0)
		goto out;
	json_array_foreach(fl, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));

		if (name == NULL)
			continue;
		json_object_set_new(s->flavors, name, flavor_from_nova(e));
		json_object_set_new(s->flavor_ids, name, id_string(e));
	}
	json_array_foreach(ag, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));

		if (name == NULL)
			continue;
		json_object_set_new(s->aggregates, name, aggregate_from_nova(e));
		json_object_set_new(s->aggregate_ids, name, id_string(e));
	}
	if (!cloud_has(c, 61) && fetch_extra_specs(c, s, cause) < 0)
		goto out;
	rc = 0;
out:
	json_decref(fl);
	json_decref(ag);
	if (rc < 0)
		sync_cloud_release(s);
	return rc;
}

/* Releases s. */
void
sync_cloud_release(struct sync_cloud *s)
{
	json_decref(s->flavors);
	json_decref(s->flavor_ids);
	json_decref(s->aggregates);
	json_decref(s->aggregate_ids);
	memset(s, 0, sizeof(*s));
}

/* Drops from obj the properties of collection coll at their defaults
 * (but a flavor's size), the empty or null ones and those its type does
 * not have. */
static void
strip_defaults(const char *coll, json_t *obj)
{
	const struct obj_type *t = view_coll_type(coll);
	const char *k;
	json_t *v, *def;
	void *tmp;

	json_object_foreach_safe(obj, tmp, k, v) {
		const struct prop_def *p = t ? prop_get(t, k) : NULL;

		if (strcmp(k, "vcpus") == 0 || strcmp(k, "ram") == 0 ||
		    strcmp(k, "disk") == 0)
			continue;
		def = p ? value_default(p) : NULL;
		if ((t && p == NULL) || json_is_null(v) || (json_is_object(v) &&
		    json_object_size(v) == 0) || (json_is_array(v) &&
		    json_array_size(v) == 0) || (def && json_equal(def, v)))
			json_object_del(obj, k);
		json_decref(def);
	}
}

/* The hypervisors as devices: host -> {roles, memory}. */
static json_t *
import_devices(struct cloud *c, char **cause)
{
	json_t *hv = json_array(), *out = json_object(), *e;
	size_t i;

	if (get_all(c, "/os-hypervisors/detail", "hypervisors", hv,
	    cause) < 0) {
		json_decref(hv);
		json_decref(out);
		return NULL;
	}
	json_array_foreach(hv, i, e) {
		const char *host = json_string_value(json_object_get(
		    json_object_get(e, "service"), "host"));
		json_t *dev, *mem = json_object_get(e, "memory_mb");

		if (host == NULL)
			host = json_string_value(json_object_get(e,
			    "hypervisor_hostname"));
		if (host == NULL)
			continue;
		dev = json_pack("{s:[s]}", "roles", "openstackcompute");
		if (json_is_integer(mem))
			json_object_set(dev, "memory", mem);
		json_object_set_new(out, host, dev);
	}
	json_decref(hv);
	return out;
}

/* Moves the objects of from into a new collection, defaults left out. */
static json_t *
import_coll(const json_t *from, const char *coll)
{
	json_t *out = json_deep_copy(from), *v;
	const char *k;

	json_object_foreach(out, k, v)
		strip_defaults(coll, v);
	return out;
}

/* The cloud as objects of the state. */
json_t *
sync_import(struct cloud *c, const char *deployment, char **cause)
{
	struct sync_cloud s;
	json_t *out, *dev;
	char *fl, *ag;

	if (sync_fetch(c, &s, cause) < 0)
		return NULL;
	if ((dev = import_devices(c, cause)) == NULL) {
		sync_cloud_release(&s);
		return NULL;
	}
	fl = xasprintf("openstack/%s/" SYNC_FLAVORS, deployment);
	ag = xasprintf("openstack/%s/" SYNC_AGGREGATES, deployment);
	out = json_object();
	json_object_set_new(out, "devices", dev);
	json_object_set_new(out, fl, import_coll(s.flavors, fl));
	json_object_set_new(out, ag, import_coll(s.aggregates, ag));
	free(fl);
	free(ag);
	sync_cloud_release(&s);
	return out;
}

/* The digest of an object, "sha256:HEX". */
char *
sync_digest(const json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY), hex[65];

	sha256_hex(s ? s : "", s ? strlen(s) : 0, hex);
	free(s);
	return xasprintf("sha256:%s", hex);
}

/* Copies every cloud's record entries from one written map to another. */
void
sync_record_carry(json_t *to, const json_t *from)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)from, k, v)
		if (strncmp(k, "cloud:", 6) == 0)
			json_object_set(to, k, v);
}

/* The record of cloud in written. */
json_t *
sync_record_from_written(const json_t *written, const char *cloud)
{
	json_t *rec = json_pack("{s:{},s:{}}", SYNC_FLAVORS, SYNC_AGGREGATES);
	char *pre = xasprintf("cloud:%s/", cloud);
	size_t n = strlen(pre);
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)written, k, v) {
		const char *rest = k + n, *slash;
		json_t *d = json_object_get(v, "digest");
		char *coll;

		if (strncmp(k, pre, n) != 0 || !json_is_string(d) ||
		    (slash = strchr(rest, '/')) == NULL)
			continue;
		coll = xstrndup(rest, (size_t)(slash - rest));
		if (json_object_get(rec, coll))
			json_object_set(json_object_get(rec, coll), slash + 1,
			    d);
		free(coll);
	}
	free(pre);
	return rec;
}

/* Replaces the entries of cloud in written by those of record. */
void
sync_record_to_written(json_t *written, const char *cloud,
    const json_t *record)
{
	char *pre = xasprintf("cloud:%s/", cloud);
	size_t n = strlen(pre);
	const char *k, *coll;
	json_t *v, *m;
	void *tmp;

	json_object_foreach_safe(written, tmp, k, v)
		if (strncmp(k, pre, n) == 0)
			json_object_del(written, k);
	json_object_foreach((json_t *)record, coll, m) {
		const char *name;

		json_object_foreach(m, name, v) {
			char *key = xasprintf("%s%s/%s", pre, coll, name);

			json_object_set_new(written, key, json_pack("{s:O}",
			    "digest", v));
			free(key);
		}
	}
	free(pre);
}
