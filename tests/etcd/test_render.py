#!/usr/bin/env python3
"""test_render.py - a second machine follows the commits of the first
(ocmsh(1) "render"): 'render --watch' on another root follows ten commits,
through a restart of its etcd member, and ends with the same files, byte
for byte; 'render' once on a third root writes the same lines."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from etcdtest import Etcd, available  # noqa: E402


def files(root):
    """Every file below root: {relative path: bytes}."""
    out = {}
    for base, _dirs, names in os.walk(root):
        for n in names:
            if n.endswith(".lock"):
                continue
            p = os.path.join(base, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def run(state, root, *args):
    e = dict(os.environ)
    e.pop("OCMSH_STATE", None)
    p = subprocess.run([OCMSH, "-n", "-s", state, "-R", root] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def wait_for(cond, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if cond():
            return True
        time.sleep(0.1)
    return False


t = TAP()
if not available():
    print("1..0 # SKIP etcd-server and etcd-client are not installed")
    sys.exit(0)

with Etcd() as etcd, Sandbox() as sb:
    url = etcd.url("/r")
    a, b, c = (os.path.join(sb.dir, x) for x in ("a", "b", "c"))
    for d in (a, b, c):
        os.makedirs(d)
    rc, out, err = run(url, a, "--example", "-c", "commit")
    t.eq((rc, err), (0, ""), "machine A commits the example cluster")
    t.ok(len(files(a)) >= 1, "A's image files are written", files(a))

    log = open(os.path.join(sb.dir, "watch.log"), "w+")
    w = subprocess.Popen([OCMSH, "-n", "-s", url, "-R", b, "render",
                          "--watch"], stdin=subprocess.DEVNULL,
                         stdout=log, stderr=log)
    try:
        t.ok(wait_for(lambda: files(b) == files(a)),
             "render --watch writes B's files at once")
        for i in range(10):
            if i == 5:
                etcd.kill(0)
                etcd.start(0)
                etcd.wait_ready()
            rc, out, err = run(url, a, "-c", "openstack pcialiases; "
                               "add gpu%d; set vendorid 10de; "
                               "set productid %04x; home; commit" %
                               (i, 0x1000 + i))
            t.eq(rc, 0, "A's commit %d" % (i + 1))
            t.contains(out, "Successfully committed", "commit %d lands" %
                       (i + 1))
        t.ok(wait_for(lambda: files(b) == files(a)),
             "after ten commits and a restart of etcd, B's files are A's",
             repr(files(a)) + "\n" + repr(files(b)))
        t.ok(w.poll() is None, "render --watch is still running")
        # it writes the files, then says so: wait for the line too
        wait_for(lambda: "revision 11 rendered" in open(log.name).read())
    finally:
        w.terminate()
        w.wait(10)
    log.seek(0)
    text = log.read()
    t.contains(text, "revision 11 rendered", "it rendered revision 11")
    t.contains(text, "connection regained", "it resumed after the restart")

    rc, out, err = run(url, c, "render")
    t.eq((rc, err), (0, ""), "render once on a third machine")
    t.contains(out, "Rendered revision 11", "it says which revision")
    # a file rendered anew holds A's lines, in the order of a new file
    # (nova.conf is edited in place: its order follows its own history)
    t.eq({k: sorted(v.split(b"\n")) for k, v in files(c).items()},
         {k: sorted(v.split(b"\n")) for k, v in files(a).items()},
         "and its files hold A's lines")
    rc, out, err = run(url, c, "render")
    t.contains(out, "0 files written", "a second render writes nothing")

t.done()
