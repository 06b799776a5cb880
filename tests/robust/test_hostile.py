#!/usr/bin/env python3
"""Defects found by a hunt with hostile input, one check each, through the
binary: each gets one clear error naming the culprit, nothing is staged or
written, and the session survives."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402

t = TAP()

# A ^FILE node list holding a bracket range once crashed the node-set
# parser (bracket checks were skipped for file items): brackets and commas
# inside a file's word work as on the command line, and bad ones are
# refused with the file and line.
with Sandbox() as sb:
    good, bad = os.path.join(sb.dir, "good"), os.path.join(sb.dir, "bad")
    sb.write(good, "hyper[01,02]\n")
    r = sb.run("-c", "device; foreach -n ^%s (get hostname)" % good)
    t.eq((r.rc, r.out), (0, "hyper01\nhyper02\n"), "^FILE with [01,02]")
    sb.write(bad, "hyper03\nhyper[01-02\n")
    r = sb.run("-q", "-c", "device; foreach -n ^%s (set category x); commit"
               % bad)
    t.eq(r.rc, 1, "^FILE with an open bracket: exit 1, no crash")
    t.contains(r.err, "^%s:2: bad node set 'hyper[01-02': unbalanced '['"
               % bad, "the error names the file and line")
    t.ok(not os.path.exists(sb.state), "nothing was committed")

# ^/dev/zero read until memory ran out; a folder did nothing.
with Sandbox() as sb:
    for arg, msg in (("/dev/zero", "not a regular file"),
                     ("/", "is a folder, not a file")):
        r = sb.run("-c", "device; foreach -n ^%s (get hostname)" % arg,
                   timeout=20)
        t.eq(r.rc, 1, "^%s: exit 1" % arg)
        t.contains(r.err, "^%s: %s" % (arg, msg), "^%s: message" % arg)

# `list | head -1` on a large cluster died of SIGPIPE (exit 141), and
# staged changes vanished with it; so did `ocmsh ... | head -1`.  A
# closed pipe ends that command's output, not the shell.
BIG = "format: 1\nrevision: 1\ncluster: {name: big}\ndevices:\n" + "".join(
    "  node%05d: {type: PhysicalNode, category: c}\n" % i
    for i in range(20000)) + "categories: {c: {}, x: {}, z: {}}\n"
SCRIPT = "device\nlist | head -1\nset node00001 category x\ncommit\n"
with Sandbox() as sb:
    sb.write(sb.state, BIG)
    r = sb.run(stdin=SCRIPT)
    t.eq(r.rc, 0, "list | head -1 on 20,000 devices: the shell goes on")
    t.contains(r.out, "Successfully committed 1 Devices",
               "list | head -1: the commit after it runs")
    t.contains(sb.read(sb.state).decode(), "  node00001:\n"
               "    type: PhysicalNode\n    category: x\n",
               "list | head -1: the change is committed")
with Sandbox() as sb:
    sb.write(sb.state, BIG)
    e = dict(os.environ, HOME=sb.dir)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ROOT", None)
    p = subprocess.run(
        "printf 'device\\nlist\\nset node00002 category z\\ncommit\\n' | "
        "'%s' -n --example -s '%s' -R '%s' | head -1; echo \"rc=${PIPESTATUS[1]}\"" %
        (OCMSH, sb.state, sb.root), shell=True, executable="/bin/bash",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, timeout=60)
    out = p.stdout.decode()
    t.contains(out, "rc=0", "ocmsh | head -1: exit 0, not 141")
    t.contains(sb.read(sb.state).decode(), "  node00002:\n"
               "    type: PhysicalNode\n    category: z\n",
               "ocmsh | head -1: the change is committed")

t.done()
