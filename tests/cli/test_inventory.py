#!/usr/bin/env python3
"""test_inventory.py - a node-inventory script, as sites drive cmsh.

An inventory (host name, MAC address) is generated, turned into a cmsh
script that clones a node for each entry with foreach --clone and sets
each node's MAC, and run with -f (BCM Administrator Manual 2.5.5,
"foreach --clone"; 2.5.3, "set node101 mac ...").  The state must hold
every node, with its MAC, the IP that follows its number, and the
category and image of the node it was cloned from; a second run must be
refused (the nodes exist), and an inventory with a bad MAC must commit
nothing.
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

t = TAP()
rng = random.Random(20260101)
NODES = ["hyper%02d" % i for i in range(5, 21)]
INVENTORY = [(n, "52:54:00:%02X:%02X:%02X" % (rng.randrange(256),
                                             rng.randrange(256), i))
             for i, n in enumerate(NODES)]


def script(inventory, first="hyper05", last="hyper20"):
    """The cmsh script an inventory turns into."""
    lines = ["# generated from the inventory", "device",
             "set hyper01 ip 10.141.0.1",
             "foreach --clone hyper01 -n %s..%s ()" % (first, last)]
    lines += ["set %s mac %s" % (n, mac) for n, mac in inventory]
    lines += ["commit"]
    return "\n".join(lines) + "\n"


def node_lines(text, name):
    """The lines of a node's entry in the state file."""
    lines = text.split("\n")
    start = lines.index("  %s:" % name)
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("    "):
            break
        out.append(line.strip())
    return out


with Sandbox() as sb:
    inv = os.path.join(sb.dir, "inventory.cmsh")
    sb.write(inv, script(INVENTORY))
    r = sb.run("-f", inv)
    t.eq((r.rc, r.err), (0, ""), "the inventory script runs with -f")
    t.eq(r.out, "Successfully committed 17 Devices\n",
         "... and commits the 16 new nodes and hyper01's IP")
    state = sb.read(sb.state).decode()
    for i, (name, mac) in enumerate(INVENTORY):
        want = ["type: PhysicalNode", 'mac: "%s"' % mac,
                'ip: "10.141.0.%d"' % (i + 5), "category: hypervisor",
                "softwareimage: default-image", "roles: [openstackcompute]",
                "memory: 262144"]
        t.eq(node_lines(state, name), want,
             "%s: its MAC, the IP of its number, hyper01's settings, no "
             "PCI devices" % name)
    r = sb.run("-c", "device; foreach -n hyper05,hyper20 (get mac; get ip)")
    t.eq(r.out, "%s\n10.141.0.5\n%s\n10.141.0.20\n"
         % (INVENTORY[0][1], INVENTORY[-1][1]), "get reads them back")

    before = sb.read(sb.state)
    r = sb.run("-f", inv)
    t.eq(r.rc, 1, "a second run is refused: the nodes exist")
    t.contains(r.err, "foreach -o makes new objects only: device 'hyper05' "
               "exists already", "... naming the first")
    t.ok(sb.read(sb.state) == before, "... and writes nothing")

with Sandbox() as sb:
    bad = list(INVENTORY)
    bad[7] = (bad[7][0], "52:54:00:zz:00:07")
    inv = os.path.join(sb.dir, "bad.cmsh")
    sb.write(inv, script(bad))
    r = sb.run("-q", "-f", inv)
    t.eq(r.rc, 1, "an inventory with a bad MAC fails")
    t.contains(r.err, "%s:12: invalid value '52:54:00:zz:00:07' for property "
               "'mac'" % inv, "... naming the file, the line and the MAC")
    t.ok(not os.path.exists(sb.state), "... and commits nothing")

t.done()
