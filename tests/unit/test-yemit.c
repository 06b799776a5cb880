/*
 * test-yemit.c - the fast state writer (yemit_open_fast) writes exactly
 * the bytes of the libyaml writer (yemit_open), or says YEMIT_AGAIN and
 * leaves its output alone; and what it writes loads back as it was.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/tap.h"
#include "state/yaml_emit.h"
#include "state/yaml_load.h"
#include "tests/unit/yemit-feed.h"
#include "lib/sbuf.h"

/* Emits doc both ways; returns 1 if the fast writer took it. */
static int
check(const char *name, json_t *doc)
{
	struct sbuf slow = SBUF_INIT, fast = SBUF_INIT;
	struct yemitter *e;
	char *cause = NULL;
	int rs, rf, took;

	e = yemit_open(&slow);
	feed(e, doc);
	rs = yemit_close(e, &cause);
	ok(rs == 0, "%s: libyaml writes it%s%s", name, cause ? ": " : "",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	sbuf_adds(&fast, "");
	e = yemit_open_fast(&fast);
	feed(e, doc);
	rf = yemit_close(e, &cause);
	free(cause);
	took = rf == 0;
	if (took)
		is_str(fast.buf, slow.buf, "%s: the fast writer's bytes are "
		    "libyaml's", name);
	else
		ok(rf == YEMIT_AGAIN && fast.len == 0, "%s: the fast writer "
		    "defers to libyaml and leaves its output empty", name);
	{
		json_t *back = yaml_load_buf(name, slow.buf, slow.len, NULL,
		    &cause);

		ok(back != NULL, "%s: the output loads again%s%s", name,
		    cause ? ": " : "", cause ? cause : "");
		free(cause);
		cause = NULL;
		json_decref(back);
	}
	sbuf_release(&slow);
	sbuf_release(&fast);
	return took;
}

int
main(void)
{
	static const char *const tricky[] = {
		"plain", "yes", "No", "ON", "off", "y", "n", "~", "null",
		"NULL", "", "1e3", "0x1F", "0o17", "+1", "-1", "1.0", ".inf",
		"-.Inf", ".NaN", "2026-11-24", "-", "- a", "a: b", "a:b", "#x",
		"x #y", "a,b", "[x]", "{x}", "*a", "&a", "!t", "%x", "@x", "`x",
		"'q'", "\"q\"", "a\\b", " lead", "trail ", "tab\there", "?",
		"? x", ":x", "x:", "gpu-p100:1", "pci_passthrough:alias",
		"intel_iommu=on", "{\"a\":\"b\"}", "0302", "10de", "1024",
		"NVIDIA Corporation GK110BGL [Tesla K40c]",
		"intel_iommu=on iommu=pt hugepagesz=1G hugepages=64 "
		"default_hugepagesz=1G isolcpus=2-31 nohz_full=2-31 rcu_nocbs",
		"a very long value without any spaces at all xxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"multi\nline", "\xc3\xbc" "n" "\xc3\xaf" "code", "ctl\x01", "cr\rx",
		NULL
	};
	json_t *doc;
	int fast_took;

	/* a state of the usual shape: the fast writer must take it */
	doc = json_loads("{\"format\": 1, \"revision\": 7, \"cluster\": "
	    "{\"name\": \"cluster\"}, \"devices\": {\"hyper01\": {\"type\": "
	    "\"PhysicalNode\", \"kernelparameters\": \"intel_iommu=on\", "
	    "\"roles\": [\"openstackcompute\"], \"memory\": 262144, "
	    "\"pcidevices\": [{\"address\": \"0000:86:00.0\", \"class\": "
	    "\"0302\", \"vendor\": \"10de\", \"device\": \"1024\"}]}}, "
	    "\"openstack\": {\"default\": {\"flavors\": {\"g1\": {\"vcpus\": 2, "
	    "\"public\": false, \"extraspecs\": {\"gpu\": "
	    "\"true\", \"pci_passthrough:alias\": \"gpu-p100:1\"}}}, "
	    "\"hostaggregates\": {}, \"pcialiases\": {}}}, \"written\": {}}",
	    0, NULL);
	fast_took = check("usual state", doc);
	ok(fast_took, "the fast writer takes the usual state");
	json_decref(doc);

	/* every tricky string as a value, a key, a list item, in a flow map */
	for (size_t i = 0; tricky[i]; i++) {
		char name[64];

		snprintf(name, sizeof name, "value %zu", i);
		doc = json_pack("{s:s}", "k", tricky[i]);
		check(name, doc);
		json_decref(doc);
		snprintf(name, sizeof name, "key %zu", i);
		doc = json_object();
		json_object_set_new(doc, tricky[i], json_string("v"));
		check(name, doc);
		json_decref(doc);
		snprintf(name, sizeof name, "list item %zu", i);
		doc = json_pack("{s:[s,s]}", "l", "a", tricky[i]);
		check(name, doc);
		json_decref(doc);
		snprintf(name, sizeof name, "flow map %zu", i);
		doc = json_pack("{s:[{s:s,s:s}]}", "p", "a", "b", "n",
		    tricky[i]);
		check(name, doc);
		json_decref(doc);
	}
	/* empty collections, numbers, booleans, null */
	doc = json_loads("{\"e\": {}, \"l\": [], \"i\": -5, \"r\": 0.25, "
	    "\"t\": true, \"f\": false, \"z\": null}", 0, NULL);
	check("scalars and empties", doc);
	json_decref(doc);
	return done_testing();
}
