#!/usr/bin/env python3
"""test_validate.py - ocmsh(1) VALIDATION: each error refuses the commit with
the Code Field Message table and writes nothing; each warning is shown and
does not block the commit.  Starts from the state the seed leaves.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (CENTOS7_DIR, Sandbox, TAP, changed,  # noqa: E402
                    compute, nova_package, osd, seed_script, state)

t = TAP()

FLAVOR = "openstack flavors\nuse g1.medium.p100\n"
COMPUTE = "openstack settings compute\n"

# (label, commands, code, text the message must hold)
ERRORS = [
    ("count 0",
     FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100:0\ncommit\n",
     "103", "count '0' for PCI alias 'gpu-p100' is not a positive integer"),
    ("count -1",
     FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100:-1\ncommit\n",
     "103", "count '-1'"),
    ("count 1.5",
     FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100:1.5\ncommit\n",
     "103", "count '1.5'"),
    ("count x",
     FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100:x\ncommit\n",
     "103", "count 'x'"),
    ("no count",
     FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100\ncommit\n",
     "103", "NAME:COUNT"),
    ("uncovered alias",
     COMPUTE + "set pcipassthroughwhitelist "
     "'{\"vendor_id\":\"10de\",\"product_id\":\"1024\"}'\nhome\ncommit\n",
     "104", "no pcipassthroughwhitelist entry covers 10de:15f8"),
    ("RamFilter in train",
     COMPUTE + "set release train\n"
     "set schedulerfilters RamFilter ComputeFilter PciPassthroughFilter\n"
     "commit\n",
     "105", "RamFilter was removed in Train"),
    ("seed filters in train",
     COMPUTE + "set release train\ncommit\n",
     "105", "DiskFilter was removed in Train"),
    ("unknown filter",
     COMPUTE + "append schedulerfilters GpuOnlyFilter\ncommit\n",
     "105", "GpuOnlyFilter is not a filter of nova Newton and "
     "availablefilters does not provide it"),
    ("availablefilters without all_filters",
     COMPUTE + "set availablefilters site_filters.GpuOnlyFilter\n"
     "commit\n", "105", "ComputeFilter is enabled but availablefilters"),
    ("availablefilters without the reserve class",
     COMPUTE + "set availablefilters nova.scheduler.filters.all_filters\n"
     "commit\n", "105", "ReserveRamFilter is enabled but availablefilters"),
    ("reserve 4G",
     "openstack hostaggregates\nuse gpu\n"
     "append metadata reserve_ram_filter_mb=4G\ncommit\n",
     "106", "reserve_ram_filter_mb '4G' is not a non-negative integer"),
    ("reserve -1",
     "openstack hostaggregates\nuse gpu\n"
     "append metadata reserve_ram_filter_mb=-1\ncommit\n",
     "106", "reserve_ram_filter_mb '-1'"),
    ("reserve empty",
     "openstack hostaggregates\nuse gpu\n"
     "append metadata reserve_ram_filter_mb=\ncommit\n",
     "106", "reserve_ram_filter_mb ''"),
    ("missing image",
     "softwareimage\nremove default-image\ncommit\n",
     "101", "no such softwareimage 'default-image'"),
    ("missing aggregate node",
     "device\nremove hyper02\ncommit\n",
     "101", "no such device 'hyper02'"),
    ("alias without product",
     "openstack pcialiases\nadd gpu-x\nset vendorid 10de\nexit\ncommit\n",
     "107", "productid is not set"),
]


def row(err, code, text):
    """1 if a table row has the code and the text."""
    return any(line.startswith(code + " ") and text in line
               for line in err.splitlines())


with Sandbox() as base:
    nova_package(base, CENTOS7_DIR)     # the seed's CentOS 7 image
    r = base.run(stdin=seed_script())
    t.ok(r.rc == 0, "the seed runs", r)
    r = base.run("-c", "validate")
    t.eq(r.out, "All good\n", "validate: the seed's state is all good")

    for label, cmds, code, text in ERRORS:
        snap = base.snapshot()
        r = base.run("-q", stdin=cmds)
        t.eq(r.rc, 1, "%s: commit exits 1 (-q: at once)" % label)
        t.ok("Code  Field" in r.err and row(r.err, code, text),
             "%s: the table has code %s with %r" % (label, code, text),
             r)
        t.contains(r.err, "commit refused", "%s: the refusal is reported"
                   % label)
        t.eq(changed(snap, base.snapshot()), [], "%s: nothing written (state, "
             "nova.conf, history byte-identical)" % label)

    # validate shows the same table, without committing
    r = base.run(stdin=FLAVOR + "set extraspecs "
                 "pci_passthrough:alias=gpu-v100:1\nvalidate\nrefresh\n")
    t.ok(r.rc == 0 and row(r.out, "102", "gpu-v100"),
         "validate prints the table on stdout and goes on", r)

    def fresh(label):
        """A copy of the seeded sandbox."""
        sb = base.copy()
        sb.label = label
        return sb

    # a filter that availablefilters provides is accepted
    sb = fresh("provided")
    r = sb.run(stdin=COMPUTE + "set release train\n"
               "set schedulerfilters ComputeFilter PciPassthroughFilter "
               "ReserveRamFilter GpuOnlyFilter RamFilter\n"
               "set availablefilters nova.scheduler.filters.all_filters "
               "ocmsh_filters.reserve_ram_filter.ReserveRamFilter "
               "site_filters.GpuOnlyFilter site_filters.RamFilter\n"
               "commit\n")
    t.ok(r.rc == 0, "provided: site classes in availablefilters are "
         "accepted, even under a removed name", r)
    t.eq(compute(state(sb)).get("availablefilters", [])[-1],
         "site_filters.RamFilter", "provided: committed")
    sb.__exit__(None, None, None)

    # the reserve may be 0
    sb = fresh("reserve 0")
    r = sb.run(stdin="openstack hostaggregates\nuse gpu\n"
               "append metadata reserve_ram_filter_mb=0\ncommit\n")
    t.ok(r.rc == 0, "reserve 0 is a non-negative integer", r)
    sb.__exit__(None, None, None)

    # warnings: shown, and the commit goes through
    WARN = [
        ("no PciPassthroughFilter",
         COMPUTE + "removefrom schedulerfilters PciPassthroughFilter\n"
         "commit\n", "201",
         "1 flavor requests PCI devices but PciPassthroughFilter is not "
         "enabled"),
        ("no IOMMU",
         "device\nuse hyper02\nset kernelparameters quiet\ncommit\n",
         "202", "holds 10de:15f8 (alias 'gpu-p100') but lacks "
         "intel_iommu=on or amd_iommu=on"),
        ("amd_iommu counts",
         "device\nuse hyper02\nset kernelparameters amd_iommu=on iommu=pt"
         "\ncommit\n", None, None),
        ("no device",
         "openstack pcialiases\nadd gpu-v100\nset vendorid 10de\n"
         "set productid 1db4\nexit\ncommit\n", "203",
         "no device has 10de:1db4"),
        # nova refuses only this flavor's boots; cmsh commits it
        ("undefined alias",
         FLAVOR + "set extraspecs pci_passthrough:alias=gpu-v100:1 gpu=true"
         "\ncommit\n", "102", "PCI alias 'gpu-v100' is not defined: nova "
         "refuses this flavor's boots"),
        ("second item undefined",
         FLAVOR + "set extraspecs '{\"pci_passthrough:alias\":"
         "\"gpu-p100:1, gpu-x:2\", \"gpu\": \"true\"}'\ncommit\n",
         "102", "PCI alias 'gpu-x' is not defined"),
        # deprecations from nova's source at each tag (doc/nova.md 3):
        # 19.0.0 (stein) deprecates RamFilter, CoreFilter, DiskFilter
        ("RamFilter in stein",
         COMPUTE + "set release stein\n"
         "set schedulerfilters RamFilter ComputeFilter PciPassthroughFilter "
         "ReserveRamFilter\ncommit\n", "207",
         "RamFilter is deprecated since Stein and removed in Train"),
        # 20.0.0 (train) deprecates RetryFilter and Aggregate*Filter
        ("RetryFilter in train",
         COMPUTE + "set release train\n"
         "set schedulerfilters RetryFilter ComputeFilter "
         "PciPassthroughFilter ReserveRamFilter\ncommit\n", "207",
         "RetryFilter is deprecated since Train and removed in Victoria"),
        ("AggregateRamFilter in ussuri",
         COMPUTE + "set release ussuri\n"
         "set schedulerfilters AggregateRamFilter ComputeFilter "
         "PciPassthroughFilter ReserveRamFilter\ncommit\n", "207",
         "AggregateRamFilter is deprecated since Train and removed in "
         "Victoria"),
        # 24.0.0 (xena) availability_zone_filter.py: "deprecated since
        # the 24.0.0"; gone from 28.0.0 (2023.2)
        ("AvailabilityZoneFilter in zed",
         COMPUTE + "set release zed\n"
         "set schedulerfilters AvailabilityZoneFilter ComputeFilter "
         "PciPassthroughFilter ReserveRamFilter\ncommit\n", "207",
         "AvailabilityZoneFilter is deprecated since Xena and removed in "
         "2023.2"),
        ("GPU flavor without the reserve spec",
         FLAVOR + "removefrom extraspecs gpu\ncommit\n", "208",
         "requests PCI devices but lacks 'gpu': true, so the 4096 MiB that "
         "aggregate gpu reserves for GPU flavors are kept from it"),
        ("reserve spec not true",
         FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100:1 gpu=yes"
         "\ncommit\n", "208",
         "requests PCI devices but lacks 'gpu': true"),
        ("reserve spec ' True '",
         FLAVOR + "set extraspecs pci_passthrough:alias=gpu-p100:1 "
         "'gpu= True '\ncommit\n", None, None),
        ("reserve the whole node",
         "openstack hostaggregates\nuse gpu\n"
         "append metadata reserve_ram_filter_mb=262144\ncommit\n", "209",
         "reserve_ram_filter_mb 262144 is at or above the memory of hyper01 "
         "(262144 MiB): only flavors with the GPU extra spec fit there"),
        ("unscoped spec",
         COMPUTE + "append schedulerfilters "
         "AggregateInstanceExtraSpecsFilter\ncommit\n", "204",
         "AggregateInstanceExtraSpecsFilter is enabled and treats the "
         "unscoped extra spec 'gpu'"),
    ]
    for label, cmds, code, text in WARN:
        sb = fresh(label)
        rev = state(sb)["revision"]
        r = sb.run(stdin=cmds)
        t.eq(r.rc, 0, "%s: the commit goes through" % label)
        t.eq(state(sb)["revision"], rev + 1, "%s: committed" % label)
        if code:
            t.ok(row(r.err, code, "warning: " + text),
                 "%s: warning %s %r" % (label, code, text), r)
        else:
            t.eq(r.err, "", "%s: no warning" % label)
        sb.__exit__(None, None, None)

    # a scoped spec does not draw the AggregateInstanceExtraSpecsFilter
    # warning
    sb = fresh("scoped")
    r = sb.run(stdin=COMPUTE + "append schedulerfilters "
               "AggregateInstanceExtraSpecsFilter\n" + FLAVOR +
               "removefrom extraspecs gpu\nhome\ncommit\n")
    t.ok(r.rc == 0 and "204" not in r.err,
         "scoped: only unscoped specs are warned about", r)
    t.eq(osd(state(sb))["flavors"]["g1.medium.p100"]["extraspecs"],
         {"pci_passthrough:alias": "gpu-p100:1"}, "scoped: committed")
    sb.__exit__(None, None, None)
t.done()
