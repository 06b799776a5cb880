#!/usr/bin/env python3
"""test_history.py - ocmsh(1) COMMANDS, commits and rollback: every commit keeps the
previous state under STATEDIR/history (the last 50); commits lists them;
rollback N stages revision N, diff shows it, commit applies it (and the
derived files follow).
"""

import getpass
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (Sandbox, TAP, json_values, osd, script,  # noqa: E402
                    seed_script, state)


def body(path):
    """A state file without its revision and written lines."""
    with open(path) as f:
        text = f.read()
    text = re.sub(r"(?m)^revision: \d+\n", "", text)
    return text.split("\nwritten:")[0]


t = TAP()
with Sandbox() as sb:
    hist = os.path.join(os.path.dirname(sb.state), "history")
    r = sb.run(stdin=seed_script())
    t.ok(r.rc == 0, "the seed runs", r)
    t.eq(sorted(os.listdir(hist)),
         sorted(["log"] + ["%d.yaml" % i for i in range(1, 7)]),
         "history keeps revisions 1..6 (7 is the state file)")
    with open(sb.state) as f:
        cur = f.read()
    # each saved revision is the state file as it was then
    with open(os.path.join(hist, "6.yaml")) as f:
        six = f.read()
    t.ok(six.startswith("format: 1\nrevision: 6\n"),
         "6.yaml is revision 6", six[:40])
    t.ok("gpu: \"true\"" not in six and "gpu: \"true\"" in cur,
         "6.yaml predates step 7 (the gpu extra spec)")

    r = sb.run("-c", "commits")
    t.eq(r.rc, 0, "commits runs")
    lines = r.out.splitlines()
    t.ok(lines and lines[0].split() == ["Revision", "Time", "User",
                                        "Summary"],
         "commits: header Revision Time User Summary", r.out)
    rows = [l for l in lines[2:] if l.strip()]
    t.eq([l.split()[0] for l in rows], [str(i) for i in range(1, 8)],
         "commits: one row per revision, oldest first")
    user = getpass.getuser()
    t.ok(all(re.match(r"\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +%s +\S" %
                      re.escape(user), l) for l in rows),
         "commits: each row has revision, time, user and a summary", r.out)
    t.contains(rows[0], "device hyper01, ~device hyper02",
               "commits: revision 1 names the devices it changed")
    t.contains(rows[1], "+pcialias gpu-k40, +pcialias gpu-p100",
               "commits: revision 2 names the added aliases")
    t.contains(rows[5], "+hostaggregate gpu",
               "commits: revision 6 names the aggregate")

    # rollback 1: before the aliases, the flavor, the filters, the
    # aggregate
    r = sb.run(stdin=script("rollback 1", "modified", "diff", "refresh"))
    t.ok(r.rc == 0, "rollback 1 stages, refresh drops it", r)
    t.contains(r.out, "pcialias", "modified lists the aliases")
    t.contains(r.out, "g1.medium.p100", "modified lists the flavor")
    t.contains(r.out, "hostaggregate", "modified lists the aggregate")
    t.ok(re.search(r"schedulerfilters:.*ReserveRamFilter.*->.*RamFilter",
                   r.out) is not None,
         "diff shows the filters going back", r.out)
    t.eq(state(sb)["revision"], 7, "staging a rollback writes nothing")

    r = sb.run(stdin=script("rollback 1", "commit"))
    t.ok(r.rc == 0, "rollback 1 + commit", r)
    st = state(sb)
    t.eq(st["revision"], 8, "the rollback is a new revision, 8")
    t.eq(body(sb.state), body(os.path.join(hist, "1.yaml")),
         "revision 8 holds revision 1's objects")
    t.eq(osd(st).get("pcialiases") or {}, {}, "the aliases are gone")
    t.eq(json_values(sb.nova_conf(), "DEFAULT", "pci_alias"), [],
         "nova.conf follows: no pci_alias")
    t.ok(os.path.isfile(os.path.join(hist, "7.yaml")),
         "revision 7 was kept")

    # and forward again
    r = sb.run(stdin=script("rollback 7", "commit"))
    t.ok(r.rc == 0, "rollback 7 + commit", r)
    t.eq(body(sb.state), body(os.path.join(hist, "7.yaml")),
         "revision 9 holds revision 7's objects")
    t.eq(len(json_values(sb.nova_conf(), "DEFAULT", "pci_alias")), 2,
         "nova.conf follows: the aliases are back")

    # rollback inside a mode stages everything, like at the top
    r = sb.run(stdin=script("openstack flavors", "rollback 1", "home",
                            "modified", "refresh"))
    t.ok(r.rc == 0 and "device" not in r.out.split("modified")[-1] and
         "PCI alias" in r.out, "rollback stages the whole state", r)

    r = sb.run(stdin=script("rollback 99"))
    t.eq(r.rc, 1, "rollback of an unknown revision fails")
    t.contains(r.err, "revision 99 is not in the history",
               "... and says so")
    r = sb.run(stdin=script("rollback x"))
    t.eq(r.rc, 1, "rollback x fails")

    # the last 50 are kept
    flips = []
    for i in range(50):
        flips += ["set memory %d" % (1000 + i), "commit"]
    r = sb.run(stdin=script("device", "use hyper04", *flips))
    t.ok(r.rc == 0, "50 more commits", r)
    t.eq(state(sb)["revision"], 59, "revision 59")
    saved = sorted(int(f.split(".")[0]) for f in os.listdir(hist)
                   if f.endswith(".yaml"))
    t.eq(saved, list(range(9, 59)), "history holds the last 50: 9..58")
    r = sb.run("-c", "commits")
    t.eq(len([l for l in r.out.splitlines()[2:] if l.strip()]), 59,
         "commits still lists all 59 commits")
    r = sb.run(stdin=script("rollback 8"))
    t.eq(r.rc, 1, "a pruned revision cannot be rolled back to")
    r = sb.run(stdin=script("rollback 9", "commit"))
    t.ok(r.rc == 0 and state(sb)["devices"]["hyper04"].get("memory") ==
         262144, "rollback 9 brings the old memory back", r)
t.done()
