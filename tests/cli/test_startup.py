#!/usr/bin/env python3
"""What a run loads at start: libcurl (and the thirty libraries it brings)
only once a command talks to a server (etcd, a cloud), never for work on
a state file, whose start-up it used to dominate."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402

t = TAP()

ldd = subprocess.run(["ldd", OCMSH], stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT).stdout.decode()
t.ok("libcurl" not in ldd, "ocmsh is not linked with libcurl", ldd)

with Sandbox() as sb:
    env = dict(os.environ, HOME=sb.dir, LD_DEBUG="libs")
    env.pop("OCMSH_STATE", None)
    p = subprocess.run([OCMSH, "-n", "--example", "-s", sb.state, "-R",
                        sb.root, "-c", "device; list; commit"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=60)
    err = p.stderr.decode()
    t.eq(p.returncode, 0, "a run on a state file works")
    t.ok("find library=libc.so.6" in err, "LD_DEBUG shows the libraries "
         "loaded (the check below can fail)", err[-2000:])
    t.ok("libcurl" not in err, "a run on a state file loads no libcurl",
         [ln for ln in err.splitlines() if "curl" in ln][:5])

    # a server URL loads it: an etcd endpoint that does not answer
    p = subprocess.run([OCMSH, "-n", "-s", "etcd://127.0.0.1:1/x", "-c",
                        "device; list"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=60)
    err = p.stderr.decode()
    t.ok("find library=libcurl.so.4" in err, "a run on etcd loads libcurl "
         "when it starts talking", err[-2000:])
    t.eq(p.returncode, 1, "... and the unreachable endpoint is the error")
    t.contains(err, "does not answer", "... named as such")

t.done()
