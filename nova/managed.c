/*
 * managed.c - the values of the managed nova.conf options (see
 * managed.h): wanted by a state, read from a file, canonical, digested.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sha256.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/view.h"
#include "nova/compute.h"
#include "nova/filtersrc.h"
#include "nova/ini.h"
#include "nova/managed.h"

const char *const managed_label[NOVA_NOPTS] = {
	"PCI aliases", "passthrough whitelist", "enabled filters",
	"available filters",
};

/* Starts empty values. */
void
managed_init(struct managed *m)
{
	for (int i = 0; i < NOVA_NOPTS; i++)
		strv_init(&m->v[i]);
}

/* Frees managed values. */
void
managed_release(struct managed *m)
{
	for (int i = 0; i < NOVA_NOPTS; i++)
		strv_release(&m->v[i]);
}

/* Copies every value of from into to (see managed.h). */
void
managed_copy(struct managed *to, const struct managed *from)
{
	managed_init(to);
	for (int o = 0; o < NOVA_NOPTS; o++)
		for (size_t i = 0; i < from->v[o].n; i++)
			strv_push(&to->v[o], from->v[o].v[i]);
}

/* 1 if option o has the same values in a and b. */
int
managed_opt_eq(const struct managed *a, const struct managed *b, int o)
{
	if (a->v[o].n != b->v[o].n)
		return 0;
	for (size_t i = 0; i < a->v[o].n; i++)
		if (strcmp(a->v[o].v[i], b->v[o].v[i]) != 0)
			return 0;
	return 1;
}

/*
 * Adds the PCI aliases of colls (sorted by name) to m, and returns the
 * whitelist they imply: their vendor and product IDs, deduplicated (a
 * new reference).
 */
static json_t *
alias_values(json_t *colls, struct managed *m)
{
	json_t *al = view_coll(colls, NOVA_DEFAULT_OS "/pcialiases");
	json_t *list = json_array(), *o, *e;
	struct strv names = STRV_INIT;
	const char *k;

	if (al)
		json_object_foreach(al, k, o)
			strv_push(&names, k);
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		json_t *a = json_object_get(al, names.v[i]), *j, *w;
		json_t *v = json_object_get(a, "vendorid");
		json_t *p = json_object_get(a, "productid");
		json_t *dt = json_object_get(a, "devicetype");
		json_t *np = json_object_get(a, "numapolicy");
		int dup = 0;
		size_t x;

		j = json_object();
		json_object_set_new(j, "name", json_string(names.v[i]));
		if (v)
			json_object_set(j, "vendor_id", v);
		if (p)
			json_object_set(j, "product_id", p);
		json_object_set_new(j, "device_type", dt ? json_incref(dt) :
		    json_string("type-PCI"));
		if (np)
			json_object_set(j, "numa_policy", np);
		strv_push_nodup(&m->v[NOVA_OPT_ALIAS],
		    json_dumps(j, JSON_PRESERVE_ORDER));
		json_decref(j);
		if (v == NULL || p == NULL)
			continue;
		w = json_pack("{s:O, s:O}", "vendor_id", v, "product_id", p);
		json_array_foreach(list, x, e)
			if (json_equal(e, w))
				dup = 1;
		if (!dup)
			json_array_append(list, w);
		json_decref(w);
	}
	strv_release(&names);
	return list;
}

/*
 * Adds the enabled and available filters of the compute settings c to m.
 * Returns 1 if the filters need ocmsh's filter module.
 */
static int
filter_values(json_t *c, struct managed *m)
{
	json_t *sf = c ? json_object_get(c, "schedulerfilters") : NULL;
	json_t *av = c ? json_object_get(c, "availablefilters") : NULL;
	struct strv filters = STRV_INIT;
	struct strv *avail = &m->v[NOVA_OPT_AVAILABLE_FILTERS];
	json_t *e;
	size_t i;
	int r1 = 0, r2 = 0;

	json_array_foreach(sf, i, e) {
		strv_push(&filters, json_string_value(e));
		if (strcmp(json_string_value(e), "ReserveRamFilter") == 0)
			r1 = 1;
		if (strcmp(json_string_value(e), "ReserveAggregateRamFilter")
		    == 0)
			r2 = 1;
	}
	if (filters.n)
		strv_push_nodup(&m->v[NOVA_OPT_ENABLED_FILTERS],
		    strv_join(&filters, ","));
	strv_release(&filters);
	if (json_array_size(av)) {
		json_array_foreach(av, i, e)
			strv_push(avail, json_string_value(e));
		return r1 || r2;
	}
	strv_push(avail, "nova.scheduler.filters.all_filters");
	if (r1)
		strv_push(avail, OCMSH_FILTER_CLASS_RESERVE);
	if (r2)
		strv_push(avail, OCMSH_FILTER_CLASS_RESERVE_AGGREGATE);
	return r1 || r2;
}

/* What the files of a state are to hold (see managed.h). */
void
managed_want(json_t *colls, struct managed *m, int *need_module)
{
	json_t *c = nova_compute(colls, NULL);
	json_t *wl = c ? json_object_get(c, "pcipassthroughwhitelist") : NULL;
	json_t *list;
	int need;

	managed_init(m);
	list = alias_values(colls, m);
	if (json_array_size(wl))
		strv_push_nodup(&m->v[NOVA_OPT_WHITELIST],
		    json_dumps(wl, JSON_PRESERVE_ORDER));
	else if (json_array_size(list))
		strv_push_nodup(&m->v[NOVA_OPT_WHITELIST],
		    json_dumps(list, JSON_PRESERVE_ORDER));
	json_decref(list);
	need = filter_values(c, m);
	if (need_module)
		*need_module = need;
}

/* The managed values of a parsed nova.conf (see managed.h). */
void
managed_read(const struct ini *ini, int release, struct managed *m,
    int *present)
{
	managed_init(m);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		const struct ini_name *names;
		size_t n = nova_opt_all_names(o, &names), found = 0;
		struct strv tmp = STRV_INIT;

		if (nova_opt_multi(o)) {
			/* nova merges a multi-valued option's names */
			for (size_t i = 0; i < n; i++)
				found += ini_get(ini, &names[i], &m->v[o]);
		} else {
			/*
			 * A single value: the release's own name wins, else
			 * the newest name present; the last occurrence
			 * counts, as in oslo.config.
			 */
			if (ini_get(ini, nova_opt_name(o, release), &tmp) == 0)
				for (size_t i = 0; i < n && tmp.n == 0; i++)
					ini_get(ini, &names[i], &tmp);
			if (tmp.n)
				strv_push(&m->v[o], tmp.v[tmp.n - 1]);
			found = tmp.n;
		}
		strv_release(&tmp);
		if (present)
			present[o] = found > 0;
	}
}

/* Lower-cases the string values of the given keys of a JSON object. */
static void
lower_ids(json_t *j, const char *const *keys)
{
	for (size_t k = 0; keys[k]; k++) {
		json_t *v = json_object_get(j, keys[k]);
		char *s;

		if (!json_is_string(v))
			continue;
		s = xstrdup(json_string_value(v));
		for (char *p = s; *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		json_object_set_new(j, keys[k], json_string(s));
		free(s);
	}
}

static const char *const id_keys[] = { "vendor_id", "product_id", NULL };

/* Canonical JSON text (sorted keys, compact) of a JSON value. */
static char *
canon_dump(json_t *j)
{
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT |
	    JSON_ENCODE_ANY);

	return s ? s : xstrdup("");
}

/*
 * Canonical text of one alias: sorted keys, hex IDs in lower case, the
 * device type ocmsh writes (type-PCI) when none is given.  Text that is
 * not a JSON object stays as it is.
 */
static char *
canon_alias(const char *text)
{
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	char *s;

	if (!json_is_object(j)) {
		json_decref(j);
		return xstrdup(text);
	}
	lower_ids(j, id_keys);
	if (json_object_get(j, "device_type") == NULL)
		json_object_set_new(j, "device_type", json_string("type-PCI"));
	s = canon_dump(j);
	json_decref(j);
	return s;
}

/* Brings values to their canonical form (see managed.h). */
void
managed_normalise(struct managed *m)
{
	struct strv *sv, items = STRV_INIT;

	sv = &m->v[NOVA_OPT_ALIAS];
	for (size_t i = 0; i < sv->n; i++) {
		char *c = canon_alias(sv->v[i]);

		free(sv->v[i]);
		sv->v[i] = c;
	}
	strv_sort(sv);
	strv_uniq(sv);

	sv = &m->v[NOVA_OPT_WHITELIST];
	for (size_t i = 0; i < sv->n; i++) {
		json_t *j = json_loads(sv->v[i], JSON_DECODE_ANY, NULL), *e;
		size_t k;

		if (json_is_array(j)) {
			json_array_foreach(j, k, e) {
				if (json_is_object(e))
					lower_ids(e, id_keys);
				strv_push_nodup(&items, canon_dump(e));
			}
		} else if (j) {
			if (json_is_object(j))
				lower_ids(j, id_keys);
			strv_push_nodup(&items, canon_dump(j));
		} else
			strv_push(&items, sv->v[i]);
		json_decref(j);
	}
	strv_clear(sv);
	if (items.n) {
		char *list;

		strv_sort(&items);
		strv_uniq(&items);
		list = strv_join(&items, ",");
		strv_push_nodup(sv, xasprintf("[%s]", list));
		free(list);
	}
	strv_clear(&items);

	sv = &m->v[NOVA_OPT_ENABLED_FILTERS];
	for (size_t i = 0; i < sv->n; i++) {
		char *copy = xstrdup(sv->v[i]), *save = NULL, *t;

		for (t = strtok_r(copy, ",", &save); t;
		    t = strtok_r(NULL, ",", &save))
			if (*(t = str_trim(t)))
				strv_push(&items, t);
		free(copy);
	}
	strv_clear(sv);
	if (items.n)
		strv_push_nodup(sv, strv_join(&items, ","));
	strv_clear(&items);

	sv = &m->v[NOVA_OPT_AVAILABLE_FILTERS];
	for (size_t i = 0; i < sv->n; i++) {
		char *t = str_trim(sv->v[i]);

		if (*t && strv_find(&items, t) < 0)
			strv_push(&items, t);
	}
	strv_clear(sv);
	for (size_t i = 0; i < items.n; i++)
		strv_push(sv, items.v[i]);
	if (sv->n == 0)
		strv_push(sv, "nova.scheduler.filters.all_filters");
	strv_release(&items);
}

/* The digest of canonical values, "sha256:HEX" (see managed.h). */
char *
managed_digest(const struct managed *m)
{
	struct sha256 c;
	unsigned char out[32];
	char hex[65];

	sha256_init(&c);
	for (int o = 0; o < NOVA_NOPTS; o++) {
		sha256_update(&c, managed_label[o], strlen(managed_label[o]));
		sha256_update(&c, "\0", 1);
		for (size_t i = 0; i < m->v[o].n; i++) {
			sha256_update(&c, m->v[o].v[i], strlen(m->v[o].v[i]));
			sha256_update(&c, "\n", 1);
		}
		sha256_update(&c, "\0", 1);
	}
	sha256_final(&c, out);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
	return xasprintf("sha256:%s", hex);
}


/* One whitelist entry in canonical form (see managed.h). */
char *
managed_canon_entry(json_t *entry)
{
	json_t *e = json_deep_copy(entry);
	char *s;

	if (json_is_object(e))
		lower_ids(e, id_keys);
	s = canon_dump(e);
	json_decref(e);
	return s;
}

/* The elements of option o of canonical values (see managed.h). */
void
managed_elements(const struct managed *m, int o, struct strv *out)
{
	const struct strv *sv = &m->v[o];

	for (size_t i = 0; i < sv->n; i++) {
		json_t *j, *e;
		char *copy, *save = NULL, *t;
		size_t k;

		switch (o) {
		case NOVA_OPT_WHITELIST:
			j = json_loads(sv->v[i], JSON_DECODE_ANY, NULL);
			if (!json_is_array(j)) {
				strv_push(out, sv->v[i]);
				json_decref(j);
				break;
			}
			json_array_foreach(j, k, e)
				strv_push_nodup(out, canon_dump(e));
			json_decref(j);
			break;
		case NOVA_OPT_ENABLED_FILTERS:
			copy = xstrdup(sv->v[i]);
			for (t = strtok_r(copy, ",", &save); t;
			    t = strtok_r(NULL, ",", &save))
				strv_push(out, t);
			free(copy);
			break;
		default:
			strv_push(out, sv->v[i]);
		}
	}
}

/* 1 if w holds every element of option o of h (see managed.h). */
int
managed_covers(const struct managed *w, const struct managed *h, int o)
{
	struct strv we = STRV_INIT, he = STRV_INIT;
	int all = 1;

	managed_elements(w, o, &we);
	managed_elements(h, o, &he);
	for (size_t i = 0; all && i < he.n; i++)
		all = strv_find(&we, he.v[i]) >= 0;
	strv_release(&we);
	strv_release(&he);
	return all;
}
