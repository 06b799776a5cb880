/*
 * test-simulate.c - the scheduler dry run (modules/simulate.h) on small
 * views: the errors, the RAM arithmetic of each release's filters and of
 * placement, PCI pools and claims, the reservation, zones, which filters
 * and weighers are modelled or skipped, fills, and the Python number and
 * extra-spec syntax it reads metadata with.  Figures worked out by hand
 * from nova's code; tests/sim/test_nova.py checks the rest against nova.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "modules/simint.h"
#include "modules/simulate.h"
#include "tests/unit/tap.h"

/* A view from JSON written with ' for " (aborts on a typo). */
static json_t *
J(const char *text)
{
	char *s = xstrdup(text);
	json_error_t err;
	json_t *j;

	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	if ((j = json_loads(s, 0, &err)) == NULL) {
		printf("Bail out! bad JSON in the test: %s: %s\n", err.text, s);
		exit(1);
	}
	free(s);
	return j;
}

/* A view: hosts (the "devices" collection) and the default deployment's
 * compute settings, flavors, aggregates and aliases. */
static json_t *
view(const char *devices, const char *compute, const char *flavors,
    const char *aggs, const char *aliases)
{
	json_t *v = json_object();

	json_object_set_new(v, "devices", J(devices));
	json_object_set_new(v, "openstack", json_pack("{s:{s:{s:o}}}",
	    "default", "settings", "compute", J(compute)));
	json_object_set_new(v, "openstack/default/flavors", J(flavors));
	json_object_set_new(v, "openstack/default/hostaggregates",
	    J(aggs ? aggs : "{}"));
	json_object_set_new(v, "openstack/default/pcialiases",
	    J(aliases ? aliases : "{}"));
	return v;
}

/* One hypervisor of mem MiB called name, as JSON text (static buffer). */
#define HV(mem)	"{'roles': ['openstackcompute'], 'memory': " #mem "}"

/* Runs steps; returns 0 and res, or -1 and the cause in *cause. */
static int
run(json_t *v, const struct sim_step *steps, size_t n,
    const struct sim_opts *o, struct sim_result *res, char **cause)
{
	*cause = NULL;
	return sim_run(v, steps, n, o, res, cause);
}

/* Checks that a run fails with cause want. */
static void
fails(json_t *v, const struct sim_step *steps, size_t n, const char *want,
    const char *name)
{
	struct sim_result res;
	char *cause;
	int rc = run(v, steps, n, NULL, &res, &cause);

	ok(rc == -1 && res.ninst == 0 && res.filters == NULL, "%s: refused",
	    name);
	is_str(cause, want, "%s: cause", name);
	free(cause);
	if (rc == 0)
		sim_result_release(&res);
}

/* The placed count of a run of one step (count, or fill when < 0). */
static long
placed(json_t *v, const char *flavor, long long count,
    const struct sim_opts *o, struct sim_result *keep)
{
	struct sim_step st = { flavor, count < 0 ? 0 : count, count < 0,
	    NULL };
	struct sim_result res;
	char *cause;
	long n;

	if (run(v, &st, 1, o, &res, &cause) != 0) {
		printf("# run failed: %s\n", cause);
		free(cause);
		return -1;
	}
	n = (long)res.placed;
	if (keep)
		*keep = res;
	else
		sim_result_release(&res);
	return n;
}

/* The errors sim_run() reports. */
static void
check_errors(void)
{
	const char *fl = "{'m1': {'ram': 512}, 'g1': {'ram': 512, "
	    "'extraspecs': {'pci_passthrough:alias': 'gpu-x:1'}}}";
	struct sim_step st = { "m1", 1, 0, NULL };
	json_t *v = view("{'h1': " HV(4096) "}", "{}", fl, NULL, NULL);
	static const struct {
		const char *alias, *cause;
	} bad_alias[] = {
		{ "gpu", "flavor 'b': invalid pci_passthrough:alias 'gpu': "
		    "not NAME:COUNT with a positive COUNT" },
		{ "gpu:0", "flavor 'b': invalid pci_passthrough:alias "
		    "'gpu:0': not NAME:COUNT with a positive COUNT" },
		{ "gpu:x", "flavor 'b': invalid pci_passthrough:alias "
		    "'gpu:x': not NAME:COUNT with a positive COUNT" },
		{ "gpu:1,", "flavor 'b': invalid pci_passthrough:alias "
		    "'gpu:1,': not NAME:COUNT with a positive COUNT" },
		{ "gpu:1:2", "flavor 'b': invalid pci_passthrough:alias "
		    "'gpu:1:2': not NAME:COUNT with a positive COUNT" },
	};

	fails(v, &st, 0, "nothing to simulate: no flavor given", "no steps");
	st.flavor = "m1.huge";
	fails(v, &st, 1, "no such flavor 'm1.huge'", "unknown flavor");
	st.flavor = "m1";
	st.count = 0;
	fails(v, &st, 1, "invalid instance count 0 for flavor 'm1': must be "
	    "a positive integer", "count 0");
	st.count = -3;
	fails(v, &st, 1, "invalid instance count -3 for flavor 'm1': must "
	    "be a positive integer", "negative count");
	st.count = SIM_RUN_MAX + 1LL;
	fails(v, &st, 1, "too many instances: at most 1000000 in one run",
	    "too many instances");
	st.count = 1;
	st.flavor = "g1";
	fails(v, &st, 1, "flavor 'g1' requests PCI alias 'gpu-x', which is "
	    "not defined", "undefined alias");
	json_decref(v);

	for (size_t i = 0; i < ARRAY_SIZE(bad_alias); i++) {
		json_t *f = json_pack("{s:{s:i, s:{s:s}}}", "b", "ram", 512,
		    "extraspecs", "pci_passthrough:alias", bad_alias[i].alias);

		v = view("{'h1': " HV(4096) "}", "{}", "{}", NULL,
		    "{'gpu': {'vendorid': '10de', 'productid': '1024'}}");
		json_object_set_new(v, "openstack/default/flavors", f);
		st.flavor = "b";
		fails(v, &st, 1, bad_alias[i].cause, bad_alias[i].alias);
		json_decref(v);
	}

	st.flavor = "m1";
	v = view("{'ctl': {'roles': ['openstackcontroller'], 'memory': 1}, "
	    "'h1': {'memory': 4096}}", "{}", fl, NULL, NULL);
	fails(v, &st, 1, "no hypervisors: no device has the role "
	    "openstackcompute", "no hypervisors");
	json_decref(v);
	v = view("{'h1': {'roles': ['openstackcompute']}}", "{}", fl, NULL,
	    NULL);
	fails(v, &st, 1, "hypervisor 'h1' has no memory set (MiB)",
	    "hypervisor without memory");
	json_decref(v);

}

/* Whitelist entries nova refuses. */
static void
check_whitelist_errors(void)
{
	const char *fl = "{'m1': {'ram': 512}}";
	struct sim_step st = { "m1", 1, 0, NULL };
	json_t *v;

	v = view("{'h1': " HV(4096) "}", "{'pcipassthroughwhitelist': "
	    "[{'vendor_id': 'zzzz'}]}", fl, NULL, NULL);
	fails(v, &st, 1, "invalid pcipassthroughwhitelist entry "
	    "'{\"vendor_id\":\"zzzz\"}'", "whitelist vendor not hex");
	json_decref(v);
	v = view("{'h1': " HV(4096) "}", "{'pcipassthroughwhitelist': "
	    "[{'address': '1:2:3:4.0'}]}", fl, NULL, NULL);
	fails(v, &st, 1, "invalid pcipassthroughwhitelist entry "
	    "'{\"address\":\"1:2:3:4.0\"}'", "whitelist address with 4 fields");
	json_decref(v);
	v = view("{'h1': " HV(4096) "}", "{'pcipassthroughwhitelist': "
	    "[{'address': '86:00.9'}]}", fl, NULL, NULL);
	fails(v, &st, 1, "invalid pcipassthroughwhitelist entry "
	    "'{\"address\":\"86:00.9\"}'", "whitelist function above 7");
	json_decref(v);
	v = view("{'h1': " HV(4096) "}", "{'pcipassthroughwhitelist': "
	    "[{'address': '86:00.0', 'devname': 'eth0'}]}", fl, NULL, NULL);
	fails(v, &st, 1, "invalid pcipassthroughwhitelist entry "
	    "'{\"address\":\"86:00.0\",\"devname\":\"eth0\"}'",
	    "whitelist address and devname");
	json_decref(v);
}

/* RamFilter, ReserveRamFilter, ExactRamFilter, AggregateRamFilter and
 * placement, with nova's defaults (ratio 1.5, 512 MiB reserved). */
static void
check_ram(void)
{
	const char *fl = "{'f4': {'ram': 4096}, 'f9': {'ram': 9000}, "
	    "'f1': {'ram': 1000}, 'f76': {'ram': 7680}}";
	struct sim_opts o;
	json_t *v;

	/* 8192 x 1.5 = 12288 limit, 512 used: 11776 usable */
	v = view("{'h1': " HV(8192) "}", "{'schedulerfilters': "
	    "['RamFilter']}", fl, NULL, NULL);
	is_int(placed(v, "f4", 5, NULL, NULL), 2, "RamFilter: 2 x 4096 in "
	    "8192 MiB at 1.5");
	is_int(placed(v, "f9", 1, NULL, NULL), 0, "RamFilter: 9000 MiB is "
	    "more than the host");
	is_int(placed(v, "f1", -1, NULL, NULL), 11, "RamFilter: fill of "
	    "1000 MiB: 11");
	json_decref(v);

	v = view("{'h1': " HV(8192) "}", "{'schedulerfilters': "
	    "['ReserveRamFilter']}", fl, NULL, NULL);
	is_int(placed(v, "f9", 1, NULL, NULL), 1, "ReserveRamFilter has no "
	    "whole-host check: 9000 of 11776 usable");
	json_decref(v);

	v = view("{'h1': " HV(8192) "}", "{'schedulerfilters': "
	    "['ExactRamFilter']}", fl, NULL, NULL);
	is_int(placed(v, "f4", 3, NULL, NULL), 0, "ExactRamFilter: 4096 is "
	    "not the 7680 free");
	is_int(placed(v, "f76", 3, NULL, NULL), 1, "ExactRamFilter: 7680 "
	    "once, then 0 free");
	json_decref(v);

	v = view("{'h1': " HV(8192) ", 'h2': " HV(8192) "}",
	    "{'schedulerfilters': ['AggregateRamFilter']}", fl,
	    "{'a': {'nodes': ['h1'], 'metadata': "
	    "{'ram_allocation_ratio': '1.0'}}, 'b': {'nodes': ['h1'], "
	    "'metadata': {'ram_allocation_ratio': ' 2.5 '}}, "
	    "'c': {'nodes': ['h2'], 'metadata': "
	    "{'ram_allocation_ratio': 'much'}}}", NULL);
	/* h1: min(1.0, 2.5) = 1.0: 7680 usable, 1 of 4096; h2: 1.5, 2 */
	is_int(placed(v, "f4", 5, NULL, NULL), 3, "AggregateRamFilter: the "
	    "smallest aggregate ratio, the host's for a bad one");
	json_decref(v);

	/* Ocata on: placement's (8192 - 1024) x 1.5 = 10752 holds 10 x
	 * 1000; RamFilter alone would take 11 */
	sim_opts_init(&o);
	o.reserved_mb = 1024;
	v = view("{'h1': " HV(8192) "}", "{'release': 'newton', "
	    "'schedulerfilters': ['RamFilter']}", fl, NULL, NULL);
	is_int(placed(v, "f1", -1, &o, NULL), 11, "newton: no placement, "
	    "RamFilter: 11");
	json_decref(v);
	v = view("{'h1': " HV(8192) "}", "{'release': 'ocata', "
	    "'schedulerfilters': ['RamFilter']}", fl, NULL, NULL);
	is_int(placed(v, "f1", -1, &o, NULL), 10, "ocata: placement: 10");
	json_decref(v);
	v = view("{'h1': " HV(8192) "}", "{'release': 'zed', "
	    "'schedulerfilters': ['ComputeFilter']}", fl, NULL, NULL);
	is_int(placed(v, "f9", 1, NULL, NULL), 0, "zed: placement's "
	    "max_unit: no flavor bigger than the host");
	is_int(placed(v, "f4", -1, NULL, NULL), 2, "zed: placement alone: "
	    "7680 x 1.5 holds 2 x 4096");
	json_decref(v);
}

/* The reservation of ReserveRamFilter and its escape. */
static void
check_reserve(void)
{
	const char *fl = "{'plain': {'ram': 1024}, "
	    "'gpu': {'ram': 1024, 'extraspecs': {'gpu': ' TRUE '}}, "
	    "'yes': {'ram': 1024, 'extraspecs': {'gpu': 'yes'}}, "
	    "'big': {'ram': 1024, 'extraspecs': {'bigmem': 'true'}}}";
	const char *aggs = "{'g': {'nodes': ['h1'], 'metadata': "
	    "{'reserve_ram_filter_mb': '4096', "
	    "'reserve_ram_filter_flavor_extra_spec': ' gpu '}}, "
	    "'m': {'nodes': ['h1'], 'metadata': "
	    "{'reserve_ram_filter_mb': '2048', "
	    "'reserve_ram_filter_flavor_extra_spec': 'bigmem'}}, "
	    "'bad': {'nodes': ['h1'], 'metadata': "
	    "{'reserve_ram_filter_mb': 'lots'}}}";
	struct sim_opts o;
	json_t *v;

	sim_opts_init(&o);
	o.ram_ratio = 1.0;
	o.reserved_mb = 0;
	v = view("{'h1': " HV(8192) "}", "{'schedulerfilters': "
	    "['ReserveRamFilter']}", fl, aggs, NULL);
	is_int(placed(v, "plain", -1, &o, NULL), 4, "plain flavor: the "
	    "largest reservation (4096) is held back");
	is_int(placed(v, "gpu", -1, &o, NULL), 6, "gpu=' TRUE ' escapes "
	    "its aggregate's reservation, not the other's (2048)");
	is_int(placed(v, "yes", -1, &o, NULL), 4, "gpu=yes does not escape");
	is_int(placed(v, "big", -1, &o, NULL), 4, "bigmem=true escapes "
	    "2048 only");
	json_decref(v);
}

/* PCI: the derived whitelist, claims, pools and their order, case. */
static void
check_pci(void)
{
	const char *dev = "{'h1': {'roles': ['openstackcompute'], "
	    "'memory': 65536, 'pcidevices': ["
	    "{'address': '0000:86:00.0', 'vendor': '10de', "
	    "'device': '1024'}, "
	    "{'address': '0000:86:00.1', 'vendor': '10de', "
	    "'device': '15f8'}]}}";
	const char *fl = "{'k40': {'ram': 512, 'extraspecs': "
	    "{'pci_passthrough:alias': 'k40:1'}}, "
	    "'any': {'ram': 512, 'extraspecs': "
	    "{'pci_passthrough:alias': ' any : 1 '}}, "
	    "'two': {'ram': 512, 'extraspecs': "
	    "{'pci_passthrough:alias': 'k40:1,p100:1'}}, "
	    "'up': {'ram': 512, 'extraspecs': "
	    "{'pci_passthrough:alias': 'upper:1'}}}";
	const char *al = "{'k40': {'vendorid': '10de', 'productid': '1024'}, "
	    "'p100': {'vendorid': '10de', 'productid': '15f8'}, "
	    "'any': {'vendorid': '10de'}, "
	    "'upper': {'vendorid': '10DE', 'productid': '1024'}}";
	struct sim_step st[2] = {
		{ "any", 1, 0, NULL }, { "k40", 1, 0, NULL }
	};
	struct sim_result res;
	char *cause;
	json_t *v;

	v = view(dev, "{'schedulerfilters': ['PciPassthroughFilter']}", fl,
	    NULL, al);
	is_int(placed(v, "k40", 3, NULL, NULL), 1, "a claimed device is "
	    "gone for the next instance");
	is_int(placed(v, "two", 3, NULL, NULL), 1, "two aliases: one "
	    "instance takes both devices");
	json_decref(v);

	/* Pools with more keys (tags) sort after the others, so 'any'
	 * takes the 15f8 and the k40 stays for the next flavor. */
	v = view(dev, "{'release': 'rocky', 'schedulerfilters': "
	    "['PciPassthroughFilter'], 'pcipassthroughwhitelist': ["
	    "{'vendor_id': '10de', 'product_id': '1024', "
	    "'physical_network': 'p1'}, {'vendor_id': '0x10DE'}]}", fl, NULL,
	    al);
	ok(run(v, st, 2, NULL, &res, &cause) == 0 && res.placed == 2,
	    "a tagged pool is used after an untagged one");
	sim_result_release(&res);
	is_int(placed(v, "up", 1, NULL, NULL), 1, "rocky: alias IDs match "
	    "devices in any case");
	json_decref(v);
	v = view(dev, "{'release': 'queens', 'schedulerfilters': "
	    "['PciPassthroughFilter']}", fl, NULL, al);
	is_int(placed(v, "up", 1, NULL, NULL), 0, "queens: alias IDs match "
	    "devices exactly");
	json_decref(v);

	/* no whitelist entry covers the devices: nothing to claim */
	v = view(dev, "{'schedulerfilters': ['PciPassthroughFilter'], "
	    "'pcipassthroughwhitelist': [{'address': '*:87:*.*'}]}", fl,
	    NULL, al);
	is_int(placed(v, "k40", 1, NULL, &res), 0, "devices the whitelist "
	    "leaves out are not passed through");
	is_int(res.hosts[0].pci_total, 0, "no device whitelisted");
	is_str(res.inst[0].refusals[0].why, "needs 1 k40 (10de:1024), 0 free",
	    "the refusal says what is missing");
	sim_result_release(&res);
	json_decref(v);
}

/* AvailabilityZoneFilter: the aggregates' zones, else nova's default. */
static void
check_zones(void)
{
	const char *fl = "{'f': {'ram': 512}}";
	struct sim_step st = { "f", 10, 0, NULL };
	struct sim_result res;
	char *cause;
	json_t *v = view("{'h1': " HV(65536) ", 'h2': " HV(65536) ", "
	    "'h3': " HV(65536) "}", "{'schedulerfilters': "
	    "['AvailabilityZoneFilter']}", fl, "{'a': {'nodes': ['h1'], "
	    "'availabilityzone': 'az1'}, 'b': {'nodes': ['h2'], "
	    "'metadata': {'availability_zone': 'az2, az1'}}}", NULL);
	static const struct {
		const char *zone;
		long long h1, h2, h3;
	} cases[] = {
		{ NULL, 4, 3, 3 }, { "az1", 5, 5, 0 }, { "az2", 0, 10, 0 },
		{ "nova", 0, 0, 10 }, { "az9", 0, 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		st.zone = cases[i].zone;
		if (run(v, &st, 1, NULL, &res, &cause) != 0) {
			ok(0, "zone run: %s", cause);
			free(cause);
			continue;
		}
		ok(res.hosts[0].instances == cases[i].h1 &&
		    res.hosts[1].instances == cases[i].h2 &&
		    res.hosts[2].instances == cases[i].h3, "zone %s: %lld %lld "
		    "%lld instances", st.zone ? st.zone : "(none)",
		    res.hosts[0].instances, res.hosts[1].instances,
		    res.hosts[2].instances);
		sim_result_release(&res);
	}
	json_decref(v);
}

/* The kind of filter name in res, or -1 if it is not in the chain. */
static int
kind_of(const struct sim_result *res, const char *name, const char **note)
{
	for (size_t i = 0; i < res->nfilters; i++)
		if (strcmp(res->filters[i].name, name) == 0) {
			if (note)
				*note = res->filters[i].note;
			return (int)res->filters[i].kind;
		}
	return -1;
}

/* The names of res's filters or weighers, joined by ",". */
static char *
joined(const struct sim_result *res, int weighers)
{
	struct sbuf sb = SBUF_INIT;
	size_t n = weighers ? res->nweighers : res->nfilters;

	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%s", i ? "," : "", weighers ?
		    res->weighers[i].name : res->filters[i].name);
	return sbuf_detach(&sb, NULL);
}

/* Which filters and weighers are modelled, pass or are skipped. */
static void
check_kinds(void)
{
	const char *fl = "{'f': {'ram': 512}, 'cap': {'ram': 512, "
	    "'extraspecs': {'capabilities:cpu_info:arch': 'x86_64'}}}";
	struct sim_step st = { "f", 1, 0, NULL };
	struct sim_result res;
	const char *note = NULL;
	char *cause, *s;
	json_t *v;

	v = view("{'h1': " HV(8192) "}", "{}", fl, NULL, NULL);
	run(v, &st, 1, NULL, &res, &cause);
	s = joined(&res, 0);
	is_str(s, "RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,"
	    "ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,"
	    "ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter",
	    "no schedulerfilters: Newton's default list, no placement");
	free(s);
	s = joined(&res, 1);
	is_str(s, "RAMWeigher,DiskWeigher,IoOpsWeigher", "Newton's weighers");
	free(s);
	is_int(kind_of(&res, "DiskFilter", &note), SIM_SKIPPED,
	    "DiskFilter is skipped");
	is_str(note, "needs the hosts' disk sizes, which the state does not "
	    "hold", "and says why");
	is_int(kind_of(&res, "RetryFilter", NULL), SIM_PASSES,
	    "RetryFilter passes");
	is_int(kind_of(&res, "ComputeCapabilitiesFilter", NULL), SIM_PASSES,
	    "ComputeCapabilitiesFilter passes flavors without capabilities");
	sim_result_release(&res);
	st.flavor = "cap";
	run(v, &st, 1, NULL, &res, &cause);
	kind_of(&res, "ComputeCapabilitiesFilter", &note);
	is_str(note, "flavor 'cap' asks for host capability "
	    "'capabilities:cpu_info:arch', which the state does not hold",
	    "a flavor asking for a capability: skipped");
	sim_result_release(&res);
	json_decref(v);

	st.flavor = "f";
	v = view("{'h1': " HV(8192) "}", "{'release': 'train', "
	    "'schedulerfilters': ['RamFilter', 'FooFilter', "
	    "'NUMATopologyFilter', 'ReserveRamFilter']}", fl, NULL, NULL);
	run(v, &st, 1, NULL, &res, &cause);
	s = joined(&res, 0);
	is_str(s, "placement,RamFilter,FooFilter,NUMATopologyFilter,"
	    "ReserveRamFilter", "train: placement first");
	free(s);
	kind_of(&res, "RamFilter", &note);
	is_str(note, "removed in nova Train: nova-scheduler would not start",
	    "a removed filter");
	kind_of(&res, "FooFilter", &note);
	is_str(note, "not a filter of nova Train", "an unknown filter");
	is_int(kind_of(&res, "NUMATopologyFilter", NULL), SIM_SKIPPED,
	    "NUMATopologyFilter is skipped");
	is_int(kind_of(&res, "ReserveRamFilter", NULL), SIM_MODELLED,
	    "ocmsh's filter is modelled");
	s = joined(&res, 1);
	is_str(s, "RAMWeigher,PCIWeigher,DiskWeigher,CPUWeigher,IoOpsWeigher",
	    "Train's weighers");
	free(s);
	sim_result_release(&res);
	json_decref(v);

	v = view("{'h1': " HV(8192) "}", "{'release': '2023.2'}", fl, NULL,
	    NULL);
	run(v, &st, 1, NULL, &res, &cause);
	s = joined(&res, 0);
	is_str(s, "placement,ComputeFilter,ComputeCapabilitiesFilter,"
	    "ImagePropertiesFilter,ServerGroupAntiAffinityFilter,"
	    "ServerGroupAffinityFilter", "2023.2's default list");
	free(s);
	s = joined(&res, 1);
	is_str(s, "RAMWeigher,PCIWeigher,DiskWeigher,CPUWeigher,IoOpsWeigher,"
	    "HypervisorVersionWeigher", "2023.2's weighers");
	free(s);
	sim_result_release(&res);
	json_decref(v);
}

/* Fills and the weighers' choices. */
static void
check_runs(void)
{
	const char *dev = "{'gpu1': {'roles': ['openstackcompute'], "
	    "'memory': 16384, 'pcidevices': [{'address': '0000:86:00.0', "
	    "'vendor': '10de', 'device': '1024'}]}, 'cpu1': " HV(8192) "}";
	const char *fl = "{'f': {'ram': 1024}}";
	const char *al = "{'k40': {'vendorid': '10de', 'productid': '1024'}}";
	struct sim_result res;
	struct sim_opts o;
	char *s;
	json_t *v;

	sim_opts_init(&o);
	o.fill_max = 40;
	v = view(dev, "{'schedulerfilters': ['ComputeFilter']}", fl, NULL,
	    al);
	is_int(placed(v, "f", -1, &o, &res), 40, "newton without a RAM "
	    "filter: a fill stops at the limit");
	ok(res.steps[0].fill_capped && res.ninst == 40, "and says so");
	s = sim_summary(&res);
	is_str(s, "40 placed, 0 refused; fill of f stopped at the limit "
	    "after 40", "the summary of a capped fill");
	free(s);
	sim_result_release(&res);
	/* Newton weighs RAM only: the bigger GPU host first */
	is_int(placed(v, "f", 1, NULL, &res), 1, "one instance");
	is_str(res.hosts[res.inst[0].host].name, "gpu1", "newton: most free "
	    "RAM wins, GPU host or not");
	sim_result_release(&res);
	json_decref(v);

	/* From Pike, PCIWeigher keeps it off the GPU host (1 + 0 < 0.47 +
	 * 1), and from Stein an aggregate multiplier can undo that */
	v = view(dev, "{'release': 'pike', 'schedulerfilters': "
	    "['ComputeFilter']}", fl, NULL, al);
	placed(v, "f", 1, NULL, &res);
	is_str(res.hosts[res.inst[0].host].name, "cpu1", "pike: "
	    "PCIWeigher prefers the host without PCI devices");
	ok(res.inst[0].weight == 1.0 + (8192.0 - 512) / (16384 - 512),
	    "its weight: 1 for PCI plus its share of the most free RAM");
	sim_result_release(&res);
	json_decref(v);
	v = view(dev, "{'release': 'stein', 'schedulerfilters': "
	    "['ComputeFilter']}", fl, "{'a': {'nodes': ['cpu1'], "
	    "'metadata': {'pci_weight_multiplier': '0.25'}}}", al);
	placed(v, "f", 1, NULL, &res);
	is_str(res.hosts[res.inst[0].host].name, "gpu1", "stein: an "
	    "aggregate's pci_weight_multiplier counts");
	sim_result_release(&res);
	json_decref(v);
	v = view(dev, "{'release': 'rocky', 'schedulerfilters': "
	    "['ComputeFilter']}", fl, "{'a': {'nodes': ['cpu1'], "
	    "'metadata': {'pci_weight_multiplier': '0.25'}}}", al);
	placed(v, "f", 1, NULL, &res);
	is_str(res.hosts[res.inst[0].host].name, "cpu1", "rocky: aggregate "
	    "multipliers are not read yet");
	sim_result_release(&res);
	json_decref(v);

}

/* Refused instances in a row share one list; verdicts agree. */
static void
check_verdicts(void)
{
	const char *dev = "{'gpu1': {'roles': ['openstackcompute'], "
	    "'memory': 16384}, 'cpu1': " HV(8192) "}";
	const char *fl = "{'f': {'ram': 1024}, 'huge': {'ram': 99999}}";
	struct sim_step st[2] = { { "f", 3, 0, NULL }, { "huge", 3, 0, NULL } };
	struct sim_result res;
	struct sim_opts o;
	char *cause;
	json_t *v, *j, *in;
	int good;

	sim_opts_init(&o);
	o.verdicts = 1;
	v = view(dev, "{'release': 'zed', 'schedulerfilters': "
	    "['ComputeFilter', 'DiskFilter']}", fl, NULL, NULL);
	run(v, st, 2, &o, &res, &cause);
	ok(res.placed == 3 && res.refused == 3 && res.ninst == 6,
	    "3 placed, 3 refused");
	ok(res.inst[3].refusals_of == 3 && res.inst[4].refusals_of == 3 &&
	    res.inst[5].refusals == res.inst[3].refusals, "refusals shared");
	is_int(res.inst[3].nrefusals, 2, "every host refused");
	is_str(res.filters[res.inst[3].refusals[1].filter].name, "placement",
	    "by placement");
	good = 1;
	for (size_t i = 0; i < res.ninst; i++)
		for (size_t h = 0; h < res.nhosts; h++) {
			int fail = 0, skip = 0;

			for (size_t f = 0; f < res.nfilters; f++) {
				int x = res.inst[i].verdicts[h * res.nfilters +
				    f];

				fail |= x == SIM_V_FAIL;
				skip |= x == SIM_V_NONE && strcmp(
				    res.filters[f].name, "DiskFilter") == 0;
			}
			if (!skip || (res.inst[i].host == (long)h && fail))
				good = 0;
		}
	ok(good, "verdicts: the chosen host passed every filter, skipped "
	    "ones are marked");
	j = sim_format_json(&res);
	in = json_array_get(json_object_get(j, "instances"), 4);
	ok(json_integer_value(json_object_get(in, "refused_as")) == 4 &&
	    json_object_get(in, "refused_by") == NULL, "JSON: a shared "
	    "refusal names the instance that has it");
	json_decref(j);
	sim_result_release(&res);
	json_decref(v);
}

/* The output: text and JSON. */
static void
check_format(void)
{
	const char *fl = "{'f': {'ram': 4096}}";
	struct sim_step st = { "f", 0, 1, NULL };
	struct sim_result res;
	struct sbuf out = SBUF_INIT;
	char *cause;
	json_t *v = view("{'h1': " HV(4096) "}", "{'schedulerfilters': "
	    "['RamFilter', 'DiskFilter']}", fl, NULL, NULL), *j;

	run(v, &st, 1, NULL, &res, &cause);
	sim_format_text(&res, &out);
	is_str(out.buf,
	    "Instance Flavor Host\n"
	    "-------- ------ ---------\n"
	    "1        f      h1\n"
	    "2        f      (refused: the fill ends)\n"
	    "\n"
	    "Instance 2 (f) refused:\n"
	    "Host Filter    Why\n"
	    "---- --------- ------------------------------------------------"
	    "-----------\n"
	    "h1   RamFilter 4096 MiB requested, 1536 MiB usable: 4096 x 1.5 "
	    "- 4608 used\n"
	    "\n"
	    "Host Instances RAM used Memory PCI free\n"
	    "---- --------- -------- ------ --------\n"
	    "h1   1         4096     4096   0/0\n"
	    "\n"
	    "Skipped filters (not applied):\n"
	    "  DiskFilter: needs the hosts' disk sizes, which the state does "
	    "not hold\n"
	    "\n"
	    "Skipped weighers:\n"
	    "  DiskWeigher: needs the hosts' free disk, which the state does "
	    "not hold\n"
	    "  IoOpsWeigher: needs the builds in flight on each host\n"
	    "\n"
	    "nova Newton: 1 placed, 0 refused; fill of f ended after 1\n",
	    "the text");
	j = sim_format_json(&res);
	is_str(json_string_value(json_object_get(json_object_get(j,
	    "summary"), "text")), "1 placed, 0 refused; fill of f ended "
	    "after 1", "JSON: the summary");
	is_str(json_string_value(json_object_get(json_object_get(
	    json_object_get(json_array_get(json_object_get(j, "instances"),
	    1), "refused_by"), "h1"), "filter")), "RamFilter",
	    "JSON: who refused the fill's end");
	ok(json_is_true(json_object_get(json_array_get(json_object_get(j,
	    "instances"), 1), "fill_end")), "JSON: the fill's end is marked");
	json_decref(j);
	sbuf_release(&out);
	sim_result_release(&res);
	json_decref(v);
}

/* nova's extra_specs_ops.match(). */
static void
check_match(void)
{
	static const struct {
		const char *value, *req;
		int want;
	} cases[] = {
		{ "3", "3", 1 }, { "3", "4", 0 }, { "3", "= 3", 1 },
		{ "4", "= 3", 1 }, { "2", "= 3", 0 }, { "3.0", "== 3", 1 },
		{ "3", "!= 3", 0 }, { "2", "<= 3", 1 }, { "4", ">= 5", 0 },
		{ "fast", "= 3", 0 }, { "fastest", "<in> test", 1 },
		{ "fast", "<in> slow", 0 }, { "abc", "<all-in> a c", 1 },
		{ "abc", "<all-in> a d", 0 }, { "abc", "<all-in>", 0 },
		{ "b", "<or> a <or> b", 1 }, { "c", "<or> a <or> b", 0 },
		{ "a", "<or>", 0 }, { "a", "<or> a", 1 }, { "x", "s== x", 1 },
		{ "x", "s!= x", 0 }, { "abc", "s< abd", 1 },
		{ "abd", "s<= abc", 0 }, { "b", "s> a", 1 },
		{ "a", "s>= b", 0 }, { "x", "==", 0 }, { "", "", 1 },
		{ "true", "True", 0 }, { "a b", "a b", 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		is_int(simf_match(cases[i].value, cases[i].req), cases[i].want,
		    "match('%s', '%s')", cases[i].value, cases[i].req);
}

/* Python's int() and float(). */
static void
check_numbers(void)
{
	static const struct {
		const char *s;
		int base, ok;
		long long want;
	} ints[] = {
		{ "42", 10, 1, 42 }, { " 42\t", 10, 1, 42 },
		{ "4_2", 10, 1, 42 }, { "-7", 10, 1, -7 }, { "+7", 10, 1, 7 },
		{ "4__2", 10, 0, 0 }, { "_4", 10, 0, 0 }, { "4_", 10, 0, 0 },
		{ "", 10, 0, 0 }, { " ", 10, 0, 0 }, { "4.0", 10, 0, 0 },
		{ "0x1f", 16, 1, 31 }, { "1F", 16, 1, 31 }, { "0x", 16, 0, 0 },
		{ "0x1f", 10, 0, 0 }, { "99999999999999999999", 10, 0, 0 },
	};
	static const struct {
		const char *s;
		int ok;
		double want;
	} floats[] = {
		{ "1.5", 1, 1.5 }, { " 2 ", 1, 2 }, { "1e3", 1, 1000 },
		{ "1_0.5", 1, 10.5 }, { "-.5", 1, -0.5 }, { "1.", 1, 1 },
		{ "2E-1", 1, 0.2 }, { ".", 0, 0 }, { "e3", 0, 0 },
		{ "0x10", 0, 0 }, { "1_", 0, 0 }, { "1e", 0, 0 },
		{ "much", 0, 0 }, { "", 0, 0 }, { "1.5x", 0, 0 },
	};
	long long iv;
	double dv;

	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		int r = sim_pyint(ints[i].s, ints[i].base, &iv) == 0;

		ok(r == ints[i].ok && (!r || iv == ints[i].want),
		    "int('%s', %d)", ints[i].s, ints[i].base);
	}
	for (size_t i = 0; i < ARRAY_SIZE(floats); i++) {
		int r = sim_pyfloat(floats[i].s, &dv) == 0;

		ok(r == floats[i].ok && (!r || dv == floats[i].want),
		    "float('%s')", floats[i].s);
	}
	ok(sim_pyfloat(" -Infinity ", &dv) == 0 && dv < -1e308,
	    "float('-Infinity')");
	ok(sim_pyfloat("NaN", &dv) == 0 && dv != dv, "float('NaN')");
}

/* Runs the tests. */
int
main(void)
{
	check_errors();
	check_whitelist_errors();
	check_ram();
	check_reserve();
	check_pci();
	check_zones();
	check_kinds();
	check_runs();
	check_verdicts();
	check_format();
	check_match();
	check_numbers();
	return done_testing();
}
