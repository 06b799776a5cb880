/*
 * import.c - a nova.conf's managed values in state terms (see import.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/value.h"
#include "nova/ini.h"
#include "nova/filtersrc.h"
#include "nova/import.h"

/* The property prop of pcialias objects. */
static const struct prop_def *
alias_def(const char *prop)
{
	const struct obj_type *t = type_find("pcialias");

	return t ? prop_get(t, prop) : NULL;
}

/*
 * One property of an alias as text, its row's default (value_default)
 * when unset, "" when it has none.  Caller frees.
 */
static char *
alias_prop(json_t *a, const char *prop)
{
	const struct prop_def *pd = alias_def(prop);
	json_t *v = json_object_get(a, prop);

	if (pd == NULL)
		return xstrdup(json_is_string(v) ? json_string_value(v) : "");
	return value_format(pd, v, "");
}

/* 1 if two aliases render the same nova.conf entry. */
int
import_alias_equiv(json_t *a, json_t *b)
{
	static const char *const props[] = {
		"vendorid", "productid", "devicetype", "numapolicy",
	};
	int same = 1;

	for (size_t i = 0; same && i < ARRAY_SIZE(props); i++) {
		char *va = alias_prop(a, props[i]);
		char *vb = alias_prop(b, props[i]);

		same = strcasecmp(va, vb) == 0;
		free(va);
		free(vb);
	}
	return same;
}

/* An alias as "10de:15f8 type-PCI [numa_policy]" (see import.h). */
char *
import_alias_text(json_t *a)
{
	char *v = alias_prop(a, "vendorid"), *p = alias_prop(a, "productid");
	char *t = alias_prop(a, "devicetype"), *n = alias_prop(a, "numapolicy");
	char *s = xasprintf("%s:%s %s%s%s", *v ? v : "?", *p ? p : "?", t,
	    *n ? " numa_policy " : "", n);

	free(v);
	free(p);
	free(t);
	free(n);
	return s;
}

/* 1 if available filters are what commit derives (see import.h). */
int
import_available_standard(json_t *available, json_t *enabled)
{
	struct strv want = STRV_INIT, have = STRV_INIT;
	size_t i;
	json_t *e;
	int same;

	strv_push(&want, "nova.scheduler.filters.all_filters");
	json_array_foreach(enabled, i, e) {
		if (strcmp(json_string_value(e), "ReserveRamFilter") == 0)
			strv_push(&want, OCMSH_FILTER_CLASS_RESERVE);
		if (strcmp(json_string_value(e), "ReserveAggregateRamFilter")
		    == 0)
			strv_push(&want, OCMSH_FILTER_CLASS_RESERVE_AGGREGATE);
	}
	json_array_foreach(available, i, e)
		strv_push(&have, json_string_value(e));
	if (have.n == 0)
		strv_push(&have, "nova.scheduler.filters.all_filters");
	strv_sort(&want);
	strv_uniq(&want);
	strv_sort(&have);
	strv_uniq(&have);
	same = want.n == have.n;
	for (i = 0; same && i < want.n; i++)
		same = strcmp(want.v[i], have.v[i]) == 0;
	strv_release(&want);
	strv_release(&have);
	return same;
}

/* Converts one alias JSON into a pcialias object. */
static json_t *
alias_from_json(const char *file, const char *text, char **name,
    char **cause)
{
	json_t *j = json_loads(text, 0, NULL), *o, *v;
	static const struct { const char *json, *prop; } map[] = {
		{ "vendor_id", "vendorid" }, { "product_id", "productid" },
		{ "device_type", "devicetype" },
		{ "numa_policy", "numapolicy" },
	};
	const struct prop_def *pd;

	if (!json_is_object(j) || !json_is_string(json_object_get(j,
	    "name"))) {
		*cause = xasprintf("%s: PCI alias '%s' is not a JSON object "
		    "with a name", file, text);
		json_decref(j);
		return NULL;
	}
	o = json_object();
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if ((v = json_object_get(j, map[i].json)) == NULL)
			continue;
		pd = alias_def(map[i].prop);
		if (pd == NULL || !json_is_string(v) || (v = value_parse_one(pd,
		    json_string_value(v), cause)) == NULL) {
			char *e = *cause;

			*cause = xasprintf("%s: PCI alias '%s': %s", file,
			    text, e ? e : "bad value");
			free(e);
			json_decref(o);
			json_decref(j);
			return NULL;
		}
		json_object_set_new(o, map[i].prop, v);
	}
	*name = xstrdup(json_string_value(json_object_get(j, "name")));
	json_decref(j);
	return o;
}

/*
 * The line of the file where option o holds text (the first such
 * occurrence, blanks around either ignored), or 0 (also without ini).
 */
static size_t
import_line(const struct ini *ini, int o, const char *text)
{
	const struct ini_name *names;
	size_t n = nova_opt_all_names(o, &names), line = 0;
	char *want = xstrdup(text), *w = str_trim(want);

	for (size_t i = 0; ini && i < n && line == 0; i++) {
		struct strv vals = STRV_INIT;

		ini_get(ini, &names[i], &vals);
		for (size_t k = 0; k < vals.n && line == 0; k++)
			if (strcmp(str_trim(vals.v[k]), w) == 0)
				line = ini_line_nth(ini, &names[i], k);
		strv_release(&vals);
	}
	free(want);
	return line;
}

/*
 * Sets *cause to "FILE:LINE: what: why" for text, a value of option o
 * that the rules of set refuse; takes why.
 */
static void
import_refuse(const char *file, const struct ini *ini, int o,
    const char *text, const char *what, char *why, char **cause)
{
	size_t line = import_line(ini, o, text);

	if (line)
		*cause = xasprintf("%s:%zu: %s: %s", file, line, what, why);
	else
		*cause = xasprintf("%s: %s: %s", file, what, why);
	free(why);
}

/*
 * Loads list, what the import takes as property prop of the compute
 * record, by the rules of the state file (the same as set's): the loaded
 * value (a new reference), or NULL with *cause naming the file, what and
 * the line of option o that holds text (NULL: the culprit element).
 */
static json_t *
import_load(const char *file, const struct ini *ini, int o, const char *text,
    const char *prop, json_t *list, const char *what, char **cause)
{
	const struct obj_type *t = type_find("compute");
	const struct prop_def *p = t ? prop_get(t, prop) : NULL;
	struct value_at at;
	char *e = NULL;
	json_t *v, *bad;

	if (p == NULL)
		return json_incref(list);
	if ((v = value_load(t, p, list, &at, &e)) != NULL)
		return v;
	bad = json_array_get(list, at.in == list ? at.index : 0);
	if (text == NULL)
		text = json_is_string(bad) ? json_string_value(bad) : "";
	import_refuse(file, ini, o, text, what, e, cause);
	return NULL;
}

/*
 * Refuses an alias name that breaks the name rule of add and of the state
 * file, or that differs from one of aliases only in case: 0, or -1 with
 * *cause naming the line of text.
 */
static int
alias_name_ok(const char *file, const struct ini *ini, json_t *aliases,
    const char *name, const char *text, char **cause)
{
	const struct obj_type *t = type_find("pcialias");
	const char *other = NULL;
	char *e = NULL, *shown, *what;

	if (t == NULL || (type_name_check(t, name, strlen(name), &e) == 0 &&
	    ((other = type_name_clash(aliases, name)) == NULL ||
	    strcmp(other, name) == 0)))
		return 0;
	if (e == NULL)
		e = xasprintf("pcialias '%s' differs from '%s' only in case",
		    name, other);
	shown = value_text_shown(name, strlen(name));
	what = xasprintf("PCI alias '%s'", shown);
	import_refuse(file, ini, NOVA_OPT_ALIAS, text, what, e, cause);
	free(what);
	free(shown);
	return -1;
}

/*
 * The PCI aliases of the file (vals, one JSON object each) as pcialias
 * objects by name: a new object, or NULL with *cause.
 */
static json_t *
import_aliases(const char *file, const struct ini *ini,
    const struct strv *vals, char **cause)
{
	json_t *aliases = json_object();

	for (size_t i = 0; i < vals->n; i++) {
		char *name = NULL;
		json_t *a, *old;

		a = alias_from_json(file, vals->v[i], &name, cause);
		if (a != NULL && alias_name_ok(file, ini, aliases, name,
		    vals->v[i], cause) != 0) {
			json_decref(a);
			a = NULL;
			free(name);
		}
		if (a == NULL) {
			json_decref(aliases);
			return NULL;
		}
		if ((old = json_object_get(aliases, name)) != NULL &&
		    !json_equal(old, a)) {
			*cause = xasprintf("%s: PCI alias '%s' is defined more "
			    "than once with different devices; ocmsh keeps one "
			    "device per alias name", file, name);
			free(name);
			json_decref(a);
			json_decref(aliases);
			return NULL;
		}
		json_object_set_new(aliases, name, a);
		free(name);
	}
	return aliases;
}

/* Appends the whitelist value text (an object or a list of them) to wl. */
static int
whitelist_add(json_t *wl, const char *text)
{
	json_t *j = json_loads(text, 0, NULL), *e;
	size_t k;
	int r = 0;

	if (json_is_object(j))
		json_array_append(wl, j);
	else if (json_is_array(j)) {
		json_array_foreach(j, k, e)
			if (!json_is_object(e))
				r = -1;
		if (r == 0)
			json_array_extend(wl, j);
	} else
		r = -1;
	json_decref(j);
	return r;
}

/*
 * The whitelist entries of the file (vals), each by the rules of set: a
 * new list, or NULL.
 */
static json_t *
import_whitelist(const char *file, const struct ini *ini,
    const struct strv *vals, char **cause)
{
	json_t *wl = json_array();

	for (size_t i = 0; i < vals->n; i++) {
		json_t *one = json_array(), *v = NULL;

		if (whitelist_add(one, vals->v[i]) != 0)
			*cause = xasprintf("%s: whitelist entry '%s' is not a "
			    "JSON object or list of objects", file, vals->v[i]);
		else
			v = import_load(file, ini, NOVA_OPT_WHITELIST,
			    vals->v[i], "pcipassthroughwhitelist", one,
			    "whitelist", cause);
		json_decref(one);
		if (v == NULL) {
			json_decref(wl);
			return NULL;
		}
		json_array_extend(wl, v);
		json_decref(v);
	}
	return wl;
}

/* The whitelist commit derives from the aliases (a new list). */
static json_t *
derived_whitelist(json_t *aliases)
{
	json_t *derived = json_array(), *a;
	const char *k;

	json_object_foreach(aliases, k, a) {
		json_t *w = json_pack("{s:O?, s:O?}", "vendor_id",
		    json_object_get(a, "vendorid"), "product_id",
		    json_object_get(a, "productid"));
		json_t *e;
		size_t x;
		int dup = 0;

		json_array_foreach(derived, x, e)
			dup |= json_equal(e, w);
		if (!dup)
			json_array_append(derived, w);
		json_decref(w);
	}
	return derived;
}

/*
 * The enabled filters of the file's value (a comma list, which may be
 * continued on further lines), as a new list.
 */
static json_t *
import_enabled(const char *value)
{
	json_t *f = json_array();
	char *copy = xstrdup(value), *save = NULL, *t;

	for (t = strtok_r(copy, ",\n", &save); t;
	    t = strtok_r(NULL, ",\n", &save))
		if (*(t = str_trim(t)))	/* checked by import_load */
			json_array_append_new(f, json_stringn_nocheck(t,
			    strlen(t)));
	free(copy);
	return f;
}

/* The available filters of the file, trimmed (a new list). */
static json_t *
import_available(const struct strv *vals)
{
	json_t *a = json_array();

	for (size_t i = 0; i < vals->n; i++) {
		char *t = xstrdup(vals->v[i]), *tt = str_trim(t);

		if (*tt)	/* checked by import_load */
			json_array_append_new(a, json_stringn_nocheck(tt,
			    strlen(tt)));
		free(t);
	}
	return a;
}

/*
 * The filters of the file by the rules of set into im->enabled (when the
 * file names them) and im->available: 0, or -1 with *cause.
 */
static int
import_filters(const char *file, const struct ini *ini,
    const struct strv *raw, struct import *im, char **cause)
{
	const struct strv *en = &raw[NOVA_OPT_ENABLED_FILTERS];
	json_t *v;

	if (en->n) {
		v = import_enabled(en->v[0]);
		im->enabled = import_load(file, ini, NOVA_OPT_ENABLED_FILTERS,
		    en->v[0], "schedulerfilters", v, "enabled filters", cause);
		json_decref(v);
		if (im->enabled == NULL)
			return -1;
	}
	v = import_available(&raw[NOVA_OPT_AVAILABLE_FILTERS]);
	im->available = import_load(file, ini, NOVA_OPT_AVAILABLE_FILTERS,
	    NULL, "availablefilters", v, "available filters", cause);
	json_decref(v);
	return im->available ? 0 : -1;
}

/* Translates a file's values into state terms (see import.h). */
int
import_values(const char *file, const struct ini *ini, const struct strv *raw,
    struct import *im, char **cause)
{
	memset(im, 0, sizeof *im);
	if ((im->aliases = import_aliases(file, ini, &raw[NOVA_OPT_ALIAS],
	    cause)) == NULL ||
	    (im->whitelist = import_whitelist(file, ini,
	    &raw[NOVA_OPT_WHITELIST], cause)) == NULL ||
	    import_filters(file, ini, raw, im, cause) != 0) {
		import_release(im);
		return -1;
	}
	im->derived = derived_whitelist(im->aliases);
	return 0;
}

/* Frees what import_values() filled in. */
void
import_release(struct import *im)
{
	json_decref(im->aliases);
	json_decref(im->whitelist);
	json_decref(im->derived);
	json_decref(im->enabled);
	json_decref(im->available);
	memset(im, 0, sizeof *im);
}
