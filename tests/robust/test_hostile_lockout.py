#!/usr/bin/env python3
"""Nothing is written that the loader refuses: a commit whose state would
be over the loader's 64 MiB, or whose revision would pass the largest
one a state file holds, is refused with a clear error and nothing
written, and every later run still loads the state.  (Each of these once
committed with exit 0, and then every later run exited 1.)"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from rlib import run  # noqa: E402

t = TAP()
MAX = 9223372036854775807
LIMIT = 64 * 1024 * 1024


def set_revision(sb, rev):
    text = sb.read(sb.state).decode()
    sb.write(sb.state, re.sub(r"(?m)^revision: \d+$", "revision: %d" % rev,
                              text))


def still_loads(sb, label):
    r = run(sb, OCMSH, "-c", "device; get hyper01 hostname")
    t.eq((r.rc, r.out), (0, "hyper01\n"), "%s: a later run loads the state"
         % label)


# the largest revision
with Sandbox() as sb:
    r = run(sb, OCMSH, "-c", "commit")
    t.eq(r.rc, 0, "the first commit runs")
    set_revision(sb, MAX - 1)
    r = run(sb, OCMSH, "-c", "device; set hyper01 kernelparameters last; commit")
    t.eq(r.rc, 0, "a commit to revision %d runs" % MAX)
    t.contains(sb.read(sb.state).decode(), "revision: %d\n" % MAX,
               "the state holds revision %d" % MAX)
    before = sb.read(sb.state)
    for cmd in ("commit", "commit --dry-run"):
        r = run(sb, OCMSH, "-q", "-c", "device; set hyper01 kernelparameters over; " + cmd)
        t.eq(r.rc, 1, "%s past revision %d: refused" % (cmd, MAX))
        t.ok("revision %d" % MAX in r.err and "highest" in r.err,
             "%s past revision %d: the error says why" % (cmd, MAX), r)
        t.ok(sb.read(sb.state) == before, "%s past revision %d: the state "
             "is as it was" % (cmd, MAX))
    still_loads(sb, "revision %d" % MAX)

# a state that would grow over the loader's limit
with Sandbox() as sb:
    # devices of 64 KiB each, 300 KB under the limit
    big = "x" * 65000
    head = "format: 1\nrevision: 7\ncluster:\n  name: big\ndevices:\n"
    # head nodes: they need no category
    entry = "  node%04d:\n    type: HeadNode\n    kernelparameters: %s\n"
    n = (LIMIT - 300000) // len(entry % (0, big))
    body = "".join(entry % (i, big) for i in range(n))
    hyper = "  hyper01:\n    type: HeadNode\n"
    sb.write(sb.state, head + body + hyper + "written: {}\n")
    size = os.path.getsize(sb.state)
    t.ok(LIMIT - 400000 < size < LIMIT, "the state is just under 64 MiB "
         "(%d bytes)" % size)
    r = run(sb, OCMSH, "-c", "device; set node0001 roles openstackcontroller; commit")
    t.eq(r.rc, 0, "a commit that stays under the limit runs")
    before = sb.read(sb.state)
    pad = os.path.join(sb.dir, "pad")
    sb.write(pad, "y" * (LIMIT - len(before) + 1000))
    r = run(sb, OCMSH, "-q", "-c", "device; set hyper01 kernelparameters @%s; "
            "commit" % pad)
    t.eq(r.rc, 1, "a commit over 64 MiB: refused")
    t.ok("64 MiB" in r.err and "nothing was changed" in r.err,
         "a commit over 64 MiB: the error says why", r)
    t.ok(sb.read(sb.state) == before, "a commit over 64 MiB: the state is as "
         "it was")
    t.eq(sorted(f for f in os.listdir(os.path.dirname(sb.state))
                if not f.endswith(".lck") and f != "history"),
         ["cluster.yaml"], "a commit over 64 MiB: no file left beside it")
    still_loads(sb, "over 64 MiB")
t.done()
