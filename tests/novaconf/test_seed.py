#!/usr/bin/env python3
"""test_seed.py - the seed procedure (examples/seed.ocmsh) end to end:
the state it leaves, the nova.conf it writes, the filter module it installs.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (CENTOS7_DIR, FILTER_SRC, IMAGE, K40,  # noqa: E402
                    NEWTON_DEFAULTS, P100, WHITELIST, Sandbox, TAP,
                    compute, conf_names, conf_values, json_values,
                    nova_package, osd, seed_script, state)

t = TAP()
with Sandbox() as sb:
    nova_package(sb, CENTOS7_DIR)       # the seed's CentOS 7 image
    r = sb.run("-x", stdin=seed_script())
    t.eq(r.rc, 0, "the seed script runs to the end")
    t.ok("ocmsh:" not in r.err, "no command failed", r)
    t.contains(r.out, "[cluster->device]% foreach -n hyper[01-02] "
               "(set kernelparameters intel_iommu=on)",
               "-x echoes each command after its prompt")
    t.contains(r.out, "Successfully committed 2 Devices",
               "the device commit reports cmsh's message")
    t.contains(r.out, "Successfully committed 2 PCI aliases",
               "the alias commit reports both aliases")
    # Step 3 commits the flavor before PciPassthroughFilter is enabled:
    # the warning is shown, and does not stop the script.
    t.contains(r.err, "PciPassthroughFilter is not enabled",
               "the GPU flavor committed before step 4 draws the warning")

    st = state(sb)
    devs = st["devices"]
    for h in ("hyper01", "hyper02"):
        t.eq(devs[h].get("kernelparameters"), "intel_iommu=on",
             "%s has intel_iommu=on" % h)
    for h in ("hyper03", "hyper04"):
        t.eq(devs[h].get("kernelparameters"), None,
             "%s is untouched" % h)

    fl = osd(st)["flavors"]
    t.ok("g1.medium.p100" in fl, "the GPU flavor exists")
    g1, m1 = fl.get("g1.medium.p100", {}), fl["m1.medium"]
    t.eq([g1.get(k) for k in ("vcpus", "ram", "disk")],
         [m1["vcpus"], m1["ram"], m1["disk"]],
         "g1.medium.p100 is cloned from m1.medium (vcpus, ram, disk)")
    t.eq([m1["vcpus"], m1["ram"], m1["disk"]], [2, 4096, 40],
         "m1.medium keeps the example's 2/4096/40")
    t.eq(g1.get("extraspecs"), {"pci_passthrough:alias": "gpu-p100:1",
                                "gpu": "true"},
         "g1.medium.p100 has both extra specs")
    t.eq(m1.get("extraspecs"), None, "m1.medium has no extra specs")

    agg = osd(st)["hostaggregates"].get("gpu", {})
    t.eq(agg.get("nodes"), ["hyper01", "hyper02"],
         "aggregate gpu holds hyper01 and hyper02")
    t.eq(agg.get("metadata"), {"reserve_ram_filter_flavor_extra_spec": "gpu",
                               "reserve_ram_filter_mb": "4096"},
         "aggregate gpu carries both metadata keys")

    al = osd(st)["pcialiases"]
    t.eq(sorted(al), ["gpu-k40", "gpu-p100"], "both aliases exist")
    t.eq([al["gpu-k40"].get("vendorid"), al["gpu-k40"].get("productid")],
         ["10de", "1024"], "gpu-k40 is 10de:1024")
    t.eq([al["gpu-p100"].get("vendorid"), al["gpu-p100"].get("productid")],
         ["10de", "15f8"], "gpu-p100 is 10de:15f8")

    want = list(NEWTON_DEFAULTS)
    want[want.index("RamFilter")] = "ReserveRamFilter"
    want.append("PciPassthroughFilter")
    c = compute(st)
    t.eq(c.get("schedulerfilters"), want,
         "filters: ReserveRamFilter where RamFilter was, "
         "PciPassthroughFilter added")
    t.eq(c.get("release", "newton"), "newton", "release stays newton")
    t.eq(st["revision"], 7, "seven commits, seven revisions")

    conf = sb.nova_conf()
    t.ok(os.path.isfile(conf), "the image's nova.conf exists")
    t.eq(json_values(conf, "DEFAULT", "pci_alias"), [K40, P100],
         "nova.conf: one pci_alias line per alias (parsed JSON)")
    t.eq(json_values(conf, "DEFAULT", "pci_passthrough_whitelist"),
         [WHITELIST], "nova.conf: the whitelist lists both GPUs")
    t.eq(conf_values(conf, "DEFAULT", "scheduler_default_filters"),
         [",".join(want)], "nova.conf: scheduler_default_filters")
    t.eq(conf_values(conf, "DEFAULT", "scheduler_available_filters"),
         ["nova.scheduler.filters.all_filters",
          "ocmsh_filters.reserve_ram_filter.ReserveRamFilter"],
         "nova.conf: available filters add the reserve filter's class")
    t.eq(conf_names(conf), {"DEFAULT.pci_alias",
                            "DEFAULT.pci_passthrough_whitelist",
                            "DEFAULT.scheduler_default_filters",
                            "DEFAULT.scheduler_available_filters"},
         "nova.conf holds only newton's names")
    t.ok(IMAGE + "/etc/nova/nova.conf" in st.get("written", {}),
         "the state records the digest of the file it wrote")
    t.ok(str(st["written"].get(IMAGE + "/etc/nova/nova.conf", {})
             .get("digest", "")).startswith("sha256:"),
         "the digest is sha256:HEX")

    pkg = sb.path(IMAGE, CENTOS7_DIR, "ocmsh_filters")
    with open(FILTER_SRC, "rb") as f:
        src = f.read()
    mod = os.path.join(pkg, "reserve_ram_filter.py")
    t.ok(os.path.isfile(mod) and sb.read(mod) == src,
         "the filter module is installed byte-identical to the source")
    init = os.path.join(pkg, "__init__.py")
    t.ok(os.path.isfile(init) and sb.read(init) == b"",
         "ocmsh_filters/__init__.py is installed and empty")
    t.eq(os.stat(mod).st_mode & 0o777, 0o644, "the module is mode 0644")
    t.eq(sorted(os.listdir(pkg)), ["__init__.py", "reserve_ram_filter.py"],
         "the package folder holds exactly the two files")

    # A second run of the same script with -q is refused at its first
    # step only if something would change: here everything is already in
    # place, but "add gpu-k40" fails (it exists), so the script stops there
    # and the files stay as they were.
    before = sb.snapshot()
    r = sb.run("-q", stdin=seed_script())
    t.eq(r.rc, 1, "re-running the seed stops at 'add gpu-k40' (exists)")
    after = sb.snapshot()
    t.eq(sorted(k for k in set(after) | set(before)
                if after.get(k) != before.get(k)),
         [], "the re-run changed no file (no empty commit, no history)")
t.done()
