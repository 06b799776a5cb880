#!/usr/bin/env python3
"""A real first start: a state file that does not exist starts as an empty
cluster named after the host (not the example, whose fake nodes and image
paths the first commit would write for real); --example starts the
built-in example cluster."""
import os
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402

t = TAP()


def run(sb, *args):
    e = dict(os.environ, HOME=sb.dir)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ROOT", None)
    p = subprocess.run([OCMSH, "-n", "-s", sb.state, "-R", sb.root] +
                       list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=e, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


host = socket.gethostname().split(".")[0] or "cluster"
with Sandbox() as sb:
    rc, out, err = run(sb, "-c", "softwareimage; add img; set path "
                       "/cm/images/img; commit")
    t.eq((rc, err), (0, ""), "the first commit on a new state")
    text = sb.read(sb.state).decode()
    t.contains(text, "cluster:\n  name: %s\n" % host,
               "the cluster is named after the host")
    t.ok("hyper01" not in text and "m1.medium" not in text,
         "none of the example's nodes or flavors were written", text)
    t.ok(not os.path.exists(sb.path("/cm/images/default-image")),
         "nothing was written into the example's image path")
    rc, out, err = run(sb, "-c", "openstack; get name")
    t.eq((rc, out), (0, "default\n"),
         "the empty cluster has the OpenStack deployment default")
with Sandbox() as sb:
    rc, out, err = run(sb, "--example", "-c", "device; get hyper01 memory")
    t.eq((rc, out), (0, "262144\n"), "--example: the example cluster")
t.done()
