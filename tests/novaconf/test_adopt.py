#!/usr/bin/env python3
"""test_adopt.py - who owns a managed nova.conf option: values ocmsh never
wrote are adopted (first contact), values it wrote and someone changed
since (drift) refuse only a commit that rewrites them, an option missing
from the file is never a hand edit, a file nova cannot parse is never
adopted, and what importnovaconf stages is committed wherever the next
commit is typed.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (IMAGE, Sandbox, TAP, changed, conf_values,  # noqa: E402
                    json_values, osd, script, split_diffs, state)

CONF = IMAGE + "/etc/nova/nova.conf"
K40 = ('{"vendor_id": "10de", "product_id":"1024", '
       '"device_type":"type-PCI", "name":"gpu-k40"}')
P100 = ('{"vendor_id": "10de", "product_id":"15f8", '
        '"device_type":"type-PCI", "name":"gpu-p100"}')
WL = ('[{"vendor_id": "10de", "product_id":"1024"},'
      '{"vendor_id": "10de", "product_id":"15f8"}]')
# The seed's hand edit of nova.conf, as its [DEFAULT] lines.
HAND = ("pci_alias=%s\npci_alias=%s\npci_passthrough_whitelist=%s\n" %
        (K40, P100, WL))
GPU_FLAVOR = script(
    "openstack flavors", "clone m1.medium g1.medium.p100",
    'set extraspecs {\\"pci_passthrough:alias\\":\\"gpu-p100:1\\"}',
    "commit")
DEVICE = script("device", "use hyper03", "set kernelparameters quiet",
                "commit")


def text(b):
    return b.decode("utf-8")


def hand_edit(sb, lines):
    """Adds lines at the top of the image's [DEFAULT] section, by hand."""
    conf = sb.nova_conf()
    old = text(sb.read(conf)) if os.path.exists(conf) else "[DEFAULT]\n"
    sb.write(conf, old.replace("[DEFAULT]\n", "[DEFAULT]\n" + lines, 1))


t = TAP()

# ---- first contact on a file ocmsh already wrote: it wrote no aliases
with Sandbox() as sb:
    r = sb.run(stdin=DEVICE)
    t.ok(r.rc == 0, "first contact: the first commit writes nova.conf", r)
    hand_edit(sb, HAND)
    snap = sb.snapshot()
    r = sb.run(stdin=script("modified", "diff"))
    t.ok(r.rc == 0 and r.err == "", "first contact: modified and diff "
         "run (no uncommitted work of the admin's: exit 0)", r)
    t.eq(r.out.count("adopted from default-image nova.conf: 2 PCI "
                     "aliases, passthrough whitelist\n"), 1,
         "first contact: one line says what was adopted, once")
    t.contains(r.out, "+     PCI alias gpu-k40\n",
               "first contact: modified lists the adopted aliases")
    t.contains(r.out, "+ pcialias gpu-p100\n    vendorid: 10de\n"
               "    productid: 15f8\n",
               "first contact: diff shows their properties")
    t.eq(changed(snap, sb.snapshot()), [],
         "first contact: modified and diff wrote nothing")
    r = sb.run(stdin=GPU_FLAVOR)
    t.ok(r.rc == 0, "first contact: the seed's flavor commit passes", r)
    t.ok("\n102 " not in r.err, "first contact: its alias is defined",
         r.err)
    t.contains(r.out, "adopted from default-image nova.conf: 2 PCI "
               "aliases, passthrough whitelist\n",
               "first contact: the commit says what it adopted")
    st = state(sb)
    t.eq(sorted(osd(st)["pcialiases"]), ["gpu-k40", "gpu-p100"],
         "first contact: the object-level flavor commit commits the "
         "adopted aliases")
    t.eq(osd(st)["settings"]["compute"].get("pcipassthroughwhitelist"),
         None, "first contact: the whitelist the aliases derive is not "
         "made explicit")
    t.ok("g1.medium.p100" in osd(st)["flavors"],
         "first contact: the flavor is committed")
    t.eq([a["name"] for a in json_values(sb.nova_conf(), "DEFAULT",
                                         "pci_alias")],
         ["gpu-k40", "gpu-p100"], "first contact: nova.conf keeps the "
         "aliases")
    r = sb.run(stdin=DEVICE.replace("quiet", "splash"))
    t.ok(r.rc == 0 and "\n205 " not in r.err and "adopted" not in r.out,
         "first contact: once committed, the values are ocmsh's", r)

# ---- first contact on a file ocmsh never wrote
with Sandbox() as sb:
    sb.write(sb.nova_conf(), "# from the package\n[DEFAULT]\ndebug = true\n"
             + HAND)
    r = sb.run(stdin=GPU_FLAVOR)
    t.ok(r.rc == 0, "never written: the flavor commit passes", r)
    t.contains(r.out, "adopted from default-image nova.conf: 2 PCI "
               "aliases, passthrough whitelist\n",
               "never written: aliases and whitelist adopted")
    t.eq(conf_values(sb.nova_conf(), "DEFAULT", "debug"), ["true"],
         "never written: the other lines stay")

# ---- a file ocmsh never wrote that conflicts with the state
with Sandbox() as sb:
    sb.write(sb.nova_conf(), "[DEFAULT]\n" + HAND.replace("15f8", "15f9") +
             "scheduler_default_filters = RetryFilter,ComputeFilter,"
             "PciPassthroughFilter\n")
    r = sb.run("-q", stdin=script("openstack pcialiases", "add gpu-p100",
                            "set vendorid 10de", "set productid 15f8",
                            "home", "commit"))
    t.eq(r.rc, 1, "conflict: the commit is refused")
    t.contains(r.out, "adopted from default-image nova.conf: 1 PCI alias, "
               "passthrough whitelist\n", "conflict: what agrees is adopted "
               "(the whitelist entry made explicit)")
    t.contains(r.out, "not adopted from default-image nova.conf: PCI alias "
               "'gpu-p100', which the state holds otherwise",
               "conflict: the alias")
    t.contains(r.out, "  in the state        in default-image nova.conf\n"
               "  10de:15f8 type-PCI  10de:15f9 type-PCI\n",
               "conflict: shown side by side")
    t.contains(r.out, "not adopted from default-image nova.conf: the "
               "enabled filters, which the state holds otherwise",
               "conflict: the example's filters")
    t.contains(r.err, "holds PCI aliases, enabled filters that ocmsh did "
               "not write, which this commit would rewrite",
               "conflict: the error names the options in conflict")
    r = sb.run(stdin=script("openstack importnovaconf default-image",
                            "commit"))
    r = sb.run(stdin=script("openstack importnovaconf default-image",
                            "commit"))
    t.ok(r.rc == 0, "conflict: importnovaconf + commit", r)
    t.eq(osd(state(sb))["settings"]["compute"]["schedulerfilters"],
         ["RetryFilter", "ComputeFilter", "PciPassthroughFilter"],
         "conflict: the file's filters are the state's now")
    t.eq(osd(state(sb))["pcialiases"]["gpu-p100"]["productid"], "15f9",
         "conflict: ... and its alias")

# ---- a state with an empty cluster adopts the filters too
with Sandbox() as sb:
    sb.write(sb.nova_conf("/cm/images/img"), "[filter_scheduler]\n"
             "enabled_filters = ComputeFilter,PciPassthroughFilter\n"
             "available_filters = nova.scheduler.filters.all_filters\n"
             "available_filters = site.GpuFilter\n")
    r = sb.run(stdin=script("softwareimage", "add img",
                            "set path /cm/images/img", "category",
                            "add hyp", "device",
                            "add physicalnode n1", "set category hyp",
                            "set softwareimage img",
                            "set roles openstackcompute", "home", "commit"),
               example=False)
    t.ok(r.rc == 0, "empty: the commit adopts the filters", r)
    t.contains(r.out, "adopted from img nova.conf: enabled filters, "
               "available filters", "empty: it says so")
    c = osd(state(sb)).get("settings", {}).get("compute", {})
    t.eq(c.get("schedulerfilters"), ["ComputeFilter",
                                     "PciPassthroughFilter"],
         "empty: schedulerfilters from the file")
    t.eq(c.get("availablefilters"), ["nova.scheduler.filters.all_filters",
                                     "site.GpuFilter"],
         "empty: availablefilters from the file")

# ---- an option missing from the file is never a hand edit
with Sandbox() as sb:
    sb.write(sb.nova_conf(), "[DEFAULT]\ndebug = true\n")
    r = sb.run(stdin=DEVICE)
    t.ok(r.rc == 0 and r.err == "", "missing: a file without any managed "
         "option is no hand edit", r)
    t.eq(conf_values(sb.nova_conf(), "DEFAULT", "debug"), ["true"],
         "missing: its lines stay")
    for what, pattern in (("one option", "scheduler_default_filters"),
                          ("every option", "scheduler_")):
        body = text(sb.read(sb.nova_conf()))
        sb.write(sb.nova_conf(), "".join(
            "#" + line if line.startswith(pattern) else line
            for line in body.splitlines(True)))
        r = sb.run(stdin=DEVICE.replace("quiet", what.replace(" ", "")))
        t.ok(r.rc == 0, "missing: %s commented out, a commit goes on" %
             what, r)
        t.contains(r.err, "206", "missing: %s commented out is written "
                   "again, with a warning" % what)
        t.eq(len(conf_values(sb.nova_conf(), "DEFAULT",
                             "scheduler_default_filters")), 1,
             "missing: %s commented out: the filters are back" % what)

# ---- drift: refused only where the commit rewrites the option
with Sandbox() as sb:
    r = sb.run(stdin=script("openstack pcialiases", "add gpu-k40",
                            "set vendorid 10de", "set productid 1024",
                            "commit"))
    t.ok(r.rc == 0, "drift: an alias committed", r)
    body = text(sb.read(sb.nova_conf()))
    sb.write(sb.nova_conf(), body.replace("1024", "1023"))
    for name, cmds in (("device", DEVICE),
                       ("flavor", script("openstack flavors", "use m1.tiny",
                                         "set ram 1024", "commit"))):
        r = sb.run(stdin=cmds)
        t.ok(r.rc == 0, "drift: a %s commit goes on" % name, r)
        t.eq(r.err.count("\n205 "), 1, "drift: ... with one warning "
             "naming the drift (%s)" % name)
    snap = sb.snapshot()
    r = sb.run("-q", stdin=script("openstack pcialiases", "add gpu-p100",
                            "set vendorid 10de", "set productid 15f8",
                            "commit"))
    t.eq(r.rc, 1, "drift: an alias commit is refused")
    t.contains(r.err, "edited outside ocmsh, which this commit would "
               "rewrite", "drift: ... as it rewrites the aliases")
    d = split_diffs(r.out).get(CONF, [])
    t.ok("-" + body.splitlines(True)[1] in d and
         "+" + body.splitlines(True)[1].replace("1024", "1023") in d,
         "drift: the diff of the hand edit", r.out)
    t.eq(changed(snap, sb.snapshot()), [], "drift: nothing written")
    r = sb.run(stdin=script("openstack pcialiases", "add gpu-p100",
                            "set vendorid 10de", "set productid 15f8",
                            "commit --force"))
    t.ok(r.rc == 0, "drift: commit --force writes over it", r)
    t.ok("1023" not in text(sb.read(sb.nova_conf())),
         "drift: ... with the state's value")

# ---- a release switch rewrites every option: drift refuses it
with Sandbox() as sb:
    sb.run(stdin=script("openstack pcialiases", "add gpu-k40",
                        "set vendorid 10de", "set productid 1024", "commit"))
    body = text(sb.read(sb.nova_conf()))
    sb.write(sb.nova_conf(), body.replace("1024", "1023"))
    r = sb.run("-q", stdin=script("openstack settings compute", "set release zed",
                            "commit"))
    t.eq(r.rc, 1, "drift: a release switch (new option names) is refused")

# ---- importnovaconf, then commit in the mode where it was typed
for where, cmds in (("openstack mode", ["openstack"]),
                    ("object level", ["openstack", "use default"])):
    with Sandbox() as sb:
        sb.run(stdin=script("openstack pcialiases", "add gpu-k40",
                            "set vendorid 10de", "set productid 1024",
                            "commit"))
        body = text(sb.read(sb.nova_conf()))
        sb.write(sb.nova_conf(), body.replace("1024", "1023"))
        r = sb.run(stdin=script(*(cmds + ["importnovaconf default-image",
                                          "commit"])))
        t.ok(r.rc == 0 and "\n120 " not in r.err, "import (%s): the "
             "commit goes through" % where, r)
        t.eq(osd(state(sb))["pcialiases"]["gpu-k40"]["productid"], "1023",
             "import (%s): it commits the imported alias" % where)

# ---- a nova.conf nova cannot parse is never adopted
for what, body, line in (
        ("a broken continuation", "[DEFAULT]\n\n  " + K40 + "\n", 3),
        ("binary", "[DEFAULT]\npci_alias = " + P100 + "\n\x00\xff\xfe\n", 3),
        ("an option before any section", "pci_alias = " + K40 + "\n", 1)):
    with Sandbox() as sb:
        sb.run(stdin=script("openstack settings compute",
                            "set release zed", "commit"))
        sb.write(sb.nova_conf(), body.encode("latin-1"))
        snap = sb.snapshot()
        r = sb.run("-q", stdin=GPU_FLAVOR)
        t.eq(r.rc, 1, "unparsable (%s): the commit is refused" % what)
        t.contains(r.err, "122", "unparsable (%s): code 122" % what)
        t.contains(r.err, "%s line %d:" % (CONF, line),
                   "unparsable (%s): file and line named" % what)
        t.ok("adopted from" not in r.out, "unparsable (%s): nothing "
             "adopted" % what, r.out)
        t.eq(changed(snap, sb.snapshot()), [], "unparsable (%s): nothing "
             "written" % what)
t.done()
