/*
 * flavors.c - nova flavors of an OpenStack deployment, the completion of
 * their extra specs, and their checks (the PCI aliases they ask for).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/provider.h"
#include "model/view.h"
#include "modules/modules.h"
#include "nova/compute.h"
#include "state/validate.h"

/* clang-format off */
static const struct prop_def flavor_props[] = {
	P_KEY  ("name", "Name", "Flavor name"),
	P_INT  ("vcpus", "VCPUs", 1, 65536, "Number of virtual CPUs", .def = "1"),
	P_INT  ("ram", "RAM", 1, INT_MAX, "Memory, MiB", .def = "512"),
	P_INT  ("disk", "Disk", 0, INT_MAX, "Root disk, GB", .def = "0"),
	P_INT  ("ephemeral", "Ephemeral", 0, INT_MAX, "Ephemeral disk, GB", .def = "0"),
	P_INT  ("swap", "Swap", 0, INT_MAX, "Swap, MiB", .def = "0"),
	P_FLOAT("rxtxfactor", "RXTX factor", "Network bandwidth factor", .def = "1.0"),
	P_BOOL ("public", "Public", "Visible to all projects", .def = "yes"),
	P_MAP  ("extraspecs", "Extra specs",
	    "Extra specs: a JSON object or key=value words", .complete = "extraspec-keys"),
	P_END
};
/* clang-format on */


/* ---- completion of extra specs ("extraspec-keys") ---- */

/*
 * The scope of the extra specs that AggregateInstanceExtraSpecsFilter
 * matches against the metadata of the host's aggregates.
 */
#define AGGREGATE_SCOPE	"aggregate_instance_extra_specs:"

/* What a collector over the flavors' extra specs adds to, and how. */
struct spec_sink {
	struct compl_out	*out;
	const char		*key;	/* the key whose values are wanted */
};

/* Offers an entry's word with help "FMT" % the flavor's name. */
static void
offer(struct compl_out *out, const char *word, const char *fmt,
    const char *obj)
{
	char *h = xasprintf(fmt, obj);

	compl_out_add(out, word, h);
	free(h);
}

/* The keys of the flavors' extra specs. */
static void
spec_keys(void *arg, const char *obj, const char *k, const char *v)
{
	offer(((struct spec_sink *)arg)->out, k, "used by flavor %s", obj);
}

/* The values the flavors give the key. */
static void
spec_values(void *arg, const char *obj, const char *k, const char *v)
{
	struct spec_sink *s = arg;

	if (strcmp(k, s->key) == 0)
		offer(s->out, v, "as in flavor %s", obj);
}

/* The metadata keys flavors ask aggregates for (in AGGREGATE_SCOPE). */
static void
spec_aggregate_keys(void *arg, const char *obj, const char *k,
    const char *v)
{
	size_t n = strlen(AGGREGATE_SCOPE);

	if (strncmp(k, AGGREGATE_SCOPE, n) == 0)
		offer(((struct spec_sink *)arg)->out, k + n,
		    "matched by flavor %s", obj);
}

/* Unscoped keys: what the reserve filter's flavor extra spec may name. */
static void
spec_unscoped_keys(void *arg, const char *obj, const char *k,
    const char *v)
{
	if (strchr(k, ':') == NULL)
		offer(((struct spec_sink *)arg)->out, k,
		    "extra spec of flavor %s", obj);
}

/* The values flavors ask aggregates to hold for the metadata key. */
static void
spec_aggregate_values(void *arg, const char *obj, const char *k,
    const char *v)
{
	struct spec_sink *s = arg;
	size_t n = strlen(AGGREGATE_SCOPE);

	if (strncmp(k, AGGREGATE_SCOPE, n) == 0 && strcmp(k + n, s->key) == 0)
		offer(s->out, v, "as flavor %s asks", obj);
}

void
flavors_offer_aggregate_keys(const struct compl_ctx *c,
    struct compl_out *out)
{
	struct spec_sink s = { out, NULL };

	openstack_each_entry(c, "flavors", "extraspecs", spec_aggregate_keys,
	    &s);
}

void
flavors_offer_unscoped_keys(const struct compl_ctx *c, struct compl_out *out)
{
	struct spec_sink s = { out, NULL };

	openstack_each_entry(c, "flavors", "extraspecs", spec_unscoped_keys,
	    &s);
}

void
flavors_offer_aggregate_values(const struct compl_ctx *c, const char *key,
    struct compl_out *out)
{
	struct spec_sink s = { out, key };

	openstack_each_entry(c, "flavors", "extraspecs",
	    spec_aggregate_values, &s);
}

/* A compl_out that offers each word after a prefix. */
struct prefixed {
	struct compl_out	 out;
	struct compl_out	*to;
	const char		*prefix;
};

/* compl_out.add of struct prefixed. */
static void
prefixed_add(struct compl_out *out, const char *word, const char *help)
{
	struct prefixed *p = (struct prefixed *)out;
	char *w = xasprintf("%s%s", p->prefix, word);

	compl_out_add(p->to, w, help);
	free(w);
}

/* Extra spec keys: nova's usual ones, then what the aggregates suggest. */
static void
extraspec_keys(const struct compl_ctx *c, struct compl_out *out)
{
	struct prefixed scoped = { { prefixed_add }, out, AGGREGATE_SCOPE };
	struct spec_sink s = { out, NULL };

	compl_out_add(out, "pci_passthrough:alias", "PCI devices for the "
	    "server: ALIAS:COUNT[,ALIAS:COUNT]");
	compl_out_add(out, "hw:cpu_policy", "dedicated or shared host CPUs");
	compl_out_add(out, "hw:mem_page_size", "guest memory pages: small, "
	    "large, any or a size");
	compl_out_add(out, "hw:numa_nodes", "NUMA nodes to spread the guest "
	    "over");
	aggregates_offer_reserve_specs(c, out);
	aggregates_offer_plain_keys(c, &scoped.out);
	openstack_each_entry(c, "flavors", "extraspecs", spec_keys, &s);
}

/*
 * pci_passthrough:alias values: "ALIAS:1" for each alias not named yet
 * in the comma list typed so far (c->partial).
 */
static void
alias_values(const struct compl_ctx *c, struct compl_out *out)
{
	const char *comma = strrchr(c->partial, ',');
	char *head = xstrndup(c->partial, comma ?
	    (size_t)(comma - c->partial + 1) : 0);
	char *headc = xasprintf(",%s", head);
	json_t *al = openstack_coll(c, "pcialiases"), *a;
	const char *name;

	json_object_foreach(al, name, a) {
		const char *v = json_string_value(json_object_get(a,
		    "vendorid"));
		const char *p = json_string_value(json_object_get(a,
		    "productid"));
		char *mine = xasprintf(",%s:", name);

		if (strstr(headc, mine) == NULL) {
			char *w = xasprintf("%s%s:1", head, name);
			char *h = xasprintf("one device of alias %s (%s:%s)",
			    name, v ? v : "?", p ? p : "?");

			compl_out_add(out, w, h);
			free(w);
			free(h);
		}
		free(mine);
	}
	free(headc);
	free(head);
}

/* Values of the extra spec c->key. */
static void
extraspec_values(const struct compl_ctx *c, struct compl_out *out)
{
	struct spec_sink s = { out, c->key };
	size_t scope = strlen(AGGREGATE_SCOPE);
	struct compl_keep reserve;

	if (strcmp(c->key, "pci_passthrough:alias") == 0) {
		alias_values(c, out);
		return;
	}
	if (strcmp(c->key, "hw:cpu_policy") == 0) {
		compl_out_add(out, "dedicated", "pinned host CPUs");
		compl_out_add(out, "shared", "floating host CPUs");
		compl_out_add(out, "mixed", "some of each");
	} else if (strcmp(c->key, "hw:mem_page_size") == 0) {
		compl_out_add(out, "small", NULL);
		compl_out_add(out, "large", NULL);
		compl_out_add(out, "any", NULL);
	} else if (strncmp(c->key, AGGREGATE_SCOPE, scope) == 0)
		aggregates_offer_values(c, c->key + scope, out);
	compl_keep_init(&reserve);
	aggregates_offer_reserve_specs(c, &reserve.out);
	if (strv_find(&reserve.words, c->key) >= 0) {
		compl_out_add(out, "true", "a GPU flavor: may use the reserved "
		    "RAM");
		compl_out_add(out, "false", NULL);
	}
	compl_keep_release(&reserve);
	openstack_each_entry(c, "flavors", "extraspecs", spec_values, &s);
}

/* "extraspec-keys": the keys of extra specs, or the values of one. */
static void
extraspec_list(const struct compl_ctx *c, struct compl_out *out)
{
	if (c->key == NULL)
		extraspec_keys(c, out);
	else
		extraspec_values(c, out);
}

const struct compl_provider extraspec_provider = {
	"extraspec-keys", extraspec_list
};

/* ---- validation: the PCI aliases flavors ask for ---- */

/*
 * One item "NAME:COUNT" of the pci_passthrough:alias of flavor field f:
 * a positive count, an alias of the collection al.
 */
static void
check_alias_item(struct diag *d, const char *f, char *item, json_t *al)
{
	char *colon = strrchr(item, ':'), *an, *end;
	long cnt;

	while (isspace((unsigned char)*item))
		item++;
	if (colon == NULL) {
		diag_add(d, DIAG_ERROR, DC_ALIAS_COUNT, f, "pci_passthrough:"
		    "alias '%s' needs NAME:COUNT", item);
		return;
	}
	*colon = '\0';
	an = item;
	for (char *e = colon - 1; e >= an && isspace((unsigned char)*e); e--)
		*e = '\0';
	errno = 0;
	cnt = strtol(colon + 1, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (colon[1] == '\0' || *end || errno || cnt < 1)
		diag_add(d, DIAG_ERROR, DC_ALIAS_COUNT, f, "count '%s' for PCI "
		    "alias '%s' is not a positive integer", colon + 1, an);
	/* nova refuses only this flavor's boots, and cmsh commits it */
	if (al == NULL || json_object_get(al, an) == NULL)
		diag_add(d, DIAG_WARNING, DC_ALIAS_UNDEFINED, f, "PCI alias "
		    "'%s' is not defined: nova refuses this flavor's boots "
		    "(add it in openstack pcialiases)", an);
}

/* The pci_passthrough:alias value of flavor name: a comma list. */
static void
check_alias_spec(struct diag *d, const char *name, const char *value,
    json_t *al)
{
	char *copy = xstrdup(value), *save = NULL, *item;
	char *f = xasprintf("flavor %s extraspecs", name);

	for (item = strtok_r(copy, ",", &save); item;
	    item = strtok_r(NULL, ",", &save))
		check_alias_item(d, f, item, al);
	free(f);
	free(copy);
}

/* Unscoped extra specs, which AggregateInstanceExtraSpecsFilter matches. */
static void
check_unscoped(struct diag *d, const char *name, json_t *es)
{
	const char *key;
	json_t *v;

	json_object_foreach(es, key, v) {
		char *f;

		if (strchr(key, ':') != NULL)
			continue;
		f = xasprintf("flavor %s extraspecs", name);
		diag_add(d, DIAG_WARNING, DC_UNSCOPED_SPEC, f,
		    "AggregateInstanceExtraSpecsFilter is enabled and treats "
		    "the unscoped extra spec '%s' as a requirement on the "
		    "host's aggregate metadata", key);
		free(f);
	}
}

/* Flavors' pci_passthrough:alias and unscoped specs. */
static void
check_flavors(struct validate_ctx *vc)
{
	json_t *fl = view_coll(vc->colls, NOVA_DEFAULT_OS "/flavors");
	json_t *al = view_coll(vc->colls, NOVA_DEFAULT_OS "/pcialiases");
	struct strv filters = STRV_INIT;
	int gpu_flavors = 0, aiesf;
	const char *name;
	json_t *o;

	if (fl == NULL)
		return;
	openstack_enabled_filters(vc->colls, &filters);
	aiesf = strv_find(&filters, "AggregateInstanceExtraSpecsFilter") >= 0;
	json_object_foreach(fl, name, o) {
		json_t *es = json_object_get(o, "extraspecs"), *v;

		if (aiesf)
			check_unscoped(vc->diag, name, es);
		v = json_object_get(es, "pci_passthrough:alias");
		if (v == NULL)
			continue;
		gpu_flavors++;
		check_alias_spec(vc->diag, name, json_string_value(v), al);
	}
	if (gpu_flavors && strv_find(&filters, "PciPassthroughFilter") < 0)
		diag_add(vc->diag, DIAG_WARNING, DC_NO_PCI_FILTER,
		    "compute schedulerfilters", "%d flavor%s PCI devices but "
		    "PciPassthroughFilter is not enabled", gpu_flavors,
		    gpu_flavors == 1 ? " requests" : "s request");
	strv_release(&filters);
}

/* What the check reads (model/schema.h). */
static const char *const flavor_reads[] = { "flavor", "pcialias",
    "openstack", NULL };

static const struct type_check flavor_checks[] = {
	{ STEP_FLAVORS, check_flavors, 0, flavor_reads },
	{ 0, NULL, 0, NULL }
};

const struct obj_type flavor_type = {
	.name = "flavor",
	.plural = "Flavors",
	.mode = "flavors",
	.parent = &openstack_type,
	.layout = OT_COLLECTION,
	.yaml_key = "flavors",
	.props = flavor_props,
	.validate = flavor_checks,
	.list_format = "name:[16-32], vcpus:6, ram:8, disk:6, extraspecs:[12-60]",
	.help = "Enter the flavors of the OpenStack deployment",
	.label = "Flavor",
};
