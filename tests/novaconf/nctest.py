"""nctest.py - helpers shared by the tests/novaconf tests.

They drive the built ocmsh through tests/lib/ocmshtest.py and read what it
wrote: the YAML state (with PyYAML), the image's nova.conf (with a small
reader that keeps every "section.key = value" line in file order, so a
test sees repeated keys), and the installed filter module.
"""

import json
import os
import sys

sys.dont_write_bytecode = True     # keep the source tree clean
TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP_SRCDIR, "tests", "lib"))
sys.path.insert(0, os.path.join(TOP_SRCDIR, "tests", "interop"))

import yaml  # noqa: E402

from ocmshtest import TAP, Sandbox, seed_script  # noqa: E402,F401

IMAGE = "/cm/images/default-image"
# Where nova's package is in an image laid out as Debian (python3-nova),
# CentOS 7 (the seed's, RDO on Python 2.7) and RDO on CentOS Stream 9.
MODULE_DIR = "usr/lib/python3/dist-packages"
CENTOS7_DIR = "usr/lib/python2.7/site-packages"
RDO9_DIR = "usr/lib/python3.9/site-packages"
DATA = os.path.join(TOP_SRCDIR, "tests", "data", "novaconf")
FILTER_SRC = os.path.join(TOP_SRCDIR, "nova", "ocmsh_filters",
                          "reserve_ram_filter.py")

# The seed's aliases as nova.conf JSON objects.
K40 = {"name": "gpu-k40", "vendor_id": "10de", "product_id": "1024",
       "device_type": "type-PCI"}
P100 = {"name": "gpu-p100", "vendor_id": "10de", "product_id": "15f8",
        "device_type": "type-PCI"}
WHITELIST = [{"vendor_id": "10de", "product_id": "1024"},
             {"vendor_id": "10de", "product_id": "15f8"}]

NEWTON_DEFAULTS = ["RetryFilter", "AvailabilityZoneFilter", "RamFilter",
                   "DiskFilter", "ComputeFilter", "ComputeCapabilitiesFilter",
                   "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter",
                   "ServerGroupAffinityFilter"]
ZED_DEFAULTS = ["ComputeFilter", "ComputeCapabilitiesFilter",
                "ImagePropertiesFilter", "ServerGroupAntiAffinityFilter",
                "ServerGroupAffinityFilter"]


def nova_package(sb, where=MODULE_DIR, image=IMAGE):
    """Puts a nova package (its __init__.py) into an image, at where."""
    sb.write(sb.path(image, where, "nova", "__init__.py"), "")


def data(name):
    """Path of a file in tests/data/novaconf."""
    return os.path.join(DATA, name)


def data_bytes(name):
    with open(data(name), "rb") as f:
        return f.read()


def state(sb):
    """The state (the file, or what etcd holds as that file), parsed."""
    return yaml.safe_load(sb.read(sb.state))


def osd(st):
    """The default OpenStack deployment of a parsed state."""
    return st["openstack"]["default"]


def compute(st):
    return osd(st).get("settings", {}).get("compute", {})


def conf_lines(path):
    """[(section, key, value)] of a nova.conf, in file order.

    Continuation lines (starting with blanks) are appended to the value
    with "\\n", as oslo.config does; comments and blank lines are skipped.
    """
    out = []
    section = None
    with open(path, encoding="utf-8", newline=None) as f:
        for line in f:
            line = line.rstrip("\n").rstrip()
            if not line or line[0] in "#;":
                continue
            if line[0] in " \t":
                if out:
                    s, k, v = out[-1]
                    out[-1] = (s, k, v + "\n" + line.strip())
                continue
            if line.startswith("["):
                section = line[1:line.index("]")]
                continue
            sep = min(i for i in (line.find("="), line.find(":"),
                                  len(line)) if i >= 0)
            out.append((section, line[:sep].strip(), line[sep + 1:].strip()))
    return out


def conf_values(path, section, key):
    """Every value of section.key in a nova.conf, in order."""
    return [v for s, k, v in conf_lines(path) if s == section and k == key]


def conf_names(path):
    """Set of "section.key" present in a nova.conf."""
    return set("%s.%s" % (s, k) for s, k, v in conf_lines(path))


def json_values(path, section, key):
    """The values of section.key, each parsed as JSON."""
    return [json.loads(v) for v in conf_values(path, section, key)]


def must(t, r, what):
    """Checks that an ocmsh run exited 0 and said nothing on stderr."""
    return t.ok(r.rc == 0 and r.err == "", what, r)


def script(*lines):
    """A batch script from lines."""
    return "\n".join(lines) + "\n"


# The seed procedure (examples/seed.ocmsh), in the release given: the
# settings steps use the release's own default filters.
def seed_for(release, defaults):
    """The seed's commands for another release, as a batch script."""
    return script(
        "openstack settings compute",
        "set release %s" % release,
        "set schedulerfilters %s PciPassthroughFilter ReserveRamFilter" %
        " ".join(defaults),
        "commit",
        "device",
        "foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)",
        "commit",
        "openstack pcialiases",
        "add gpu-k40", "set vendorid 10de", "set productid 1024", "exit",
        "add gpu-p100", "set vendorid 10de", "set productid 15f8", "exit",
        "commit",
        "openstack flavors",
        "clone m1.medium g1.medium.p100",
        'set extraspecs {\\"pci_passthrough:alias\\":\\"gpu-p100:1\\",'
        '\\"gpu\\":\\"true\\"}',
        "commit",
        "openstack hostaggregates",
        "add gpu",
        "set nodes hyper01 hyper02",
        'set metadata {\\"reserve_ram_filter_flavor_extra_spec\\":\\"gpu\\",'
        '\\"reserve_ram_filter_mb\\":\\"4096\\"}',
        "commit")


def changed(before, after):
    """Paths whose bytes differ between two Sandbox.snapshot()s."""
    return sorted(k for k in set(before) | set(after)
                  if before.get(k) != after.get(k))


def split_diffs(text):
    """{name: [diff lines]} of the unified diffs in text ("+++ b/NAME")."""
    out, cur = {}, None
    lines = text.splitlines(True)
    i = 0
    while i < len(lines):
        line = lines[i]
        if (line.startswith("--- ") and i + 1 < len(lines) and
                lines[i + 1].startswith("+++ ")):
            name = lines[i + 1][4:].rstrip("\n")
            if name.startswith("b/"):
                name = name[1:]         # "b/abs/path" is "/abs/path"
            cur = out.setdefault(name, [])
            i += 2
            continue
        if cur is not None:
            cur.append(line)
        i += 1
    return out


def apply_udiff(old, hunks):
    """Applies the hunk lines of one unified diff to old (str).

    Raises ValueError when a context or removed line does not match, so a
    wrong diff fails the test.
    """
    import re
    a = old.splitlines(True)
    out, pos, i = [], 0, 0
    while i < len(hunks):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", hunks[i])
        if not m:
            raise ValueError("not a hunk header: %r" % hunks[i])
        start = int(m.group(1))
        count = int(m.group(2)) if m.group(2) is not None else 1
        if count == 0:
            start += 1          # "-N,0" means: after line N
        out.extend(a[pos:start - 1])
        pos = start - 1
        i += 1
        while i < len(hunks) and not hunks[i].startswith("@@"):
            line = hunks[i]
            nonl = (i + 1 < len(hunks) and
                    hunks[i + 1].startswith("\\ No newline"))
            body = line[1:]
            if nonl:
                body = body.rstrip("\n")
            if line[0] in " -":
                if pos >= len(a) or a[pos] != body:
                    raise ValueError("line %d: want %r, have %r" %
                                     (pos + 1, body, a[pos:pos + 1]))
                pos += 1
                if line[0] == " ":
                    out.append(body)
            elif line[0] == "+":
                out.append(body)
            else:
                raise ValueError("bad diff line %r" % line)
            i += 2 if nonl else 1
    out.extend(a[pos:])
    return "".join(out)


def unmanaged(text):
    """The lines of a nova.conf that ocmsh does not manage, in order.

    A managed line is an option line of any of the managed names (in the
    right section) and its continuation lines.
    """
    managed = {("DEFAULT", "pci_alias"),
               ("DEFAULT", "pci_passthrough_whitelist"),
               ("DEFAULT", "scheduler_default_filters"),
               ("DEFAULT", "scheduler_available_filters"),
               ("pci", "alias"), ("pci", "passthrough_whitelist"),
               ("pci", "device_spec"),
               ("filter_scheduler", "enabled_filters"),
               ("filter_scheduler", "available_filters")}
    out, section, skipping = [], None, False
    for line in text.splitlines(True):
        s = line.strip()
        if skipping and line[:1] in (" ", "\t") and s:
            continue
        skipping = False
        if s.startswith("["):
            section = s[1:s.index("]")]
        elif s and s[0] not in "#;":
            sep = min(x for x in (s.find("="), s.find(":"), len(s))
                      if x >= 0)
            if (section, s[:sep].strip()) in managed:
                skipping = True
                continue
        out.append(line)
    return out
