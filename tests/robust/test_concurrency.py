#!/usr/bin/env python3
"""Concurrent sessions on one state.  8 processes make 200 commits each,
each commit adding its own flavor: at the end all 1,600 flavors are there,
the revision rose by exactly 1,600 and the log holds 1,600 more lines.
Then rounds of 8 sessions that all loaded the state before any committed
change the same flavor and the same PCI alias (so nova.conf too): in each
round exactly one commits, the 7 others exit 75 naming the objects, and
nothing of theirs is written."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox, seed_script  # noqa: E402
from rlib import run  # noqa: E402

PROCS, COMMITS, ROUNDS = 8, 200, 5
t = TAP()

# What is under test is locking and merging, not the disk: on a slow disk
# each commit's four fsyncs cost more than the rest, so the sandbox goes
# to /dev/shm (tmpfs) when there is one (the time is printed either way).
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    tempfile.tempdir = "/dev/shm"


def revision(sb):
    m = re.search(r"^revision: (\d+)$", sb.read(sb.state).decode(), re.M)
    return int(m.group(1))


def spawn(sb, script):
    e = dict(os.environ, HOME=sb.dir)
    p = subprocess.Popen([OCMSH, "-n", "--example", "-s", sb.state, "-R",
                          sb.root],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=e)
    p.stdin.write(script.encode())
    p.stdin.close()
    return p


with Sandbox() as sb:
    r = run(sb, OCMSH, stdin=seed_script())
    t.eq(r.rc, 0, "the seed runs")
    rev0 = revision(sb)
    log = os.path.join(os.path.dirname(sb.state), "history", "log")
    log0 = len(open(log).readlines())

    start = time.time()
    procs = []
    for k in range(PROCS):
        script = "".join("openstack flavors\nclone m1.tiny p%d-%d\ncommit\n"
                         % (k, i) for i in range(COMMITS))
        procs.append(spawn(sb, script))
    rcs = [p.wait(timeout=600) for p in procs]
    errs = [p.stderr.read().decode() for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    took = time.time() - start
    t.eq(rcs, [0] * PROCS, "%d processes x %d commits all succeed"
         % (PROCS, COMMITS)) or print("# " + "\n# ".join(errs))
    r = run(sb, OCMSH, "-c", "openstack flavors; list -f name:30")
    names = set(re.findall(r"^(p\d+-\d+)\s", r.out, re.M))
    t.eq(len(names), PROCS * COMMITS, "all %d flavors are in the state"
         % (PROCS * COMMITS))
    t.eq(revision(sb) - rev0, PROCS * COMMITS, "the revision rose by %d"
         % (PROCS * COMMITS))
    t.eq(len(open(log).readlines()) - log0, PROCS * COMMITS,
         "the log holds one line per commit")
    print("# %d commits by %d processes in %.1f s (%.1f ms each) on %s"
          % (PROCS * COMMITS, PROCS, took, 1000 * took / (PROCS * COMMITS),
             tempfile.gettempdir()))

    # conflicts: all load, then all commit the same objects
    bad = []
    for rnd in range(ROUNDS):
        rev = revision(sb)
        gate = tempfile.mkdtemp(prefix="gate-", dir=sb.dir)
        procs = []
        for k in range(PROCS):
            script = ("openstack flavors\nset m1.small ram %d\n"
                      "openstack pcialiases\nadd race\nset vendorid 10de\n"
                      "set productid %04x\n"
                      "!touch %s/ready%d; while [ ! -e %s/go ]; do "
                      "sleep 0.01; done\nhome\ncommit\n"
                      % (5000 + 10 * rnd + k, 0xa000 + 16 * rnd + k, gate, k,
                         gate))
            procs.append(spawn(sb, script))
        deadline = time.time() + 60
        while len(os.listdir(gate)) < PROCS and time.time() < deadline:
            time.sleep(0.01)
        open(os.path.join(gate, "go"), "w").close()
        rcs = [p.wait(timeout=120) for p in procs]
        errs = [p.stderr.read().decode() for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        if sorted(rcs) != [0] + [75] * (PROCS - 1):
            bad.append("round %d: exit codes %r" % (rnd, rcs))
            continue
        w = rcs.index(0)
        for k in range(PROCS):
            if k != w and ("flavor m1.small" not in errs[k] or
                           "pcialias race" not in errs[k]):
                bad.append("round %d: loser %d says %r" % (rnd, k, errs[k]))
        state = sb.read(sb.state).decode()
        conf = sb.read(sb.nova_conf()).decode()
        if revision(sb) != rev + 1:
            bad.append("round %d: revision %d, not %d"
                       % (rnd, revision(sb), rev + 1))
        want_ram = "ram: %d" % (5000 + 10 * rnd + w)
        want_id = "%04x" % (0xa000 + 16 * rnd + w)
        if want_ram not in state or want_id not in state:
            bad.append("round %d: the winner's values are not in the state"
                       % rnd)
        ids = set(re.findall(r'"product_id": "(a[0-9a-f]{3})"', conf))
        if ids != {want_id}:
            bad.append("round %d: nova.conf holds %r, want %r"
                       % (rnd, ids, want_id))
        for k in range(PROCS):
            lose_id = "%04x" % (0xa000 + 16 * rnd + k)
            if k != w and (lose_id in state or lose_id in conf or
                           "ram: %d" % (5000 + 10 * rnd + k) in state):
                bad.append("round %d: loser %d's values were written"
                           % (rnd, k))
        # the next round starts from the alias removed again
        r = run(sb, OCMSH, "-c", "openstack pcialiases; remove race; commit")
        if r.rc != 0:
            bad.append("round %d: removing the alias: %r" % (rnd, r))
    t.ok(not bad, "%d rounds of %d conflicting sessions: one winner each, "
         "the others exit 75 with nothing written" % (ROUNDS, PROCS),
         "\n".join(bad))
t.done()
