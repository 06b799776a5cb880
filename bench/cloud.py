#!/usr/bin/python3
"""Applying 1,000 flavor changes to nova's API (nova/sync*.c, through the
test driver tests/unit/cloud-tool), next to a loop of `openstack flavor
create`, against nova's real compute API started here
(tests/cloud/novaserver.py: wsgiref, one request at a time, sqlite).

Figures: the wall time of one apply creating N flavors (default 1,000),
of the run after it (nothing to send), and of a second apply changing an
extra spec of each (N more calls); then the time of one `openstack flavor
create` (median of BENCH_CLI_RUNS, default 5) and that times N.  The
target is at least 50 times faster than the CLI loop.

Environment: top_srcdir, top_builddir; BENCH_FLAVORS, BENCH_CLI_RUNS.
Exits 1 if the target is missed, 2 if something does not work.
"""
import os
import resource
import statistics
import subprocess
import sys
import time

TOP = os.environ.get('top_srcdir', os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, 'tests', 'cloud'))
sys.dont_write_bytecode = True

from cloudtest import Nova, Scratch  # noqa: E402

N = int(os.environ.get('BENCH_FLAVORS', '1000'))
CLI_RUNS = int(os.environ.get('BENCH_CLI_RUNS', '5'))


def timed(fn):
    start = time.monotonic()
    r = fn()
    return time.monotonic() - start, r


def child_cpu():
    """CPU seconds (user + system) of the children waited for so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def view(sc, name, spec):
    fl = {'bench%04d' % i: {'vcpus': 1, 'ram': 512, 'disk': 1,
                            'extraspecs': {'bench': spec}}
          for i in range(N)}
    return sc.view(name, fl)


def apply(sc, path):
    r = sc.tool('apply', path, sc.path('rec.json'), cloud='b', timeout=3600)
    if r.rc != 0:
        sys.exit('cloud.py: apply failed: %r' % r)
    return r


def main():
    with Nova() as nova, Scratch() as sc:
        sc.clouds({'b': nova.cloud()})
        v1 = view(sc, 'v1.json', 'a')
        # one flavor create + one extra spec call each: 2 N calls
        cpu = child_cpu()
        t1, r = timed(lambda: apply(sc, v1))
        cpu = child_cpu() - cpu
        t2, r2 = timed(lambda: apply(sc, v1))
        v2 = view(sc, 'v2.json', 'b')
        t3, r3 = timed(lambda: apply(sc, v2))
        print('ocmsh: %d flavors created with an extra spec each (%d calls): '
              '%.2f s, %.1f ms a flavor' % (N, 2 * N, t1, 1000 * t1 / N))
        print('ocmsh: of which CPU in ocmsh\'s client: %.2f s (the rest is '
              'nova answering one request at a time)' % cpu)
        print('ocmsh: the run after it (%s): %.2f s' % (
            r2.out.strip().splitlines()[-1], t2))
        print('ocmsh: an extra spec changed on each (%d calls): %.2f s' % (
            N, t3))
        env = sc.env({'OS_CLOUD': 'b'})
        times = []
        cli_cpu = child_cpu()
        for i in range(CLI_RUNS):
            dt, p = timed(lambda: subprocess.run(
                ['openstack', 'flavor', 'create', '--ram', '512', '--vcpus',
                 '1', '--disk', '1', '--property', 'bench=a',
                 'cli%02d' % i], env=env, cwd=sc.dir, capture_output=True))
            if p.returncode != 0:
                sys.exit('cloud.py: openstack failed: %s' % p.stderr)
            times.append(dt)
        cli_cpu = (child_cpu() - cli_cpu) / CLI_RUNS
        cli = statistics.median(times)
        print('openstack flavor create --property: %.2f s a flavor '
              '(median of %d), %d flavors: %.0f s; CPU %.2f s a flavor' % (
                  cli, CLI_RUNS, N, cli * N, cli_cpu))
        ratio = cli * N / t1
        print('ratio: %.0fx faster in wall time (target at least 50x); '
              'client CPU %.0fx less' % (ratio, cli_cpu * N / cpu))
        print('load average: %.1f %.1f %.1f on %d CPUs (nova\'s share of '
              'them sets the wall time)' % (os.getloadavg() +
                                           (os.cpu_count(),)))
        return 0 if ratio >= 50 else 1


if __name__ == '__main__':
    sys.exit(main())
