#!/usr/bin/env python3
"""Nothing escapes ROOT: every file below ROOT is found from ROOT one
component at a time.  A '..' in a software image path (brought in by the
state file, a rollback or an intent record) is refused and writes nothing
outside ROOT; a symbolic link on the way to the image inside ROOT (to a
folder beside ROOT, to an absolute path) is followed inside ROOT, for
commit's writes and folder creation, commit's reads and importnovaconf's
read alike."""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from rlib import FIRST, run  # noqa: E402

t = TAP()
IMG = "/cm/images/default-image"
EVIL = """[pci]
alias = {"name": "evil", "vendor_id": "dead", "product_id": "beef", \
"device_type": "type-PCI"}
"""


def entries(top, skip=()):
    """Every file, folder and link below top (not below skip), with its
    bytes or link target: what an escape would change."""
    out = {}
    for base, dirs, files in os.walk(top):
        rel = os.path.relpath(base, top)
        if any(rel == s or rel.startswith(s + "/") for s in skip):
            dirs[:] = []
            continue
        for d in dirs:
            p = os.path.join(base, d)
            out[os.path.relpath(p, top)] = ("->" + os.readlink(p)
                                            if os.path.islink(p) else "dir")
        for f in files:
            p = os.path.join(base, f)
            if os.path.islink(p):
                out[os.path.relpath(p, top)] = "->" + os.readlink(p)
            else:
                with open(p, "rb") as fh:
                    out[os.path.relpath(p, top)] = fh.read()
    return out


def outside(sb):
    """The sandbox but ROOT and the state folder."""
    return entries(sb.dir, skip=("root", "state"))


def same(now, before, name):
    """A check that nothing changed; the diagnostic names what did."""
    diff = sorted(k for k in set(now) | set(before)
                  if now.get(k) != before.get(k))
    return t.ok(not diff, name, "changed: " + ", ".join(diff[:10]))


def committed(sb):
    """A sandbox whose state was committed once (nova.conf written)."""
    r = run(sb, OCMSH, stdin=FIRST)
    t.ok(r.rc == 0, "the first commit runs", r)


def set_path(sb, path, state=None):
    """Rewrites the image path in the state file by hand."""
    state = state or sb.state
    text = sb.read(state).decode()
    text, n = re.subn(r"(?m)^(    path: ).*$", r"\g<1>" + path, text)
    assert n == 1
    sb.write(state, text)


# '..' in the image path, from a state file: refused, nothing outside.
for path in ("/../escaped", "/cm/../../escaped", "/" + "../" * 40 +
             "tmp/ocmsh-escape-%d" % os.getpid()):
    with Sandbox() as sb:
        committed(sb)
        set_path(sb, path)
        before = outside(sb)
        r = run(sb, OCMSH, "-q", "-c", "device; set hyper01 kernelparameters x; commit")
        t.eq(r.rc, 1, "path %s: the commit is refused" % path[:20])
        t.ok(path in r.err and "'..'" in r.err,
             "path %s: the error names the path and '..'" % path[:20], r)
        same(outside(sb), before, "path %s: nothing outside ROOT changed"
             % path[:20])
        host = "/tmp/ocmsh-escape-%d" % os.getpid()
        t.ok(not os.path.exists(host), "path %s: nothing in the host's /tmp"
             % path[:20])
        shutil.rmtree(host, ignore_errors=True)

# the same path reached by a rollback to a revision that held it
with Sandbox() as sb:
    committed(sb)
    hist = os.path.join(os.path.dirname(sb.state), "history")
    r = run(sb, OCMSH, "-c", "device; set hyper01 kernelparameters y; commit")
    t.eq(r.rc, 0, "rollback: a second commit")
    old = sorted(os.listdir(hist))[0]
    set_path(sb, "/../escaped", os.path.join(hist, old))
    rev = int(old.split(".")[0])
    before = outside(sb)
    r = run(sb, OCMSH, "-q", "-c", "rollback %d; commit" % rev)
    t.eq(r.rc, 1, "rollback to a '..' path: refused")
    t.contains(r.err, "'..'", "rollback to a '..' path: the error says why")
    same(outside(sb), before, "rollback to a '..' path: nothing outside")

# importnovaconf reads through '..' nothing from outside ROOT
with Sandbox() as sb:
    committed(sb)
    set_path(sb, "/../escaped")
    sb.write(os.path.join(sb.dir, "escaped", "etc", "nova", "nova.conf"),
             EVIL)
    r = run(sb, OCMSH, "-c", "openstack; importnovaconf default-image; "
            "pcialiases; list")
    t.eq(r.rc, 1, "importnovaconf through '..': refused")
    t.ok("evil" not in r.out, "importnovaconf through '..': nothing read "
         "from outside ROOT", r)

# an intent record (of a killed commit) naming a lock file outside ROOT
with Sandbox() as sb:
    committed(sb)
    victim = os.path.join(sb.dir, "escaped", "etc", "nova", "nova.conf.lock")
    rev = int(re.search(r"(?m)^revision: (\d+)$",
                        sb.read(sb.state).decode()).group(1))
    for files in ('[["%s/..%s", "/etc/nova/nova.conf"]]' % (sb.root, "/escaped"),
                  '[["%s", "/../escaped", "/etc/nova/nova.conf"]]' % sb.root):
        sb.write(victim, "not ocmsh's\n")
        sb.write(sb.state + ".intent", '{"revision": %d, "written": {}, '
                 '"files": %s}' % (rev + 1, files))
        r = run(sb, OCMSH, "-c", "device; set hyper01 kernelparameters z; commit")
        t.eq(r.rc, 0, "hostile intent record: the commit runs")
        t.ok(os.path.exists(victim), "hostile intent record %s: the file "
             "outside ROOT stays" % files[:12])
        rev += 1

# a 'written' record naming a file above ROOT: the commit that gives up
# the files it no longer renders touches nothing there
with Sandbox() as sb:
    committed(sb)
    victim = os.path.join(sb.dir, "escaped", "etc", "nova", "nova.conf")
    sb.write(victim, EVIL)
    text = sb.read(sb.state).decode().replace(
        "\nwritten:\n", "\nwritten:\n  /../escaped/etc/nova/nova.conf:\n"
        "    digest: sha256:0\n")
    sb.write(sb.state, text)
    before = outside(sb)
    r = run(sb, OCMSH, "-c", "openstack; remove default; commit")
    t.eq(r.rc, 0, "a 'written' record above ROOT: the commit runs")
    same(outside(sb), before, "a 'written' record above ROOT: nothing "
         "outside ROOT changed")
    t.ok("/../escaped" not in sb.read(sb.state).decode(),
         "a 'written' record above ROOT: the record is dropped")

# symbolic links on the way to the image, inside ROOT
LINKS = [
    ("cm/images -> ../../outside (beside ROOT)", "cm/images",
     "../../outside"),
    ("cm -> the absolute path of a folder beside ROOT", "cm", "@OUT"),
    ("cm/images/default-image -> /etc", "cm/images/default-image", "/etc"),
    ("cm -> ../../../../../../..", "cm", "../../../../../../.."),
]
for label, link, target in LINKS:
    with Sandbox() as sb:
        out = os.path.join(sb.dir, "outside")
        os.makedirs(os.path.join(out, "default-image", "etc", "nova"))
        sb.write(os.path.join(out, "default-image", "etc", "nova",
                              "nova.conf"), EVIL)
        p = sb.path(link)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink(target.replace("@OUT", out), p)
        before = outside(sb)
        etc = sorted(os.listdir("/etc"))
        r = run(sb, OCMSH, stdin=FIRST)
        same(outside(sb), before, "%s: nothing outside ROOT changed" % label)
        t.eq(sorted(os.listdir("/etc")), etc, "%s: the host's /etc is as "
             "it was" % label)
        inside = [k for k, v in entries(sb.root).items()
                  if isinstance(v, bytes) and b"gpu-p100" in v]
        t.ok(r.rc == 0 and inside, "%s: nova.conf written inside ROOT (%s)"
             % (label, ", ".join(inside)), r)
        r = run(sb, OCMSH, "-c", "openstack; importnovaconf default-image; "
                "pcialiases; list")
        t.ok("evil" not in r.out and "gpu-p100" in r.out,
             "%s: importnovaconf reads the file inside ROOT" % label, r)
t.done()
