#!/usr/bin/env python3
"""test_etcd.py - the cluster state in etcd (ocmsh(1) "STATE IN ETCD"):
one member started here; get/set/commit, one key per object, two sessions
(same object: exit 75; different objects: both land), export to etcd and
back byte for byte, and the bad inputs, each one line, exit 1, nothing
changed."""

import http.server
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import OCMSH, TAP, Sandbox, Session  # noqa: E402
from etcdtest import Etcd, available, free_ports  # noqa: E402


def session(sb, state):
    """An ocmsh session on state, fed a line at a time."""
    return Session(["-s", state, "-R", sb.root], sb.dir)


def run(sb, state, *args, stdin=None, env=None):
    """ocmsh -n -s STATE -R ROOT ARGS (not the example)."""
    e = dict(os.environ, HOME=sb.dir)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ETCD_CONF", None)
    e.update(env or {})
    p = subprocess.run([OCMSH, "-n", "-s", state, "-R", sb.root] +
                       list(args), input=(stdin or "").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


t = TAP()
if not available():
    print("1..0 # SKIP etcd-server and etcd-client are not installed")
    sys.exit(0)

with Etcd() as etcd, Sandbox() as sb:
    url = etcd.url("/c1")

    # An empty prefix is a new state, as a missing file is.
    rc, out, err = run(sb, url, "-c", "device; list")
    t.eq((rc, err), (0, ""), "an empty prefix loads as a new, empty state")
    t.eq(etcd.ctl("get", "--prefix", "/c1"), "",
         "loading writes nothing")

    # The example cluster committed into etcd: one key per object.
    rc, out, err = run(sb, url, "--example", "-c", "commit")
    t.eq((rc, err), (0, ""), "the example cluster is committed into etcd")
    keys = etcd.ctl("get", "--prefix", "/c1", "--keys-only").split()
    for k in ("/c1/meta", "/c1/revision", "/c1/written",
              "/c1/devices/hyper01", "/c1/openstack/default",
              "/c1/openstack/default/flavors/m1.tiny",
              "/c1/history/00000000000000000001"):
        t.ok(k in keys, "key %s exists" % k, keys)
    t.eq(etcd.ctl("get", "--print-value-only", "/c1/revision"), "1\n",
         "the revision is 1")

    # get / set / commit, seen by the next process.
    rc, out, err = run(sb, url, "-c", "device; set hyper01 "
                       "kernelparameters quiet; commit")
    t.eq((rc, err), (0, ""), "set and commit")
    rc, out, err = run(sb, url, "-c", "device; get hyper01 "
                       "kernelparameters")
    t.eq(out, "quiet\n", "the next process reads the committed value")
    v = etcd.ctl("get", "--print-value-only", "/c1/devices/hyper01")
    t.contains(v, "kernelparameters: quiet\n",
               "the object's key holds it in the state file's form")
    t.ok("hostname" not in v and "flavors" not in v,
         "the value is the object alone", v)
    rc, out, err = run(sb, url, "-c", "commits")
    t.contains(out, "~device hyper01", "commits lists the history record")
    rc, out, err = run(sb, url, "-c", "rollback 1; commit")
    t.eq((rc, err), (0, ""), "rollback to revision 1 from etcd's history")
    rc, out, err = run(sb, url, "-c", "device; get hyper01 "
                       "kernelparameters")
    t.eq(out, "\n", "the rollback took the old value back")

    # Two sessions, different objects: both land.
    a, b = session(sb, url), session(sb, url)
    a.step("device", "set hyper01 memory 1")
    b.step("device", "set hyper02 memory 2")
    t.contains(a.step("commit"), "Successfully committed 1 Devices",
               "A commits hyper01")
    t.contains(b.step("commit"), "Successfully committed 1 Devices",
               "B commits hyper02 over A's commit")
    t.eq(a.finish()[0], 0, "A exits 0")
    t.eq(b.finish()[0], 0, "B exits 0")
    rc, out, err = run(sb, url, "-c", "device get hyper01 memory; "
                       "device get hyper02 memory")
    t.eq(out, "1\n2\n", "both changes are in etcd")

    # The same object: the later commit exits 75 naming it.
    a, b = session(sb, url), session(sb, url)
    a.step("device", "set hyper01 memory 11")
    b.step("device", "set hyper01 memory 12", "set hyper03 memory 13")
    a.step("commit")
    before = etcd.ctl("get", "--prefix", "/c1")
    out = b.step("commit", "modified")
    rb, _, eb = b.finish()
    t.eq(a.finish()[0], 0, "A exits 0")
    t.eq(rb, 75, "B's commit is refused with exit 75")
    t.contains(eb, "device hyper01", "the refusal names device hyper01")
    refusal = [l for l in eb.splitlines() if "commit refused" in l]
    t.ok(len(refusal) == 1 and "hyper03" not in refusal[0],
         "and only the object both changed", eb)
    t.eq(etcd.ctl("get", "--prefix", "/c1"), before,
         "the refused commit wrote nothing")

    # Export: a file into etcd and back, byte for byte.
    f1 = os.path.join(sb.dir, "f1.yaml")
    f2 = os.path.join(sb.dir, "f2.yaml")
    rc, out, err = run(sb, f1, "--example", "-c",
                       "device; set hyper02 kernelparameters a=b; commit; "
                       "openstack; flavors; add x1; set x1 vcpus 4; commit")
    t.eq(rc, 0, "a file state with two commits")
    rc, out, err = run(sb, f1, "export", etcd.url("/rt"))
    t.eq((rc, err), (0, ""), "ocmsh -s FILE export etcd://...")
    rc, out, err = run(sb, etcd.url("/rt"), "export", f2)
    t.eq((rc, err), (0, ""), "ocmsh -s etcd://... export FILE")
    t.eq(sb.read(f2), sb.read(f1), "the round trip is byte-identical")
    rc, out, err = run(sb, f1, "export", etcd.url("/rt"))
    t.eq(rc, 1, "export refuses a prefix that holds a state")
    t.contains(err, "holds a state already", "and says so")

    # Bad input: one line each, exit 1, nothing changed.
    etcd.ctl("put", "/junk/x", "y")
    etcd.ctl("put", "/newer/meta", "format: 99\ncluster:\n  name: x\n")
    etcd.ctl("put", "/newer/revision", "3")
    for k, v in (("meta", "format: 1\ncluster:\n  name: x\n"),
                 ("revision", "1"),
                 ("devices/hyper01", "type: PhysicalNode\nbogus: 1\n")):
        etcd.ctl("put", "/badkey/" + k, v)
    everything = etcd.ctl("get", "--prefix", "/")
    closed = "etcd://127.0.0.1:%d/c1" % free_ports(1)[0]
    # an HTTP server that is not etcd: it answers a POST with HTML
    web = http.server.HTTPServer(("127.0.0.1", 0),
                                 http.server.BaseHTTPRequestHandler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    notetcd = "etcd://127.0.0.1:%d/c1" % web.server_address[1]
    cases = [
        ("an endpoint that is not etcd", notetcd,
         "answers with something that is not JSON (HTTP 501)"),
        ("unreachable endpoint", closed, "does not answer"),
        ("a prefix with keys but no meta", etcd.url("/junk"),
         "not an ocmsh state"),
        ("a newer format", etcd.url("/newer"), "unsupported format '99'"),
        ("a key that does not parse", etcd.url("/badkey"),
         "/badkey/devices/hyper01:2:1: unknown key 'bogus'"),
        ("an empty prefix in the URL", "etcd://%s/" % etcd.endpoints(),
         "bad etcd URL"),
        ("a bad endpoint", "etcd://nohost/c1", "bad etcd endpoint"),
    ]
    for what, u, msg in cases:
        rc, out, err = run(sb, u, "-c", "device; set hyper01 memory 5; "
                           "commit")
        t.eq(rc, 1, "%s: exit 1" % what)
        t.contains(err, msg, "%s: says so" % what)
        t.eq(len(err.splitlines()), 1, "%s: in one line" % what)
    t.eq(etcd.ctl("get", "--prefix", "/"), everything,
         "the bad inputs changed nothing in etcd")

    # Adoption: the filters a hand-written nova.conf holds join the commit
    # as keys of the openstack object, and reach its key in etcd.
    img = sb.nova_conf("/cm/images/img")
    sb.write(img, "[filter_scheduler]\n"
             "enabled_filters = ComputeFilter,PciPassthroughFilter\n")
    rc, out, err = run(sb, etcd.url("/ad"), "-c",
                       "softwareimage; add img; set path /cm/images/img; "
                       "category; add hyp; device; add physicalnode n1; "
                       "set category hyp; set softwareimage img; "
                       "set roles openstackcompute; home; commit")
    t.eq((rc, err), (0, ""), "adoption: the commit adopts the filters")
    t.contains(out, "adopted from img nova.conf: enabled filters",
               "adoption: it says so")
    v = etcd.ctl("get", "--print-value-only", "/ad/openstack/default")
    t.contains(v, "ComputeFilter", "adoption: the openstack object's key "
               "holds the adopted filters")
    rc, out, err = run(sb, etcd.url("/ad"), "-c", "openstack settings "
                       "compute; get schedulerfilters")
    t.eq(out, "ComputeFilter PciPassthroughFilter\n",
         "adoption: the next process reads them from etcd")

    # ... and into an openstack object etcd holds already, by a device
    # commit: the adopted key joins it and reaches the object's key.
    rc, out, err = run(sb, etcd.url("/ad2"), "--example", "-c",
                       "device; use hyper03; set kernelparameters a; commit")
    t.eq((rc, err), (0, ""), "adoption into an existing object: the "
         "first commit writes nova.conf")
    with open(sb.nova_conf(), "a") as f:
        f.write('pci_passthrough_whitelist = {"vendor_id": "10de", '
                '"product_id": "1db4"}\n')
    rc, out, err = run(sb, etcd.url("/ad2"), "-c", "device; use hyper03; "
                       "set kernelparameters b; commit")
    t.eq((rc, err), (0, ""), "adoption into an existing object: a device "
         "commit")
    t.contains(out, "adopted from default-image nova.conf: passthrough "
               "whitelist", "adoption into an existing object: it says so")
    v = etcd.ctl("get", "--print-value-only", "/ad2/openstack/default")
    t.contains(v, "1db4", "adoption into an existing object: its key "
               "holds the adopted whitelist")
    rc, out, err = run(sb, etcd.url("/ad2"), "-c", "device; use hyper03; "
                       "set kernelparameters c; commit")
    t.ok(rc == 0 and "adopted" not in out, "adoption into an existing "
         "object: the next session finds it committed", (rc, out, err))

    # Failover: a dead endpoint first, the live one next.
    u = "etcd://127.0.0.1:1,%s/c1" % etcd.endpoints()
    rc, out, err = run(sb, u, "-c", "device get hyper01 memory")
    t.eq((rc, out), (0, "11\n"), "the next endpoint answers")

    # $OCMSH_STATE selects etcd too.
    e = {"OCMSH_STATE": url}
    p = subprocess.run([OCMSH, "-n", "-c", "device get hyper01 memory"],
                       stdout=subprocess.PIPE, env=dict(os.environ, **e),
                       timeout=30)
    t.eq(p.stdout.decode(), "11\n", "$OCMSH_STATE=etcd://... works")

t.done()
