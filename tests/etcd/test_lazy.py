#!/usr/bin/env python3
"""test_lazy.py - a state in etcd is read as commands need it, and a
commit of a few devices checks those few (ocmsh(1) "STATE IN ETCD": what
a command reads, what a commit reads).

A key that does not load, put under the prefix behind ocmsh's back, shows
what is read: a command that does not read it works, one that does names
it.  The record of the last commit's checks (PREFIX/checked) is followed
from commit to commit, across two sessions, and a commit checked from it
prints what the same commit of a state file prints."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from etcdtest import Etcd, available  # noqa: E402

BAD = "/lz/devices/zz-bad:2:1: unknown key 'bogus'"


def run(sb, state, *args, verify=False, conf=None, stdin=""):
    """ocmsh -n -s STATE -R ROOT ARGS; verify: $OCMSH_VERIFY_FAST; conf:
    $OCMSH_ETCD_CONF."""
    e = dict(os.environ, HOME=sb.dir)
    for k in ("OCMSH_STATE", "OCMSH_ETCD_CONF", "OCMSH_VERIFY_FAST"):
        e.pop(k, None)
    if verify:
        e["OCMSH_VERIFY_FAST"] = "1"
    if conf:
        e["OCMSH_ETCD_CONF"] = conf
    p = subprocess.run([OCMSH, "-n", "-s", state, "-R", sb.root] +
                       list(args), input=stdin.encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def checked_rev(etcd, prefix):
    """The revision of the record of the last commit's checks, or None."""
    v = etcd.ctl("get", "--print-value-only", prefix + "/checked")
    return json.loads(v)["revision"] if v.strip() else None


def revision(etcd, prefix):
    return int(etcd.ctl("get", "--print-value-only", prefix + "/revision"))


t = TAP()
if not available():
    print("1..0 # SKIP etcd-server and etcd-client are not installed")
    sys.exit(0)

with Etcd() as etcd, Sandbox() as sb:
    url = etcd.url("/lz")
    rc, out, err = run(sb, url, "--example", "-c", "commit")
    t.eq((rc, err), (0, ""), "the example cluster committed into etcd")
    t.eq(checked_rev(etcd, "/lz"), 1,
         "the commit keeps the record of its checks at its revision")

    # A device key that does not load: only what reads it fails.
    etcd.ctl("put", "/lz/devices/zz-bad", "type: PhysicalNode\nbogus: 1\n")
    rc, out, err = run(sb, url, "-c", "device; get hyper01 memory; "
                       "category; list")
    t.eq((rc, err), (0, ""), "get of one device and a category list do "
         "not read the other devices")
    rc, out, err = run(sb, url, "-c", "device; list; category; list")
    t.eq(rc, 1, "a device list reads every device: exit 1")
    t.contains(err, BAD, "and names the key that does not load")
    t.eq(len(err.splitlines()), 1, "in one line")
    t.eq(out, "", "batch input stops there, as when a state file does "
         "not load")
    rc, out, err = run(sb, url, "-t", stdin="device; list\ncategory; "
                       "list\nquit\n")
    t.contains(err, BAD, "interactively (-t) the command names the key")
    t.ok("hyper01" not in out and "Hostname" not in out, "and prints "
         "nothing of the list it could not read", out)
    t.contains(out, "hypervisor", "and the session goes on")

    # A commit of a device key no other check reads: checked alone.
    before = revision(etcd, "/lz")
    rc, out, err = run(sb, url, "-c", "device; set hyper01 "
                       "kernelparameters intel_iommu=on quiet; commit")
    t.eq((rc, err), (0, ""), "a kernelparameters commit checks that "
         "device, not the cluster (the bad key is not read)")
    t.eq(revision(etcd, "/lz"), before + 1, "and commits")
    t.contains(etcd.ctl("get", "--print-value-only", "/lz/devices/hyper01"),
               "quiet", "its key holds the new value")
    t.eq(checked_rev(etcd, "/lz"), before + 1,
         "the record follows the commit")

    # A flavor, or nothing: the record serves too (no device is read).
    rc, out, err = run(sb, url, "-c", "openstack; flavors; add g1.big; "
                       "set vcpus 64; set ram 262144; commit")
    t.eq((rc, err), (0, ""), "a flavor commit checks the flavors, not the "
         "devices")
    t.contains(etcd.ctl("get", "--print-value-only",
                        "/lz/openstack/default/flavors/g1.big"),
               "262144", "the flavor's key is written")
    t.eq(checked_rev(etcd, "/lz"), before + 2, "the record follows it")
    rc, out, err = run(sb, url, "-c", "commit")
    t.eq((rc, err), (0, ""), "a commit of nothing reads no device either")
    before += 1

    # What other checks read of a device (memory: the reserve check),
    # another type, a new device: the whole state is checked.
    for what, cmds in (
            ("memory", "device; set hyper01 memory 4096; commit"),
            ("a category", "category; set hypervisor kernelparameters "
             "intel_iommu=on a; commit"),
            ("an alias", "openstack; pcialiases; add gpu-k40; "
             "set vendorid 10de; set productid 1024; commit"),
            ("host aggregates", "openstack; hostaggregates; add agg1; "
             "set nodes hyper01; commit"),
            ("a new device", "device; add physicalnode n9; "
             "set category hypervisor; commit")):
        rc, out, err = run(sb, url, "-c", cmds)
        t.ok(rc != 0, "a commit of %s walks the state: it fails" % what,
             (rc, out, err))
        t.contains(err, BAD, "%s: naming the key that does not load" %
                   what)
        t.eq(revision(etcd, "/lz"), before + 1, "%s: nothing committed" %
             what)

    # Without the bad key, the same commits land, and a commit checked
    # from the record agrees with a walk over the whole state.
    etcd.ctl("del", "/lz/devices/zz-bad")
    rc, out, err = run(sb, url, "-c", "device; set hyper01 memory 4096; "
                       "commit")
    t.eq((rc, err), (0, ""), "without it, the memory commit lands")
    t.eq(checked_rev(etcd, "/lz"), before + 2,
         "a commit that walked the state keeps its record too")
    rc, out, err = run(sb, url, "-c", "device; set hyper02 kernelparameters "
                       "quiet; commit", verify=True)
    t.ok(rc == 0, "a device commit checked from the record agrees with the "
         "walk ($OCMSH_VERIFY_FAST)", err)

    # Two sessions: the record of one's commit serves the other's.
    rc, out, err = run(sb, url, "-c", "device; set hyper03 kernelparameters "
                       "intel_iommu=on b; commit; set hyper04 "
                       "kernelparameters quiet; commit", verify=True)
    t.ok(rc == 0, "two device commits in a row, each from the record of "
         "the one before", err)
    t.eq(checked_rev(etcd, "/lz"), revision(etcd, "/lz"),
         "the record is at the state's revision")

    # The record is what the checks of the whole state would find: the
    # warnings of a commit checked from it are those of a state file.
    rc, out, err = run(sb, url, "-c", "openstack; pcialiases; add gpu-k40; "
                       "set vendorid 10de; set productid 1024; commit")
    t.eq((rc, err), (0, ""), "a PCI alias the devices' warnings name")
    f = os.path.join(sb.dir, "same.yaml")
    rc, out, err = run(sb, url, "export", f)
    t.eq((rc, err), (0, ""), "the state exported to a file")
    cmds = ("device; set hyper01 kernelparameters nothing; commit; "
            "set hyper01 kernelparameters intel_iommu=on; commit")
    file_run = run(sb, f, "-c", cmds)
    etcd_run = run(sb, url, "-c", cmds, verify=True)
    t.eq(etcd_run, file_run, "the same commits print the same in etcd "
         "(from the record) as in a file (a walk)")
    t.contains(file_run[2], "lacks intel_iommu=on", "including the "
               "warning the first one earns")

    # A record that does not fit the state is not used.
    etcd.ctl("put", "/lz/checked", '{"revision": 1, "summary": {}, '
             '"replay": {}}')
    rc, out, err = run(sb, url, "-c", "device; set hyper02 "
                       "kernelparameters intel_iommu=on; commit",
                       verify=True)
    t.eq((rc, err), (0, ""), "a record of another revision: the commit "
         "walks the state")
    t.eq(checked_rev(etcd, "/lz"), revision(etcd, "/lz"),
         "and keeps a new record")

    # The commit records are a window: etcd.conf's history (10,000).
    conf = os.path.join(sb.dir, "etcd.conf")
    with open(conf, "w") as f:
        f.write("history = 3\n")
    url = etcd.url("/hw")
    for i in range(6):
        rc, out, err = run(sb, url, "--example", "-c",
                           "device; set hyper01 kernelparameters "
                           "'intel_iommu=on k%d'; commit" % i, conf=conf)
        t.eq((rc, err), (0, ""), "history window: commit %d" % (i + 1))
    keys = etcd.ctl("get", "--prefix", "/hw/history/", "--keys-only").split()
    t.eq(keys, ["/hw/history/%020d" % r for r in (4, 5, 6)],
         "history = 3 keeps the records of the last three commits")
    rc, out, err = run(sb, url, "-c", "commits", conf=conf)
    t.ok(len([l for l in out.splitlines() if l[:1].isdigit()]) == 3,
         "and the commit log shows those", out)
    with open(conf, "w") as f:
        f.write("history = 0\n")
    rc, out, err = run(sb, url, "-c", "commits", conf=conf)
    t.eq(rc, 1, "history must be at least 1")
    t.contains(err, "unknown key or bad value 'history'", "and says so")

t.done()
