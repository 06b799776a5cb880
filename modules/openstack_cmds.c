/*
 * openstack_cmds.c - openstack mode's own command: importnovaconf, which
 * takes the managed options of an image's nova.conf into the state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "state/rootpath.h"
#include "shell/cmd.h"
#include "nova/filtersrc.h"
#include "nova/compute.h"
#include "nova/ini.h"
#include "modules/modules.h"
#include "nova/novaopts.h"
#include "nova/render.h"
#include "lib/xalloc.h"
#include "lib/strv.h"


/*
 * One property of an alias as text, its row's default (value_default)
 * when unset, "" when it has none.  Caller frees.
 */
static char *
alias_prop(json_t *a, const char *prop)
{
	return value_format(prop_get(&pcialias_type, prop),
	    json_object_get(a, prop), "");
}

/* 1 if two aliases render the same nova.conf entry. */
static int
alias_equiv(json_t *a, json_t *b)
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

/* 1 if available filters are what commit derives for these filters. */
static int
standard_available(const struct strv *avail, json_t *enabled)
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
	for (i = 0; i < avail->n; i++)
		strv_push(&have, avail->v[i]);
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
		{ "device_type", "devicetype" }, { "numa_policy", "numapolicy" },
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
		pd = prop_get(&pcialias_type, map[i].prop);
		if (!json_is_string(v) || (v = value_parse_one(pd,
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
 * occurrence, blanks around either ignored), or 0.
 */
static size_t
import_line(const struct ini *ini, int o, const char *text)
{
	const struct ini_name *names;
	size_t n = nova_opt_all_names(o, &names), line = 0;
	char *want = xstrdup(text), *w = str_trim(want);

	for (size_t i = 0; i < n && line == 0; i++) {
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
 * Loads list, what the import stages as property prop of the compute
 * record, by the rules of the state file (the same as set's): the loaded
 * value (a new reference), or NULL with *cause naming the file, what and
 * the line of option o that holds text (NULL: the culprit element).
 */
static json_t *
import_load(const char *file, const struct ini *ini, int o, const char *text,
    const char *prop, json_t *list, const char *what, char **cause)
{
	const struct prop_def *p = prop_get(&compute_type, prop);
	struct value_at at;
	char *e = NULL;
	json_t *v, *bad;

	if ((v = value_load(&compute_type, p, list, &at, &e)) != NULL)
		return v;
	bad = json_array_get(list, at.in == list ? at.index : 0);
	if (text == NULL)
		text = json_is_string(bad) ? json_string_value(bad) : "";
	import_refuse(file, ini, o, text, what, e, cause);
	return NULL;
}

/*
 * Reads and parses the nova.conf of image: *ini (free with ini_free) and
 * *file, its path for messages (caller frees).  Returns 0, or -1 with
 * *cause.
 */
static int
import_read(struct session *s, const char *image, struct ini **ini,
    char **file, char **cause)
{
	json_t *img = view_get(s->store->staged, "softwareimages", image);
	const char *path;
	char *buf = NULL, *root;
	size_t len;
	int r;

	if (img == NULL) {
		*cause = xasprintf("no such softwareimage '%s'", image);
		return -1;
	}
	if (view_get(s->store->staged, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT) ==
	    NULL) {
		*cause = xstrdup("no OpenStack deployment '" NOVA_DEPLOYMENT
		    "'");
		return -1;
	}
	if ((path = json_string_value(json_object_get(img, "path"))) == NULL) {
		*cause = xasprintf("softwareimage '%s' has no path", image);
		return -1;
	}
	root = strcmp(s->store->root, "/") ? xasprintf("%s%s", s->store->root,
	    path) : xstrdup(path);
	*file = xasprintf("%s/etc/nova/nova.conf", root);
	/* found inside ROOT and the image, as commit writes it */
	r = rootpath_read(s->store->root, path, "/etc/nova/nova.conf", &buf,
	    &len, cause);
	free(root);
	if (r <= 0) {
		if (r == 0)
			*cause = xasprintf("%s: no such file", *file);
		FREE_AND_NULL(*file);
		return -1;
	}
	*ini = ini_parse(buf, len);
	free(buf);
	return 0;
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
		char *name = NULL, *e = NULL;
		json_t *a = alias_from_json(file, vals->v[i], &name, cause), *old;
		const char *other;

		if (a == NULL) {
			json_decref(aliases);
			return NULL;
		}
		/* the name rule of add, and of the state file */
		if (type_name_check(&pcialias_type, name, strlen(name),
		    &e) != 0 || ((other = type_name_clash(aliases, name)) &&
		    (e = xasprintf("pcialias '%s' differs from '%s' only in "
		    "case", name, other)))) {
			char *shown = value_text_shown(name, strlen(name));
			char *what = xasprintf("PCI alias '%s'", shown);

			import_refuse(file, ini, NOVA_OPT_ALIAS, vals->v[i],
			    what, e, cause);
			free(what);
			free(shown);
			free(name);
			json_decref(a);
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

/*
 * Stages the aliases: those the file lacks are removed, and one that
 * means the same as the file's stays as it is.
 */
static void
stage_aliases(struct session *s, json_t *aliases)
{
	char *cp = xstrdup(NOVA_DEFAULT_OS "/pcialiases");
	json_t *coll = view_coll(s->store->staged, cp), *a;
	struct strv gone = STRV_INIT;
	const char *k;

	if (coll)
		json_object_foreach(coll, k, a)
			if (json_object_get(aliases, k) == NULL)
				strv_push(&gone, k);
	for (size_t i = 0; i < gone.n; i++)
		store_remove(s->store, cp, gone.v[i]);
	coll = view_coll(s->store->staged, cp);
	json_object_foreach(aliases, k, a) {
		json_t *cur = coll ? json_object_get(coll, k) : NULL;

		if (cur == NULL || !alias_equiv(cur, a))
			store_put(s->store, cp, k, json_incref(a));
	}
	strv_release(&gone);
	free(cp);
}

/* The staged compute record of the default deployment, made if missing. */
static json_t *
staged_compute(struct session *s)
{
	json_t *os = store_get_w(s->store, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT);
	json_t *st, *compute;

	if ((st = json_object_get(os, "settings")) == NULL)
		json_object_set_new(os, "settings", st = json_object());
	if ((compute = json_object_get(st, "compute")) == NULL)
		json_object_set_new(st, "compute", compute = json_object());
	return compute;
}

/*
 * The available filters to stage (avail, trimmed in place), as a new list
 * to check by import_load; NULL when they are what commit derives for the
 * enabled filters (the file's, else the staged ones).
 */
static json_t *
import_available(struct session *s, struct strv *avail, json_t *enabled)
{
	json_t *os = view_get(s->store->staged, NOVA_DEPLOYMENTS,
	    NOVA_DEPLOYMENT), *a;

	if (enabled == NULL)
		enabled = json_object_get(json_object_get(json_object_get(os,
		    "settings"), "compute"), "schedulerfilters");
	for (size_t i = 0; i < avail->n; i++) {
		char *t = str_trim(avail->v[i]);

		memmove(avail->v[i], t, strlen(t) + 1);
	}
	if (standard_available(avail, enabled))
		return NULL;
	a = json_array();
	for (size_t i = 0; i < avail->n; i++)
		if (*avail->v[i])
			json_array_append_new(a, json_stringn_nocheck(
			    avail->v[i], strlen(avail->v[i])));
	return a;
}

/*
 * Stages the compute record: the whitelist when it differs from the one
 * derived from the aliases, the enabled filters when the file names them
 * (enabled NULL: it does not), the available filters unless they are
 * what commit derives (avail NULL).
 */
static void
stage_compute(struct session *s, json_t *wl, json_t *derived,
    json_t *enabled, json_t *avail)
{
	json_t *compute = staged_compute(s);

	if (json_array_size(wl) && !json_equal(wl, derived))
		json_object_set(compute, "pcipassthroughwhitelist", wl);
	else
		json_object_del(compute, "pcipassthroughwhitelist");
	if (enabled)
		json_object_set(compute, "schedulerfilters", enabled);
	if (avail == NULL)
		json_object_del(compute, "availablefilters");
	else
		json_object_set(compute, "availablefilters", avail);
}

/*
 * The filters of the file by the rules of set (*enabled and *avail: the
 * values to stage, either may be NULL); -1 with *cause naming the line.
 */
static int
import_filters(struct session *s, const char *file, const struct ini *ini,
    struct strv *conf, json_t **enabled, json_t **avail, char **cause)
{
	json_t *v;

	*enabled = *avail = NULL;
	if (conf[NOVA_OPT_ENABLED_FILTERS].n) {
		v = import_enabled(conf[NOVA_OPT_ENABLED_FILTERS].v[0]);
		*enabled = import_load(file, ini, NOVA_OPT_ENABLED_FILTERS,
		    conf[NOVA_OPT_ENABLED_FILTERS].v[0], "schedulerfilters",
		    v, "enabled filters", cause);
		json_decref(v);
		if (*enabled == NULL)
			return -1;
	}
	v = import_available(s, &conf[NOVA_OPT_AVAILABLE_FILTERS], *enabled);
	if (v != NULL) {
		*avail = import_load(file, ini, NOVA_OPT_AVAILABLE_FILTERS,
		    NULL, "availablefilters", v, "available filters", cause);
		json_decref(v);
		if (*avail == NULL)
			return -1;
	}
	return 0;
}

/*
 * importnovaconf IMAGE: reads the file, translates its managed options
 * into state terms (all of it, before anything is staged), then stages.
 */
static int
cmd_importnovaconf_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *const *argv = args->argv;
	struct strv conf[NOVA_NOPTS];
	json_t *aliases = NULL, *wl = NULL, *derived, *enabled = NULL;
	json_t *avail = NULL;
	struct ini *ini;
	char *file;
	int ret = CMD_ERROR;

	if (import_read(s, argv[1], &ini, &file, cause) != 0)
		return CMD_ERROR;
	render_conf_values(ini, nova_compute_release(s->store->staged, NULL),
	    conf, NULL);
	if ((aliases = import_aliases(file, ini, &conf[NOVA_OPT_ALIAS],
	    cause)) == NULL ||
	    (wl = import_whitelist(file, ini, &conf[NOVA_OPT_WHITELIST],
	    cause)) == NULL ||
	    import_filters(s, file, ini, conf, &enabled, &avail, cause) != 0)
		goto out;
	derived = derived_whitelist(aliases);
	stage_aliases(s, aliases);
	stage_compute(s, wl, derived, enabled, avail);
	json_decref(derived);
	ret = CMD_OK;
out:
	for (int o = 0; o < NOVA_NOPTS; o++)
		strv_release(&conf[o]);
	json_decref(enabled);
	json_decref(avail);
	json_decref(wl);
	json_decref(aliases);
	ini_free(ini);
	free(file);
	return ret;
}

static const struct cmd_entry cmd_importnovaconf_entry = {
	.name = "importnovaconf",
	.min_args = 1,
	.max_args = 1,
	.usage = "importnovaconf IMAGE",
	.help = "Stage the PCI aliases, whitelist and filters of an image's "
	    "nova.conf",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_REF, ARG_END },
	.ref = "softwareimage",
	.exec = cmd_importnovaconf_exec
};

const struct cmd_entry *const openstack_cmds[] = {
	&cmd_importnovaconf_entry, &cmd_simulate_entry, &cmd_sync_entry,
	&cmd_import_entry, NULL
};
