"""rlib - helpers shared by the tests/robust tests.

FAULT is ocmsh built with the fault hooks (OCMSH_FAULT, state/lockfile.h).
run() runs a binary in a Sandbox; tree()/restore() take and put back every
file of a sandbox, so that one prepared state can be tried many times.
"""

import os
import shutil
import subprocess

from ocmshtest import OCMSH, Result

FAULT = os.path.join(os.environ.get("top_builddir", "."), "ocmsh-fault")

# The commit every fault test makes: a new PCI alias (nova.conf changes),
# a changed flavor (state only) and the reserve filter (the filter module
# is installed), all committed at once from the top level.
CHANGE = """openstack pcialiases
add gpu-v100
set vendorid 10de
set productid 1db4
openstack flavors
set m1.small ram 3072
openstack settings compute
set schedulerfilters RetryFilter AvailabilityZoneFilter ReserveRamFilter \
ComputeFilter PciPassthroughFilter
home
commit
"""

# A first commit of the built-in cluster: creates the state, nova.conf and
# the filter module.
FIRST = """device
foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
openstack pcialiases
add gpu-p100
set vendorid 10de
set productid 15f8
openstack settings compute
set schedulerfilters RetryFilter AvailabilityZoneFilter ReserveRamFilter \
ComputeFilter PciPassthroughFilter
home
commit
"""


def run(sb, binary, *args, stdin=None, env=None, timeout=60):
    """Runs binary -n --example -s STATE -R ROOT ARGS... in sb; a Result."""
    e = dict(os.environ)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ROOT", None)
    e.pop("OCMSH_FAULT", None)
    e["HOME"] = sb.dir
    e["XDG_STATE_HOME"] = os.path.join(sb.dir, "xdg")
    if env:
        e.update(env)
    cmd = [binary, "-n", "--example", "-s", sb.state, "-R", sb.root] + \
        list(args)
    p = subprocess.run(cmd, input=(stdin or "").encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, timeout=timeout)
    return Result(p.returncode, p.stdout.decode(errors="replace"),
                  p.stderr.decode(errors="replace"))


def tree(sb):
    """Every file and link of the sandbox: {relpath: bytes or '->T'}."""
    return sb.snapshot()


def restore(sb, snap):
    """Makes the sandbox hold exactly the files of snap again."""
    for name in os.listdir(sb.dir):
        p = os.path.join(sb.dir, name)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.unlink(p)
    os.makedirs(os.path.dirname(sb.state), exist_ok=True)
    os.makedirs(sb.root, exist_ok=True)
    for rel, data in snap.items():
        p = os.path.join(sb.dir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(data, str):
            os.symlink(data[2:], p)
        else:
            with open(p, "wb") as f:
                f.write(data)


def plain(snap):
    """snap without lock files and the commit log (whose lines hold times)."""
    return {k: v for k, v in snap.items()
            if not k.endswith((".lck", ".lock")) and
            not k.endswith("history/log")}


def locks(snap):
    """The '.lock' files (temporary files of atomic writes) in snap."""
    return sorted(k for k in snap if k.endswith(".lock"))
