#!/usr/bin/env python3
"""Containment: symbolic links inside an image that point out of it (to an
absolute path elsewhere, by '..', to /etc and /usr of this machine, the
nova.conf itself a link to a file outside) are resolved inside the image
by commit: nothing outside ROOT/IMAGE_PATH is created or changed."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from rlib import FIRST, run  # noqa: E402

t = TAP()
IMG = "/cm/images/default-image"


def outside(sb):
    """Every file of the sandbox outside the image and the state folder."""
    img = sb.path(IMG)
    return {k: v for k, v in sb.snapshot().items()
            if not os.path.join(sb.dir, k).startswith(img + "/") and
            not k.startswith("state/")}


def listing(path):
    """Names and mtimes below path (one level), to notice changes."""
    try:
        return sorted((n, os.lstat(os.path.join(path, n)).st_mtime_ns)
                      for n in os.listdir(path))
    except FileNotFoundError:
        return None


def case(label, links, check_real=()):
    """Creates the links (inner path -> target), commits, checks."""
    with Sandbox() as sb:
        img = sb.path(IMG)
        os.makedirs(img)
        os.makedirs(os.path.join(sb.dir, "outside"))
        sb.write(os.path.join(sb.dir, "outside", "victim.conf"), "victim\n")
        for inner, target in links:
            p = os.path.join(img, inner)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            os.symlink(target.replace("@OUT", os.path.join(sb.dir,
                                                            "outside")), p)
        before = outside(sb)
        real = {p: listing(p) for p in check_real}
        r = run(sb, OCMSH, "-q", stdin=FIRST)
        t.eq(outside(sb), before, "%s: nothing outside the image changed"
             % label)
        for p in check_real:
            t.eq(listing(p), real[p], "%s: %s unchanged" % (label, p))
        # the files went somewhere inside the image, or the commit failed
        inside = [k for k, v in sb.snapshot().items()
                  if not k.startswith("state/") and isinstance(v, bytes) and
                  b"pci_alias" in v]
        t.ok((r.rc == 0 and inside and all(
            os.path.join(sb.dir, k).startswith(img + "/") for k in inside))
            or (r.rc == 1 and "commit failed" in r.err),
            "%s: nova.conf written inside the image (%s) or refused"
            % (label, ", ".join(inside) or r.err.strip()), r)


case("etc/nova -> absolute path outside", [("etc/nova", "@OUT")])
case("etc -> ../../../../.. (relative, past the root)",
     [("etc", "../../../../../../../../outside")])
case("nova.conf -> a file outside", [("etc/nova/nova.conf",
                                      "@OUT/victim.conf")])
case("etc -> /etc", [("etc", "/etc")], check_real=["/etc", "/etc/nova"])
case("usr -> /usr (the filter module)", [("usr", "/usr")],
     check_real=["/usr/lib/python3/dist-packages",
                 "/usr/lib/python3/dist-packages/ocmsh_filters"])
case("etc/nova -> ../../../outside (a folder beside the root)",
     [("etc/nova", "../../../../../outside")])
t.done()
