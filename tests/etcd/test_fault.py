#!/usr/bin/env python3
"""test_fault.py - three etcd members on 127.0.0.1: the leader is killed
(kill -9) during a loop of commits from three processes, each through
another member first; every commit is either applied once or failed with
its change still staged (counted).  Then two of three members are down:
a commit fails within a bounded time with one clear line and writes
nothing locally; with the members back, the same commit goes through."""

import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import OCMSH, TAP, Sandbox, Session  # noqa: E402
from etcdtest import Etcd, available  # noqa: E402

WORKERS = 3
COMMITS = 8

t = TAP()
if not available():
    print("1..0 # SKIP etcd-server and etcd-client are not installed")
    sys.exit(0)


def files(root):
    out = {}
    for base, _dirs, names in os.walk(root):
        for n in names:
            with open(os.path.join(base, n), "rb") as f:
                out[os.path.join(base, n)] = f.read()
    return out


def worker(etcd, sb, conf, w, results):
    """Commits COMMITS tokens to its own device, one commit each."""
    order = [w % 3] + [i for i in range(3) if i != w % 3]
    s = Session(["-s", etcd.url("/f", order), "-R", sb.root], sb.dir,
                {"OCMSH_ETCD_CONF": conf}, merge=True)
    dev = "hyper0%d" % (w + 1)
    for k in range(COMMITS):
        tok = "w%dc%d," % (w, k)
        out = s.step("device", "append %s kernelparameters %s" % (dev, tok),
                     "commit")
        if "Successfully committed" in out:
            results.append((w, tok, "applied", out))
            continue
        staged = s.step("modified")
        results.append((w, tok, "staged" if dev in staged else "LOST",
                        "worker %d commit %d:\n%s%s(exit %s)" % (
                            w, k, out, staged, s.p.poll())))
        s.step("refresh")
        time.sleep(0.2)
    s.finish()


with Sandbox() as sb, Etcd(members=3) as etcd:
    conf = os.path.join(sb.dir, "etcd.conf")
    with open(conf, "w") as f:
        f.write("timeout = 3\n")
    env = {"OCMSH_ETCD_CONF": conf}
    subprocess.run([OCMSH, "-n", "--example", "-s", etcd.url("/f"), "-R",
                    sb.root, "-c", "commit"], env=dict(os.environ, **env),
                   check=True, stdout=subprocess.DEVNULL, timeout=60)

    results = []
    threads = [threading.Thread(target=worker, args=(etcd, sb, conf, w,
                                                     results))
               for w in range(WORKERS)]
    for th in threads:
        th.start()
    while len(results) < 4:
        time.sleep(0.05)
    leader = etcd.leader()
    t.ok(leader is not None, "a leader is found")
    etcd.kill(leader)
    time.sleep(1.5)
    etcd.start(leader)
    for th in threads:
        th.join(300)
    etcd.wait_ready()

    t.eq(len(results), WORKERS * COMMITS, "every commit has an outcome")
    t.ok(all(r[2] != "LOST" for r in results),
         "no failed commit lost its staged change",
         "\n".join(r[3] for r in results if r[2] == "LOST"))
    applied = [r for r in results if r[2] == "applied"]
    t.ok(len(applied) >= WORKERS, "commits went through: %d applied, %d "
         "failed with the change staged" % (len(applied),
                                            len(results) - len(applied)))
    for w in range(WORKERS):
        v = etcd.ctl("get", "--print-value-only",
                     "/f/devices/hyper0%d" % (w + 1))
        line = [x for x in v.splitlines()
                if x.startswith("kernelparameters:")]
        got = line[0].split(":", 1)[1].strip() if line else ""
        want = "".join(r[1] for r in applied if r[0] == w)
        t.ok(got == want, "device %d holds each applied token once, no "
             "failed one" % (w + 1), "got:  %r\nwant: %r\n%s" % (
                 got, want, "\n".join(r[3] for r in results
                                      if r[0] == w and r[2] != "applied")))
    hist = etcd.ctl("get", "--prefix", "/f/history/", "--keys-only").split()
    rev = int(etcd.ctl("get", "--print-value-only", "/f/revision"))
    t.eq(rev, 1 + len(applied), "the revision counts the applied commits")
    t.eq(len(hist), rev, "one history record per commit")

    # Two of three down: a bounded, clear failure, nothing written here.
    s = Session(["-s", etcd.url("/f"), "-R", sb.root], sb.dir, env,
                merge=True)
    s.step("openstack pcialiases", "add gpuq", "set vendorid 10de",
           "set productid 15f8", "home")
    before = files(sb.root)
    live = etcd.leader()
    down = [i for i in range(3) if i != live][:2]
    for i in down:
        etcd.kill(i)
    t0 = time.time()
    out = s.step("commit")
    took = time.time() - t0
    t.ok(took < 30, "the commit fails within 30 s (%.1f s)" % took)
    t.ok("Successfully committed" not in out, "it does not commit", out)
    errs = [x for x in out.splitlines() if x.startswith("ocmsh:")]
    t.eq(len(errs), 1, "one line says why: " + " ".join(errs))
    t.eq(files(sb.root), before, "nothing was written locally")
    t.contains(s.step("modified"), "gpuq", "the change stays staged")
    for i in down:
        etcd.start(i)
    etcd.wait_ready()
    out = s.step("commit")
    t.contains(out, "Successfully committed", "with the members back, the "
               "retry commits")
    s.finish()
    t.ok(files(sb.root) != before, "and writes the local files")

t.done()
