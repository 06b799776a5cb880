#!/usr/bin/python3
"""etcd.py - the state in etcd beside the YAML file (`make bench`).

For 1,000, 10,000 and 100,000 devices (BENCH_ETCD_SIZES): the state of
bench/gen-state.py exported into a fresh etcd member (started here, see
tests/lib/etcdtest.py), then the median of three runs of:
  get     ocmsh -c 'device; get node000001 kernelparameters'
  commit  ocmsh -c 'device; set node000001 kernelparameters ...; commit'
in the file and in etcd, and the floor: etcdctl get --prefix of the
whole state (every key and value).  In etcd the first commit after the
export ("cold") walks the whole state, as there is no record of a
commit's checks yet (state/checked.h); the three measured follow it.
The targets (#16) at 100,000 devices: a get in 20 ms, a commit in
100 ms.  Environment: OCMSH, BENCH_GEN, BENCH_DIR, top_srcdir.
"""
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from etcdtest import ETCDCTL, Etcd, available  # noqa: E402

OCMSH = os.environ["OCMSH"]
GEN = os.environ["BENCH_GEN"]
DIR = os.environ.get("BENCH_DIR", "/tmp")
SIZES = [int(x) for x in os.environ.get("BENCH_ETCD_SIZES",
                                         "1000 10000 100000").split()]


def timed(argv, runs=3):
    """Median wall time of runs runs of argv, in seconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ocmsh(state, root, cmds):
    return [OCMSH, "-n", "-s", state, "-R", root, "-c", cmds]


def main():
    if not available():
        print("skipped: etcd-server and etcd-client are not installed")
        return
    print("%-8s %10s %10s %10s %10s %10s %10s %10s" % (
        "devices", "yaml get", "etcd get", "yaml cmt", "etcd cmt",
        "cold cmt", "floor", "export"))
    with Etcd() as etcd:
        for n in SIZES:
            state = os.path.join(DIR, "etcd-%d.yaml" % n)
            root = os.path.join(DIR, "etcd-root-%d" % n)
            os.makedirs(root, exist_ok=True)
            subprocess.run([sys.executable, GEN, str(n), state], check=True,
                           stdout=subprocess.DEVNULL)
            url = etcd.url("/b%d" % n)
            t0 = time.perf_counter()
            subprocess.run([OCMSH, "-n", "-s", state, "export", url],
                           check=True, stdout=subprocess.DEVNULL)
            export = time.perf_counter() - t0
            get = "device; get node000001 kernelparameters"
            k = [0]

            def commit():
                k[0] += 1
                return ("device; set node000001 kernelparameters q%d; "
                        "commit" % k[0])
            yg = timed(ocmsh(state, root, get))
            eg = timed(ocmsh(url, root, get))
            yc = statistics.median(timed(ocmsh(state, root, commit()), 1)
                                   for _ in range(3))
            cold = timed(ocmsh(url, root, commit()), 1)
            ec = statistics.median(timed(ocmsh(url, root, commit()), 1)
                                   for _ in range(3))
            floor = timed([ETCDCTL, "--endpoints", etcd.endpoints(), "get",
                           "--prefix", "/b%d/" % n])
            print("%-8d %9.0fms %9.0fms %9.0fms %9.0fms %9.0fms %9.0fms "
                  "%9.1fs" % (n, yg * 1e3, eg * 1e3, yc * 1e3, ec * 1e3,
                              cold * 1e3, floor * 1e3, export))
            if n == 100000:
                for what, got, want in (("get", eg, 0.020),
                                        ("commit", ec, 0.100)):
                    print("  etcd %s at 100,000 devices: %.0f ms, target "
                          "%.0f ms: %s" % (what, got * 1e3, want * 1e3,
                                           "ok" if got <= want else
                                           "MISSED"))
            sys.stdout.flush()


main()
