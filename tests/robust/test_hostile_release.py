#!/usr/bin/env python3
"""A nova.conf that ocmsh stops managing keeps no stale options: when the
deployment 'default' is removed, when no device with an OpenStack role
uses an image any more, when an image's path changes, the commit removes
the managed options from the files it wrote (recorded under 'written'),
keeps every other byte, and drops their record only then.  A hand edit
of those options is refused as for any file (commit --force overrides),
and the next commits run."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from rlib import FIRST, run  # noqa: E402

t = TAP()
IMG = "/cm/images/default-image"
MANAGED = re.compile(r"(?m)^\s*(pci_alias|pci_passthrough_whitelist|"
                     r"scheduler_default_filters|scheduler_available_filters"
                     r"|alias|passthrough_whitelist|device_spec|"
                     r"enabled_filters|available_filters)\s*=")
MINE = "[DEFAULT]\n# kept by hand\ndebug = true\n"


def prepared(sb):
    """A first commit over a nova.conf holding lines of its own."""
    conf = sb.nova_conf(IMG)
    sb.write(conf, MINE)
    r = run(sb, OCMSH, stdin=FIRST)
    t.eq(r.rc, 0, "the first commit runs")
    t.ok(MANAGED.search(sb.read(conf).decode()), "nova.conf holds managed "
         "options")
    return conf


def written(sb):
    """The files the state records under 'written'."""
    text = sb.read(sb.state).decode()
    part = text[text.index("\nwritten:"):]
    return re.findall(r"(?m)^  (\S.*):$", part)


def released(sb, conf, label):
    """conf holds no managed option and all of its own lines."""
    text = sb.read(conf).decode()
    t.ok(not MANAGED.search(text), "%s: no managed option is left" % label,
         text)
    t.ok("# kept by hand\ndebug = true\n" in text,
         "%s: the file's own lines stay" % label, text)


CASES = [
    ("deployment default removed", "openstack; remove default; commit"),
    ("no device uses the image",
     "softwareimage; add other-image; set path /cm/images/other; "
     "device; foreach -m default-image (set softwareimage other-image); "
     "home; commit"),
    ("no device has an OpenStack role",
     "device; foreach * (clear roles); commit"),
    ("the image path changed",
     "softwareimage; set default-image path /cm/images/moved; commit"),
]
for label, change in CASES:
    with Sandbox() as sb:
        conf = prepared(sb)
        t.eq(written(sb), [IMG + "/etc/nova/nova.conf"],
             "%s: the state records nova.conf" % label)
        r = run(sb, OCMSH, "-c", change)
        t.eq(r.rc, 0, "%s: the commit runs" % label) or print("# " + r.err)
        released(sb, conf, label)
        t.ok(IMG + "/etc/nova/nova.conf" not in written(sb),
             "%s: its record is dropped" % label)
        r = run(sb, OCMSH, "-c", "device; set hyper01 kernelparameters again; "
                "commit")
        t.eq(r.rc, 0, "%s: the next commit runs" % label)
        r = run(sb, OCMSH, "-c", "commit --dry-run")
        t.eq((r.rc, r.out), (0, ""), "%s: nothing is left to bring in line"
             % label)

# a hand edit of the options of a file given up is refused, as any
with Sandbox() as sb:
    conf = prepared(sb)
    text = sb.read(conf).decode().replace("15f8", "1db4")
    sb.write(conf, text)
    before = sb.snapshot()
    r = run(sb, OCMSH, "-q", "-c", "openstack; remove default; commit")
    t.eq(r.rc, 1, "hand edit, deployment removed: refused")
    t.ok(re.search(r"(?m)^120 .*nova\.conf", r.err) and
         "commit --force" in r.err, "hand edit: error 120 names the file",
         r)
    t.eq(sb.snapshot(), before, "hand edit: nothing was written")
    r = run(sb, OCMSH, "-c", "openstack; remove default; commit --force")
    t.eq(r.rc, 0, "hand edit: commit --force removes them")
    released(sb, conf, "--force")

# the removal is shown by a dry run, and validate is content
with Sandbox() as sb:
    conf = prepared(sb)
    r = run(sb, OCMSH, "-c", "openstack; remove default; home; "
            "commit --dry-run")
    t.eq(r.rc, 3, "dry run: the changes stay staged (exit 3)")
    t.ok("+++ b%s/etc/nova/nova.conf\n" % IMG in r.out and
         "\n-pci_alias = " in r.out,
         "dry run: the diff removes the options from nova.conf", r)
t.done()
