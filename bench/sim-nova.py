#!/usr/bin/python3
"""Times nova's own scheduler code on the dry run benchmark's state.

usage: sim-nova.py STATE N STEP...   (STEP: COUNT FLAVOR)

Loads STATE into what nova-scheduler would hold (tests/lib/novasim.py:
HostState objects, aggregates, the whitelist and aliases), then places
the first N instances of the steps one by one as the dry run does:
placement's RAM check, the enabled filters (those the dry run does not
skip) through nova's HostFilterHandler, RAMWeigher and PCIWeigher
through HostWeightHandler, consume_from_request() on the winner.
Prints one JSON object: setup and placing seconds, the instances placed
and each instance's host (null if refused), for run.py to compare with
the dry run's.  Needs Debian's python3-nova.
"""
import json
import os
import sys
import time

TOP_SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(TOP_SRCDIR, "tests", "lib"))
sys.path.insert(0, os.path.join(TOP_SRCDIR, "nova"))

import novasim  # noqa: E402

# Filters the dry run skips (it cannot model them); left out here too.
SKIPPED = ("ImagePropertiesFilter", "NUMATopologyFilter", "IoOpsFilter")


def main():
    if len(sys.argv) < 5 or len(sys.argv) % 2 == 0:
        sys.exit("usage: sim-nova.py STATE N COUNT FLAVOR...")
    with open(sys.argv[1]) as f:
        state = json.load(f)
    n = int(sys.argv[2])
    steps = [(int(sys.argv[i]), sys.argv[i + 1])
             for i in range(3, len(sys.argv), 2)]
    chain = [f for f in state["openstack"]["default"]["settings"]
             ["compute"]["schedulerfilters"] if f not in SKIPPED]
    t0 = time.perf_counter()
    sched = novasim.Scheduler(state)
    t1 = time.perf_counter()
    hosts = []
    for count, flavor in steps:
        for _ in range(count):
            if len(hosts) == n:
                break
            spec = sched.request(flavor)
            host, _ = sched.pick(chain, spec)
            if host is not None:
                sched.consume(host, spec)
            hosts.append(host.host if host is not None else None)
    t2 = time.perf_counter()
    json.dump({"setup": t1 - t0, "seconds": t2 - t1, "instances": len(hosts),
               "hosts": hosts}, sys.stdout)


if __name__ == "__main__":
    main()
