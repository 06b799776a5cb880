#!/usr/bin/env python3
"""The limits of ocmsh-state(5), through the binary: a state file with
duplicate keys, YAML aliases or anchors, nesting deeper than 64, more than
64 MiB, an unknown format or key is refused with FILE:LINE:COL, exit 1,
and is never overwritten (not even by a commit in the same run)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

t = TAP()
GOOD = "format: 1\nrevision: 3\ncluster: {name: c}\n"
deep = "x: " + "[" * 70 + "]" * 70 + "\n"
cases = [
    ("duplicate key", GOOD + "revision: 4\n", "duplicate", 4),
    ("duplicate object", GOOD + "softwareimages:\n  a: {path: /a}\n"
     "  a: {path: /b}\n", "duplicate", 6),
    ("anchor and alias", GOOD + "softwareimages:\n  a: &x {path: /a}\n"
     "  b: *x\n", "alias", None),
    ("anchor alone", GOOD + "softwareimages:\n  a: &x {path: /a}\n",
     "anchor", 5),
    ("nesting deeper than 64", GOOD + deep, "deep", 4),
    ("unknown format", "format: 2\nrevision: 1\n", "format", 1),
    ("unknown key", GOOD + "bogus: 1\n", "bogus", 4),
]
for label, text, word, line in cases:
    with Sandbox() as sb:
        sb.write(sb.state, text)
        r = sb.run("-c", "device; set head category x; commit")
        t.eq(r.rc, 1, "%s: exit 1" % label)
        m = re.search(re.escape(sb.state) + r":(\d+):(\d+): (.*)", r.err)
        t.ok(m is not None and word in m.group(3).lower() and
             (line is None or int(m.group(1)) == line),
             "%s: FILE:LINE:COL names it" % label, r.err)
        t.eq(sb.read(sb.state).decode(), text, "%s: the file is kept" % label)

with Sandbox() as sb:
    # just over 64 MiB: a valid state padded with a comment
    with open(sb.state, "w") as f:
        f.write(GOOD)
        f.write("#" + "x" * (64 * 1024 * 1024) + "\n")
    size = os.path.getsize(sb.state)
    r = sb.run("-c", "commit")
    t.eq(r.rc, 1, "a file over 64 MiB: exit 1")
    t.ok(sb.state in r.err and ("64 MiB" in r.err or "large" in r.err),
         "a file over 64 MiB: the message says so", r.err)
    t.eq(os.path.getsize(sb.state), size, "a file over 64 MiB is kept")
t.done()
