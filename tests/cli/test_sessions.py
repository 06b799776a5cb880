#!/usr/bin/env python3
"""test_sessions.py - two ocmsh sessions on one state file (ocmsh(1) COMMANDS,
"Commit"): both load, both stage, the first commits, then the second.

Each session is an ocmsh process fed through a pipe, one line at a time.
After each step the test sends 'alias syncN home' and waits for its echo
(-x): the echo comes out only when everything before it has run.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox, Session  # noqa: E402


def session(sb, *extra):
    """An ocmsh session on the sandbox's state (the example cluster)."""
    return Session(["--example", "-s", sb.state, "-R", sb.root] +
                   list(extra), sb.dir)


def state_text(sb):
    """The state's YAML (tests/lib/ocmshtest.py: the file, or etcd's)."""
    return sb.read(sb.state).decode()


t = TAP()

# 1. Different objects: both commits land.
with Sandbox() as sb:
    r = sb.run("-c", "commit")
    t.eq(r.rc, 0, "the example cluster is written")
    a, b = session(sb), session(sb)
    a.step("device", "set hyper01 memory 1")
    b.step("openstack flavors", "set m1.tiny ram 256", "device",
           "set hyper02 memory 2")
    out = a.step("commit")
    t.contains(out, "Successfully committed 1 Devices", "A commits hyper01")
    out = b.step("commit")
    t.contains(out, "Successfully committed 1 Devices",
               "B commits hyper02 over A's commit")
    out = b.step("home", "commit")
    t.contains(out, "Successfully committed 1 Flavors", "B commits m1.tiny")
    ra, _, ea = a.finish()
    rb, _, eb = b.finish()
    t.eq((ra, ea), (0, ""), "A exits 0 with nothing on stderr")
    t.eq((rb, eb), (0, ""), "B exits 0 with nothing on stderr")
    r = sb.run("-c", "device get hyper01 memory; device get hyper02 memory; "
               "openstack flavors get m1.tiny ram")
    t.eq(r.out, "1\n2\n256\n", "all three changes are in the file")
    t.contains(state_text(sb), "revision: 4\n",
               "three commits after the first: revision 4")

# 2. The same object: the later commit exits 75 naming it; the file keeps
# the first change and is not written by the refused commit (B stops
# there: -q).
with Sandbox() as sb:
    sb.run("-c", "commit")
    a, b = session(sb), session(sb, "-q")
    a.step("device", "set hyper01 memory 1")
    b.step("device", "set hyper01 memory 2", "set hyper03 memory 3")
    a.step("commit")
    before = sb.read(sb.state)
    b.step("commit")
    rb, _, eb = b.finish()
    ra, _, ea = a.finish()
    t.eq(ra, 0, "A exits 0")
    t.eq(rb, 75, "B's commit is refused with exit 75")
    t.contains(eb, "device hyper01", "the refusal names device hyper01")
    t.contains(eb, "ocmsh: -:", "the refusal names the input line")
    t.ok("hyper03" not in eb, "the refusal names only the object in both",
         eb)
    t.eq(sb.read(sb.state), before, "the refused commit wrote nothing")
    r = sb.run("-c", "device get hyper01 memory; device get hyper03 memory")
    t.eq(r.out, "1\n262144\n", "the file keeps the first change only")

# 3. Without -q the refused session goes on: refresh takes the other
# session's value, and the change can be made again and committed.
with Sandbox() as sb:
    sb.run("-c", "commit")
    a, b = session(sb), session(sb)
    a.step("device", "set hyper01 memory 1")
    b.step("device", "set hyper01 memory 2")
    a.step("commit")
    b.step("commit")
    out = b.step("modified")
    t.contains(out, "Device hyper01", "the refused change stays staged")
    out = b.step("refresh", "get hyper01 memory")
    t.contains(out, "\n1\n", "refresh shows the other session's value")
    out = b.step("set hyper01 memory 2", "commit")
    t.contains(out, "Successfully committed 1 Devices",
               "after refresh the change commits")
    rb, _, eb = b.finish()
    a.finish()
    t.eq(rb, 75, "B still exits 75: one commit was refused")
    r = sb.run("-c", "device get hyper01 memory")
    t.eq(r.out, "2\n", "the file has B's second try")

# 4. An object the other session removed: refresh says so and deselects.
with Sandbox() as sb:
    sb.run("-c", "commit")
    a, b = session(sb), session(sb)
    a.step("device", "remove hyper04")
    b.step("device", "use hyper04", "set memory 5")
    out = a.step("commit")
    t.contains(out, "Successfully removed 1 Devices", "A removes hyper04")
    b.step("commit")
    out = b.step("refresh", "modified")
    t.contains(out, "device 'hyper04' no longer exists: another session "
               "removed it", "refresh names the removed object")
    t.contains(out, "[cluster->device]% modified",
               "and leaves it: the prompt has no selection")
    t.contains(out, "No modified objects of type device",
               "nothing stays staged")
    rb, _, eb = b.finish()
    a.finish()
    t.contains(eb, "device hyper04", "the commit before refresh named it")
    t.ok("hyper04:" not in state_text(sb), "hyper04 stays removed")

t.done()
