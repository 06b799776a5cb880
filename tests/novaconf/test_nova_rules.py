#!/usr/bin/env python3
"""test_nova_rules.py - what real nova refuses is an error, checked per
release against the rule in nova's source at that release's tag:

- PCI alias numa_policy: nova/pci/request.py _ALIAS_SCHEMA has no
  numa_policy in 16.0.0 (pike); 17.0.0 (queens) adds it with legacy,
  preferred and required; 23.0.0 (wallaby) adds socket.
- whitelist / device_spec entries: nova/pci/devspec.py; the mapping form
  of address (regular expressions) comes with 15.0.0 (ocata).  Every
  entry of the table is also given to Zed's own devspec parser
  (python3-nova 26.x, through tests/interop/novacheck.py): ocmsh refuses
  exactly the entries nova refuses.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import Sandbox, TAP, changed, script  # noqa: E402
import novacheck  # noqa: E402


def row(err, code, text):
    """1 if a table row has the code and the text."""
    return any(line.startswith(code + " ") and text in line
               for line in err.splitlines())


def alias_numa(release, policy):
    """Commands: the release, and an alias with numapolicy, committed."""
    return script("openstack settings compute",
                  "set release %s" % release,
                  "set schedulerfilters ComputeFilter PciPassthroughFilter",
                  "openstack pcialiases", "add gpu-k40",
                  "set vendorid 10de", "set productid 1024",
                  "set numapolicy %s" % policy, "home", "commit")


t = TAP()

# ---- numa_policy per release: (release, policy, refused, tag)
NUMA = [
    ("newton", "preferred", True, "14.0.0: no numa_policy key"),
    ("pike", "required", True, "16.0.0: no numa_policy key"),
    ("queens", "legacy", False, "17.0.0 adds numa_policy"),
    ("queens", "socket", True, "17.0.0: legacy, preferred, required"),
    ("victoria", "socket", True, "22.0.0: no socket yet"),
    ("wallaby", "socket", False, "23.0.0 adds socket"),
    ("zed", "socket", False, "26.0.0"),
]
checks = []
for release, policy, refused, tag in NUMA:
    sb = Sandbox().__enter__()
    label = "numa_policy %s in %s (nova %s)" % (policy, release, tag)
    r = sb.run("-q", stdin=alias_numa(release, policy))
    if refused:
        t.eq(r.rc, 1, "%s: refused" % label)
        t.ok(row(r.err, "110", "numapolicy '%s'" % policy),
             "%s: error 110" % label, r)
        t.ok(not sb.has_state(), "%s: nothing written" % label)
    else:
        t.ok(r.rc == 0 and "110" not in r.err, "%s: committed" % label, r)
        if release == "zed":
            checks.append((label, sb))
            continue
    sb.__exit__(None, None, None)
for (label, sb), res in zip(checks, novacheck.check_confs(
        [{"conf_path": sb.nova_conf(), "release": "zed"}
         for label, sb in checks])):
    t.eq(res.get("alias_error"), None, "%s: Zed's nova takes it" % label)
    sb.__exit__(None, None, None)

# ---- whitelist entries: (entry, refused by ocmsh and by Zed's nova)
ENTRIES = [
    ({"vendor_id": "10de", "product_id": "1024"}, False),
    ({"vendor_id": "10DE", "product_id": "*"}, False),
    ({"vendor_id": "0x10de"}, False),
    ({"vendor_id": "ffff", "product_id": "ffff"}, False),
    ({"vendor_id": "10000"}, True),
    ({"product_id": "1g24"}, True),
    ({"vendor_id": "10de", "address": "0000:3b:00.0"}, False),
    ({"vendor_id": "10de", "address": "*:3b:00.*"}, False),
    ({"vendor_id": "10de", "address": ":3b:1f."}, False),
    ({"vendor_id": "10de", "address": "3b:00.7"}, False),
    ({"vendor_id": "10de", "address": "ffff:ff:1f.7"}, False),
    ({"vendor_id": "10de", "address": "0000:3b:00.8"}, True),
    ({"vendor_id": "10de", "address": "0000:3b:20.0"}, True),
    ({"vendor_id": "10de", "address": "0000:100:00.0"}, True),
    ({"vendor_id": "10de", "address": "10000:3b:00.0"}, True),
    ({"vendor_id": "10de", "address": "0:0000:3b:00.0"}, True),
    ({"vendor_id": "10de", "address": "0000:3?:00.0"}, True),
    ({"vendor_id": "10de", "address": {"bus": "3b", "slot": ".*"}}, False),
    ({"vendor_id": "10de", "devname": "ocmsh-none0"}, False),
    ({"vendor_id": "10de", "devname": "ocmsh-none0", "address": "3b:00.0"}, True),
    ({"vendor_id": "10de", "physical_network": "physnet1"}, False),
]
jobs, boxes = [], []
for entry, refused in ENTRIES:
    sb = Sandbox().__enter__()
    boxes.append(sb)
    text = json.dumps(entry)
    label = "device_spec %s" % text
    r = sb.run("-q", stdin=script(
        "openstack settings compute", "set release zed",
        "set schedulerfilters ComputeFilter PciPassthroughFilter",
        "set pcipassthroughwhitelist '%s'" % text, "commit"))
    if refused:
        t.eq(r.rc, 1, "%s: refused" % label)
        t.ok(row(r.err, "111", "entry "), "%s: error 111" % label, r)
        # nova gets the entry by hand, to show it refuses it too
        sb.write(sb.nova_conf(), "[pci]\ndevice_spec = %s\n" % text)
    else:
        t.ok(r.rc == 0 and "111" not in r.err, "%s: committed" % label, r)
    jobs.append({"conf_path": sb.nova_conf(), "release": "zed"})
for (entry, refused), sb, res in zip(ENTRIES, boxes,
                                     novacheck.check_confs(jobs)):
    err = res.get("device_spec_error")
    t.eq(bool(err), refused, "device_spec %s: Zed's nova %s it (%s)" %
         (json.dumps(entry), "refuses" if refused else "takes", err))
    sb.__exit__(None, None, None)

# ---- the mapping form of address: from 15.0.0 (ocata)
for release, refused in (("newton", True), ("ocata", False)):
    with Sandbox() as sb:
        r = sb.run("-q", stdin=script(
            "openstack settings compute", "set release %s" % release,
            "set schedulerfilters ComputeFilter PciPassthroughFilter",
            "set pcipassthroughwhitelist "
            "'{\"vendor_id\": \"10de\", \"address\": {\"bus\": \"3b\"}}'",
            "commit"))
        label = "address mapping in %s" % release
        if refused:
            t.eq(r.rc, 1, "%s: refused" % label)
            t.ok(row(r.err, "111", "nova Newton takes address as a string "
                     "only (the mapping form is from Ocata)"),
                 "%s: says why" % label, r)
        else:
            t.ok(r.rc == 0, "%s: committed" % label, r)
            snap = sb.snapshot()
            r = sb.run(stdin="commit\n")
            t.eq(changed(snap, sb.snapshot()), [],
                 "%s: nothing left to commit" % label)
t.done()
