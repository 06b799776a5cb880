#!/usr/bin/env python3
"""test_article.py - the seed article (seeds/000_ad7ba81e03bdeeac.txt, "How
do I set up PCI passthrough on OpenStack?") followed word for word on a
fresh state (--example gives its nodes): each cmsh step typed exactly as
the article prints it, in a session of its own, and the admin's edits of
the image (nova.conf by hand, the filter module copied in) done by shell
steps where the article places them.  Every commit exits 0, and nova's own
code (tests/interop/novacheck.py, python3-nova) accepts the nova.conf that
results, read as Newton (the article's release) and as Zed (the same steps
on a cluster set to Zed first).

The article leaves three blanks (where the module goes, the empty file,
the nova.conf lines for it) and does not print the command that swaps
RamFilter for ReserveRamFilter; the shell step fills the blanks with the
image's site-packages, ocmsh_filters/__init__.py and the class path of
ocmsh's module, and the swap is one 'set schedulerfilters'.
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (CENTOS7_DIR, FILTER_SRC, IMAGE, MODULE_DIR,  # noqa: E402
                    Sandbox, TAP, ZED_DEFAULTS, json_values, nova_package,
                    osd, script, state)
import novacheck  # noqa: E402

# The article's cmsh steps, as printed: (prompt + command) lines.  The
# prompts are what ocmsh -x echoes before each command.
STEP_DEVICES = [
    "[cluster]% device",
    "[cluster->device]% foreach -n hyper[01-02] (set kernelparameters "
    "intel_iommu=on)",
    "[cluster->device*]% commit",
]
STEP_FLAVOR = [
    "[cluster]% openstack flavors",
    "[cluster->openstack[default]->flavors]% clone m1.medium g1.medium.p100",
    "[cluster->openstack[default]->flavors*[g1.medium.p100*]]% set "
    "extraspecs {\\\"pci_passthrough:alias\\\":\\\"gpu-p100:1\\\"}",
    "[cluster->openstack[default]->flavors*[g1.medium.p100*]]% commit ",
]
STEP_FILTER = [
    "[cluster]% openstack settings",
    "[cluster->openstack[default]->settings]% compute ",
    "[cluster->openstack[default]->settings->compute]% append "
    "schedulerfilters PciPassthroughFilter",
    "[cluster->openstack*[default*]->settings*->compute*]% commit",
]
STEP_AGGREGATE = [
    "[cluster]% openstack hostaggregates ",
    "[cluster->openstack[default]->hostaggregates]% add gpu",
    "[cluster->openstack[default]->hostaggregates*[gpu*]]% set nodes "
    "hyper01 hyper02",
    "[cluster->openstack[default]->hostaggregates*[gpu*]]% set metadata "
    "{\\\"reserve_ram_filter_flavor_extra_spec\\\":\\\"gpu\\\","
    "\\\"reserve_ram_filter_mb\\\":\\\"4096\\\"}",
    "[cluster->openstack[default]->hostaggregates*[gpu*]]% commit",
]
STEP_GPU_SPEC = [
    "[cluster]% openstack flavors ",
    "[cluster->openstack[default]->flavors]% set g1.medium.p100 extraspecs "
    "{\\\"pci_passthrough:alias\\\":\\\"gpu-p100:1\\\",\\\"gpu\\\":"
    "\\\"true\\\"}",
    "[cluster->openstack[default]->flavors*]% commit",
]

# The article's hand edit of nova.conf, in [DEFAULT]: its three lines.
HAND = [
    'pci_alias={"vendor_id": "10de", "product_id":"1024", '
    '"device_type":"type-PCI", "name":"gpu-k40"}',
    'pci_alias={"vendor_id": "10de", "product_id":"15f8", '
    '"device_type":"type-PCI", "name":"gpu-p100"}',
    'pci_passthrough_whitelist=[{"vendor_id": "10de", "product_id":"1024"},'
    '{"vendor_id": "10de", "product_id":"15f8"}]',
]
RESERVE_CLASS = "ocmsh_filters.reserve_ram_filter.ReserveRamFilter"


def typed(step):
    """What the admin types for a step: the commands after the prompts."""
    return "".join(line.split("% ", 1)[1] + "\n" for line in step)


def echoed(out):
    """The prompt + command lines ocmsh -x echoed, blanks trimmed."""
    return [line.rstrip() for line in out.splitlines() if "]% " in line]


def edit_default(sb, lines):
    """The admin's edit: lines set in [DEFAULT] of the image's nova.conf
    (after its header, as an editor would), the rest kept."""
    conf = sb.nova_conf()
    with open(conf) as f:
        text = f.read()
    if "[DEFAULT]\n" not in text:
        text = "[DEFAULT]\n" + text
    text = text.replace("[DEFAULT]\n", "[DEFAULT]\n" + "".join(
        line + "\n" for line in lines), 1)
    with open(conf, "w") as f:
        f.write(text)


def install_module(sb, where):
    """The admin installs the article's attached filter, and the empty
    file beside it; nova.conf gets its class as an available filter."""
    pkg = sb.path(IMAGE, where, "ocmsh_filters")
    os.makedirs(pkg, exist_ok=True)
    shutil.copyfile(FILTER_SRC, os.path.join(pkg, "reserve_ram_filter.py"))
    open(os.path.join(pkg, "__init__.py"), "w").close()
    edit_default(sb, ["scheduler_available_filters = "
                      "nova.scheduler.filters.all_filters",
                      "scheduler_available_filters = " + RESERVE_CLASS])


def article(t, sb, release, reserve_filters, where):
    """Follows the article in sandbox sb; reports each step to t."""
    steps = [
        ("1. intel_iommu=on on the hypervisors", STEP_DEVICES),
        ("2. nova.conf edited by hand", lambda: edit_default(sb, HAND)),
        ("3. the GPU flavor", STEP_FLAVOR),
        ("4. PciPassthroughFilter", STEP_FILTER),
        ("5a. the filter installed by hand",
         lambda: install_module(sb, where)),
        ("5b. ReserveRamFilter in place of RamFilter", [
            "[cluster]% openstack settings",
            "[cluster->openstack[default]->settings]% compute",
            "[cluster->openstack[default]->settings->compute]% set "
            "schedulerfilters " + " ".join(reserve_filters),
            "[cluster->openstack*[default*]->settings*->compute*]% "
            "commit"]),
        ("6. the aggregate", STEP_AGGREGATE),
        ("7. the GPU flavor's extra spec", STEP_GPU_SPEC),
    ]
    for what, step in steps:
        label = "%s: %s" % (release, what)
        if callable(step):
            step()
            continue
        r = sb.run("-x", stdin=typed(step))
        t.ok(r.rc == 0 and "ocmsh:" not in r.err and
             "commit refused" not in r.err, "%s: exits 0" % label, r)
        t.eq(echoed(r.out), [line.rstrip() for line in step],
             "%s: the prompts are the article's" % label)


t = TAP()
checks = []

# ---- Newton, as the article: a CentOS 7 image (nova on Python 2.7)
sb = Sandbox().__enter__()
nova_package(sb, CENTOS7_DIR)
newton = ["RetryFilter", "AvailabilityZoneFilter", "ReserveRamFilter",
          "DiskFilter", "ComputeFilter", "ComputeCapabilitiesFilter",
          "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter",
          "ServerGroupAffinityFilter", "PciPassthroughFilter"]
article(t, sb, "newton", newton, CENTOS7_DIR)
checks.append(("newton", sb, CENTOS7_DIR, newton))

# ---- the same steps on a cluster set to Zed first (a Debian image)
sb = Sandbox().__enter__()
nova_package(sb, MODULE_DIR)
r = sb.run(stdin=script("openstack settings compute", "set release zed",
                        "set schedulerfilters %s" % " ".join(ZED_DEFAULTS),
                        "commit"))
t.ok(r.rc == 0, "zed: the cluster is set to Zed", r)
zed = ZED_DEFAULTS + ["PciPassthroughFilter", "ReserveRamFilter"]
article(t, sb, "zed", zed, MODULE_DIR)
checks.append(("zed", sb, MODULE_DIR, zed))

# ---- what results: the state, and nova.conf read by nova's own code
jobs = []
for release, sb, where, filters in checks:
    st = state(sb)
    t.eq(sorted(osd(st)["pcialiases"]), ["gpu-k40", "gpu-p100"],
         "%s: the hand-written aliases were adopted" % release)
    t.eq(osd(st)["flavors"]["g1.medium.p100"]["extraspecs"],
         {"pci_passthrough:alias": "gpu-p100:1", "gpu": "true"},
         "%s: the GPU flavor has both extra specs" % release)
    t.eq(osd(st)["settings"]["compute"]["schedulerfilters"], filters,
         "%s: the filters as set" % release)
    t.eq(sorted(st["devices"][h].get("kernelparameters") or ""
                for h in ("hyper01", "hyper02", "hyper03")),
         ["", "intel_iommu=on", "intel_iommu=on"],
         "%s: intel_iommu=on on hyper01 and hyper02 only" % release)
    names = {"newton": ("DEFAULT", "pci_alias"), "zed": ("pci", "alias")}
    t.eq(sorted(a["name"] for a in json_values(sb.nova_conf(),
                                               *names[release])),
         ["gpu-k40", "gpu-p100"], "%s: nova.conf has both aliases under "
         "the release's name" % release)
    flavors = dict((n, f["extraspecs"]) for n, f in
                   osd(st)["flavors"].items()
                   if "pci_passthrough:alias" in f.get("extraspecs", {}))
    jobs.append({"conf_path": sb.nova_conf(), "release": release,
                 "module_root": sb.path(IMAGE, where), "flavors": flavors})
for (release, sb, where, filters), res in zip(checks,
                                              novacheck.check_confs(jobs)):
    gone = [f for f in filters if f in ("RetryFilter", "DiskFilter")]
    want = (["filter_error: SchedulerHostFilterNotFound: Scheduler Host "
             "Filter %s could not be found." % ", ".join(gone)]
            if gone else [])
    t.eq(novacheck.errors(res), want, "%s: nova accepts the nova.conf "
         "(only the filters Zed's code no longer has are missing)" %
         release)
    t.eq(novacheck.wrong_names(res), [], "%s: only the release's option "
         "names" % release)
    t.eq(sorted(res.get("aliases") or {}), ["gpu-k40", "gpu-p100"],
         "%s: nova parses both aliases" % release)
    t.eq(res.get("enabled_filters_conf"), filters,
         "%s: nova reads the enabled filters, in order" % release)
    t.eq((res.get("filter_classes") or {}).get("ReserveRamFilter"),
         RESERVE_CLASS, "%s: ReserveRamFilter loads from the image's "
         "%s" % (release, where))
    t.eq([r["alias_name"] for r in
          res.get("pci_requests", {}).get("g1.medium.p100", [])],
         ["gpu-p100"], "%s: g1.medium.p100 asks nova for a P100" % release)
    sb.__exit__(None, None, None)
t.done()
