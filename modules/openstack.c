/*
 * openstack.c - OpenStack deployments, their settings and compute record,
 * and the completion of what they hold: which deployment is in context,
 * and the scheduler filters.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/provider.h"
#include "model/view.h"
#include "modules/modules.h"
#include "nova/compute.h"
#include "nova/novaopts.h"

/* The members of nova's mapping form of a whitelist "address". */
static const char *const address_keys[] = {
	"domain", "bus", "slot", "function", NULL
};

/* Why a mapping held by member k of a whitelist entry is refused, or NULL. */
static char *
address_refused(const char *k, const json_t *m)
{
	const char *ak;
	json_t *x;
	size_t i;

	if (strcmp(k, "address") != 0)
		return xasprintf("value of '%s' must be a scalar (only "
		    "'address' takes a mapping)", k);
	json_object_foreach((json_t *)m, ak, x) {
		for (i = 0; address_keys[i]; i++)
			if (strcmp(ak, address_keys[i]) == 0)
				break;
		if (address_keys[i] == NULL)
			return xasprintf("'address' takes only domain, bus, "
			    "slot and function, not '%s'", ak);
		if (!json_is_string(x))
			return xasprintf("value of '%s' in 'address' must be "
			    "a string", ak);
	}
	return NULL;
}

/*
 * Whitelist entries: nova reads a mapping only as "address" (its domain,
 * bus, slot and function, each a string); every other member is a scalar.
 */
static int
check_whitelist(const struct prop_def *p, const json_t *v, char **cause)
{
	const char *k;
	json_t *e, *m;
	size_t i;

	json_array_foreach(v, i, e) {
		json_object_foreach(e, k, m) {
			char *why, *dump;

			if (!json_is_object(m) ||
			    (why = address_refused(k, m)) == NULL)
				continue;
			dump = json_dumps(e, JSON_COMPACT |
			    JSON_PRESERVE_ORDER);
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': %s", dump, p->name, why);
			free(dump);
			free(why);
			return -1;
		}
	}
	return 0;
}

/*
 * Filter names and class paths go into nova.conf as they are: a line
 * break would end the option there (and every later commit would find
 * the file edited by hand), so no control character is taken.
 */
static int
check_filter_words(const struct prop_def *p, const json_t *v, char **cause)
{
	const unsigned char *s;
	json_t *e;
	size_t i;

	json_array_foreach(v, i, e) {
		for (s = (const unsigned char *)json_string_value(e); s && *s;
		    s++)
			if (*s < 0x20 || *s == 0x7f)
				break;
		if (s && *s) {
			*cause = xasprintf("control character 0x%02x in "
			    "property '%s': nova.conf cannot hold it", *s,
			    p->name);
			return -1;
		}
	}
	return 0;
}

/* clang-format off */
static const struct prop_def openstack_props[] = {
	P_KEY  ("name", "Name", "Name of the OpenStack deployment"),
	P_END
};

static const struct prop_def settings_props[] = {
	P_END
};

static const struct prop_def compute_props[] = {
	P_ENUM ("release", "Release", nova_release_names,
	    "OpenStack release of nova: option names and filters follow it", .def = "newton"),
	P_LISTF("schedulerfilters", "Scheduler filters", VK_STRING, PROP_UNIQUE,
	    "Enabled nova scheduler filters, in order", .complete = "filters",
	    .check = check_filter_words),
	P_LISTF("availablefilters", "Available filters", VK_STRING, PROP_UNIQUE,
	    "Filter class paths for available_filters; empty = nova's own plus ocmsh's",
	    .check = check_filter_words),
	P_LIST ("pcipassthroughwhitelist", "PCI passthrough whitelist", VK_JSONOBJ,
	    "Whitelist / device_spec entries (JSON objects); empty = derived from the PCI aliases",
	    .check = check_whitelist),
	P_PATH ("filtermodulepath", "Filter module path",
	    "Where commit installs ocmsh_filters inside each image", .def = "/usr/lib/python3/dist-packages"),
	P_END
};
/* clang-format on */

const struct obj_type openstack_type = {
	.name = "openstack",
	.plural = "OpenStacks",
	.mode = "openstack",
	.layout = OT_COLLECTION,
	.yaml_key = "openstack",
	.props = openstack_props,
	.list_format = "name:[16-32]",
	.autoselect = "default",
	.extra = openstack_cmds,
	.help = "Enter OpenStack mode",
};

const struct obj_type settings_type = {
	.name = "settings",
	.plural = "Settings",
	.mode = "settings",
	.parent = &openstack_type,
	.layout = OT_RECORD,
	.yaml_key = "settings",
	.props = settings_props,
	.help = "Enter the OpenStack settings",
};

const struct obj_type compute_type = {
	.name = "compute",
	.plural = "Compute settings",
	.mode = "compute",
	.parent = &settings_type,
	.layout = OT_RECORD,
	.yaml_key = "compute",
	.props = compute_props,
	.help = "Enter the nova compute and scheduler settings",
};

/* ---- completion: the deployment in context, and filter names ---- */

const char *
openstack_deployment(const struct compl_ctx *c)
{
	const char *d = c->selected ? c->selected(c, &openstack_type) : NULL;
	json_t *coll;
	void *it;

	if (d != NULL)
		return d;
	if ((coll = view_coll(c->view, NOVA_DEPLOYMENTS)) == NULL)
		return NULL;
	if (json_object_get(coll, NOVA_DEPLOYMENT) != NULL)
		return NOVA_DEPLOYMENT;
	it = json_object_iter(coll);
	return it ? json_object_iter_key(it) : NULL;
}

json_t *
openstack_coll(const struct compl_ctx *c, const char *key)
{
	const char *d = openstack_deployment(c);
	char *cp;
	json_t *coll;

	if (d == NULL)
		return NULL;
	cp = xasprintf(NOVA_DEPLOYMENTS "/%s/%s", d, key);
	coll = view_coll(c->view, cp);
	free(cp);
	return coll;
}

void
openstack_each_entry(const struct compl_ctx *c, const char *key,
    const char *prop, void (*fn)(void *arg, const char *obj, const char *k,
    const char *v), void *arg)
{
	json_t *coll = openstack_coll(c, key), *o, *m, *v;
	const char *name, *k;

	json_object_foreach(coll, name, o) {
		m = json_object_get(o, prop);
		json_object_foreach(m, k, v)
			if (json_is_string(v))
				fn(arg, name, k, json_string_value(v));
	}
}

/*
 * "filters": the scheduler filters of the configured release, ocmsh's
 * own, and the last part of each class path of availablefilters (of the
 * compute record being set, c->obj).
 */
static void
filters_list(const struct compl_ctx *c, struct compl_out *out)
{
	struct strv f = STRV_INIT;
	int rel = nova_compute_release(c->view, openstack_deployment(c));
	char *nova_help = xasprintf("nova filter (%s)",
	    nova_release_title(rel));
	const json_t *avail = c->obj ? json_object_get(c->obj,
	    "availablefilters") : NULL, *e;
	size_t i;

	nova_filters(rel, &f);
	for (i = 0; i < f.n; i++)
		compl_out_add(out, f.v[i], nova_help);
	compl_out_add(out, "ReserveRamFilter", "ocmsh: holds RAM back on "
	    "aggregate hosts for GPU flavors");
	compl_out_add(out, "ReserveAggregateRamFilter", "ocmsh: the same, "
	    "honouring ram_allocation_ratio");
	json_array_foreach(avail, i, e) {
		const char *cls = json_string_value(e), *dot;

		if (cls && (dot = strrchr(cls, '.')) != NULL && dot[1])
			compl_out_add(out, dot + 1, "from availablefilters");
	}
	strv_release(&f);
	free(nova_help);
}

const struct compl_provider filters_provider = { "filters", filters_list };
