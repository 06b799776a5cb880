#!/usr/bin/env python3
"""One clear error, naming the culprit, where there was a misleading one,
none at all or a hang: -R naming a regular file; a FIFO as the state file
or as nova.conf; a null YAML value in the state (it said FILE:0:0); a
commit log that cannot be written (it was ignored: now a warning, the
commit being done)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from rlib import FIRST, run  # noqa: E402

t = TAP()


def beside(sb):
    """The files beside the state, lock files left out."""
    d = os.path.dirname(sb.state)
    return sorted(f for f in os.listdir(d) if not f.endswith(".lck"))


# -R naming a regular file
with Sandbox() as sb:
    rootfile = os.path.join(sb.dir, "rootfile")
    sb.write(rootfile, "not a folder\n")
    r = run(sb, OCMSH, "-q", "-R", rootfile, stdin=FIRST)
    t.eq(r.rc, 1, "-R FILE: the commit fails")
    t.contains(r.err, "root '%s' is not a folder" % rootfile,
               "-R FILE: one clear error")
    t.ok("putting back" not in r.err, "-R FILE: no talk of putting back",
         r)
    t.eq(beside(sb), [], "-R FILE: no intent record, no state")
    t.eq(sb.read(rootfile), b"not a folder\n", "-R FILE: the file is kept")

# a FIFO as the state file
with Sandbox() as sb:
    os.mkfifo(sb.state)
    try:
        r = run(sb, OCMSH, "-c", "device; list", timeout=20)
        t.eq(r.rc, 1, "a FIFO as the state: exit 1, no hang")
        t.contains(r.err, "%s: not a regular file" % sb.state,
                   "a FIFO as the state: the error names it")
    except Exception as e:  # subprocess.TimeoutExpired
        t.ok(False, "a FIFO as the state: no hang (%s)" % e)
        t.ok(False, "a FIFO as the state: the error names it")

# a FIFO as nova.conf
with Sandbox() as sb:
    conf = sb.nova_conf()
    os.makedirs(os.path.dirname(conf))
    os.mkfifo(conf)
    try:
        r = run(sb, OCMSH, "-q", stdin=FIRST, timeout=20)
        t.eq(r.rc, 1, "a FIFO as nova.conf: the commit fails, no hang")
        t.contains(r.err, "'%s': it is not a regular file" % conf,
                   "a FIFO as nova.conf: the error names it")
        t.eq(beside(sb), [], "a FIFO as nova.conf: nothing written")
        r = run(sb, OCMSH, "-c", "openstack; importnovaconf default-image",
                timeout=20)
        t.ok(r.rc == 1 and "not a regular file" in r.err,
             "a FIFO as nova.conf: importnovaconf refuses it", r)
    except Exception as e:
        t.ok(False, "a FIFO as nova.conf: no hang (%s)" % e)
    t.ok(os.path.exists(conf) and not os.path.isfile(conf),
         "a FIFO as nova.conf: the FIFO is left as it is")

# null values: FILE:LINE:COL as for any other value
GOOD = "format: 1\nrevision: 3\ncluster: {name: c}\n"
NULLS = [
    ("revision: ~", "format: 1\nrevision: ~\n", 2, "revision"),
    ("revision:", "format: 1\nrevision:\n", 2, "revision"),
    ("format: null", "revision: 3\nformat: null\n", 2, "format"),
    ("cluster: ~", "format: 1\ncluster: ~\n", 2, "cluster"),
    ("cluster name ~", "format: 1\ncluster:\n  name: ~\n", 3, "name"),
    ("unknown key, null", GOOD + "devices:\n  x:\n    bogus: ~\n", 6,
     "bogus"),
    ("unknown top key, null", GOOD + "bogus:\n", 4, "bogus"),
    ("written entry ~", GOOD + "written:\n  /f: ~\n", 5, "written"),
    ("written digest key ~", GOOD + "written:\n  /f:\n    other: ~\n", 6,
     "other"),
    ("list element ~", GOOD + "devices:\n  x:\n    roles:\n    - ~\n", 7,
     "roles"),
    ("flow list element ~", GOOD + "devices:\n  x:\n    roles: "
     "[openstackcompute, ~]\n",
     6, "roles"),
    ("pcidevices element ~", GOOD + "devices:\n  x:\n    pcidevices:\n"
     "    - ~\n", 7, "pcidevices"),
    ("the document ~", "~\n", 1, "mapping"),
    ("an empty value of a name", GOOD + "softwareimages:\n  '':\n", 5,
     "name"),
]
for label, text, line, word in NULLS:
    with Sandbox() as sb:
        sb.write(sb.state, text)
        r = run(sb, OCMSH, "-c", "device; list")
        m = re.search(re.escape(sb.state) + r":(\d+):(\d+): (.*)", r.err)
        t.ok(r.rc == 1 and m is not None and int(m.group(1)) == line and
             int(m.group(2)) > 0 and word in m.group(3),
             "%s: FILE:%d:COL names it" % (label, line), r.err)

# the commit log cannot be written: the commit is done, with a warning
with Sandbox() as sb:
    r = run(sb, OCMSH, "-c", "commit")
    t.eq(r.rc, 0, "the first commit runs")
    log = os.path.join(os.path.dirname(sb.state), "history", "log")
    os.unlink(log)
    os.mkdir(log)
    r = run(sb, OCMSH, "-c", "device; set hyper01 kernelparameters logged; commit")
    t.eq(r.rc, 0, "a log that cannot be written: the commit is done")
    t.ok(log in r.err and ("warning" in r.err.lower() or
                           re.search(r"(?m)^2\d\d ", r.err)),
         "the log failure is reported, naming the log", r)
    t.contains(sb.read(sb.state).decode(), "kernelparameters: logged",
               "the state holds the change")
t.done()
