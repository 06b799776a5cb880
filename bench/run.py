#!/usr/bin/python3
"""The ocmsh benchmark, run by `make bench` through run.sh.

Measures, next to floors taken in the same run:
  start-up plus `-c 'device; list'` on the example cluster, against a
      trivial C program linked with the same four libraries;
  at each size (1,000, 10,000, 100,000 devices; 1,000 flavors; 100
  aggregates): loading the state, against libyaml's own event parse of
      the file; `device; list`; `foreach -n` over every device setting one
      property, then commit; a one-property commit, against libyaml's
      parse and emit of the file plus write, fsync and rename; completing
      an object name; peak memory (per device property value).
Wall-clock figures are medians of several runs (other work shares the
machine); CPU (user + system) medians are shown beside them.  The
start-up figures are also given in instructions (callgrind), which do not
depend on the machine's load.

Environment: OCMSH, FLOOR_TRIVIAL, FLOOR_YAML, TIMEIT (programs),
BENCH_GEN (the state generator), BENCH_DIR (a scratch folder),
BENCH_SIZES (default "1000 10000 100000"), BENCH_RUNS (runs per figure
at the largest size, default 5; smaller sizes run more).

The scheduler dry run: SIM_TOOL (tests/unit/sim-tool), SIM_GEN (its state
generator), SIM_NOVA (nova's own code on the same state); BENCH_SIM_HOSTS
(default 1000 hypervisors, 10 instances each), BENCH_SIM_NOVA (how many of
those instances nova places, default 200, "all" for every one: nova takes
tens of milliseconds per instance at 1,000 hosts).
Exits 1 if a target is missed, 2 if something does not work.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

VALUES_PER_DEVICE = 11          # see gen-state.py


def env(name, default=None):
    """An environment variable, or exit."""
    v = os.environ.get(name, default)
    if v is None:
        sys.exit("run.py: %s is not set" % name)
    return v


OCMSH = env("OCMSH")
FLOOR_TRIVIAL = env("FLOOR_TRIVIAL")
FLOOR_YAML = env("FLOOR_YAML")
TIMEIT = env("TIMEIT")
GEN = env("BENCH_GEN")
WORK = env("BENCH_DIR")
SIZES = [int(s) for s in env("BENCH_SIZES", "1000 10000 100000").split()]
RUNS = int(env("BENCH_RUNS", "5"))
SIM_TOOL = env("SIM_TOOL", "")
SIM_GEN = env("SIM_GEN", "")
SIM_NOVA = env("SIM_NOVA", "")
SIM_HOSTS = int(env("BENCH_SIM_HOSTS", "1000"))
SIM_NOVA_N = env("BENCH_SIM_NOVA", "200")


class Runs:
    """Figures of several runs of one command."""

    def __init__(self):
        self.wall, self.cpu, self.rss = [], [], []

    def add(self, line):
        wall, user, sys_, rss, code = line.split()
        self.wall.append(float(wall))
        self.cpu.append(float(user) + float(sys_))
        self.rss.append(int(rss))
        return int(code)

    @property
    def w(self):
        return statistics.median(self.wall)

    @property
    def c(self):
        return statistics.median(self.cpu)

    @property
    def peak(self):
        return max(self.rss)


def timeit(runs, argv, n=1, ok=(0,)):
    """Runs argv n times through timeit, adding the figures to runs."""
    p = subprocess.run([TIMEIT, str(n)] + argv, stdout=subprocess.PIPE,
                       text=True, check=True)
    for line in p.stdout.splitlines():
        code = runs.add(line)
        if code not in ok:
            print("run.py: %s exited %d" % (" ".join(argv), code),
                  file=sys.stderr)
            sys.exit(2)


def fresh(src, dst):
    """A fresh copy of the state folder src (state file and image root)."""
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst)


def ocmsh(state, root, *args):
    """The argv of an ocmsh batch run."""
    return [OCMSH, "-n", "--example", "-s", state, "-R", root] + list(args)


def check_output(argv, want, what):
    """Runs argv once and checks that its output matches want."""
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0 or not re.search(want, p.stdout):
        print("run.py: %s: unexpected result (exit %d)\n%s%s"
              % (what, p.returncode, p.stdout[-2000:], p.stderr[-2000:]),
              file=sys.stderr)
        sys.exit(2)
    return p.stdout


def callgrind(argv):
    """Instructions executed by argv (callgrind), or None."""
    if shutil.which("valgrind") is None:
        return None
    out = os.path.join(WORK, "callgrind.out")
    p = subprocess.run(["valgrind", "--tool=callgrind",
                        "--callgrind-out-file=" + out] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    return int(m.group(1)) if m else None


def ms(s):
    return "%9.1f ms" % (s * 1000)


def ratio(a, b):
    return a / b if b > 0 else float("inf")


results = []    # (target, figure, limit, ok)


def target(name, value, limit, unit=""):
    results.append((name, value, limit, unit, value <= limit))


def bench_startup():
    """Start-up plus `device; list` on the example cluster."""
    d = os.path.join(WORK, "startup")
    os.makedirs(d, exist_ok=True)
    state = os.path.join(d, "none.yaml")     # does not exist: example
    root = os.path.join(d, "root")
    argv = ocmsh(state, root, "-c", "device; list")
    check_output(argv, r"hyper04", "device; list on the example cluster")
    o, f = Runs(), Runs()
    for _ in range(10):             # interleaved, against drifting load
        timeit(o, argv, 30)
        timeit(f, [FLOOR_TRIVIAL], 30)
    io, ifl = callgrind(argv), callgrind([FLOOR_TRIVIAL])
    print("== start-up: ocmsh -n -c 'device; list' on the example cluster")
    print("   (%d runs each, medians)" % len(o.wall))
    print("%-34s %12s %12s %14s" % ("", "wall", "cpu", "instructions"))
    for name, r, i in (("ocmsh", o, io), ("floor: trivial C program", f,
                                          ifl)):
        print("%-34s %s %s %14s" % (name, ms(r.w), ms(r.c),
                                    "%d" % i if i else "-"))
    print("%-34s %11.2fx %11.2fx %13s" % (
        "ratio", ratio(o.w, f.w), ratio(o.c, f.c),
        "%.2fx" % ratio(io, ifl) if io and ifl else "-"))
    print()
    target("start-up within 2x its floor (wall)", ratio(o.w, f.w), 2.0, "x")


def prepare(n):
    """Generates the state of n devices, committed once by ocmsh."""
    d = os.path.join(WORK, "base%d" % n)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    state = os.path.join(d, "state.yaml")
    subprocess.run([sys.executable, GEN, str(n), state], check=True,
                   stdout=subprocess.DEVNULL)
    # one commit: the file in ocmsh's own layout, nova.conf written
    check_output(ocmsh(state, os.path.join(d, "root"), "-c", "commit"),
                 r"", "first commit of the %d-device state" % n)
    shutil.rmtree(os.path.join(d, "history"), ignore_errors=True)
    return d


def bench_size(n, runs):
    """All figures at one size; returns a dict of them."""
    base = prepare(n)
    work = os.path.join(WORK, "work%d" % n)
    st = lambda: os.path.join(work, "state.yaml")
    rt = lambda: os.path.join(work, "root")
    size = os.path.getsize(os.path.join(base, "state.yaml"))
    last = "node%06d" % n
    fig = {"n": n, "size": size}

    fresh(base, work)
    load, floor_load, lst, comp = Runs(), Runs(), Runs(), Runs()
    for _ in range(runs):
        timeit(load, ocmsh(st(), rt(), "-c", "home"))
        timeit(floor_load, [FLOOR_YAML, "parse", st()])
        timeit(lst, ocmsh(st(), rt(), "-c", "device; list"))
        timeit(comp, ocmsh(st(), rt(), "--complete",
                           "device use node%05d" % (n // 20)))
    check_output(ocmsh(st(), rt(), "-c", "device; list"), last,
                 "device; list")
    want = "node%05d\\d\n" % (n // 20)
    out = check_output(ocmsh(st(), rt(), "--complete",
                             "device use node%05d" % (n // 20)),
                       want, "completion")
    fig["ncomp"] = len(out.split())

    fe, one, floor_commit = Runs(), Runs(), Runs()
    fe_cmd = ("device; foreach -n node000001..%s "
              "(set kernelparameters intel_iommu=on bench=1); commit" % last)
    one_cmd = "device; set node000001 memory 4096; commit"
    for _ in range(runs):
        fresh(base, work)
        timeit(fe, ocmsh(st(), rt(), "-c", fe_cmd))
        fresh(base, work)
        timeit(one, ocmsh(st(), rt(), "-c", one_cmd))
        fresh(base, work)
        timeit(floor_commit, [FLOOR_YAML, "commit", st()])
    # the work was done: every device changed, the one property too
    fresh(base, work)
    check_output(ocmsh(st(), rt(), "-c", fe_cmd),
                 r"Successfully committed %d Devices" % n, "foreach")
    with open(st()) as f:
        if f.read().count("bench=1") != n:
            sys.exit("run.py: foreach did not change every device")
    fresh(base, work)
    check_output(ocmsh(st(), rt(), "-c", one_cmd), r"", "commit")
    check_output(ocmsh(st(), rt(), "-c", "device; get node000001 memory"),
                 r"^4096$", "the committed property")
    shutil.rmtree(work)
    fig.update(load=load, floor_load=floor_load, list=lst, comp=comp,
               foreach=fe, one=one, floor_commit=floor_commit)
    return fig


def report(figs):
    """Prints the per-size table."""
    print("== states: N devices (%d property values each), 1,000 flavors "
          "with extra specs, 100 aggregates" % VALUES_PER_DEVICE)
    print("   wall = median wall clock, cpu = median user+system; "
          "per device = wall / N")
    for f in figs:
        n = f["n"]
        print()
        print("-- %d devices, state file %.1f MiB, %d runs" % (
            n, f["size"] / 1048576, len(f["load"].wall)))
        print("%-40s %12s %12s %10s %12s" % ("", "wall", "cpu", "x floor",
                                             "us/device"))
        rows = [
            ("load (ocmsh -c home)", f["load"], f["floor_load"]),
            ("  floor: libyaml event parse", f["floor_load"], None),
            ("device; list", f["list"], None),
            ("complete 'device use nodeNNNNN'", f["comp"], None),
            ("  (completion above load)", None, None),
            ("set one property + commit", f["one"], f["floor_commit"]),
            ("  floor: libyaml parse+emit+write", f["floor_commit"], None),
            ("foreach -n all (set 1 prop) + commit", f["foreach"], None),
            ("  (foreach + commit above load)", None, None),
        ]
        for name, r, fl in rows:
            if name.startswith("  ("):
                r = f["comp"] if "completion" in name else f["foreach"]
                print("%-40s %s %s" % (name, ms(r.w - f["load"].w),
                                       ms(r.c - f["load"].c)))
                continue
            print("%-40s %s %s %10s %12.2f" % (
                name, ms(r.w), ms(r.c),
                "%.2fx" % ratio(r.w, fl.w) if fl else "",
                r.w / n * 1e6))
        peak = max(f["foreach"].peak, f["one"].peak, f["load"].peak)
        print("%-40s %9.1f MiB (%d B per device, %d B per device "
              "property value)" % (
                  "peak memory (RSS, foreach + commit)", peak / 1024,
                  peak * 1024 / n, peak * 1024 / (n * VALUES_PER_DEVICE)))
        f["peak"] = peak


def linearity(figs):
    """Prints how each cost grows from size to size."""
    if len(figs) < 2:
        return
    print()
    print("== growth: cost ratio between consecutive sizes "
          "(linear = the size ratio)")
    keys = (("load", "load"), ("floor_load", "libyaml parse"),
            ("list", "list"), ("comp", "complete"), ("one", "commit"),
            ("floor_commit", "libyaml commit"), ("foreach", "foreach+commit"))
    head = "%-16s" % "sizes"
    for _, name in keys:
        head += " %9s" % name[:9]
    print(head + " %9s" % "peak mem")
    for a, b in zip(figs, figs[1:]):
        line = "%-16s" % ("%d -> %d" % (a["n"], b["n"]))
        for k, _ in keys:
            line += " %8.2fx" % ratio(b[k].w, a[k].w)
        line += " %8.2fx" % ratio(b["peak"], a["peak"])
        print(line + "   (size x%.0f)" % (b["n"] / a["n"]))
    # superlinear = growing clearly faster than the state between the
    # smallest size where fixed costs no longer dominate and the largest
    # (or no faster than libyaml's own commit, which writes as much: past
    # the caches, writing 30 MiB costs more per byte than writing 3)
    a, b = figs[-2], figs[-1]
    grow = b["size"] / a["size"]
    fgrow = max(grow, ratio(b["floor_commit"].w, a["floor_commit"].w))
    for k, name in keys:
        if k.startswith("floor"):
            continue
        g = fgrow if k in ("one", "foreach") else grow
        target("%s grows linearly (%d -> %d devices, x%.1f)"
               % (name, a["n"], b["n"], g),
               ratio(b[k].w, a[k].w) / g, 1.3, "x of linear")


def sim_run_seconds(argv):
    """sim-tool -t ARGV: the seconds sim_run() took, and the JSON."""
    p = subprocess.run([SIM_TOOL, "-t", "-j"] + argv, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    m = re.search(r"sim_run: ([0-9.]+) s", p.stderr)
    if p.returncode != 0 or not m:
        print("run.py: sim-tool failed (exit %d)\n%s" % (p.returncode,
                                                        p.stderr[-2000:]),
              file=sys.stderr)
        sys.exit(2)
    return float(m.group(1)), p.stdout


def bench_simulate():
    """The dry run of 10 instances per hypervisor, against nova's code."""
    if not SIM_TOOL:
        return
    d = os.path.join(WORK, "simulate")
    os.makedirs(d, exist_ok=True)
    state = os.path.join(d, "state.yaml")
    steps = subprocess.run([sys.executable, SIM_GEN, str(SIM_HOSTS), state],
                           check=True, stdout=subprocess.PIPE,
                           text=True).stdout.split()
    argv = [state] + steps
    total = sum(int(steps[i + 1]) for i, w in enumerate(steps) if w == "-n")
    engine, walls = [], []
    for _ in range(max(RUNS, 5)):
        t0 = time.perf_counter()
        secs, out = sim_run_seconds(argv)
        walls.append(time.perf_counter() - t0)
        engine.append(secs)
    doc = json.loads(out)
    ours = [i["host"] for i in doc["instances"]]
    n = total if SIM_NOVA_N == "all" else min(total, int(SIM_NOVA_N))
    nova_args = [state, str(n)] + [w for w in steps if w not in
                                   ("-n", "then")]
    p = subprocess.run([sys.executable, SIM_NOVA] + nova_args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    nova = json.loads(p.stdout) if p.returncode == 0 else None
    e = statistics.median(engine)
    print("== scheduler dry run: %d instances onto %d hypervisors (nova "
          "Zed, 9 filters, RAM and PCI weighers)" % (total, SIM_HOSTS))
    print("   %s" % doc["summary"]["text"])
    print("%-44s %12s %16s" % ("", "total", "per instance"))
    print("%-44s %s %13.1f us" % ("sim_run() (median of %d)" % len(engine),
                                  ms(e), e / total * 1e6))
    print("%-44s %s" % ("sim-tool, whole process (load, run, JSON)",
                        ms(statistics.median(walls))))
    if nova is None:
        print("nova: not run (%s)" % p.stderr.strip().splitlines()[-1:])
    else:
        per = nova["seconds"] / max(nova["instances"], 1)
        print("%-44s %s %13.1f us" % ("nova's handlers, %d instances" %
                                      nova["instances"],
                                      ms(nova["seconds"]), per * 1e6))
        print("%-44s %s" % ("  nova, all %d instances (%s)" % (
            total, "measured" if nova["instances"] == total else
            "extrapolated"), ms(per * total)))
        print("%-44s %s" % ("  nova: loading the hosts", ms(nova["setup"])))
        print("%-44s %11.0fx" % ("nova / sim_run() per instance",
                                 ratio(per, e / total)))
        same = sum(1 for a, b in zip(nova["hosts"], ours) if a == b)
        print("   nova chose the same host as the dry run for %d of the "
              "first %d instances" % (same, nova["instances"]))
        target("dry run picks nova's hosts (first %d instances)"
               % nova["instances"], nova["instances"] - same, 0, "")
    print()
    target("dry run: %d instances on %d hypervisors under 0.5 s"
           % (total, SIM_HOSTS), e, 0.5, " s")


def main():
    os.makedirs(WORK, exist_ok=True)
    bench_startup()
    bench_simulate()
    figs = []
    for n in SIZES:
        runs = RUNS if n >= 100000 else RUNS + 2 if n >= 10000 else 3 * RUNS
        figs.append(bench_size(n, runs))
    report(figs)
    linearity(figs)
    big = figs[-1]
    if big["n"] >= 100000:
        target("load of %d devices within 3x libyaml parse" % big["n"],
               ratio(big["load"].w, big["floor_load"].w), 3.0, "x")
        target("commit of %d devices within 3x libyaml parse+emit+write"
               % big["n"], ratio(big["one"].w, big["floor_commit"].w), 3.0,
               "x")
        target("foreach over %d devices + commit under 2 s (whole run)"
               % big["n"], big["foreach"].w, 2.0, " s")
        target("foreach over %d devices + commit under 2 s (above load)"
               % big["n"], big["foreach"].w - big["load"].w, 2.0, " s")
    target("peak memory under 1 KiB per device property value "
           "(%d devices)" % big["n"],
           big["peak"] * 1024 / (big["n"] * VALUES_PER_DEVICE), 1024, " B")
    print()
    print("== targets")
    failed = 0
    for name, value, limit, unit, ok in results:
        print("%-4s %-66s %8.2f%s (limit %g%s)" % (
            "ok" if ok else "MISS", name, value, unit, limit, unit))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
