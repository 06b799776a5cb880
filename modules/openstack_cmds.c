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


/* One property of an alias, with the schema's default filled in. */
static const char *
alias_prop(json_t *a, const char *prop)
{
	const char *v = json_string_value(json_object_get(a, prop));

	if (v == NULL && strcmp(prop, "devicetype") == 0)
		v = "type-PCI";
	return v ? v : "";
}

/* 1 if two aliases render the same nova.conf entry. */
static int
alias_equiv(json_t *a, json_t *b)
{
	static const char *const props[] = {
		"vendorid", "productid", "devicetype", "numapolicy",
	};

	for (size_t i = 0; i < ARRAY_SIZE(props); i++)
		if (strcasecmp(alias_prop(a, props[i]), alias_prop(b,
		    props[i])) != 0)
			return 0;
	return 1;
}

/* Moves the strings of from into to (emptied first); from is left empty. */
static void
strv_swap_in(struct strv *to, struct strv *from)
{
	struct strv t = *to;

	strv_clear(&t);
	*to = *from;
	*from = t;
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

/* importnovaconf IMAGE */
static int
cmd_importnovaconf_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *const *argv = args->argv;
	json_t *img = view_get(s->store->staged, "softwareimages", argv[1]);
	json_t *aliases, *compute, *os, *st, *wl, *derived;
	struct strv vals = STRV_INIT, conf[NOVA_NOPTS];
	struct ini *ini;
	char *buf = NULL, *root, *file;
	const char *path;
	size_t len;
	int r, ret = CMD_ERROR;

	if (img == NULL) {
		*cause = xasprintf("no such softwareimage '%s'", argv[1]);
		return CMD_ERROR;
	}
	if (view_get(s->store->staged, "openstack", "default") == NULL) {
		*cause = xstrdup("no OpenStack deployment 'default'");
		return CMD_ERROR;
	}
	path = json_string_value(json_object_get(img, "path"));
	root = strcmp(s->store->root, "/") ? xasprintf("%s%s", s->store->root,
	    path) : xstrdup(path);
	file = xasprintf("%s/etc/nova/nova.conf", root);
	r = rootpath_read(root, "/etc/nova/nova.conf", &buf, &len, cause);
	free(root);
	if (r <= 0) {
		if (r == 0)
			*cause = xasprintf("%s: no such file", file);
		free(file);
		return CMD_ERROR;
	}
	ini = ini_parse(buf, len);
	free(buf);
	render_conf_values(ini, nova_compute_release(s->store->staged, NULL), conf, NULL);

	/* aliases: all parsed before anything is staged */
	aliases = json_object();
	strv_swap_in(&vals, &conf[NOVA_OPT_ALIAS]);
	for (size_t i = 0; i < vals.n; i++) {
		char *name = NULL;
		json_t *a = alias_from_json(file, vals.v[i], &name, cause), *old;

		if (a == NULL)
			goto fail;
		if ((old = json_object_get(aliases, name)) != NULL &&
		    !json_equal(old, a)) {
			*cause = xasprintf("%s: PCI alias '%s' is defined more "
			    "than once with different devices; ocmsh keeps one "
			    "device per alias name", file, name);
			free(name);
			json_decref(a);
			goto fail;
		}
		json_object_set_new(aliases, name, a);
		free(name);
	}
	strv_clear(&vals);

	/* whitelist: kept only when it differs from the derived one */
	wl = json_array();
	derived = json_array();
	strv_swap_in(&vals, &conf[NOVA_OPT_WHITELIST]);
	for (size_t i = 0; i < vals.n; i++) {
		json_t *j = json_loads(vals.v[i], 0, NULL), *e;
		size_t k;

		if (json_is_object(j))
			json_array_append(wl, j);
		else if (json_is_array(j)) {
			json_array_foreach(j, k, e)
				if (!json_is_object(e)) {
					json_decref(j);
					goto badwl;
				}
			json_array_extend(wl, j);
		} else {
			json_decref(j);
			goto badwl;
		}
		json_decref(j);
		continue;
badwl:
		*cause = xasprintf("%s: whitelist entry '%s' is not a JSON "
		    "object or list of objects", file, vals.v[i]);
		json_decref(wl);
		json_decref(derived);
		goto fail;
	}
	strv_clear(&vals);
	{
		const char *k;
		json_t *a;

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
	}

	/* stage it all */
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
		/* an alias that means the same stays as it is */
		coll = view_coll(s->store->staged, cp);
		json_object_foreach(aliases, k, a) {
			json_t *cur = coll ? json_object_get(coll, k) : NULL;

			if (cur == NULL || !alias_equiv(cur, a))
				store_put(s->store, cp, k, json_incref(a));
		}
		strv_release(&gone);
		free(cp);
	}
	os = store_get_w(s->store, "openstack", "default");
	if ((st = json_object_get(os, "settings")) == NULL)
		json_object_set_new(os, "settings", st = json_object());
	if ((compute = json_object_get(st, "compute")) == NULL)
		json_object_set_new(st, "compute", compute = json_object());
	if (json_array_size(wl) && !json_equal(wl, derived))
		json_object_set(compute, "pcipassthroughwhitelist", wl);
	else
		json_object_del(compute, "pcipassthroughwhitelist");
	json_decref(wl);
	json_decref(derived);

	strv_swap_in(&vals, &conf[NOVA_OPT_ENABLED_FILTERS]);
	if (vals.n) {
		json_t *f = json_array();
		char *copy = xstrdup(vals.v[0]), *save = NULL, *t;

		for (t = strtok_r(copy, ",\n", &save); t;
		    t = strtok_r(NULL, ",\n", &save)) {
			if (*(t = str_trim(t)))
				json_array_append_new(f, json_string(t));
		}
		free(copy);
		json_object_set_new(compute, "schedulerfilters", f);
	}
	strv_clear(&vals);
	strv_swap_in(&vals, &conf[NOVA_OPT_AVAILABLE_FILTERS]);
	for (size_t i = 0; i < vals.n; i++) {
		char *t = str_trim(vals.v[i]);

		memmove(vals.v[i], t, strlen(t) + 1);
	}
	if (standard_available(&vals, json_object_get(compute,
	    "schedulerfilters")))
		json_object_del(compute, "availablefilters");
	else {
		json_t *a = json_array();

		for (size_t i = 0; i < vals.n; i++)
			if (*vals.v[i])
				json_array_append_new(a,
				    json_string(vals.v[i]));
		json_object_set_new(compute, "availablefilters", a);
	}
	ret = CMD_OK;
fail:
	strv_release(&vals);
	for (int o = 0; o < NOVA_NOPTS; o++)
		strv_release(&conf[o]);
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
	&cmd_importnovaconf_entry, &cmd_sync_entry, &cmd_import_entry, NULL
};
