#!/usr/bin/env python3
"""simulate in openstack mode: the scheduler dry run on the staged state,
through the shell.  The seed's guarantee (after filling the cloud with
m1.medium, g1.medium.p100 still lands on hyper02; without the reserve
filter it does not), an uncommitted change tried before the commit, the
JSON form, and each bad input as one clear line with nothing staged."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox, seed_script  # noqa: E402

t = TAP()
FILL = "--fill m1.medium then g1.medium.p100"


def sim(sb, cmds):
    """Runs 'openstack; CMDS; simulate -d {} FILL' and returns rc, JSON."""
    r = sb.run("-c", "openstack; %s simulate -d {} %s" % (cmds, FILL))
    try:
        return r.rc, json.loads(r.out), r.err
    except ValueError:
        return r.rc, None, r.err + r.out


def last(doc):
    """The host of the last instance, or None when it was refused."""
    return doc["instances"][-1].get("host") if doc else None


with Sandbox() as sb:
    r = sb.run(stdin=seed_script())
    t.eq(r.rc, 0, "the seed procedure runs")
    before = sb.read(sb.state)

    rc, doc, err = sim(sb, "")
    t.eq((rc, err), (0, ""), "simulate -d {} runs after the seed")
    t.eq(last(doc), "hyper02",
         "after the fill with m1.medium, g1.medium.p100 lands on hyper02")
    t.ok(doc and doc["summary"]["placed"] > 300,
         "the fill placed hundreds of m1.medium", doc and doc["summary"])

    # The reserve filter replaced by RamFilter, staged only: the GPU
    # instance no longer fits, and nothing was committed.
    rc, doc, err = sim(sb, "settings compute; set schedulerfilters "
                       "RetryFilter AvailabilityZoneFilter RamFilter "
                       "ComputeFilter PciPassthroughFilter; home; "
                       "openstack;")
    t.eq(rc, 3, "simulate on a staged change (the change is discarded "
         "at the end of the batch: exit 3)")
    t.eq(last(doc), None, "without the reserve filter g1.medium.p100 is "
         "refused after the fill")
    t.eq(sb.read(sb.state), before, "simulate commits nothing")

    r = sb.run("-c", "openstack; simulate -n 3 m1.tiny then m1.small")
    t.eq(r.rc, 0, "the table form runs")
    t.contains(r.out, "4 placed, 0 refused", "the summary line")

    for words, msg in (
            ("m1.nope", "no such flavor 'm1.nope'"),
            ("-n 0 m1.tiny", "invalid instance count 0 for flavor "
             "'m1.tiny': must be a positive integer"),
            ("-n -2 m1.tiny", "invalid instance count -2"),
            ("-n x m1.tiny", "invalid instance count 'x'"),
            ("m1.tiny then", "nothing to simulate: no flavor given"),
            ("-d , m1.tiny", "simulate prints a table, or JSON with -d {}"),
            ("m1.tiny m1.small", "one flavor per step")):
        r = sb.run("-q", "-c", "openstack; simulate %s; modified" % words)
        t.eq(r.rc, 1, "simulate %s: exit 1" % words)
        t.contains(r.err, msg, "simulate %s: says why" % words)
        t.eq(r.out, "", "simulate %s: prints nothing else" % words)
    r = sb.run("-q", "-c", "openstack flavors; clone m1.small g2; set extraspecs "
               "pci_passthrough:alias=nosuch:1; home; openstack; "
               "simulate g2")
    t.eq(r.rc, 1, "a flavor whose alias is not defined: exit 1")
    t.contains(r.err, "PCI alias 'nosuch', which is not defined",
               "a flavor whose alias is not defined: says so")

# A cluster without hypervisors.
with Sandbox() as sb:
    sb.write(sb.state, "format: 1\nrevision: 1\ncluster: {name: c}\n"
             "openstack:\n  default:\n    flavors:\n      f: {ram: 512}\n")
    r = sb.run("-c", "openstack; simulate f")
    t.eq(r.rc, 1, "no hypervisors: exit 1")
    t.contains(r.err, "no hypervisors: no device has the role "
               "openstackcompute", "no hypervisors: says so")
t.done()
