#!/usr/bin/env python3
"""Defects found by a hunt with hostile input, one check each, through the
binary: each gets one clear error naming the culprit, nothing is staged or
written, and the session survives."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

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
    r = sb.run("-c", "device; foreach -n ^%s (set category x); commit" % bad)
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

t.done()
