#!/usr/bin/env python3
"""No update is lost whatever the spelling of the state path: sessions on
c.yaml, on a symbolic link to it (relative, absolute, from another
folder), on ./c.yaml and dir/../c.yaml, and on a bind mount of its folder
take one lock, so that concurrent commits all land (every flavor is
there, the revision rose by the number of commits, the log has a line
each) and no session removes another's temporary file.  History entries
are copies of their revision, so `rollback N` through a symbolic link
stages revision N."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from rlib import run  # noqa: E402

t = TAP()
COMMITS = 25

# locking is under test, not the disk (see test_concurrency.py)
if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    tempfile.tempdir = "/dev/shm"


def revision(path):
    with open(path) as f:
        return int(re.search(r"(?m)^revision: (\d+)$", f.read()).group(1))


def env(sb):
    e = dict(os.environ, HOME=sb.dir)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ROOT", None)
    return e


def script(k):
    """COMMITS commits of session k, each adding a flavor of its own."""
    return "".join("openstack flavors\nclone m1.tiny s%d-%d\ncommit\n"
                   % (k, i) for i in range(COMMITS))


def spellings(sb):
    """Every spelling of the state path: {label: path}."""
    d = os.path.dirname(sb.state)
    other = os.path.join(sb.dir, "other")
    os.makedirs(other)
    os.makedirs(os.path.join(d, "sub"))
    os.symlink("cluster.yaml", os.path.join(d, "link.yaml"))
    os.symlink(sb.state, os.path.join(other, "abs.yaml"))
    os.symlink("../state/link.yaml", os.path.join(other, "rel.yaml"))
    return {
        "the file": sb.state,
        "a link beside it": os.path.join(d, "link.yaml"),
        "an absolute link elsewhere": os.path.join(other, "abs.yaml"),
        "a link to a link": os.path.join(other, "rel.yaml"),
        "./": os.path.join(d, ".", "cluster.yaml"),
        "dir/..": os.path.join(d, "sub", "..", "cluster.yaml"),
        "relative": os.path.relpath(sb.state),
    }


def check_all(sb, label, rcs, errs, rev0, log0, n):
    """All n sessions' commits landed, once each."""
    t.eq(rcs, [0] * n, "%s: every session succeeds" % label) or \
        print("# " + "\n# ".join(e for e in errs if e)[:2000])
    r = run(sb, OCMSH, "-c", "openstack flavors; list -f name:30")
    names = set(re.findall(r"^(s\d+-\d+)\s", r.out, re.M))
    t.eq(len(names), n * COMMITS, "%s: all %d flavors are in the state"
         % (label, n * COMMITS))
    t.eq(revision(sb.state) - rev0, n * COMMITS,
         "%s: the revision rose by %d" % (label, n * COMMITS))
    log = os.path.join(os.path.dirname(sb.state), "history", "log")
    t.eq(len(open(log).readlines()) - log0, n * COMMITS,
         "%s: the log holds one line per commit" % label)
    left = [f for f in os.listdir(os.path.dirname(sb.state))
            if f.endswith((".lock", ".intent"))]
    t.eq(left, [], "%s: no temporary file or intent record left" % label)


def start(sb):
    """A committed state; its revision and log length."""
    r = run(sb, OCMSH, "-c", "commit")
    t.eq(r.rc, 0, "the first commit runs")
    log = os.path.join(os.path.dirname(sb.state), "history", "log")
    return revision(sb.state), len(open(log).readlines())


# every spelling at once, two sessions each
with Sandbox() as sb:
    rev0, log0 = start(sb)
    paths = list(spellings(sb).values()) * 2
    procs = []
    for k, path in enumerate(paths):
        p = subprocess.Popen([OCMSH, "-n", "-s", path, "-R", sb.root],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env(sb),
                             cwd=os.getcwd())
        p.stdin.write(script(k).encode())
        p.stdin.close()
        procs.append(p)
    rcs = [p.wait(timeout=600) for p in procs]
    errs = [p.stderr.read().decode() for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    check_all(sb, "%d spellings" % len(paths), rcs, errs, rev0, log0,
              len(paths))
    t.ok(not os.path.islink(sb.state), "the state is still a regular file")
    t.ok(os.path.islink(os.path.join(os.path.dirname(sb.state),
                                     "link.yaml")), "the link stays a link")

# a bind mount of the state's folder, in a mount namespace of its own
BIND = r"""
set -e
mkdir -p "$2"
mount --bind "$1" "$2"
for k in 0 1 2 3; do
    if [ $((k % 2)) = 0 ]; then d=$1; else d=$2; fi
    "$OCMSH" -n -s "$d/cluster.yaml" -R "$ROOT" <"$SCRIPTS/$k" \
        >"$SCRIPTS/$k.out" 2>"$SCRIPTS/$k.err" &
    eval "p$k=\$!"
done
for k in 0 1 2 3; do
    eval "wait \$p$k" && echo 0 || echo $?
done
"""
can_bind = os.geteuid() == 0 and shutil.which("unshare") and \
    subprocess.run(["unshare", "-m", "--propagation", "private", "true"],
                   stderr=subprocess.DEVNULL).returncode == 0
if not can_bind:
    t.ok(True, "# SKIP a bind mount needs root and unshare -m")
else:
    with Sandbox() as sb:
        rev0, log0 = start(sb)
        scripts = os.path.join(sb.dir, "scripts")
        os.makedirs(scripts)
        for k in range(4):
            sb.write(os.path.join(scripts, str(k)), script(k))
        e = env(sb)
        e.update(OCMSH=OCMSH, ROOT=sb.root, SCRIPTS=scripts)
        p = subprocess.run(["unshare", "-m", "--propagation", "private",
                            "sh", "-c", BIND, "bind",
                            os.path.dirname(sb.state),
                            os.path.join(sb.dir, "mnt")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=e, timeout=600)
        rcs = [int(x) for x in p.stdout.decode().split()]
        errs = [sb.read(os.path.join(scripts, "%d.err" % k)).decode()
                for k in range(4)] + [p.stderr.decode()]
        check_all(sb, "a bind mount", rcs, errs, rev0, log0, 4)

# history through a symbolic link from another folder: copies, and
# rollback N stages revision N
for label, target in (("relative link", "../state/cluster.yaml"),
                      ("absolute link", "@STATE")):
    with Sandbox() as sb:
        other = os.path.join(sb.dir, "other")
        os.makedirs(other)
        link = os.path.join(other, "link.yaml")
        os.symlink(target.replace("@STATE", sb.state), link)
        revs = {}
        for v in ("first", "second", "third"):
            r = run(sb, OCMSH, "-s", link, "-c",
                    "device; set hyper01 kernelparameters %s; commit" % v)
            t.eq(r.rc, 0, "%s: commit of '%s'" % (label, v))
            revs[v] = revision(sb.state)
        hist = os.path.join(os.path.dirname(sb.state), "history")
        entries = sorted(os.listdir(hist)) if os.path.isdir(hist) else []
        t.ok(entries and all(not os.path.islink(os.path.join(hist, f))
                 for f in entries), "%s: history entries are files, not "
             "links (%s)" % (label, ", ".join(entries)))
        t.ok(not os.path.exists(os.path.join(other, "history")),
             "%s: no history beside the link" % label)
        for v in ("first", "second"):
            r = run(sb, OCMSH, "-s", link, "-c", "rollback %d; device; "
                    "get hyper01 kernelparameters; refresh" % revs[v])
            t.eq((r.rc, r.out.strip()), (0, v), "%s: rollback %d stages "
                 "revision %d ('%s')" % (label, revs[v], revs[v], v))
        r = run(sb, OCMSH, "-s", link, "-c", "commits")
        t.eq(len(re.findall(r"(?m)^\d+ ", r.out)), 3,
             "%s: commits lists the three commits" % label)
t.done()
