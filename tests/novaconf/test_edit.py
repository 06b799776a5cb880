#!/usr/bin/env python3
"""test_edit.py - how commit edits an existing nova.conf: byte-exact
results for files with comments, unknown options, other sections, repeated
keys, old and new names, continuation lines; a missing section; a missing
file; release switches; hand edits left in place, refused, imported or
forced; files ocmsh never wrote (adopted); commit --dry-run.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (IMAGE, Sandbox, TAP, ZED_DEFAULTS,  # noqa: E402
                    apply_udiff, changed, conf_names, data_bytes,
                    json_values, osd, script, split_diffs, state, unmanaged)

CONF = IMAGE + "/etc/nova/nova.conf"

# The seed's aliases and filters for zed, committed at once from the top.
ZED = script(
    "openstack settings compute",
    "set release zed",
    "set schedulerfilters %s PciPassthroughFilter ReserveRamFilter" %
    " ".join(ZED_DEFAULTS),
    "openstack pcialiases",
    "add gpu-k40", "set vendorid 10de", "set productid 1024", "exit",
    "add gpu-p100", "set vendorid 10de", "set productid 15f8", "exit",
    "home",
    "commit")


def release(name):
    return script("openstack settings compute", "set release %s" % name,
                  "commit")


def text(b):
    return b.decode("utf-8")


t = TAP()

# ---- an existing file with everything mixed up, then release switches
with Sandbox() as sb:
    before = data_bytes("mixed.before.conf")
    sb.write(sb.nova_conf(), before)
    r = sb.run(stdin=ZED)
    t.ok(r.rc == 0, "mixed: a file whose managed values equal the state's "
         "is taken over without --force", r)
    after = sb.read(sb.nova_conf())
    t.eq(text(after), text(data_bytes("mixed.zed.conf")),
         "mixed: zed edit is byte-exact")
    t.eq(unmanaged(text(after)), unmanaged(text(before)),
         "mixed: every unmanaged line is kept, in order")
    for rel, golden in (("newton", "mixed.newton.conf"),
                        ("yoga", "mixed.yoga.conf"),
                        ("zed", "mixed.zed2.conf")):
        r = sb.run(stdin=release(rel))
        t.ok(r.rc == 0, "mixed: switching to %s commits" % rel, r)
        got = sb.read(sb.nova_conf())
        t.eq(text(got), text(data_bytes(golden)),
             "mixed: %s names, the other releases' names removed" % rel)
        t.eq(unmanaged(text(got)), unmanaged(text(before)),
             "mixed: %s keeps every unmanaged line" % rel)
    t.eq(state(sb)["revision"], 4, "mixed: four commits")

# ---- a file without the managed sections
with Sandbox() as sb:
    sb.write(sb.nova_conf(), data_bytes("nosection.before.conf"))
    r = sb.run(stdin=ZED)
    t.ok(r.rc == 0, "nosection: commits", r)
    t.eq(text(sb.read(sb.nova_conf())),
         text(data_bytes("nosection.zed.conf")),
         "nosection: [pci] and [filter_scheduler] are added at the end")

# ---- a missing file, then hand edits
with Sandbox() as sb:
    r = sb.run(stdin=ZED)
    t.ok(r.rc == 0, "missing: commits", r)
    t.eq(text(sb.read(sb.nova_conf())), text(data_bytes("created.zed.conf")),
         "missing: the file is created with the managed options only")
    st_ = os.stat(sb.nova_conf())
    t.eq(st_.st_mode & 0o777, 0o640, "missing: the new file is mode 0640 "
         "(nova.conf may hold passwords)")
    t.eq(st_.st_gid, os.getgid(), "missing: the image has no group nova: "
         "the writer's group")
    os.unlink(sb.nova_conf())
    r = sb.run("render")
    t.ok(r.rc == 0, "missing: render writes the file again", r)
    t.eq(os.stat(sb.nova_conf()).st_mode & 0o777, 0o640,
         "missing: render creates it 0640 too")

# ---- a missing file in an image whose etc/group has nova: root:nova
with Sandbox() as sb:
    sb.write(sb.path(IMAGE, "etc", "group"),
             "root:x:0:\nnovadmin:x:99:\nnova:x:64060:\nother:x:7:\n")
    r = sb.run(stdin=ZED)
    t.ok(r.rc == 0, "group nova: commits", r)
    st_ = os.stat(sb.nova_conf())
    t.eq((st_.st_mode & 0o777, st_.st_gid), (0o640, 64060),
         "group nova: the new nova.conf is 0640, group nova, as Debian "
         "ships it")
    mod = sb.path(IMAGE, "usr/lib/python3/dist-packages", "ocmsh_filters",
                  "reserve_ram_filter.py")
    t.eq(os.stat(mod).st_mode & 0o777, 0o644,
         "group nova: the filter module stays world-readable (0644)")

    # A hand edit of managed options (drift) does not stop a commit that
    # leaves those options as ocmsh wrote them: it goes on with one
    # warning, and the hand-edited values stay in the file.
    hand = text(sb.read(sb.nova_conf())).replace("15f8", "1db4")
    sb.write(sb.nova_conf(), hand)
    os.chmod(sb.nova_conf(), 0o640)
    r = sb.run(stdin=script("device", "use hyper03",
                            "set kernelparameters quiet", "commit"))
    t.ok(r.rc == 0, "drift: a device commit goes on", r)
    t.contains(r.err, "205", "drift: a warning (code 205) ...")
    t.contains(r.err, CONF, "drift: ... names the file")
    t.contains(r.err, "PCI aliases, passthrough whitelist changed outside "
               "ocmsh: left as they are", "drift: ... and the options, "
               "left as they are")
    t.ok("enabled filters" not in r.err,
         "drift: options not edited are not named", r.err)
    t.contains(r.err, "importnovaconf default-image",
               "drift: the ways out are named (importnovaconf IMAGE ...")
    t.contains(r.err, "commit --force", "drift: ... and commit --force)")
    t.eq(r.err.count("\n205 "), 1, "drift: one warning for the file")
    t.eq(text(sb.read(sb.nova_conf())), hand,
         "drift: nova.conf keeps the hand edit")
    t.eq(state(sb)["devices"]["hyper03"].get("kernelparameters"), "quiet",
         "drift: the device change is committed")

    # A commit that would rewrite a drifted option is refused, with a
    # diff of the hand edit, and writes nothing.
    snap = sb.snapshot()
    r = sb.run("-q", stdin=script("openstack pcialiases", "use gpu-k40",
                            "set productid 1023", "commit"))
    t.eq(r.rc, 1, "drift: a commit rewriting the aliases is refused")
    t.contains(r.err, "120", "drift: an error (code 120) ...")
    t.contains(r.err, "PCI aliases, passthrough whitelist edited outside "
               "ocmsh, which this commit would rewrite",
               "drift: ... names what it would rewrite")
    t.contains(r.err, "importnovaconf default-image", "drift: the way out")
    diffs = split_diffs(r.out)
    t.eq(sorted(diffs), [CONF], "drift: a diff of the hand edit")
    t.ok(any(x.startswith("-") and "15f8" in x for x in diffs.get(CONF, []))
         and any(x.startswith("+") and "1db4" in x
                 for x in diffs.get(CONF, [])),
         "drift: the diff shows ocmsh's value and the hand edit",
         r.out)
    t.eq(changed(snap, sb.snapshot()), [],
         "drift: nothing is written (state, nova.conf, history)")

    r = sb.run(stdin=script("openstack importnovaconf default-image",
                            "commit"))
    t.ok(r.rc == 0 and "\n120 " not in r.err and "\n205 " not in r.err,
         "importnovaconf + commit takes the hand edit in", r)
    st = state(sb)
    t.eq(osd(st)["pcialiases"]["gpu-p100"].get("productid"), "1db4",
         "import: the edited alias is in the state")
    t.eq(osd(st)["settings"]["compute"].get("pcipassthroughwhitelist"),
         None, "import: a whitelist equal to the derived one is not kept")
    t.eq(text(sb.read(sb.nova_conf())), hand,
         "import: nova.conf keeps the hand-edited bytes")
    t.eq(os.stat(sb.nova_conf()).st_mode & 0o777, 0o640,
         "import: nothing rewrote the file's mode")
    r = sb.run(stdin=script("device", "use hyper03",
                            "clear kernelparameters", "commit"))
    t.ok(r.rc == 0 and "\n205 " not in r.err, "import: the next commit "
         "sees no hand edit", r)

    # --force overwrites a hand edit
    sb.write(sb.nova_conf(), hand.replace("1db4", "1eb8").replace(
        "ReserveRamFilter\n", "ReserveRamFilter,JsonFilter\n", 1))
    r = sb.run(stdin=script("device", "use hyper03",
                            "set kernelparameters quiet", "commit"))
    t.ok(r.rc == 0, "force: without --force the device commit goes on", r)
    t.contains(r.err, "enabled filters", "force: the filters are named")
    t.ok("JsonFilter" in text(sb.read(sb.nova_conf())),
         "force: ... and left as they are")
    r = sb.run(stdin=script("device", "use hyper03",
                            "clear kernelparameters", "commit --force"))
    t.ok(r.rc == 0, "force: commit --force goes through", r)
    t.eq(text(sb.read(sb.nova_conf())), hand,
         "force: the state's values are written back")
    t.eq(os.stat(sb.nova_conf()).st_mode & 0o777, 0o640,
         "force: the file keeps its mode")
    t.eq(state(sb)["devices"]["hyper03"].get("kernelparameters"), None,
         "force: the device change is committed")

    # commit --dry-run: unified diffs of the state and of nova.conf
    snap = sb.snapshot()
    old_state = text(sb.read(sb.state))
    old_conf = text(sb.read(sb.nova_conf()))
    dry = script("openstack pcialiases", "use gpu-k40",
                 "set numapolicy required", "home", "commit --dry-run")
    r = sb.run("-c", (dry + "refresh").replace("\n", "; "))
    t.ok(r.rc == 0, "dry-run: runs", r)
    t.eq(changed(snap, sb.snapshot()), [], "dry-run: nothing is written")
    diffs = split_diffs(r.out)
    # the state's name as split_diffs gives it: "b/etcd://..." for etcd
    sname = "/" + sb.state.lstrip("/")
    t.eq(sorted(diffs), sorted([sname, CONF]),
         "dry-run: one diff for the state, one for nova.conf")
    try:
        new_state = apply_udiff(old_state, diffs.get(sname, []))
        new_conf = apply_udiff(old_conf, diffs.get(CONF, []))
        ok = True
    except ValueError as e:
        ok, new_state, new_conf = False, str(e), ""
    t.ok(ok, "dry-run: both diffs apply to the current files", new_state)
    r = sb.run(stdin=dry.replace(" --dry-run", ""))
    t.ok(r.rc == 0, "dry-run: the same change commits", r)
    t.eq(text(sb.read(sb.nova_conf())), new_conf,
         "dry-run: the nova.conf diff is exactly what commit writes")
    t.eq(text(sb.read(sb.state)), new_state,
         "dry-run: the state diff is exactly what commit writes")
    t.eq(json_values(sb.nova_conf(), "pci", "alias")[0].get("numa_policy"),
         "required", "dry-run: numa_policy is written when set")

# ---- a file ocmsh never wrote, holding other managed values: adopted
FOREIGN = ("[pci]\nalias = {\"name\": \"gpu-x\", \"vendor_id\": "
           "\"10de\", \"product_id\": \"1db4\"}\n")
with Sandbox() as sb:
    sb.write(sb.nova_conf(), FOREIGN)
    r = sb.run(stdin=ZED)
    t.ok(r.rc == 0, "foreign: the commit adopts the file's alias", r)
    t.contains(r.out, "adopted from default-image nova.conf: 1 PCI alias",
               "foreign: one line says what was adopted")
    t.eq(sorted(osd(state(sb))["pcialiases"]),
         ["gpu-k40", "gpu-p100", "gpu-x"], "foreign: the state holds "
         "the file's alias and the script's")
    t.eq([a["name"] for a in json_values(sb.nova_conf(), "pci", "alias")],
         ["gpu-k40", "gpu-p100", "gpu-x"], "foreign: nova.conf too")
with Sandbox() as sb:
    sb.write(sb.nova_conf(), FOREIGN)
    r = sb.run(stdin=ZED.replace("commit", "commit --force"))
    t.ok(r.rc == 0 and "adopted" not in r.out,
         "foreign: --force adopts nothing", r)
    t.eq([a["name"] for a in json_values(sb.nova_conf(), "pci", "alias")],
         ["gpu-k40", "gpu-p100"], "foreign: the state's aliases replace it")

# ---- several images: each OpenStack image gets its nova.conf and module
with Sandbox() as sb:
    r = sb.run(stdin=ZED.replace("home\ncommit", "") + script(
        "softwareimage", "add gpu-image", "set path /cm/images/gpu-image",
        "add head-image", "set path /cm/images/head-image",
        "device", "use hyper02", "set softwareimage gpu-image",
        "use head", "set softwareimage head-image",
        "openstack settings compute",
        "set filtermodulepath /opt/nova/site-packages", "home", "commit"))
    t.ok(r.rc == 0, "images: commits", r)
    for img in ("default-image", "gpu-image"):
        conf = sb.nova_conf("/cm/images/" + img)
        t.eq(text(sb.read(conf)) if os.path.isfile(conf) else None,
             text(data_bytes("created.zed.conf")),
             "images: %s gets the nova.conf" % img)
        mod = sb.path("/cm/images", img, "opt/nova/site-packages",
                      "ocmsh_filters", "reserve_ram_filter.py")
        t.ok(os.path.isfile(mod), "images: %s gets the module under "
             "filtermodulepath" % img)
    t.ok(not os.path.exists(sb.path("/cm/images/head-image")),
         "images: an image without OpenStack nodes is not touched")
    t.eq(sorted(state(sb)["written"]),
         ["/cm/images/default-image/etc/nova/nova.conf",
          "/cm/images/gpu-image/etc/nova/nova.conf"],
         "images: the state records both files")

# ---- importnovaconf reads values as nova does
with Sandbox() as sb:
    before = data_bytes("import.before.conf")
    sb.write(sb.nova_conf(), before)
    r = sb.run("-q", stdin=script("openstack settings compute",
                                  "set release zed", "commit"))
    t.eq(r.rc, 1, "import: a foreign file blocks the first commit")
    r = sb.run(stdin=script("openstack settings compute", "set release zed",
                            "openstack importnovaconf default-image",
                            "home", "commit"))
    t.ok(r.rc == 0, "import: importnovaconf + commit", r)
    st = state(sb)
    al, c = osd(st).get("pcialiases", {}), osd(st)["settings"]["compute"]
    t.eq(al.get("gpu-k40"), {"vendorid": "10de", "productid": "1024"},
         "import: an alias under the old name, IDs in lower case")
    t.eq(al.get("gpu-p100"), {"vendorid": "10de", "productid": "15f8",
                              "devicetype": "type-PCI",
                              "numapolicy": "preferred"},
         "import: a repeated alias is one alias, with its numa_policy")
    t.eq(c.get("schedulerfilters"), ["ComputeFilter", "PciPassthroughFilter",
                                     "ReserveRamFilter"],
         "import: the enabled filters nova reads (the last line, "
         "continued; not the old name)")
    t.eq(c.get("pcipassthroughwhitelist"),
         [{"vendor_id": "10de", "product_id": "1024"},
          {"vendor_id": "10de", "product_id": "15f8",
           "address": "0000:3b:00.0"}],
         "import: a whitelist unlike the derived one is kept")
    t.eq(c.get("availablefilters"),
         ["nova.scheduler.filters.all_filters",
          "ocmsh_filters.reserve_ram_filter.ReserveRamFilter",
          "site_filters.GpuOnlyFilter"],
         "import: available filters with a site class are kept")
    after = text(sb.read(sb.nova_conf()))
    t.eq(unmanaged(after), unmanaged(text(before)),
         "import: the commit keeps every unmanaged line")
    t.eq(conf_names(sb.nova_conf()),
         {"pci.alias", "pci.device_spec", "filter_scheduler.enabled_filters",
          "filter_scheduler.available_filters"},
         "import: only zed's names remain")
    r = sb.run(stdin=script("openstack importnovaconf default-image",
                            "home", "commit"))
    t.ok(r.rc == 0 and state(sb)["revision"] == 1,
         "import: importing ocmsh's own file again changes nothing", r)
t.done()
