#!/usr/bin/env python3
"""test_pciscan - PCI discovery inside the shell (ocmsh(1) COMMANDS, pciscan).

pciscan fills a device's pcidevices from `lspci -x` dumps or from this
machine's bus, lspci prints them as `lspci -nn` does, bad dumps change
nothing, the validation warnings of section 5 read pcidevices, and
vendorid/productid complete from them.  Expected values come from the real
lspci reading the same dumps, besides the fixed IDs of the two GPUs.
"""

import json
import os
import re
import socket
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import OCMSH, TAP, TOP_SRCDIR, Sandbox  # noqa: E402

import yaml  # noqa: E402

DATA = os.path.join(TOP_SRCDIR, "tests", "data", "pci")
H1 = os.path.join(DATA, "hyper01.dump")
H2 = os.path.join(DATA, "hyper02.dump")

t = TAP()


def dump(name):
    return os.path.join(DATA, name)


def lspci(*args):
    """Runs the real lspci; returns (rc, stdout)."""
    try:
        p = subprocess.run(["lspci"] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    except OSError:
        return 127, ""
    return p.returncode, p.stdout.decode(errors="replace")


def vmm_records(text):
    """Parses `lspci -vmm` output into a list of {tag: value}."""
    recs, cur = [], {}
    for line in text.splitlines():
        if not line.strip():
            if cur:
                recs.append(cur)
            cur = {}
            continue
        tag, _, value = line.partition(":")
        cur[tag] = value.strip()
    if cur:
        recs.append(cur)
    return recs


def expected(path):
    """pcidevices as the real lspci reads the dump: IDs from -vmmnD, the
    name from the vendor and device names of -vmmD."""
    _, num = lspci("-vmmnD", "-F", path)
    _, names = lspci("-vmmD", "-F", path)
    out = []
    for n, m in zip(vmm_records(num), vmm_records(names)):
        d = {"address": n["Slot"], "class": n["Class"],
             "vendor": n["Vendor"], "device": n["Device"]}
        if "SVendor" in n:
            d["subvendor"] = n["SVendor"]
            d["subdevice"] = n["SDevice"]
        d["revision"] = n.get("Rev", "00")
        if m["Vendor"] == "Vendor " + n["Vendor"]:
            # libpci's own form for a vendor that pci.ids lacks
            d["name"] = "Device %s:%s" % (n["Vendor"], n["Device"])
        else:
            d["name"] = m["Vendor"] + " " + m["Device"]
        out.append(d)
    return out


def state_of(sb):
    """The state (the file, or what etcd holds as that file), parsed."""
    return yaml.safe_load(sb.read(sb.state))


def pcidevices(sb, dev):
    """A device's pcidevices in the state file (None when not set)."""
    return state_of(sb)["devices"][dev].get("pcidevices")


def json_docs(text):
    """Every JSON document printed one after another in text, and the
    rest of the text."""
    dec, docs, i = json.JSONDecoder(), [], 0
    text = text.lstrip()
    while text.startswith("{"):
        doc, i = dec.raw_decode(text)
        docs.append(doc)
        text = text[i:].lstrip()
    return docs, text


def run_at(sb, cwd, stdin, *args):
    """Runs ocmsh in the sandbox from folder cwd."""
    e = dict(os.environ)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ROOT", None)
    e["HOME"] = sb.dir
    p = subprocess.run([OCMSH, "-n", "--example", "-s", sb.state, "-R",
                        sb.root] +
                       list(args), input=stdin.encode(), cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def complete(sb, line):
    """Candidates of `ocmsh --complete LINE`."""
    r = sb.run("--complete", line)
    return r.out.split()


K40C = {"address": "0000:86:00.0", "class": "0302", "vendor": "10de",
        "device": "1024", "revision": "a1",
        "name": "NVIDIA Corporation GK180GL [Tesla K40c]"}
P100 = {"address": "0000:3b:00.0", "class": "0302", "vendor": "10de",
        "device": "15f8", "revision": "a1",
        "name": "NVIDIA Corporation GP100GL [Tesla P100 PCIe 16GB]"}


def has_gpu(devs, gpu):
    """1 if the list holds a device with all of gpu's members."""
    return any(all(d.get(k) == v for k, v in gpu.items()) for d in devs)


# ---- pciscan -F fills pcidevices: the K40c host -------------------------

E1, E2 = expected(H1), expected(H2)
t.ok(len(E1) == 6 and has_gpu(E1, K40C),
     "lspci reads hyper01.dump as 6 devices with the K40c", E1)
t.ok(len(E2) == 5 and has_gpu(E2, P100),
     "lspci reads hyper02.dump as 5 devices with the P100", E2)

with Sandbox() as sb:
    r = sb.run("-c", "device; use hyper01; pciscan -F %s; commit" % H1)
    t.eq((r.rc, r.err), (0, ""), "pciscan -F hyper01.dump and commit")
    got = pcidevices(sb, "hyper01")
    t.eq(got, E1, "hyper01's pcidevices in the state are lspci's reading "
         "of the dump, non-GPU devices included")
    t.ok(has_gpu(got or [], K40C), "hyper01 holds the K40c: 86:00.0, "
         "class 0302, 10de:1024, rev a1, named from pci.ids", got)
    t.eq([d["class"] for d in got or []],
         ["0600", "0604", "0106", "0200", "0200", "0302"],
         "classes in bus order: host bridge, PCI bridge, SATA, 2 x "
         "Ethernet, 3D controller")
    t.eq(pcidevices(sb, "hyper02"),
         [{"address": "0000:3b:00.0", "class": "0302", "vendor": "10de",
           "device": "15f8",
           "name": "NVIDIA Corporation GP100GL [Tesla P100 PCIe 16GB]"}],
         "the other devices keep their pcidevices")
    text = sb.read(sb.state).decode()
    t.contains(text, 'address: "0000:86:00.0", class: "0302", '
               'vendor: "10de", device: "1024"',
               "the state file holds IDs as quoted strings")

    rc, want = lspci("-nn", "-F", H1)
    r = sb.run("-c", "device; use hyper01; lspci")
    t.ok(rc == 0 and r.rc == 0 and r.out == want,
         "lspci of hyper01 (new session) is `lspci -nn -F hyper01.dump`",
         "got:\n%swant:\n%s%s" % (r.out, want, r.err))
    r = sb.run("-c", "device; lspci hyper01")
    t.eq(r.out, want, "lspci NAME at mode level")
    r = sb.run("-c", "openstack; device lspci hyper01")
    t.eq(r.out, want, "device lspci NAME from another mode")

    # a rescan that finds the same devices stages nothing
    r = sb.run("-c", "device; use hyper01; pciscan -F %s; modified" % H1)
    t.eq((r.rc, r.out.strip()), (0, "No modified objects of type device"),
         "scanning the same dump again stages no change")

    # lspci of a device never scanned prints nothing
    r = sb.run("-c", "device; lspci hyper03")
    t.eq((r.rc, r.out, r.err), (0, "", ""),
         "lspci of a device without pcidevices prints nothing")
    r = sb.run("-c", "device; lspci")
    t.ok(r.rc == 1 and "no device selected" in r.err,
         "lspci without a selected device or NAME is an error", r)

    # ---- the P100 host, pciscan NAME at mode level ----
    r = sb.run("-c", "device; pciscan hyper02 -F %s; commit" % H2)
    t.eq((r.rc, r.out, r.err), (0, "Successfully committed 1 Devices\n", ""),
         "pciscan hyper02 -F hyper02.dump at mode level, commit")
    got = pcidevices(sb, "hyper02")
    t.eq(got, E2, "hyper02's pcidevices are lspci's reading of the dump")
    t.ok(has_gpu(got or [], P100), "hyper02 holds the P100: 3b:00.0, "
         "class 0302, 10de:15f8, rev a1, named from pci.ids", got)
    t.eq(pcidevices(sb, "hyper01"), E1, "hyper01 kept its devices")
    rc, want = lspci("-nn", "-F", H2)
    r = sb.run("-c", "device; lspci hyper02")
    t.eq(r.out, want, "lspci of hyper02 is `lspci -nn -F hyper02.dump`")

    # from another mode, NAME before or after -F
    r = sb.run("-c", "openstack; device pciscan -F %s hyper04; device "
               "lspci hyper04; device; commit" % H1)
    rc, want = lspci("-nn", "-F", H1)
    t.ok(r.rc == 0 and r.out.startswith(want), "device pciscan -F DUMP "
         "NAME from openstack mode", r)
    t.eq(pcidevices(sb, "hyper04"), E1, "... filled hyper04")

    # ---- foreach: one dump for several hosts ----
    r = sb.run("-c", "device; foreach -n hyper[03-04] (pciscan -F %s); "
               "commit" % H2)
    t.eq((r.rc, r.out), (0, "Successfully committed 2 Devices\n"),
         "foreach -n hyper[03-04] (pciscan -F hyper02.dump); commit")
    t.eq([pcidevices(sb, h) for h in ("hyper03", "hyper04")], [E2, E2],
         "both hosts hold the devices of the dump")
    t.eq([pcidevices(sb, h) for h in ("hyper01", "hyper02")], [E1, E2],
         "hosts outside the node set keep theirs")

# ---- lspci prints domains and unknown IDs as lspci does -------------------

with Sandbox() as sb:
    mixed = os.path.join(sb.dir, "mixed.dump")
    with open(H1) as f:
        text = f.read()
    sb.write(mixed, re.sub(r"(?m)^86:00\.0 ", "0001:86:00.0 ", text))
    for name, path in (("unknown.dump (domain 0001, IDs pci.ids lacks)",
                        dump("unknown.dump")),
                       ("a dump with domains 0000 and 0001", mixed)):
        rc, want = lspci("-nn", "-F", path)
        r = sb.run("-c", "device; use hyper01; pciscan -F %s; lspci; "
                   "commit" % path)
        t.ok(rc == 0 and r.rc == 0 and r.out == want,
             "lspci after pciscan of %s is lspci -nn's" % name,
             "got:\n%swant:\n%s%s" % (r.out, want, r.err))
        t.eq(pcidevices(sb, "hyper01"), expected(path),
             "pcidevices of %s are lspci's reading" % name)
    t.ok(want.startswith("0000:00:00.0 "), "(lspci prints domain 0000 "
         "once another domain is present)", want)

    # an entry that is no PCI device (state edited by hand)
    text = sb.read(sb.state).decode()
    sb.write(sb.state, text.replace('address: "0000:00:00.0"',
                                    'address: "zz"', 1))
    r = sb.run("-c", "device; lspci hyper01")
    t.ok(r.rc == 1 and r.out.count("\n") == 5 and
         "device 'hyper01': pcidevices entry 1 is not a valid PCI device"
         in r.err, "lspci prints the valid entries and names the invalid "
         "one", r)

# ---- the local bus ----------------------------------------------------------

with Sandbox() as sb:
    rc, raw = lspci("-n", "-D")
    pat = re.compile(r"^(\S+) ([0-9a-f]{4}): ([0-9a-f]{4}):([0-9a-f]{4})"
                     r"(?: \(rev ([0-9a-f]{2})\))?")
    want = []
    for line in raw.splitlines():
        m = pat.match(line)
        if m:
            want.append((m.group(1), m.group(2), m.group(3), m.group(4),
                         m.group(5) or "00"))
    t.eq(len(want), len(raw.splitlines()), "every `lspci -n -D` line "
         "parses")
    r = sb.run("-c", "device; use hyper03; pciscan; commit")
    if rc == 0 and want:
        t.eq(r.rc, 0, "pciscan of the local bus succeeds")
        got = [(d["address"], d["class"], d["vendor"], d["device"],
                d["revision"]) for d in pcidevices(sb, "hyper03") or []]
        t.eq(got, want, "the local scan agrees with `lspci -n -D`: "
             "address, class, vendor:device, revision")
        rc2, nn = lspci("-nn")
        r2 = sb.run("-c", "device; lspci hyper03")
        t.eq(r2.out, nn, "lspci of the scanned device is `lspci -nn` here")
    else:
        t.ok(r.rc == 1 or (r.rc == 0 and pcidevices(sb, "hyper03") == []),
             "no PCI bus here: pciscan finds no devices or fails, as "
             "lspci does", r)
    host = socket.gethostname().split(".")[0]
    t.ok(r.rc != 0 or host.lower() == "hyper03" or
         ("warning: pciscan read the PCI bus of this machine ('%s') into "
          "device 'hyper03'" % host) in r.err,
         "scanning the local bus into another host's device warns", r)
    r = sb.run("-c", "device; add physicalnode %s; pciscan; lspci; commit"
               % host)
    t.ok("warning" not in r.err, "... and not into the device named as "
         "this host", r)

# ---- bad input changes nothing ----------------------------------------------

with Sandbox() as sb:
    r = sb.run("-c", "device; use hyper01; pciscan -F %s; commit" % H1)
    t.eq(r.rc, 0, "hyper01 scanned and committed")
    folder = os.path.join(sb.dir, "a-folder")
    os.makedirs(folder)
    missing = os.path.join(sb.dir, "missing.dump")
    cases = [
        ("missing", missing, "%s: No such file or directory" % missing),
        ("unreadable (a directory)", folder, "%s: is a folder, not a file" % folder),
        ("empty", dump("empty.dump"),
         "%s: no PCI devices found" % dump("empty.dump")),
        ("blank", dump("blank.dump"),
         "%s: no PCI devices found" % dump("blank.dump")),
        ("truncated", dump("truncated.dump"),
         "%s:31: config space of '0000:86:00.0' truncated at 32 bytes "
         "(need 64)" % dump("truncated.dump")),
        ("truncated mid-line", dump("truncated-line.dump"),
         "%s:33: last line has no newline (truncated file?)"
         % dump("truncated-line.dump")),
        ("garbage", dump("garbage.dump"),
         "%s:13: malformed line 'this is not lspci output'"
         % dump("garbage.dump")),
        ("binary", dump("binary.dump"),
         "%s:7: binary data" % dump("binary.dump")),
    ]
    for what, path, msg in cases:
        before = sb.read(sb.state)
        r = sb.run("-c", "device; use hyper01; pciscan -F %s; commit"
                   % path)
        t.eq((r.rc, r.out, r.err), (1, "", "ocmsh: -c:1: %s\n" % msg),
             "%s dump: exit 1, one error naming the file" % what)
        t.ok(sb.read(sb.state) == before, "%s dump: state file unchanged"
             % what)
        # the same session before and after, going on after the error
        r = sb.run("-c", "device; use hyper01; show hyper01 -d {}; "
                   "pciscan -F %s; show hyper01 -d {}; modified" % path)
        docs, rest = json_docs(r.out)
        t.ok(r.rc == 1 and len(docs) == 2 and docs[0] == docs[1] and
             docs[0]["pcidevices"] == E1 and
             rest.strip() == "No modified objects of type device",
             "%s dump: pcidevices the same before and after in one "
             "session, nothing staged" % what, r)

    # a device without pcidevices stays without
    r = sb.run("-c", "device; pciscan hyper03 -F %s; get hyper03 "
               "pcidevices; modified" % dump("garbage.dump"))
    t.eq((r.rc, r.out.strip()), (1, "No modified objects of type device"),
         "a failed scan of an unscanned device stages nothing")

    # usage errors
    before = sb.read(sb.state)
    for cmd, msg in [
            ("device; pciscan -F %s" % H1,
             "no device selected: 'use' one or give its name"),
            ("device; pciscan nosuch -F %s" % H1, "no such device 'nosuch'"),
            ("device; use hyper01; pciscan -F",
             "option '-F' needs a file (lspci -x output)"),
            ("device; use hyper01; pciscan -F %s -F" % H1,
             "option '-F' given twice"),
            ("device; use hyper01; pciscan -F %s -F %s" % (H1, H2),
             "wrong number of arguments to 'pciscan'; usage: pciscan "
             "[NAME] [-F DUMP]"),
            ("device; use hyper01; pciscan -x", "unknown pciscan option '-x'"),
            ("device; pciscan hyper01 hyper02", "unexpected argument "
             "'hyper02'"),
    ]:
        r = sb.run("-c", cmd + "; commit")
        t.eq((r.rc, r.err), (1, "ocmsh: -c:1: %s\n" % msg),
             "refused: %s" % cmd.replace(DATA + "/", ""))
    r = sb.run("-c", "pciscan -F %s; commit" % H1)
    t.ok(r.rc == 1 and r.err.count("\n") == 1 and "'pciscan'" in r.err and
         "device" in r.err, "pciscan outside device mode is refused", r)
    t.ok(sb.read(sb.state) == before, "usage errors leave the state alone")

    # pcidevices is read-only
    for cmd in ("set pcidevices x", "clear pcidevices",
                "append pcidevices x", "removefrom pcidevices x",
                "set hyper01 pcidevices {\\\"address\\\":\\\"x\\\"}"):
        r = sb.run("-c", "device; use hyper01; %s; commit" % cmd)
        t.eq((r.rc, r.err),
             (1, "ocmsh: -c:1: property 'pcidevices' is read-only\n"),
             "read-only: %s" % cmd)
    t.ok(sb.read(sb.state) == before, "... and nothing was written")

# ---- validation warnings that read pcidevices -------------------------------

IOMMU = re.compile(r"^202 +device (\S+) kernelparameters +warning: holds "
                   r"10de:1024 \(alias 'gpu-k40'\) but lacks intel_iommu=on "
                   r"or amd_iommu=on$", re.M)
TABLE = re.compile(r"^Code +Field +Message\n-----", re.M)

with Sandbox() as sb:
    r = sb.run("-c", "device; pciscan hyper01 -F %s; pciscan hyper02 -F %s; "
               "commit" % (H1, H2))
    t.eq((r.rc, r.err), (0, ""), "both hosts scanned, no warnings yet")

    r = sb.run("-c", "openstack pcialiases; add gpu-k40; set vendorid 10de; "
               "set productid 1024; commit")
    t.ok(r.rc == 0 and TABLE.search(r.err) and
         IOMMU.findall(r.err) == ["hyper01"],
         "alias 10de:1024: the IOMMU warning names hyper01 only, in a Code "
         "Field Message table on stderr", r)
    t.ok("gpu-k40" in (state_of(sb)["openstack"]["default"]["pcialiases"]),
         "the warning did not block the commit")

    r = sb.run("-c", "device; pciscan hyper03 -F %s; commit" % H1)
    t.ok(r.rc == 0 and sorted(IOMMU.findall(r.err)) ==
         ["hyper01", "hyper03"],
         "after pciscan of a K40c dump on hyper03 it is named too", r)
    r = sb.run("-c", "device; pciscan hyper03 -F %s; commit" % H2)
    t.ok(r.rc == 0 and IOMMU.findall(r.err) == ["hyper01"],
         "rescanned without the K40c, hyper03 is no longer named", r)

    r = sb.run("-c", "device use hyper01; set kernelparameters "
               "intel_iommu=on; commit")
    t.eq((r.rc, r.err), (0, ""),
         "set kernelparameters intel_iommu=on: the warning stops")
    r = sb.run("-c", "validate")
    t.eq((r.rc, r.out, r.err), (0, "All good\n", ""), "validate: All good")

    r = sb.run("-c", "openstack pcialiases; add nothere; set vendorid 10de; "
               "set productid abcd; commit")
    t.ok(r.rc == 0 and TABLE.search(r.err) and
         re.search(r"^203 +pcialias nothere +warning: no device has "
                   r"10de:abcd", r.err, re.M) and
         not IOMMU.search(r.err),
         "alias 10de:abcd that no scanned device has: the no-device "
         "warning, exit 0", r)
    t.ok("nothere" in state_of(sb)["openstack"]["default"]["pcialiases"],
         "... and the alias was committed")

    # ---- completion of vendorid/productid from the scans ----
    r = sb.run("-c", "openstack pcialiases; add nic; set vendorid 8086; "
               "set productid 1521; commit")
    t.eq(r.rc, 0, "an alias for an Intel device")
    before = sb.read(sb.state)
    pre = "openstack pcialiases set gpu-k40 "
    t.eq(complete(sb, pre + "vendorid "), ["10de", "8086"],
         "set vendorid <TAB>: the vendors seen")
    t.eq(complete(sb, pre + "vendorid 1"), ["10de"],
         "set vendorid 1<TAB> -> 10de")
    t.eq(complete(sb, pre + "productid "), ["1024", "15f8"],
         "set productid <TAB> with vendorid 10de: the NVIDIA devices seen")
    t.eq(complete(sb, pre + "productid 15"), ["15f8"],
         "set productid 15<TAB> -> 15f8")
    intel = sorted({d["device"] for d in E1 + E2 if d["vendor"] == "8086"})
    t.eq(complete(sb, "openstack pcialiases set nic productid "), intel,
         "set productid <TAB> with vendorid 8086: the Intel devices seen")
    t.ok(sb.read(sb.state) == before, "completion changed nothing")

# ---- examples/pciscan.ocmsh -------------------------------------------------

with Sandbox() as sb:
    with open(os.path.join(TOP_SRCDIR, "examples", "pciscan.ocmsh")) as f:
        script = f.read()
    rc, out, err = run_at(sb, TOP_SRCDIR, script, "-x")
    t.eq((rc, err), (0, ""), "examples/pciscan.ocmsh runs without a warning")
    t.ok(K40C["name"] in out and "All good" in out,
         "... lists the K40c and ends with All good", out)
    st = state_of(sb)
    t.eq((st["devices"]["hyper01"]["pcidevices"],
          st["devices"]["hyper02"]["pcidevices"],
          sorted(st["openstack"]["default"]["pcialiases"])),
         (E1, E2, ["gpu-k40", "gpu-p100"]),
         "... scanned both hosts and defined both aliases")

t.done()
