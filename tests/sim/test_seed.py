"""test_seed.py - the seed's scenario through the scheduler dry run.

The example cluster after the seed procedure (examples/seed.ocmsh, run by
the ocmsh binary): four hypervisors of 256 GiB, a K40c in hyper01, a P100
in hyper02, both in aggregate gpu with a 4096 MiB reserve that flavors
with gpu=true escape, ReserveRamFilter in place of RamFilter.  Filling
the cluster with m1.medium must leave room for g1.medium.p100 on hyper02;
with RamFilter back in place it must not.  tests/unit/sim-tool runs the
dry run on the state file ocmsh wrote.
"""

import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import TAP, Sandbox, seed_script  # noqa: E402

SIM_TOOL = os.path.join(os.environ.get("top_builddir", "."), "tests", "unit",
                        "sim-tool")
FILTERS = ("RetryFilter AvailabilityZoneFilter %s DiskFilter ComputeFilter "
           "ComputeCapabilitiesFilter ImagePropertiesFilter "
           "ServerGroupAntiAffinityFilter ServerGroupAffinityFilter "
           "PciPassthroughFilter")


def sim(state, opts, steps):
    """sim-tool OPTS STATE STEPS; (rc, stdout, stderr)."""
    p = subprocess.run([SIM_TOOL] + opts.split() + [state] + steps.split(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    return p.returncode, p.stdout, p.stderr


def lines_of(text, first):
    """The lines of text from the one starting with first to a blank."""
    out, on = [], False
    for line in text.splitlines():
        on = on or line.startswith(first)
        if on and not line:
            break
        if on:
            out.append(line)
    return out


def main():
    t = TAP()
    fill = "--fill m1.medium then g1.medium.p100"
    with Sandbox() as sb:
        r = sb.run(stdin=seed_script())
        t.eq(r.rc, 0, "the seed procedure runs")

        rc, out, err = sim(sb.state, "", fill)
        t.eq((rc, err), (0, ""), "the dry run runs")
        t.contains(out, "379      m1.medium      (refused: the fill ends)\n"
                   "380      g1.medium.p100 hyper02\n",
                   "after the fill, g1.medium.p100 lands on hyper02")
        t.eq(lines_of(out, "Instance 379"), [
            "Instance 379 (m1.medium) refused:",
            "Host    Filter           Why",
            "------- ---------------- " + "-" * 79,
            "hyper01 ReserveRamFilter 4096 MiB requested, 3584 MiB usable: "
            "262144 x 1.5 - 385536 used - 4096 reserved",
            "hyper02 ReserveRamFilter 4096 MiB requested, 3584 MiB usable: "
            "262144 x 1.5 - 385536 used - 4096 reserved",
            "hyper03 ReserveRamFilter 4096 MiB requested, 3584 MiB usable: "
            "262144 x 1.5 - 389632 used",
            "hyper04 ReserveRamFilter 4096 MiB requested, 3584 MiB usable: "
            "262144 x 1.5 - 389632 used"],
            "the fill ends when the reserve is all that is left on the GPU "
            "hosts")
        t.eq(lines_of(out, "Host    Instances"), [
            "Host    Instances RAM used Memory PCI free",
            "------- --------- -------- ------ --------",
            "hyper01 94        385024   262144 1/1",
            "hyper02 95        389120   262144 0/1",
            "hyper03 95        389120   262144 0/0",
            "hyper04 95        389120   262144 0/0"],
            "hyper02's P100 is taken, hyper01's K40c is free")
        t.contains(out, "Skipped filters (not applied):\n"
                   "  DiskFilter: needs the hosts' disk sizes, which the "
                   "state does not hold\n"
                   "  ImagePropertiesFilter: needs the image's properties: "
                   "a dry run boots no image\n", "skipped filters named")
        t.contains(out, "nova Newton: 379 placed, 0 refused; fill of "
                   "m1.medium ended after 378\n", "the summary")

        rc, out, err = sim(sb.state, "-j", fill)
        doc = json.loads(out)
        t.eq((doc["instances"][-1]["host"], doc["summary"]["placed"],
              doc["steps"][0]["placed"]), ("hyper02", 379, 378),
             "JSON: the same")

        r = sb.run("-c", "openstack settings compute; set release pike; "
                   "commit")
        t.eq(r.rc, 0, "release pike")
        rc, out, err = sim(sb.state, "-j", fill)
        doc = json.loads(out)
        hosts = [i["host"] for i in doc["instances"]]
        t.eq((hosts[0], hosts[1], hosts[-1], hosts.index("hyper01")),
             ("hyper03", "hyper04", "hyper02", 128),
             "pike: PCIWeigher fills the hosts without GPUs first (64 "
             "each, until their free RAM weighs 0), g1.medium.p100 still "
             "lands on hyper02")
        t.eq(doc["filters"][0]["name"], "placement", "pike: placement "
             "checks RAM first")

        r = sb.run("-c", "openstack settings compute; set release newton; "
                   "set schedulerfilters " + FILTERS % "RamFilter" +
                   "; commit")
        t.eq(r.rc, 0, "RamFilter back in place of ReserveRamFilter")
        rc, out, err = sim(sb.state, "", fill)
        t.ok("381      m1.medium      (refused: the fill ends)\n"
             "382      g1.medium.p100 (refused)\n" in out,
             "without the reserve, g1.medium.p100 does not land")
        t.eq(lines_of(out, "Instance 382"), [
            "Instance 382 (g1.medium.p100) refused:",
            "Host    Filter    Why",
            "------- --------- " + "-" * 63,
            "hyper01 RamFilter 4096 MiB requested, 3584 MiB usable: 262144 "
            "x 1.5 - 389632 used",
            "hyper02 RamFilter 4096 MiB requested, 3584 MiB usable: 262144 "
            "x 1.5 - 389632 used",
            "hyper03 RamFilter 4096 MiB requested, 3584 MiB usable: 262144 "
            "x 1.5 - 389632 used",
            "hyper04 RamFilter 4096 MiB requested, 3584 MiB usable: 262144 "
            "x 1.5 - 389632 used"],
            "every host is full, hyper02 too")
        t.contains(out, "nova Newton: 380 placed, 1 refused; fill of "
                   "m1.medium ended after 380\n", "the summary")

        rc, out, err = sim(sb.state, "", "-n 0 m1.medium")
        t.eq((rc, out, err), (1, "", "sim-tool: invalid instance count 0 "
                              "for flavor 'm1.medium': must be a positive "
                              "integer\n"), "a bad count is refused")
        rc, out, err = sim(sb.state, "", "m1.huge")
        t.eq((rc, err), (1, "sim-tool: no such flavor 'm1.huge'\n"),
             "an unknown flavor is refused")
    t.done()


if __name__ == "__main__":
    main()
