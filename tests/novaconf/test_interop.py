#!/usr/bin/env python3
"""test_interop.py - the nova.conf that commit writes, read by nova's own
code (Debian's python3-nova, Zed) through tests/interop/novacheck.py, for
newton, ocata, yoga, zed and 2026.1 names.  Every file is checked in its
own nova process; the processes run in parallel.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (IMAGE, MODULE_DIR, Sandbox, TAP, compute,  # noqa: E402
                    conf_names, nova_package, osd, script, seed_for,
                    seed_script, state)
import novacheck  # noqa: E402

RESERVE = "ocmsh_filters.reserve_ram_filter.ReserveRamFilter"
RESERVE_AGG = "ocmsh_filters.reserve_ram_filter.ReserveAggregateRamFilter"
K40 = ("10de", "1024")
P100 = ("10de", "15f8")
SPEC_K40 = {"vendor_id": "10de", "product_id": "1024",
            "dev_type": "type-PCI"}
SPEC_P100 = {"vendor_id": "10de", "product_id": "15f8",
             "dev_type": "type-PCI"}
SEED_ALIASES = {"gpu-k40": ["legacy", [SPEC_K40]],
                "gpu-p100": ["legacy", [SPEC_P100]]}

# A second GPU flavor asking for both aliases, added in every run.
TWO = script(
    "openstack flavors",
    "clone m1.large g2.large.both",
    "set extraspecs '{\"pci_passthrough:alias\":\"gpu-k40:1, "
    "gpu-p100:2\"}'",
    "commit")


def vp(specs):
    return [(s["vendor_id"], s["product_id"]) for s in specs or []]


def requests(result, flavor):
    """(alias, count, [(vendor, product)]) of a flavor's PCI requests."""
    return [(r["alias_name"], r["count"],
             sorted((s["vendor_id"], s["product_id"]) for s in r["spec"]))
            for r in result.get("pci_requests", {}).get(flavor, [])]


def flavors_of(sb):
    """The GPU flavors' extra specs from the state, for novacheck."""
    fl = osd(state(sb))["flavors"]
    return dict((n, f["extraspecs"]) for n, f in fl.items()
                if "pci_passthrough:alias" in f.get("extraspecs", {}))


t = TAP()
runs = []       # (label, sandbox, release, expected enabled filters)
boxes = []

# newton: the seed itself, as written
sb = Sandbox().__enter__()
boxes.append(sb)
nova_package(sb)        # the images are laid out as Debian's
r = sb.run(stdin=seed_script() + TWO)
t.ok(r.rc == 0, "newton: the seed runs", r)
want = list(novacheck.default_filters("newton"))
want[want.index("RamFilter")] = "ReserveRamFilter"
runs.append(("newton", sb, "newton", want + ["PciPassthroughFilter"]))

# ocata, yoga, zed, 2026.1: the seed with that release's default filters
for release, agg in (("ocata", False), ("yoga", True), ("zed", False),
                     ("2026.1", False)):
    defaults = novacheck.default_filters(release)
    if "RamFilter" in defaults:
        defaults.remove("RamFilter")
    sb = Sandbox().__enter__()
    boxes.append(sb)
    nova_package(sb)
    text = seed_for(release, defaults) + TWO
    if agg:
        # the aggregate variant next to the plain one
        text += script("openstack settings compute",
                       "append schedulerfilters ReserveAggregateRamFilter",
                       "commit")
    r = sb.run(stdin=text)
    t.ok(r.rc == 0 and "ocmsh:" not in r.err,
         "%s: the seed-equivalent runs" % release, r)
    enabled = defaults + ["PciPassthroughFilter", "ReserveRamFilter"]
    if agg:
        enabled.append("ReserveAggregateRamFilter")
    t.eq(compute(state(sb)).get("schedulerfilters"), enabled,
         "%s: the state holds the filters as set" % release)
    runs.append((release, sb, release, enabled))

# 2026.1 with an explicit whitelist (address pinned for the K40)
sb = Sandbox().__enter__()
boxes.append(sb)
nova_package(sb)        # the images are laid out as Debian's
defaults = novacheck.default_filters("2026.1")
r = sb.run(stdin=seed_for("2026.1", defaults) + script(
    "openstack settings compute",
    'set pcipassthroughwhitelist {\\"vendor_id\\":\\"10de\\",'
    '\\"product_id\\":\\"1024\\",\\"address\\":\\"0000:86:00.0\\"} '
    '{\\"vendor_id\\":\\"10de\\",\\"product_id\\":\\"15f8\\"}',
    "commit"))
t.ok(r.rc == 0, "2026.1: an explicit whitelist commits", r)
runs.append(("2026.1 whitelist", sb, "2026.1",
             defaults + ["PciPassthroughFilter", "ReserveRamFilter"]))

jobs = []
for label, sb, release, enabled in runs:
    jobs.append({"conf_path": sb.nova_conf(),
                 "module_root": sb.path(IMAGE, MODULE_DIR),
                 "release": release, "flavors": flavors_of(sb)})
results = novacheck.check_confs(jobs)

# Filters that Newton and Ocata have and Zed, whose classes novacheck
# loads, no longer has.
GONE = ["RetryFilter", "DiskFilter"]
for (label, sb, release, enabled), res in zip(runs, results):
    gone = [f for f in enabled if f in GONE]
    if gone:
        t.eq(novacheck.errors(res),
             ["filter_error: SchedulerHostFilterNotFound: Scheduler Host "
              "Filter %s could not be found." % ", ".join(gone)],
             "%s: nova loads the file; only %s are not Zed classes"
             % (label, "/".join(gone)))
        t.eq(res.get("enabled_filters_conf"), enabled,
             "%s: the release reads the enabled filters, in order" % label)
        enabled = [f for f in enabled if f not in GONE]
    else:
        t.eq(novacheck.errors(res), [], "%s: nova loads the file, no errors"
             % label)
    t.eq(novacheck.wrong_names(res), [],
         "%s: only the release's own option names" % label)
    t.eq(sorted(res.get("names_present") or []),
         sorted(novacheck.release_names(release).values()),
         "%s: all four managed options are present" % label)
    t.eq(res.get("aliases"), SEED_ALIASES,
         "%s: nova parses both aliases" % label)
    t.eq(vp(res.get("device_specs")), [K40, P100],
         "%s: nova parses the device spec of both GPUs" % label)
    t.eq(res.get("enabled_filters"), enabled,
         "%s: every enabled filter is found, in order" % label)
    t.eq((res.get("filter_classes") or {}).get("ReserveRamFilter"),
         RESERVE, "%s: ReserveRamFilter loads from the installed module"
         % label)
    t.eq(requests(res, "g1.medium.p100"), [("gpu-p100", 1, [P100])],
         "%s: g1.medium.p100 becomes one request for a P100" % label)
    if label != "2026.1 whitelist":
        t.eq(sorted(requests(res, "g2.large.both")),
             [("gpu-k40", 1, [K40]), ("gpu-p100", 2, [P100])],
             "%s: 'gpu-k40:1, gpu-p100:2' becomes two requests" % label)

by = dict((label, res) for (label, _, _, _), res in zip(runs, results))
newton = by["newton"]
t.ok(any("pci_alias" in m for m in newton.get("deprecations") or []),
     "newton: Zed reads [DEFAULT] pci_alias under its deprecated name",
     newton.get("deprecations"))
t.eq(newton.get("zed_enabled_filters_from_file"), False,
     "newton: (fact) Zed ignores scheduler_default_filters")
t.eq(newton.get("available_filters"),
     ["nova.scheduler.filters.all_filters", RESERVE],
     "newton: scheduler_available_filters adds the reserve filter")
t.eq(by["yoga"].get("available_filters"),
     ["nova.scheduler.filters.all_filters", RESERVE, RESERVE_AGG],
     "yoga: available_filters adds both reserve filters")
t.eq((by["yoga"].get("filter_classes") or {}).get(
    "ReserveAggregateRamFilter"), RESERVE_AGG,
    "yoga: ReserveAggregateRamFilter loads from the installed module")
t.eq(by["zed"].get("deprecations"), [],
     "zed: no deprecated name is used")
t.eq(by["zed"].get("zed_enabled_filters_from_file"), True,
     "zed: enabled_filters is read from the file")
spec = (by["2026.1 whitelist"].get("device_specs") or [{}])[0]
t.eq((spec.get("address") or {}).get("bus"), "86",
     "2026.1: the explicit whitelist's address reaches nova")
t.eq(conf_names(boxes[-1].nova_conf()) >= {"pci.device_spec"}, True,
     "2026.1: the whitelist is written as [pci] device_spec")

for sb in boxes:
    sb.__exit__(None, None, None)
t.done()
