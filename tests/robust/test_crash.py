#!/usr/bin/env python3
"""Crash consistency: ocmsh is SIGKILLed at every step of a commit (each
write, fsync, rename and folder fsync of every file it replaces, through
ocmsh-fault's OCMSH_FAULT=kill:N).  After each kill the state and every
derived file are wholly old or wholly new, the state loads, the next commit
is not refused as a hand edit, brings every derived file in line and leaves
no lock file behind, and the change can then be made again."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox, seed_script  # noqa: E402
from rlib import CHANGE, FAULT, FIRST, locks, plain, restore, run, tree  # noqa

t = TAP()
total_kills = 0


def scenario(label, prepare):
    """Kills the commit of CHANGE at each step in turn, from prepare's state."""
    global total_kills
    with Sandbox() as sb:
        prepare(sb)
        base = tree(sb)
        r = run(sb, OCMSH, stdin=script_of(label))
        t.eq(r.rc, 0, "%s: the reference commit works" % label) or \
            t.ok(False, "reference", r)
        ref = plain(tree(sb))
        # the same change made after a commit of the old state (in-place
        # editing keeps the order in which options first appeared)
        restore(sb, base)
        r = run(sb, OCMSH, "-c", "commit")
        r2 = run(sb, OCMSH, stdin=script_of(label))
        t.ok(r.rc == 0 and r2.rc == 0, "%s: the change after a commit of "
             "the old state works" % label, "%r\n%r" % (r, r2))
        ref2 = plain(tree(sb))
        nova = os.path.relpath(sb.nova_conf(), sb.dir)
        state = os.path.relpath(sb.state, sb.dir)
        t.ok(nova in ref and base.get(nova) != ref[nova],
             "%s: the commit changes nova.conf" % label)
        bad = []
        n = 0
        while True:
            n += 1
            restore(sb, base)
            r = run(sb, FAULT, stdin=script_of(label),
                    env={"OCMSH_FAULT": "kill:%d" % n})
            if r.rc == 0:
                break
            if r.rc != -9:
                bad.append("step %d: rc %r, not killed: %s" % (n, r.rc, r.err))
                continue
            total_kills += 1
            after = plain(tree(sb))
            # each file wholly old or wholly new
            for k in set(after) | set(ref) | set(plain(base)):
                if k.endswith(".intent") or k.endswith(".lck"):
                    continue
                if after.get(k) not in (base.get(k), ref.get(k)):
                    bad.append("step %d: %s is neither old nor new" % (n, k))
            was_old = after.get(state) == base.get(state)
            # the next commit takes what it finds, without complaint
            r = run(sb, OCMSH, "-c", "commit", timeout=20)
            if r.rc != 0:
                bad.append("step %d: recovery commit: %r" % (n, r))
                continue
            mid = tree(sb)
            if locks(mid) or any(k.endswith(".intent") for k in mid):
                bad.append("step %d: left behind: %s" % (n, [
                    k for k in mid if k.endswith((".lock", ".intent"))]))
            # derived files in line: a second commit has nothing to do
            r = run(sb, OCMSH, "-c", "commit", timeout=20)
            if r.rc != 0 or plain(tree(sb)) != plain(mid):
                bad.append("step %d: second commit changed files: %r" %
                           (n, r))
            if was_old:
                r = run(sb, OCMSH, stdin=script_of(label))
                if r.rc != 0:
                    bad.append("step %d: the change again: %r" % (n, r))
            end = plain(tree(sb))
            if end.get(nova) != (ref2 if was_old else ref)[nova]:
                bad.append("step %d: nova.conf differs from the reference"
                           % n)
            for k in ref:
                if "ocmsh_filters" in k and end.get(k) != ref[k]:
                    bad.append("step %d: %s differs" % (n, k))
        t.ok(n > 12, "%s: the commit has %d steps" % (label, n - 1))
        t.ok(not bad, "%s: %d kills, every file old or new, recovered"
             % (label, n - 1), "\n".join(bad[:20]))
        t.eq(plain(tree(sb)), ref,
             "%s: without a kill the fault binary writes the same" % label)


def script_of(label):
    return CHANGE if label == "edit" else FIRST


def seeded(sb):
    r = run(sb, OCMSH, stdin=seed_script())
    assert r.rc == 0, r


def fresh(sb):
    pass


scenario("edit", seeded)
scenario("create", fresh)
print("# %d kills in all" % total_kills)
t.done()
